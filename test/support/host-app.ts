/**
 * A host Nest application that imports ImrRotaModule under the /imr prefix, on a fresh test
 * database, as the README shows a host doing it. Used by the specs about mounting (routes, the
 * board, events, the calendar fast path) so they set it up one way.
 */
import { Module, type Provider, type Type } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/app-config';
import { ImrRotaModule } from '../../src/imr-rota.module';
import { freshDatabase } from './test-app';

export interface HostApp {
  app: NestFastifyApplication;
  adminKey: string;
  close(): Promise<void>;
}

export interface HostAppOptions {
  /** Environment for the module's config (loadConfig). */
  env?: Record<string, string>;
  publicUrl?: string;
  controllers?: Type[];
  providers?: Provider[];
  /** Listen on a real port (for raw-socket clients); supertest needs no listener. */
  listen?: boolean;
}

export async function startHostApp(options: HostAppOptions = {}): Promise<HostApp> {
  const database = await freshDatabase();
  const adminKey = 'imr_' + randomBytes(32).toString('base64url');
  @Module({
    imports: [
      ImrRotaModule.forRoot({
        config: loadConfig(options.env ?? {}),
        database: database.url,
        routePrefix: 'imr',
        bootstrapAdminKey: adminKey,
        ...(options.publicUrl !== undefined && { publicUrl: options.publicUrl }),
        jobs: false,
      }),
    ],
    controllers: options.controllers ?? [],
    providers: options.providers ?? [],
  })
  class HostModule {}
  const moduleRef = await Test.createTestingModule({ imports: [HostModule] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  if (options.listen) await new Promise<void>((resolve) => app.getHttpServer().listen(0, '127.0.0.1', resolve));
  return {
    app,
    adminKey,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
