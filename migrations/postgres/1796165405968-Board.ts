import { MigrationInterface, QueryRunner } from "typeorm";

export class Board1796165405968 implements MigrationInterface {
    name = 'Board1796165405968'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "web_sessions" (
                "id" character varying(64) NOT NULL,
                "keyHash" character varying(64) NOT NULL,
                "createdAt" character varying(24) NOT NULL,
                "lastSeenAt" character varying(24) NOT NULL,
                "expiresAt" character varying(24) NOT NULL,
                "endedAt" character varying(24),
                CONSTRAINT "PK_3ae6bbf6cb5ac95b7f617d395d3" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_fdcb678c862d6d26933d1432b8" ON "web_sessions" ("keyHash")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_fdcb678c862d6d26933d1432b8"
        `);
        await queryRunner.query(`
            DROP TABLE "web_sessions"
        `);
    }

}
