import { LoggerService } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app';
import { FixedClock } from '../../src/common/clock';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { Database, IMR_DATABASE } from '../../src/database/database';
import { throwawayPostgres } from './postgres-database';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database per app: a temp SQLite file, or (TEST_DATABASE=postgres) a throwaway PostgreSQL database. */
export async function freshDatabase(): Promise<TestDatabase> {
  if (process.env.TEST_DATABASE === 'postgres') return throwawayPostgres('imr_test');
  const dir = mkdtempSync(join(tmpdir(), 'imr-test-'));
  return { url: `sqlite:${join(dir, 'imr.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  clock: FixedClock;
  db: Database;
  adminKey: string;
  http: () => ReturnType<typeof request>;
  /** Creates a key with the role (and optional ward scope) through the API and returns it. */
  key(role: string, wardIds?: string[], facilitatorId?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  now?: string;
  env?: Record<string, string>;
  /** Fastify's request log; with it and no `logger`, Nest logs JSON to stdout. */
  logStream?: NodeJS.WritableStream;
  /** Nest's application logger (default: silent unless logStream is given). */
  logger?: LoggerService;
  database?: TestDatabase;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await freshDatabase());
  const adminKey = 'imr_' + randomBytes(32).toString('base64url');
  const config = loadConfig({
    DATABASE_URL: database.url,
    IMR_BOOTSTRAP_ADMIN_KEY: adminKey,
    IMR_JOBS_ENABLED: 'false',
    IMR_PUBLIC_URL: 'https://imr.example.test',
    IMR_AUTH_FAILURES_PER_MINUTE: '100000',
    IMR_KEY_REQUESTS_PER_MINUTE: '1000000',
    ...options.env,
  });
  const clock = new FixedClock(new Date(options.now ?? '2027-03-01T09:00:00.000Z'));
  const logger = options.logger ?? (options.logStream ? undefined : false);
  const app = await createApp({ config, clock, logger, logStream: options.logStream });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer();
  const http = () => request(server);
  return {
    app,
    config,
    clock,
    db: app.get<Database>(IMR_DATABASE),
    adminKey,
    http,
    async key(role, wardIds, facilitatorId) {
      const res = await http()
        .post('/api/keys')
        .set('Authorization', `Bearer ${adminKey}`)
        .send({ role, label: `${role} test key`, wardIds, facilitatorId });
      if (res.status !== 201) throw new Error(`key creation failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.key as string;
    },
    async close() {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
