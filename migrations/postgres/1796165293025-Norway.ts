import { MigrationInterface, QueryRunner } from "typeorm";

export class Norway1796165293025 implements MigrationInterface {
    name = 'Norway1796165293025'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "installation_settings" (
                "key" character varying(64) NOT NULL,
                "value" character varying(500) NOT NULL,
                "createdAt" character varying(24) NOT NULL,
                CONSTRAINT "PK_33b45c54a61754497a63ec5b006" PRIMARY KEY ("key")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "wards"
            ADD "language" character varying(2)
        `);
        await queryRunner.query(`
            ALTER TABLE "wards"
            ADD "moduleTitlesNb" text
        `);
        await queryRunner.query(`
            ALTER TABLE "wards"
            ADD "organizationNumber" character varying(9)
        `);
        await queryRunner.query(`
            ALTER TABLE "wards"
            ADD "reshId" character varying(20)
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "wards" DROP COLUMN "reshId"
        `);
        await queryRunner.query(`
            ALTER TABLE "wards" DROP COLUMN "organizationNumber"
        `);
        await queryRunner.query(`
            ALTER TABLE "wards" DROP COLUMN "moduleTitlesNb"
        `);
        await queryRunner.query(`
            ALTER TABLE "wards" DROP COLUMN "language"
        `);
        await queryRunner.query(`
            DROP TABLE "installation_settings"
        `);
    }

}
