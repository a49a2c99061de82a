import { MigrationInterface, QueryRunner } from "typeorm";

export class WebhookSecretSealed1796300912421 implements MigrationInterface {
    name = 'WebhookSecretSealed1796300912421'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Widened in place (the generator dropped and re-added the column, losing every secret).
        await queryRunner.query(`
            ALTER TABLE "webhooks" ALTER COLUMN "secret" TYPE character varying(200)
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "webhooks" ALTER COLUMN "secret" TYPE character varying(80)
        `);
    }

}
