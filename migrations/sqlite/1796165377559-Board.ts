import { MigrationInterface, QueryRunner } from "typeorm";

export class Board1796165377559 implements MigrationInterface {
    name = 'Board1796165377559'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "web_sessions" (
                "id" varchar(64) PRIMARY KEY NOT NULL,
                "keyHash" varchar(64) NOT NULL,
                "createdAt" varchar(24) NOT NULL,
                "lastSeenAt" varchar(24) NOT NULL,
                "expiresAt" varchar(24) NOT NULL,
                "endedAt" varchar(24)
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_fdcb678c862d6d26933d1432b8" ON "web_sessions" ("keyHash")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "IDX_fdcb678c862d6d26933d1432b8"
        `);
        await queryRunner.query(`
            DROP TABLE "web_sessions"
        `);
    }

}
