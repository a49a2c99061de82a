import { MigrationInterface, QueryRunner } from "typeorm";

export class Events1796167189713 implements MigrationInterface {
    name = 'Events1796167189713'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "outbox_events" (
                "seq" SERIAL NOT NULL,
                "id" character varying(36) NOT NULL,
                "type" character varying(40) NOT NULL,
                "wardId" character varying(36) NOT NULL,
                "occurredAt" character varying(24) NOT NULL,
                "data" text NOT NULL,
                CONSTRAINT "PK_cc48a1566b3b842a82f0b2615c8" PRIMARY KEY ("seq")
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
                "id" character varying(36) NOT NULL,
                "url" character varying(2000) NOT NULL,
                "events" text NOT NULL,
                "wardIds" text,
                "secret" character varying(80) NOT NULL,
                "createdByKeyId" character varying(36),
                "createdAt" character varying(24) NOT NULL,
                "deletedAt" character varying(24),
                CONSTRAINT "PK_9e8795cfc899ab7bdaa831e8527" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "webhook_deliveries" (
                "id" character varying(36) NOT NULL,
                "webhookId" character varying(36) NOT NULL,
                "eventSeq" integer NOT NULL,
                "eventId" character varying(36) NOT NULL,
                "eventType" character varying(40) NOT NULL,
                "wardId" character varying(36) NOT NULL,
                "status" character varying(12) NOT NULL DEFAULT 'pending',
                "attempts" integer NOT NULL DEFAULT '0',
                "nextAttemptAt" character varying(24) NOT NULL,
                "lastAttemptAt" character varying(24),
                "lastStatus" integer,
                "lastError" character varying(300),
                "deliveredAt" character varying(24),
                CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id")
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
                "name" character varying(60) NOT NULL,
                "holder" character varying(80) NOT NULL,
                "expiresAt" character varying(24) NOT NULL,
                CONSTRAINT "PK_a5aaa7b6169ce751dd85a6f0beb" PRIMARY KEY ("name")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "session_offers" (
                "id" character varying(36) NOT NULL,
                "sessionId" character varying(36) NOT NULL,
                "wardId" character varying(36) NOT NULL,
                "facilitatorId" character varying(36) NOT NULL,
                "status" character varying(20) NOT NULL,
                "claimedBy" character varying(36),
                "sessionSequence" integer NOT NULL,
                "sessionStartsAt" character varying(24) NOT NULL,
                "createdByKeyId" character varying(36),
                "createdAt" character varying(24) NOT NULL,
                "claimedAt" character varying(24),
                "decidedAt" character varying(24),
                "reason" character varying(300),
                CONSTRAINT "PK_220cbf2c0acddecc02b965bf58c" PRIMARY KEY ("id")
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
                "id" character varying(36) NOT NULL,
                "sessionId" character varying(36) NOT NULL,
                "wardId" character varying(36) NOT NULL,
                "facilitatorId" character varying(36) NOT NULL,
                "sessionSequence" integer NOT NULL,
                "withSessionId" character varying(36) NOT NULL,
                "withWardId" character varying(36) NOT NULL,
                "withFacilitatorId" character varying(36) NOT NULL,
                "withSessionSequence" integer NOT NULL,
                "status" character varying(20) NOT NULL,
                "createdByKeyId" character varying(36),
                "createdAt" character varying(24) NOT NULL,
                "acceptedAt" character varying(24),
                "decidedAt" character varying(24),
                "reason" character varying(300),
                CONSTRAINT "PK_5b1642da62bd4a5c5bbe00f7fde" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_0b492e80daf0a5e08f56c7d6da" ON "session_swaps" ("status")
        `);
        await queryRunner.query(`
            CREATE TABLE "ward_swap_settings" (
                "wardId" character varying(36) NOT NULL,
                "swapApproval" boolean NOT NULL DEFAULT false,
                "updatedAt" character varying(24) NOT NULL,
                CONSTRAINT "PK_b65243b2eb84dafd0b11959b292" PRIMARY KEY ("wardId")
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "ward_swap_settings"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_0b492e80daf0a5e08f56c7d6da"
        `);
        await queryRunner.query(`
            DROP TABLE "session_swaps"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_5b967b83657dbccf41e91cb4ef"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_2c4121d052d09961b03654e7fb"
        `);
        await queryRunner.query(`
            DROP TABLE "session_offers"
        `);
        await queryRunner.query(`
            DROP TABLE "job_leases"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_c6f48ccb5a3bd90de0c2b76e9e"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_3bf0e2e4be3111f4b81bebe61a"
        `);
        await queryRunner.query(`
            DROP TABLE "webhook_deliveries"
        `);
        await queryRunner.query(`
            DROP TABLE "webhooks"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_45d218f2f7784517df717a575f"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_6689a16c00d09b8089f6237f1d"
        `);
        await queryRunner.query(`
            DROP TABLE "outbox_events"
        `);
    }

}
