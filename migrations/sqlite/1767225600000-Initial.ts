import { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1767225600000 implements MigrationInterface {
    name = 'Initial1767225600000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "admissions" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "wardId" varchar(36) NOT NULL,
                "patientRef" varchar(64) NOT NULL,
                "admittedOn" varchar(10) NOT NULL,
                "expectedDischargeOn" varchar(10),
                "stay" varchar(5) NOT NULL,
                "plannedModules" text NOT NULL,
                "status" varchar(12) NOT NULL DEFAULT ('admitted'),
                "dischargedOn" varchar(10),
                "createdAt" varchar(24) NOT NULL,
                "updatedAt" varchar(24) NOT NULL
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
                "sessionId" varchar(36) NOT NULL,
                "admissionId" varchar(36) NOT NULL,
                "wardId" varchar(36) NOT NULL,
                "startsAt" varchar(24) NOT NULL,
                "moduleNumber" integer NOT NULL,
                "modulePart" integer NOT NULL,
                "moduleParts" integer NOT NULL,
                "overCapacity" boolean NOT NULL DEFAULT (0),
                "recordedAt" varchar(24) NOT NULL,
                PRIMARY KEY ("sessionId", "admissionId")
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
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "at" varchar(24) NOT NULL,
                "keyId" varchar(36),
                "role" varchar(20) NOT NULL,
                "action" varchar(60) NOT NULL,
                "targetType" varchar(40) NOT NULL,
                "targetId" varchar(36),
                "wardId" varchar(36)
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
                "facilitatorId" varchar(36) NOT NULL,
                "sessionId" varchar(36) NOT NULL,
                "state" varchar(9) NOT NULL,
                "sequence" integer NOT NULL,
                "startsAt" varchar(24) NOT NULL,
                "endsAt" varchar(24) NOT NULL,
                "summary" varchar(500) NOT NULL,
                "location" varchar(500) NOT NULL,
                "lastModified" varchar(24) NOT NULL,
                PRIMARY KEY ("facilitatorId", "sessionId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_dba7a35df9cfd056299bc3560d" ON "calendar_feed_events" ("facilitatorId", "startsAt")
        `);
        await queryRunner.query(`
            CREATE TABLE "calendar_tokens" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "facilitatorId" varchar(36) NOT NULL,
                "tokenHash" varchar(64) NOT NULL,
                "createdAt" varchar(24) NOT NULL,
                "revokedAt" varchar(24),
                "feedEtag" varchar(66),
                "feedLastModified" varchar(24)
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
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "name" varchar(200) NOT NULL,
                "profession" varchar(40) NOT NULL,
                "imrTrained" boolean NOT NULL,
                "maxSessionsPerWeek" integer,
                "availability" text,
                "active" boolean NOT NULL DEFAULT (1),
                "createdAt" varchar(24) NOT NULL,
                "updatedAt" varchar(24) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "facilitator_wards" (
                "facilitatorId" varchar(36) NOT NULL,
                "wardId" varchar(36) NOT NULL,
                PRIMARY KEY ("facilitatorId", "wardId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_d904718d55b54f05e02a71c7c9" ON "facilitator_wards" ("wardId")
        `);
        await queryRunner.query(`
            CREATE TABLE "absences" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "facilitatorId" varchar(36) NOT NULL,
                "fromDate" varchar(10) NOT NULL,
                "toDate" varchar(10) NOT NULL,
                "reason" varchar(200),
                "createdAt" varchar(24) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_e4831e2ac151c892ad76e7400c" ON "absences" ("facilitatorId", "fromDate")
        `);
        await queryRunner.query(`
            CREATE TABLE "groups" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "wardId" varchar(36) NOT NULL,
                "name" varchar(200) NOT NULL,
                "capacity" integer NOT NULL,
                "startsOn" varchar(10) NOT NULL,
                "endsOn" varchar(10),
                "excludedDates" text NOT NULL,
                "createdAt" varchar(24) NOT NULL,
                "updatedAt" varchar(24) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_8316e7858b96206e97e0d39559" ON "groups" ("wardId")
        `);
        await queryRunner.query(`
            CREATE TABLE "group_versions" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "groupId" varchar(36) NOT NULL,
                "effectiveFrom" varchar(10) NOT NULL,
                "recurrence" varchar(500) NOT NULL,
                "startTime" varchar(5) NOT NULL,
                "durationMinutes" integer NOT NULL,
                "curriculumSpec" text NOT NULL,
                "curriculum" text NOT NULL,
                "sessionsPerModule" integer NOT NULL,
                "facilitatorsPerSession" integer NOT NULL,
                "room" varchar(200),
                "createdAt" varchar(24) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_17031c6859e41b7143ac8b621a" ON "group_versions" ("groupId", "effectiveFrom")
        `);
        await queryRunner.query(`
            CREATE TABLE "job_runs" (
                "job" varchar(60) NOT NULL,
                "tick" varchar(40) NOT NULL,
                "instance" varchar(80) NOT NULL,
                "startedAt" varchar(24) NOT NULL,
                "finishedAt" varchar(24),
                "outcome" varchar(20) NOT NULL DEFAULT ('running'),
                PRIMARY KEY ("job", "tick")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "api_keys" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "role" varchar(20) NOT NULL,
                "label" varchar(200) NOT NULL,
                "wardIds" text,
                "facilitatorId" varchar(36),
                "keyHash" varchar(64) NOT NULL,
                "createdAt" varchar(24) NOT NULL,
                "revokedAt" varchar(24)
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_df3b25181df0b4b59bd93f16e1" ON "api_keys" ("keyHash")
        `);
        await queryRunner.query(`
            CREATE TABLE "referrals" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "admissionId" varchar(36) NOT NULL,
                "wardId" varchar(36) NOT NULL,
                "status" varchar(10) NOT NULL,
                "statusReason" varchar(1000),
                "snapshot" text NOT NULL,
                "overdueSince" varchar(24),
                "createdAt" varchar(24) NOT NULL,
                "updatedAt" varchar(24) NOT NULL
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
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "referralId" varchar(36) NOT NULL,
                "at" varchar(24) NOT NULL,
                "status" varchar(10) NOT NULL,
                "reason" varchar(1000),
                "keyId" varchar(36)
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_7083ff58623f0b3706e47cd0c4" ON "referral_events" ("referralId", "at")
        `);
        await queryRunner.query(`
            CREATE TABLE "session_assignments" (
                "sessionId" varchar(36) NOT NULL,
                "facilitatorId" varchar(36) NOT NULL,
                "role" varchar(4) NOT NULL,
                "wardId" varchar(36) NOT NULL,
                "startsAt" varchar(24) NOT NULL,
                "endsAt" varchar(24) NOT NULL,
                "assignedAt" varchar(24) NOT NULL,
                PRIMARY KEY ("sessionId", "facilitatorId")
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
            CREATE INDEX "IDX_8645ae1e33ac6fe3cdc19b1356" ON "assignment_history" ("sessionId")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_4c6781ccc4d83447c2e625e54a" ON "assignment_history" ("wardId", "at")
        `);
        await queryRunner.query(`
            CREATE TABLE "sessions" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "groupId" varchar(36) NOT NULL,
                "wardId" varchar(36) NOT NULL,
                "occurrenceDate" varchar(10) NOT NULL,
                "startsAt" varchar(24) NOT NULL,
                "endsAt" varchar(24) NOT NULL,
                "moduleNumber" integer NOT NULL,
                "modulePart" integer NOT NULL,
                "moduleParts" integer NOT NULL,
                "room" varchar(200),
                "facilitatorsPerSession" integer NOT NULL,
                "status" varchar(12) NOT NULL DEFAULT ('scheduled'),
                "cancelReason" varchar(500),
                "locked" boolean NOT NULL DEFAULT (0),
                "published" boolean NOT NULL DEFAULT (0),
                "sequence" integer NOT NULL DEFAULT (0),
                "changedAt" varchar(24) NOT NULL
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
            CREATE UNIQUE INDEX "IDX_24f16d2207b1dcb6ce07d81d20" ON "wards" ("code")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "IDX_24f16d2207b1dcb6ce07d81d20"
        `);
        await queryRunner.query(`
            DROP TABLE "wards"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_5f9c212288b036d999e51a8613"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_c03a0f0e33e6e72d4dbcb74afb"
        `);
        await queryRunner.query(`
            DROP TABLE "sessions"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_4c6781ccc4d83447c2e625e54a"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_8645ae1e33ac6fe3cdc19b1356"
        `);
        await queryRunner.query(`
            DROP TABLE "assignment_history"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_a628f5a7d93a25d712b7f96027"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_e652c888acc1eed5d5b9f33c02"
        `);
        await queryRunner.query(`
            DROP TABLE "session_assignments"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_7083ff58623f0b3706e47cd0c4"
        `);
        await queryRunner.query(`
            DROP TABLE "referral_events"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_1fef73a2d32cfc8f9d63eec015"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_c93c83f07d5b11c30ba867e10d"
        `);
        await queryRunner.query(`
            DROP TABLE "referrals"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_df3b25181df0b4b59bd93f16e1"
        `);
        await queryRunner.query(`
            DROP TABLE "api_keys"
        `);
        await queryRunner.query(`
            DROP TABLE "job_runs"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_17031c6859e41b7143ac8b621a"
        `);
        await queryRunner.query(`
            DROP TABLE "group_versions"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_8316e7858b96206e97e0d39559"
        `);
        await queryRunner.query(`
            DROP TABLE "groups"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_e4831e2ac151c892ad76e7400c"
        `);
        await queryRunner.query(`
            DROP TABLE "absences"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_d904718d55b54f05e02a71c7c9"
        `);
        await queryRunner.query(`
            DROP TABLE "facilitator_wards"
        `);
        await queryRunner.query(`
            DROP TABLE "facilitators"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_0ec1210b8f4ffd7b89dcd4b390"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_593e25d0537e1e35e739cb011d"
        `);
        await queryRunner.query(`
            DROP TABLE "calendar_tokens"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_dba7a35df9cfd056299bc3560d"
        `);
        await queryRunner.query(`
            DROP TABLE "calendar_feed_events"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_7c0cca6e6369db3a240aa4cf13"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_ba27cef5b8b2b1a756e06ebcc5"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_log"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_671e242c3c0f0806fc1500d68d"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_c59aac8b52a7670455c63324b2"
        `);
        await queryRunner.query(`
            DROP TABLE "attendance"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_9dfc9ee5d362262c4000d9c6f9"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_7a48e1bd1d04ccee7b5b1480b2"
        `);
        await queryRunner.query(`
            DROP TABLE "admissions"
        `);
    }

}
