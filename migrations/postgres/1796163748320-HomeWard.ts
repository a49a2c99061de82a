import { MigrationInterface, QueryRunner } from "typeorm";

export class HomeWard1796163748320 implements MigrationInterface {
    name = 'HomeWard1796163748320'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "facilitators"
            ADD "homeWardId" character varying(36)
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
            ALTER TABLE "facilitators" DROP COLUMN "homeWardId"
        `);
    }

}
