import { MigrationInterface, QueryRunner } from "typeorm";

export class WebhookSecretSealed1796300899375 implements MigrationInterface {
    name = 'WebhookSecretSealed1796300899375'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "temporary_webhooks" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "url" varchar(2000) NOT NULL,
                "events" text NOT NULL,
                "wardIds" text,
                "secret" varchar(200) NOT NULL,
                "createdByKeyId" varchar(36),
                "createdAt" varchar(24) NOT NULL,
                "deletedAt" varchar(24)
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_webhooks"(
                    "id",
                    "url",
                    "events",
                    "wardIds",
                    "secret",
                    "createdByKeyId",
                    "createdAt",
                    "deletedAt"
                )
            SELECT "id",
                "url",
                "events",
                "wardIds",
                "secret",
                "createdByKeyId",
                "createdAt",
                "deletedAt"
            FROM "webhooks"
        `);
        await queryRunner.query(`
            DROP TABLE "webhooks"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_webhooks"
                RENAME TO "webhooks"
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "webhooks"
                RENAME TO "temporary_webhooks"
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
            INSERT INTO "webhooks"(
                    "id",
                    "url",
                    "events",
                    "wardIds",
                    "secret",
                    "createdByKeyId",
                    "createdAt",
                    "deletedAt"
                )
            SELECT "id",
                "url",
                "events",
                "wardIds",
                "secret",
                "createdByKeyId",
                "createdAt",
                "deletedAt"
            FROM "temporary_webhooks"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_webhooks"
        `);
    }

}
