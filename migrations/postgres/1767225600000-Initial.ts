import { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1767225600000 implements MigrationInterface {
    name = 'Initial1767225600000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "admissions" (
                "id" character varying(36) NOT NULL,
                "wardId" character varying(36) NOT NULL,
                "patientRef" character varying(64) NOT NULL,
                "admittedOn" character varying(10) NOT NULL,
                "expectedDischargeOn" character varying(10),
                "stay" character varying(5) NOT NULL,
                "plannedModules" text NOT NULL,
                "status" character varying(12) NOT NULL DEFAULT 'admitted',
                "dischargedOn" character varying(10),
                "createdAt" character varying(24) NOT NULL,
                "updatedAt" character varying(24) NOT NULL,
                CONSTRAINT "PK_6d47682a899dfa0a78ce11fe98a" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_7a48e1bd1d04ccee7b5b1480b2" ON "admissions" ("wardId", "patientRef")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_9dfc9ee5d362262c4000d9c6f9" ON "admissions" ("wardId", "status", "expectedDischargeOn")
        `);
        await queryRunner.query(`
            CREATE TABLE "attendance" (
                "sessionId" character varying(36) NOT NULL,
                "admissionId" character varying(36) NOT NULL,
                "wardId" character varying(36) NOT NULL,
                "startsAt" character varying(24) NOT NULL,
                "moduleNumber" integer NOT NULL,
                "modulePart" integer NOT NULL,
                "moduleParts" integer NOT NULL,
                "overCapacity" boolean NOT NULL DEFAULT false,
                "recordedAt" character varying(24) NOT NULL,
                CONSTRAINT "PK_082cdffdfece65bf9eff66cd591" PRIMARY KEY ("sessionId", "admissionId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_c59aac8b52a7670455c63324b2" ON "attendance" ("wardId")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_671e242c3c0f0806fc1500d68d" ON "attendance" ("admissionId", "startsAt")
        `);
        await queryRunner.query(`
            CREATE TABLE "audit_log" (
                "id" character varying(36) NOT NULL,
                "at" character varying(24) NOT NULL,
                "keyId" character varying(36),
                "role" character varying(20) NOT NULL,
                "action" character varying(60) NOT NULL,
                "targetType" character varying(40) NOT NULL,
                "targetId" character varying(36),
                "wardId" character varying(36),
                CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_ba27cef5b8b2b1a756e06ebcc5" ON "audit_log" ("at")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_7c0cca6e6369db3a240aa4cf13" ON "audit_log" ("targetType", "targetId")
        `);
        await queryRunner.query(`
            CREATE TABLE "calendar_feed_events" (
                "facilitatorId" character varying(36) NOT NULL,
                "sessionId" character varying(36) NOT NULL,
                "state" character varying(9) NOT NULL,
                "sequence" integer NOT NULL,
                "startsAt" character varying(24) NOT NULL,
                "endsAt" character varying(24) NOT NULL,
                "summary" character varying(500) NOT NULL,
                "location" character varying(500) NOT NULL,
                "lastModified" character varying(24) NOT NULL,
                CONSTRAINT "PK_2c4ce76fd610635f9e2fe576f75" PRIMARY KEY ("facilitatorId", "sessionId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_dba7a35df9cfd056299bc3560d" ON "calendar_feed_events" ("facilitatorId", "startsAt")
        `);
        await queryRunner.query(`
            CREATE TABLE "calendar_tokens" (
                "id" character varying(36) NOT NULL,
                "facilitatorId" character varying(36) NOT NULL,
                "tokenHash" character varying(64) NOT NULL,
                "createdAt" character varying(24) NOT NULL,
                "revokedAt" character varying(24),
                "feedEtag" character varying(66),
                "feedLastModified" character varying(24),
                CONSTRAINT "PK_181f2e17c83bfa7d4d287cf08a0" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_593e25d0537e1e35e739cb011d" ON "calendar_tokens" ("facilitatorId")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_0ec1210b8f4ffd7b89dcd4b390" ON "calendar_tokens" ("tokenHash")
        `);
        await queryRunner.query(`
            CREATE TABLE "facilitators" (
                "id" character varying(36) NOT NULL,
                "name" character varying(200) NOT NULL,
                "profession" character varying(40) NOT NULL,
                "imrTrained" boolean NOT NULL,
                "maxSessionsPerWeek" integer,
                "availability" text,
                "active" boolean NOT NULL DEFAULT true,
                "createdAt" character varying(24) NOT NULL,
                "updatedAt" character varying(24) NOT NULL,
                CONSTRAINT "PK_2222c8a431ee84effea7e6d8430" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "facilitator_wards" (
                "facilitatorId" character varying(36) NOT NULL,
                "wardId" character varying(36) NOT NULL,
                CONSTRAINT "PK_86edbc3caea7bda0bbd54c5e47a" PRIMARY KEY ("facilitatorId", "wardId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_d904718d55b54f05e02a71c7c9" ON "facilitator_wards" ("wardId")
        `);
        await queryRunner.query(`
            CREATE TABLE "absences" (
                "id" character varying(36) NOT NULL,
                "facilitatorId" character varying(36) NOT NULL,
                "fromDate" character varying(10) NOT NULL,
                "toDate" character varying(10) NOT NULL,
                "reason" character varying(200),
                "createdAt" character varying(24) NOT NULL,
                CONSTRAINT "PK_bd79346866fea8ac6f269252748" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_e4831e2ac151c892ad76e7400c" ON "absences" ("facilitatorId", "fromDate")
        `);
        await queryRunner.query(`
            CREATE TABLE "groups" (
                "id" character varying(36) NOT NULL,
                "wardId" character varying(36) NOT NULL,
                "name" character varying(200) NOT NULL,
                "capacity" integer NOT NULL,
                "startsOn" character varying(10) NOT NULL,
                "endsOn" character varying(10),
                "excludedDates" text NOT NULL,
                "createdAt" character varying(24) NOT NULL,
                "updatedAt" character varying(24) NOT NULL,
                CONSTRAINT "PK_659d1483316afb28afd3a90646e" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_8316e7858b96206e97e0d39559" ON "groups" ("wardId")
        `);
        await queryRunner.query(`
            CREATE TABLE "group_versions" (
                "id" character varying(36) NOT NULL,
                "groupId" character varying(36) NOT NULL,
                "effectiveFrom" character varying(10) NOT NULL,
                "recurrence" character varying(500) NOT NULL,
                "startTime" character varying(5) NOT NULL,
                "durationMinutes" integer NOT NULL,
                "curriculumSpec" text NOT NULL,
                "curriculum" text NOT NULL,
                "sessionsPerModule" integer NOT NULL,
                "facilitatorsPerSession" integer NOT NULL,
                "room" character varying(200),
                "createdAt" character varying(24) NOT NULL,
                CONSTRAINT "PK_4af4a569b7e6760c6ec8a70b30e" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_17031c6859e41b7143ac8b621a" ON "group_versions" ("groupId", "effectiveFrom")
        `);
        await queryRunner.query(`
            CREATE TABLE "job_runs" (
                "job" character varying(60) NOT NULL,
                "tick" character varying(40) NOT NULL,
                "instance" character varying(80) NOT NULL,
                "startedAt" character varying(24) NOT NULL,
                "finishedAt" character varying(24),
                "outcome" character varying(20) NOT NULL DEFAULT 'running',
                CONSTRAINT "PK_9f11d8fe7e68dc7c7a2e36593c4" PRIMARY KEY ("job", "tick")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "api_keys" (
                "id" character varying(36) NOT NULL,
                "role" character varying(20) NOT NULL,
                "label" character varying(200) NOT NULL,
                "wardIds" text,
                "facilitatorId" character varying(36),
                "keyHash" character varying(64) NOT NULL,
                "createdAt" character varying(24) NOT NULL,
                "revokedAt" character varying(24),
                CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_df3b25181df0b4b59bd93f16e1" ON "api_keys" ("keyHash")
        `);
        await queryRunner.query(`
            CREATE TABLE "referrals" (
                "id" character varying(36) NOT NULL,
                "admissionId" character varying(36) NOT NULL,
                "wardId" character varying(36) NOT NULL,
                "status" character varying(10) NOT NULL,
                "statusReason" character varying(1000),
                "snapshot" text NOT NULL,
                "overdueSince" character varying(24),
                "createdAt" character varying(24) NOT NULL,
                "updatedAt" character varying(24) NOT NULL,
                CONSTRAINT "PK_ea9980e34f738b6252817326c08" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_c93c83f07d5b11c30ba867e10d" ON "referrals" ("admissionId")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_1fef73a2d32cfc8f9d63eec015" ON "referrals" ("wardId", "status")
        `);
        await queryRunner.query(`
            CREATE TABLE "referral_events" (
                "id" character varying(36) NOT NULL,
                "referralId" character varying(36) NOT NULL,
                "at" character varying(24) NOT NULL,
                "status" character varying(10) NOT NULL,
                "reason" character varying(1000),
                "keyId" character varying(36),
                CONSTRAINT "PK_850a7d8ea24a8e90aba261d0190" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_7083ff58623f0b3706e47cd0c4" ON "referral_events" ("referralId", "at")
        `);
        await queryRunner.query(`
            CREATE TABLE "session_assignments" (
                "sessionId" character varying(36) NOT NULL,
                "facilitatorId" character varying(36) NOT NULL,
                "role" character varying(4) NOT NULL,
                "wardId" character varying(36) NOT NULL,
                "startsAt" character varying(24) NOT NULL,
                "endsAt" character varying(24) NOT NULL,
                "assignedAt" character varying(24) NOT NULL,
                CONSTRAINT "PK_881bb8e54fa0cf300322d978422" PRIMARY KEY ("sessionId", "facilitatorId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_e652c888acc1eed5d5b9f33c02" ON "session_assignments" ("wardId")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_a628f5a7d93a25d712b7f96027" ON "session_assignments" ("facilitatorId", "startsAt")
        `);
        await queryRunner.query(`
            CREATE TABLE "assignment_history" (
                "id" character varying(36) NOT NULL,
                "sessionId" character varying(36) NOT NULL,
                "wardId" character varying(36) NOT NULL,
                "at" character varying(24) NOT NULL,
                "keyId" character varying(36),
                "action" character varying(20) NOT NULL,
                "before" text NOT NULL,
                "after" text NOT NULL,
                CONSTRAINT "PK_9e3ec8e134976ba55ea4043b7bd" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_8645ae1e33ac6fe3cdc19b1356" ON "assignment_history" ("sessionId")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_4c6781ccc4d83447c2e625e54a" ON "assignment_history" ("wardId", "at")
        `);
        await queryRunner.query(`
            CREATE TABLE "sessions" (
                "id" character varying(36) NOT NULL,
                "groupId" character varying(36) NOT NULL,
                "wardId" character varying(36) NOT NULL,
                "occurrenceDate" character varying(10) NOT NULL,
                "startsAt" character varying(24) NOT NULL,
                "endsAt" character varying(24) NOT NULL,
                "moduleNumber" integer NOT NULL,
                "modulePart" integer NOT NULL,
                "moduleParts" integer NOT NULL,
                "room" character varying(200),
                "facilitatorsPerSession" integer NOT NULL,
                "status" character varying(12) NOT NULL DEFAULT 'scheduled',
                "cancelReason" character varying(500),
                "locked" boolean NOT NULL DEFAULT false,
                "published" boolean NOT NULL DEFAULT false,
                "sequence" integer NOT NULL DEFAULT '0',
                "changedAt" character varying(24) NOT NULL,
                CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_c03a0f0e33e6e72d4dbcb74afb" ON "sessions" ("wardId", "startsAt")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_5f9c212288b036d999e51a8613" ON "sessions" ("groupId", "occurrenceDate")
        `);
        await queryRunner.query(`
            CREATE TABLE "wards" (
                "id" character varying(36) NOT NULL,
                "code" character varying(40) NOT NULL,
                "name" character varying(200) NOT NULL,
                "timezone" character varying(64) NOT NULL,
                "edition" character varying(40),
                "coreModules" text,
                "contactPerson" character varying(200),
                "replyAddress" character varying(500),
                "createdAt" character varying(24) NOT NULL,
                "updatedAt" character varying(24) NOT NULL,
                CONSTRAINT "PK_f67afa72e02ac056570c0dde279" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_24f16d2207b1dcb6ce07d81d20" ON "wards" ("code")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_24f16d2207b1dcb6ce07d81d20"
        `);
        await queryRunner.query(`
            DROP TABLE "wards"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_5f9c212288b036d999e51a8613"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_c03a0f0e33e6e72d4dbcb74afb"
        `);
        await queryRunner.query(`
            DROP TABLE "sessions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_4c6781ccc4d83447c2e625e54a"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_8645ae1e33ac6fe3cdc19b1356"
        `);
        await queryRunner.query(`
            DROP TABLE "assignment_history"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_a628f5a7d93a25d712b7f96027"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_e652c888acc1eed5d5b9f33c02"
        `);
        await queryRunner.query(`
            DROP TABLE "session_assignments"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_7083ff58623f0b3706e47cd0c4"
        `);
        await queryRunner.query(`
            DROP TABLE "referral_events"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_1fef73a2d32cfc8f9d63eec015"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_c93c83f07d5b11c30ba867e10d"
        `);
        await queryRunner.query(`
            DROP TABLE "referrals"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_df3b25181df0b4b59bd93f16e1"
        `);
        await queryRunner.query(`
            DROP TABLE "api_keys"
        `);
        await queryRunner.query(`
            DROP TABLE "job_runs"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_17031c6859e41b7143ac8b621a"
        `);
        await queryRunner.query(`
            DROP TABLE "group_versions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_8316e7858b96206e97e0d39559"
        `);
        await queryRunner.query(`
            DROP TABLE "groups"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_e4831e2ac151c892ad76e7400c"
        `);
        await queryRunner.query(`
            DROP TABLE "absences"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_d904718d55b54f05e02a71c7c9"
        `);
        await queryRunner.query(`
            DROP TABLE "facilitator_wards"
        `);
        await queryRunner.query(`
            DROP TABLE "facilitators"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_0ec1210b8f4ffd7b89dcd4b390"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_593e25d0537e1e35e739cb011d"
        `);
        await queryRunner.query(`
            DROP TABLE "calendar_tokens"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_dba7a35df9cfd056299bc3560d"
        `);
        await queryRunner.query(`
            DROP TABLE "calendar_feed_events"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_7c0cca6e6369db3a240aa4cf13"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ba27cef5b8b2b1a756e06ebcc5"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_log"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_671e242c3c0f0806fc1500d68d"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_c59aac8b52a7670455c63324b2"
        `);
        await queryRunner.query(`
            DROP TABLE "attendance"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_9dfc9ee5d362262c4000d9c6f9"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_7a48e1bd1d04ccee7b5b1480b2"
        `);
        await queryRunner.query(`
            DROP TABLE "admissions"
        `);
    }

}
