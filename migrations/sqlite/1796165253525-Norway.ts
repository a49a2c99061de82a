import { MigrationInterface, QueryRunner } from "typeorm";

export class Norway1796165253525 implements MigrationInterface {
    name = 'Norway1796165253525'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "installation_settings" (
                "key" varchar(64) PRIMARY KEY NOT NULL,
                "value" varchar(500) NOT NULL,
                "createdAt" varchar(24) NOT NULL
            )
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_24f16d2207b1dcb6ce07d81d20"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_wards" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "code" varchar(40) NOT NULL,
                "name" varchar(200) NOT NULL,
                "timezone" varchar(64) NOT NULL,
                "edition" varchar(40),
                "coreModules" text,
                "contactPerson" varchar(200),
                "replyAddress" varchar(500),
                "createdAt" varchar(24) NOT NULL,
                "updatedAt" varchar(24) NOT NULL,
                "language" varchar(2),
                "moduleTitlesNb" text,
                "organizationNumber" varchar(9),
                "reshId" varchar(20)
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_wards"(
                    "id",
                    "code",
                    "name",
                    "timezone",
                    "edition",
                    "coreModules",
                    "contactPerson",
                    "replyAddress",
                    "createdAt",
                    "updatedAt"
                )
            SELECT "id",
                "code",
                "name",
                "timezone",
                "edition",
                "coreModules",
                "contactPerson",
                "replyAddress",
                "createdAt",
                "updatedAt"
            FROM "wards"
        `);
        await queryRunner.query(`
            DROP TABLE "wards"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_wards"
                RENAME TO "wards"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_24f16d2207b1dcb6ce07d81d20" ON "wards" ("code")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "IDX_24f16d2207b1dcb6ce07d81d20"
        `);
        await queryRunner.query(`
            ALTER TABLE "wards"
                RENAME TO "temporary_wards"
        `);
        await queryRunner.query(`
            CREATE TABLE "wards" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "code" varchar(40) NOT NULL,
                "name" varchar(200) NOT NULL,
                "timezone" varchar(64) NOT NULL,
                "edition" varchar(40),
                "coreModules" text,
                "contactPerson" varchar(200),
                "replyAddress" varchar(500),
                "createdAt" varchar(24) NOT NULL,
                "updatedAt" varchar(24) NOT NULL
            )
        `);
        await queryRunner.query(`
            INSERT INTO "wards"(
                    "id",
                    "code",
                    "name",
                    "timezone",
                    "edition",
                    "coreModules",
                    "contactPerson",
                    "replyAddress",
                    "createdAt",
                    "updatedAt"
                )
            SELECT "id",
                "code",
                "name",
                "timezone",
                "edition",
                "coreModules",
                "contactPerson",
                "replyAddress",
                "createdAt",
                "updatedAt"
            FROM "temporary_wards"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_wards"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_24f16d2207b1dcb6ce07d81d20" ON "wards" ("code")
        `);
        await queryRunner.query(`
            DROP TABLE "installation_settings"
        `);
    }

}
