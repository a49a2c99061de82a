import { LoggerService } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../src/app';
import { FixedClock } from '../../src/common/clock';
import { loadConfig } from '../../src/config/app-config';
import { Database, IMR_DATABASE } from '../../src/database/database';
import { freshDatabase, TestApp } from '../support/test-app';

/** Every line the app logs: Nest's logger (all levels), Fastify's request log, and stray stdout/stderr writes. */
export class LogCapture {
  readonly lines: string[] = [];

  readonly nest: LoggerService = {
    log: (...args: unknown[]) => this.add('log', args),
    error: (...args: unknown[]) => this.add('error', args),
    warn: (...args: unknown[]) => this.add('warn', args),
    debug: (...args: unknown[]) => this.add('debug', args),
    verbose: (...args: unknown[]) => this.add('verbose', args),
    fatal: (...args: unknown[]) => this.add('fatal', args),
  };

  readonly requestLog = new Writable({
    write: (chunk: Buffer | string, _encoding, done) => {
      this.lines.push(`fastify ${chunk.toString()}`);
      done();
    },
  });

  private restore: (() => void) | null = null;

  private add(level: string, args: unknown[]): void {
    this.lines.push(`${level} ${args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
  }

  /** Also collects what anything writes straight to stdout or stderr until `stopStdio`. */
  captureStdio(): void {
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    const collect = (name: string) => (chunk: unknown) => (this.lines.push(`${name} ${String(chunk)}`), true);
    process.stdout.write = collect('stdout') as typeof process.stdout.write;
    process.stderr.write = collect('stderr') as typeof process.stderr.write;
    this.restore = () => {
      process.stdout.write = out;
      process.stderr.write = err;
    };
  }

  stopStdio(): void {
    this.restore?.();
    this.restore = null;
  }

  get text(): string {
    return this.lines.join('\n');
  }
}

/** startTestApp, but with every log the app writes going into `capture` (startTestApp sends Nest's to stdout). */
export async function startLoggedApp(capture: LogCapture, env: Record<string, string>, now: string): Promise<TestApp> {
  const database = await freshDatabase();
  const adminKey = 'imr_' + randomBytes(32).toString('base64url');
  const config = loadConfig({
    DATABASE_URL: database.url,
    IMR_BOOTSTRAP_ADMIN_KEY: adminKey,
    IMR_JOBS_ENABLED: 'false',
    IMR_PUBLIC_URL: 'https://imr.example.test',
    IMR_AUTH_FAILURES_PER_MINUTE: '100000',
    ...env,
  });
  const clock = new FixedClock(new Date(now));
  const app: NestFastifyApplication = await createApp({ config, clock, logger: capture.nest, logStream: capture.requestLog });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const http = () => request(app.getHttpServer());
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
        .send({ role, label: `${role} log key`, wardIds, facilitatorId });
      if (res.status !== 201) throw new Error(`key creation failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.key as string;
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
