/**
 * How a facilitator's feed is answered over HTTP, in one place for both ways a request reaches it:
 * the controller (a cache miss, a token to look up again, a refusal) and the fast path, a Fastify
 * onRequest hook that answers a cached feed before Nest's pipeline runs (issue 19). Both call
 * `answerFeed`, so a feed's status, headers and bytes cannot differ between them.
 */
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { noteForAccessLog } from '../http/access-log';
import { acceptsGzip, isNotModified } from './calendar-http';
import { CalendarFeedService } from './calendar-feed.service';
import { CachedFeed } from './feed-cache';

export const CALENDAR_TYPE = 'text/calendar; charset=utf-8';
/** Short: calendar apps poll on their own schedule anyway, and a revalidation costs a 304. */
const FEED_CACHE_CONTROL = 'private, max-age=300';

/** Fastify route config that marks the feed route, so the hook knows it whatever prefix the module is mounted under. */
export const FEED_ROUTE_CONFIG = { imrCalendarFeed: true };

/**
 * 200 with the calendar, gzipped when the client accepts it. The ETag is the one of the calendar
 * itself either way, so a client that switches between plain and gzip still gets its 304.
 */
export function sendCalendar(request: FastifyRequest, reply: FastifyReply, body: Buffer, gzipped: () => Buffer): void {
  reply.header('vary', 'Accept-Encoding').header('content-type', CALENDAR_TYPE).status(200);
  if (acceptsGzip(request.headers['accept-encoding'])) {
    reply.header('content-encoding', 'gzip').send(gzipped());
    return;
  }
  reply.send(body);
}

/** 304 when the client's copy is current, else the calendar; the token row's id goes in the request's one access line. */
export function answerFeed(request: FastifyRequest, reply: FastifyReply, feed: CachedFeed, cached: boolean): void {
  reply.header('etag', feed.etag).header('last-modified', feed.lastModifiedHttp).header('cache-control', FEED_CACHE_CONTROL);
  const { headers } = request;
  const notModified = isNotModified({ ifNoneMatch: headers['if-none-match'], ifModifiedSince: headers['if-modified-since'] }, feed.etag, feed.lastModified);
  // In the request's one access line, not a second line per fetch: the token row's id, never the token.
  noteForAccessLog(request, { feedToken: feed.tokenId, cached });
  if (notModified) {
    reply.status(304).send();
    return;
  }
  sendCalendar(request, reply, feed.body, () => feed.gzipped);
}

/** The token in a feed route's `:file` parameter (`<token>.ics`), or '' when it has no .ics ending. */
export function tokenOfFile(file: string): string {
  return file.endsWith('.ics') ? file.slice(0, -'.ics'.length) : '';
}

/**
 * A GET of the feed route whose feed `cachedFeed` can answer from memory is answered here, before
 * Nest's router, guards, interceptors and filters; every other request goes on as usual (HEAD, a
 * cache miss, a token due for its recheck, one over its rate limit, any other route).
 */
export function feedFastPath(feeds: CalendarFeedService) {
  return function feedFastPathHook(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
    if (request.method !== 'GET' || request.url.indexOf('/calendar/') === -1) return done();
    if ((request.routeOptions.config as Partial<typeof FEED_ROUTE_CONFIG>).imrCalendarFeed !== true) return done();
    const feed = feeds.cachedFeed(tokenOfFile((request.params as { file?: string }).file ?? ''));
    if (feed === undefined) return done();
    answerFeed(request, reply, feed, true);
  };
}

/**
 * Adds the fast path to the Fastify instance the module is served by, the standalone app's or a
 * host's, at start-up (before Fastify is ready). Under another HTTP adapter nothing is added and
 * the controller answers every request.
 */
@Injectable()
export class FeedFastPath implements OnModuleInit {
  private readonly logger = new Logger('CalendarFeed');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly feeds: CalendarFeedService,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'fastify') return;
    const fastify = adapter.getInstance<FastifyInstance>();
    try {
      fastify.addHook('onRequest', feedFastPath(this.feeds));
    } catch (error) {
      // Fastify refuses hooks once it is ready (a host that readied it early): the controller still answers.
      this.logger.warn(`feed fast path not added: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
