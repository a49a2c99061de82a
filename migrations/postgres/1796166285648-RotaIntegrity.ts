import { MigrationInterface, QueryRunner } from "typeorm";

export class RotaIntegrity1796166285648 implements MigrationInterface {
    name = 'RotaIntegrity1796166285648'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "session_publications" (
                "sessionId" character varying(36) NOT NULL,
                "wardId" character varying(36) NOT NULL,
                "publishedAt" character varying(24) NOT NULL,
                "startsAt" character varying(24) NOT NULL,
                "endsAt" character varying(24) NOT NULL,
                "status" character varying(12) NOT NULL,
                "facilitatorIds" text NOT NULL,
                CONSTRAINT "PK_450a36fc3a2228802d684ec2b1f" PRIMARY KEY ("sessionId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_ed1e1957e9108c6066cbd65446" ON "session_publications" ("wardId")
        `);
        await queryRunner.query(`
            ALTER TABLE "assignment_history"
            ADD "reason" character varying(1000)
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "assignment_history" DROP COLUMN "reason"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ed1e1957e9108c6066cbd65446"
        `);
        await queryRunner.query(`
            DROP TABLE "session_publications"
        `);
    }

}
