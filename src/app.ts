import { ConsoleLogger, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FastifyBaseLogger, LogController } from 'fastify';
import type { IncomingMessage } from 'node:http';
import pino from 'pino';
import { Clock } from './common/clock';
import { AppConfig } from './config/app-config';
import { FeedFastPath } from './calendar/feed-answer';
import { accessLineWriter, registerRequestHooks, requestHeaderBlock, requestIdOf } from './http/access-log';
import { registerCompression } from './http/compression';
import { ImrRotaModule } from './imr-rota.module';

export interface CreateAppOptions {
  config: AppConfig;
  clock?: Clock;
  /** Nest and request logs; false silences them (tests). */
  logger?: false | LoggerService;
  /** Where Fastify's JSON request log goes (default stdout, written asynchronously). */
  logStream?: NodeJS.WritableStream;
}

/**
 * stdout through pino's asynchronous destination, lines gathered up to 16 KB and flushed at least
 * every second. Each write to stdout costs about as much as a cached feed's answer (a 4 KB batch was
 * 18 % of a small feed's CPU), so fewer, larger writes; a crash loses at most one second of lines.
 */
function accessLogDestination(): ReturnType<typeof pino.destination> {
  const destination = pino.destination({ dest: 1, sync: false, minLength: 16 * 1024, maxWrite: 64 * 1024 });
  setInterval(() => destination.flush(), 1000).unref();
  return destination;
}

export function jsonLogger(levels: LogLevel[] = ['log', 'warn', 'error', 'fatal']): LoggerService {
  return new ConsoleLogger({ json: true, logLevels: levels });
}

/**
 * Builds the standalone HTTP app: Fastify, security headers, CORS closed by default, body limit,
 * a request log that names routes (never URLs, which may carry calendar tokens), Swagger at /docs.
 */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const { config } = options;
  const destination = options.logger === false || options.logStream ? null : accessLogDestination();
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    // Only these proxies' X-Forwarded-For sets request.ip (rate limits per client); none by default.
    trustProxy: config.http.trustProxy.length ? config.http.trustProxy : false,
    requestTimeout: config.http.requestTimeoutMs,
    // No Nest middleware in this app: without @fastify/middie no request runs its hook.
    skipMiddie: true,
    // Fastify's own request lines would carry URLs (calendar tokens); ours below names the route instead.
    logController: new LogController({ disableRequestLogging: true }),
    // No pino child logger per request (it costs a child and a level setup each time): the one
    // access line names its request id itself.
    childLoggerFactory: (logger: FastifyBaseLogger) => logger,
    genReqId: (req: IncomingMessage) => requestIdOf(req.headers),
    logger:
      options.logger === false
        ? false
        : ({
            level: 'info',
            // pino's asynchronous destination: a request never waits for its log line to be written.
            stream: options.logStream ?? destination,
            // Only what is safe: no URLs (tokens, query strings), no headers (keys), no bodies.
            serializers: { req: () => undefined, res: () => undefined },
          } as never),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    ImrRotaModule.forRoot({ config, clock: options.clock }),
    adapter,
    // abortOnError false: a failed start rejects (main.ts reports it and exits; a host or a test sees the error) instead of Nest exiting the process.
    { logger: options.logger === undefined ? jsonLogger() : options.logger, bufferLogs: false, abortOnError: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  // Bodies of any other type reach the routes as text, so JsonBodyGuard answers 415 in the API's error shape.
  fastify.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  // A cached calendar feed is answered in front of Fastify, in one write with the headers its hooks add; with
  // CORS (headers that depend on the Origin), by the first of the onRequest hooks instead.
  const lines = options.logger === false ? null : accessLineWriter(options.logStream ?? destination!);
  if (config.http.corsOrigins.length) app.get(FeedFastPath).addFirst(fastify, requestHeaderBlock);
  else app.get(FeedFastPath).inFront(fastify, lines);
  registerRequestHooks(fastify, lines);
  // Also for /api answers that never reach a controller (unknown routes, unparsable bodies); the guard sets it too.
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.url.startsWith('/api')) reply.header('cache-control', 'no-store');
    done();
  });
  // Shutdown ends the process by signal, past pino's exit handler: write what is held and buffered first.
  fastify.addHook('onClose', (_instance, done) => (lines?.flush(), destination?.flushSync(), done()));
  await registerCompression(app);
  // With no allowed origins CORS adds nothing, so its per-request hook is not registered at all.
  if (config.http.corsOrigins.length) app.enableCors({ origin: config.http.corsOrigins });
  app.enableShutdownHooks();
  // Built on the first /docs request, not at start-up.
  const document = () =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('IMR ward rota')
        .setDescription(
          'Scheduling for Illness Management and Recovery (IMR) groups on psychiatric inpatient wards: ' +
            'groups and sessions in the ward’s time zone, the facilitator rota, admissions and progress, ' +
            'referrals at discharge, and calendar feeds. Every /api route needs `Authorization: Bearer <key>`.',
        )
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
