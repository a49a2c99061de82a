import { MigrationInterface, QueryRunner } from "typeorm";

export class RotaIntegrity1796166245376 implements MigrationInterface {
    name = 'RotaIntegrity1796166245376'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "session_publications" (
                "sessionId" varchar(36) PRIMARY KEY NOT NULL,
                "wardId" varchar(36) NOT NULL,
                "publishedAt" varchar(24) NOT NULL,
                "startsAt" varchar(24) NOT NULL,
                "endsAt" varchar(24) NOT NULL,
                "status" varchar(12) NOT NULL,
                "facilitatorIds" text NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_ed1e1957e9108c6066cbd65446" ON "session_publications" ("wardId")
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_4c6781ccc4d83447c2e625e54a"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_8645ae1e33ac6fe3cdc19b1356"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_assignment_history" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "sessionId" varchar(36) NOT NULL,
                "wardId" varchar(36) NOT NULL,
                "at" varchar(24) NOT NULL,
                "keyId" varchar(36),
                "action" varchar(20) NOT NULL,
                "before" text NOT NULL,
                "after" text NOT NULL,
                "reason" varchar(1000)
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_assignment_history"(
                    "id",
                    "sessionId",
                    "wardId",
                    "at",
                    "keyId",
                    "action",
                    "before",
                    "after"
                )
            SELECT "id",
                "sessionId",
                "wardId",
                "at",
                "keyId",
                "action",
                "before",
                "after"
            FROM "assignment_history"
        `);
        await queryRunner.query(`
            DROP TABLE "assignment_history"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_assignment_history"
                RENAME TO "assignment_history"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_4c6781ccc4d83447c2e625e54a" ON "assignment_history" ("wardId", "at")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_8645ae1e33ac6fe3cdc19b1356" ON "assignment_history" ("sessionId")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "IDX_8645ae1e33ac6fe3cdc19b1356"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_4c6781ccc4d83447c2e625e54a"
        `);
        await queryRunner.query(`
            ALTER TABLE "assignment_history"
                RENAME TO "temporary_assignment_history"
        `);
        await queryRunner.query(`
            CREATE TABLE "assignment_history" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "sessionId" varchar(36) NOT NULL,
                "wardId" varchar(36) NOT NULL,
                "at" varchar(24) NOT NULL,
                "keyId" varchar(36),
                "action" varchar(20) NOT NULL,
                "before" text NOT NULL,
                "after" text NOT NULL
            )
        `);
        await queryRunner.query(`
            INSERT INTO "assignment_history"(
                    "id",
                    "sessionId",
                    "wardId",
                    "at",
                    "keyId",
                    "action",
                    "before",
                    "after"
                )
            SELECT "id",
                "sessionId",
                "wardId",
                "at",
                "keyId",
                "action",
                "before",
                "after"
            FROM "temporary_assignment_history"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_assignment_history"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_8645ae1e33ac6fe3cdc19b1356" ON "assignment_history" ("sessionId")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_4c6781ccc4d83447c2e625e54a" ON "assignment_history" ("wardId", "at")
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_ed1e1957e9108c6066cbd65446"
        `);
        await queryRunner.query(`
            DROP TABLE "session_publications"
        `);
    }

}
