import { MigrationInterface, QueryRunner } from "typeorm";

export class HomeWard1796163741189 implements MigrationInterface {
    name = 'HomeWard1796163741189'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "temporary_facilitators" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "name" varchar(200) NOT NULL,
                "profession" varchar(40) NOT NULL,
                "imrTrained" boolean NOT NULL,
                "maxSessionsPerWeek" integer,
                "availability" text,
                "active" boolean NOT NULL DEFAULT (1),
                "createdAt" varchar(24) NOT NULL,
                "updatedAt" varchar(24) NOT NULL,
                "homeWardId" varchar(36)
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_facilitators"(
                    "id",
                    "name",
                    "profession",
                    "imrTrained",
                    "maxSessionsPerWeek",
                    "availability",
                    "active",
                    "createdAt",
                    "updatedAt"
                )
            SELECT "id",
                "name",
                "profession",
                "imrTrained",
                "maxSessionsPerWeek",
                "availability",
                "active",
                "createdAt",
                "updatedAt"
            FROM "facilitators"
        `);
        await queryRunner.query(`
            DROP TABLE "facilitators"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_facilitators"
                RENAME TO "facilitators"
        `);
        // Hand-added: every existing facilitator gets a home ward, the first of their pool (by id).
        await queryRunner.query(`
            UPDATE "facilitators" SET "homeWardId" = (
                SELECT MIN("fw"."wardId") FROM "facilitator_wards" "fw" WHERE "fw"."facilitatorId" = "facilitators"."id"
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "facilitators"
                RENAME TO "temporary_facilitators"
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
            INSERT INTO "facilitators"(
                    "id",
                    "name",
                    "profession",
                    "imrTrained",
                    "maxSessionsPerWeek",
                    "availability",
                    "active",
                    "createdAt",
                    "updatedAt"
                )
            SELECT "id",
                "name",
                "profession",
                "imrTrained",
                "maxSessionsPerWeek",
                "availability",
                "active",
                "createdAt",
                "updatedAt"
            FROM "temporary_facilitators"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_facilitators"
        `);
    }

}
