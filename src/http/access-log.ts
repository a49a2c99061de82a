import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { hostname } from 'node:os';
import { SECURITY_HEADERS, setSecurityHeaders } from './security-headers';

const NOTE = Symbol('access-log-note');
type Noted = { [NOTE]?: Record<string, string | number | boolean> };

/**
 * Adds fields to this request's one access line (e.g. which calendar token row answered), instead of
 * a second log line. Never pass URLs, headers, bodies or patient data.
 */
export function noteForAccessLog(request: FastifyRequest, fields: Record<string, string | number | boolean>): void {
  const noted = request as unknown as Noted;
  noted[NOTE] = { ...noted[NOTE], ...fields };
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The request's id: a well-formed X-Request-Id as given (JSON-safe, so it goes in the line as it is), else a new UUID. */
export function requestIdOf(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export const SECURITY_BLOCK: readonly string[] = SECURITY_HEADERS.flat();

/**
 * The headers the onRequest hook below gives a response, as one flat [name, value, …] list in the
 * same order, for an answer written in one writeHead by a hook that runs before it (the calendar
 * feed's fast path). request-path.e2e-spec.ts and calendar-fast-path.e2e-spec.ts hold them equal.
 */
export function requestHeaderBlock(request: FastifyRequest): string[] {
  return [...SECURITY_BLOCK, 'x-request-id', request.id];
}

/** Noted fields as they follow `ms` in an access line (`,"feedToken":"…","cached":true`), made once by whoever notes them often. */
export function notedJson(fields: Record<string, string | number | boolean>): string {
  const json = JSON.stringify(fields);
  return json.length > 2 ? `,${json.slice(1, -1)}` : '';
}

/** Writes one access line made by hand: `reqId` must be JSON-safe (requestIdOf's are), `route` and `noted` already JSON. */
export interface AccessLineWriter {
  (reqId: string, method: string, route: string, status: number, ms: number, noted: string): void;
  /** Hands every line still held to the stream now (at shutdown, before the stream's own flush). */
  flush(): void;
}

/** Lines held before they go to the stream at once (well under the destination's 16 KB batch). */
const HELD_LINES_MAX_CHARS = 8 * 1024;

/**
 * The line the onResponse hook below writes through pino (level, time, pid, hostname, the fields,
 * msg), built as a string and written to the same stream, for answers that never reach Fastify
 * (access-log.spec.ts holds it equal to pino's). pino's own serialising was ~6 % of a cached feed.
 * The lines of one turn of the event loop go to the stream as one string, at the end of the turn
 * (or at 8 KB): the stream measures and copies every string it is given, which cost a cached 304
 * 5 % of its CPU when each line went alone. They are written in the order they were made.
 */
export function accessLineWriter(stream: { write(line: string): unknown }): AccessLineWriter {
  const bindings = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())}`;
  let held = '';
  let due = false;
  const flush = (): void => {
    due = false;
    if (held === '') return;
    const lines = held;
    held = '';
    stream.write(lines);
  };
  const write = (reqId: string, method: string, route: string, status: number, ms: number, noted: string): void => {
    held += `{"level":30,"time":${Date.now()}${bindings},"reqId":"${reqId}","method":"${method}","route":${route},"status":${status},"ms":${ms}${noted},"msg":"request"}\n`;
    if (held.length >= HELD_LINES_MAX_CHARS) flush();
    else if (!due) {
      due = true;
      setImmediate(flush);
    }
  };
  return Object.assign(write, { flush });
}

/**
 * Per request only what it needs: the security headers (precomputed) and the request id on the way
 * in; one access line on the way out, naming the route pattern (never the URL, which may carry a
 * calendar token) with the status and time, and the request id once. With `line` (the standalone
 * app) the line is made by hand, as the feed's fast path makes it, instead of through pino's
 * serialiser: the same bytes (access-log.spec.ts).
 */
export function registerRequestHooks(fastify: FastifyInstance, line: AccessLineWriter | null = null): void {
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    setSecurityHeaders(reply.raw);
    reply.header('x-request-id', request.id);
    done();
  });
  // Route patterns as JSON, made once each (there are as many as the app has routes).
  const routes = new Map<string, string>();
  const routeJson = (route: string): string => {
    let json = routes.get(route);
    if (json === undefined) routes.set(route, (json = JSON.stringify(route)));
    return json;
  };
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const noted = (request as unknown as Noted)[NOTE];
    const route = request.routeOptions?.url ?? 'unmatched';
    const ms = Math.round(reply.elapsedTime);
    if (line) line(request.id, request.method, routeJson(route), reply.statusCode, ms, noted ? notedJson(noted) : '');
    else request.log.info({ reqId: request.id, method: request.method, route, status: reply.statusCode, ms, ...noted }, 'request');
    done();
  });
}
