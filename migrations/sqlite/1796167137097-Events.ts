import { MigrationInterface, QueryRunner } from "typeorm";

export class Events1796167137097 implements MigrationInterface {
    name = 'Events1796167137097'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "outbox_events" (
                "seq" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
                "id" varchar(36) NOT NULL,
                "type" varchar(40) NOT NULL,
                "wardId" varchar(36) NOT NULL,
                "occurredAt" varchar(24) NOT NULL,
                "data" text NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_6689a16c00d09b8089f6237f1d" ON "outbox_events" ("id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_45d218f2f7784517df717a575f" ON "outbox_events" ("wardId", "seq")
        `);
        await queryRunner.query(`
            CREATE TABLE "webhooks" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "url" varchar(2000) NOT NULL,
                "events" text NOT NULL,
                "wardIds" text,
                "secret" varchar(80) NOT NULL,
                "createdByKeyId" varchar(36),
                "createdAt" varchar(24) NOT NULL,
                "deletedAt" varchar(24)
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "webhook_deliveries" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "webhookId" varchar(36) NOT NULL,
                "eventSeq" integer NOT NULL,
                "eventId" varchar(36) NOT NULL,
                "eventType" varchar(40) NOT NULL,
                "wardId" varchar(36) NOT NULL,
                "status" varchar(12) NOT NULL DEFAULT ('pending'),
                "attempts" integer NOT NULL DEFAULT (0),
                "nextAttemptAt" varchar(24) NOT NULL,
                "lastAttemptAt" varchar(24),
                "lastStatus" integer,
                "lastError" varchar(300),
                "deliveredAt" varchar(24)
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_3bf0e2e4be3111f4b81bebe61a" ON "webhook_deliveries" ("webhookId", "eventSeq")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_c6f48ccb5a3bd90de0c2b76e9e" ON "webhook_deliveries" ("status", "webhookId", "wardId", "eventSeq")
        `);
        await queryRunner.query(`
            CREATE TABLE "job_leases" (
                "name" varchar(60) PRIMARY KEY NOT NULL,
                "holder" varchar(80) NOT NULL,
                "expiresAt" varchar(24) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "session_offers" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "sessionId" varchar(36) NOT NULL,
                "wardId" varchar(36) NOT NULL,
                "facilitatorId" varchar(36) NOT NULL,
                "status" varchar(20) NOT NULL,
                "claimedBy" varchar(36),
                "sessionSequence" integer NOT NULL,
                "sessionStartsAt" varchar(24) NOT NULL,
                "createdByKeyId" varchar(36),
                "createdAt" varchar(24) NOT NULL,
                "claimedAt" varchar(24),
                "decidedAt" varchar(24),
                "reason" varchar(300)
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_2c4121d052d09961b03654e7fb" ON "session_offers" ("sessionId", "status")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_5b967b83657dbccf41e91cb4ef" ON "session_offers" ("wardId", "status")
        `);
        await queryRunner.query(`
            CREATE TABLE "session_swaps" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "sessionId" varchar(36) NOT NULL,
                "wardId" varchar(36) NOT NULL,
                "facilitatorId" varchar(36) NOT NULL,
                "sessionSequence" integer NOT NULL,
                "withSessionId" varchar(36) NOT NULL,
                "withWardId" varchar(36) NOT NULL,
                "withFacilitatorId" varchar(36) NOT NULL,
                "withSessionSequence" integer NOT NULL,
                "status" varchar(20) NOT NULL,
                "createdByKeyId" varchar(36),
                "createdAt" varchar(24) NOT NULL,
                "acceptedAt" varchar(24),
                "decidedAt" varchar(24),
                "reason" varchar(300)
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_0b492e80daf0a5e08f56c7d6da" ON "session_swaps" ("status")
        `);
        await queryRunner.query(`
            CREATE TABLE "ward_swap_settings" (
                "wardId" varchar(36) PRIMARY KEY NOT NULL,
                "swapApproval" boolean NOT NULL DEFAULT (0),
                "updatedAt" varchar(24) NOT NULL
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "ward_swap_settings"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_0b492e80daf0a5e08f56c7d6da"
        `);
        await queryRunner.query(`
            DROP TABLE "session_swaps"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_5b967b83657dbccf41e91cb4ef"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_2c4121d052d09961b03654e7fb"
        `);
        await queryRunner.query(`
            DROP TABLE "session_offers"
        `);
        await queryRunner.query(`
            DROP TABLE "job_leases"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_c6f48ccb5a3bd90de0c2b76e9e"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_3bf0e2e4be3111f4b81bebe61a"
        `);
        await queryRunner.query(`
            DROP TABLE "webhook_deliveries"
        `);
        await queryRunner.query(`
            DROP TABLE "webhooks"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_45d218f2f7784517df717a575f"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_6689a16c00d09b8089f6237f1d"
        `);
        await queryRunner.query(`
            DROP TABLE "outbox_events"
        `);
    }

}
