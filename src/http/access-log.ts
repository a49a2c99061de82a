import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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

const SECURITY_BLOCK: readonly string[] = SECURITY_HEADERS.flat();

/**
 * The headers the onRequest hook below gives a response, as one flat [name, value, …] list in the
 * same order, for an answer written in one writeHead by a hook that runs before it (the calendar
 * feed's fast path). request-path.e2e-spec.ts and calendar-fast-path.e2e-spec.ts hold them equal.
 */
export function requestHeaderBlock(request: FastifyRequest): string[] {
  return [...SECURITY_BLOCK, 'x-request-id', request.id];
}

/**
 * Per request only what it needs: the security headers (precomputed) and the request id on the way
 * in; one access line on the way out, naming the route pattern (never the URL, which may carry a
 * calendar token) with the status and time, and the request id once.
 */
export function registerRequestHooks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    setSecurityHeaders(reply.raw);
    reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    request.log.info(
      {
        reqId: request.id,
        method: request.method,
        route: request.routeOptions?.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        ...(request as unknown as Noted)[NOTE],
      },
      'request',
    );
    done();
  });
}
