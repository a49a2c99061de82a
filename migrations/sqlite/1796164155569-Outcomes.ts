import { MigrationInterface, QueryRunner } from "typeorm";

export class Outcomes1796164155569 implements MigrationInterface {
    name = 'Outcomes1796164155569'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "IDX_c93c83f07d5b11c30ba867e10d"
        `);
        await queryRunner.query(`
            CREATE TABLE "referral_edits" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "referralId" varchar(36) NOT NULL,
                "at" varchar(24) NOT NULL,
                "keyId" varchar(36),
                "fields" text NOT NULL,
                "before" text NOT NULL,
                "after" text NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_864ff09ebeaf3bcf1ec94068a5" ON "referral_edits" ("referralId", "at")
        `);
        await queryRunner.query(`
            CREATE TABLE "session_outcomes" (
                "sessionId" varchar(36) PRIMARY KEY NOT NULL,
                "wardId" varchar(36) NOT NULL,
                "groupId" varchar(36) NOT NULL,
                "occurrenceDate" varchar(10) NOT NULL,
                "held" boolean NOT NULL,
                "reason" varchar(500),
                "facilitatorIds" text NOT NULL,
                "plannedModuleNumber" integer NOT NULL,
                "plannedModulePart" integer NOT NULL,
                "recordedAt" varchar(24) NOT NULL,
                "recordedByKeyId" varchar(36)
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_2671315695d7e2460e7e748f7e" ON "session_outcomes" ("groupId", "occurrenceDate")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_4efec7dd34b89ebf4155c2bb8c" ON "session_outcomes" ("wardId", "occurrenceDate")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_c93c83f07d5b11c30ba867e10d" ON "referrals" ("admissionId")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "IDX_c93c83f07d5b11c30ba867e10d"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_4efec7dd34b89ebf4155c2bb8c"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_2671315695d7e2460e7e748f7e"
        `);
        await queryRunner.query(`
            DROP TABLE "session_outcomes"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_864ff09ebeaf3bcf1ec94068a5"
        `);
        await queryRunner.query(`
            DROP TABLE "referral_edits"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_c93c83f07d5b11c30ba867e10d" ON "referrals" ("admissionId")
        `);
    }

}
