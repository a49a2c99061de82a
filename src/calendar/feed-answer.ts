/**
 * How a facilitator's feed is answered over HTTP, in one place for both ways a request reaches it:
 * the controller (a cache miss, a token to look up again, a refusal) and the fast path that answers a
 * cached feed before Nest's pipeline runs (issue 19): in the standalone app a 'request' listener in
 * front of Fastify's, elsewhere a Fastify onRequest hook. All take their answer from `chooseAnswer`,
 * made once per cached feed, so a feed's status, headers and bytes cannot differ between them
 * (calendar-fast-path.e2e-spec.ts compares them on the wire).
 */
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { AccessLineWriter, noteForAccessLog, notedJson, requestIdOf, SECURITY_BLOCK } from '../http/access-log';
import { acceptsGzip, isNotModified } from './calendar-http';
import { CalendarFeedService } from './calendar-feed.service';
import { CachedFeed } from './feed-cache';

const CALENDAR_TYPE = 'text/calendar; charset=utf-8';
/** Short: calendar apps poll on their own schedule anyway, and a revalidation costs a 304. */
const FEED_CACHE_CONTROL = 'private, max-age=300';

/** Fastify route config that marks the feed route, so the hook knows it whatever prefix the module is mounted under. */
export const FEED_ROUTE_CONFIG = { imrCalendarFeed: true };

/** What every calendar body is sent with (before content-encoding and content-length). */
const CALENDAR_BODY_HEADERS = ['vary', 'Accept-Encoding', 'content-type', CALENDAR_TYPE];

/**
 * 200 with the calendar, gzipped when the client accepts it (the ward rota download; feeds keep
 * their answers made, below). The ETag is the one of the calendar itself either way, so a client
 * that switches between plain and gzip still gets its 304.
 */
export function sendCalendar(request: FastifyRequest, reply: FastifyReply, body: Buffer, gzipped: () => Buffer): void {
  for (let i = 0; i < CALENDAR_BODY_HEADERS.length; i += 2) reply.header(CALENDAR_BODY_HEADERS[i], CALENDAR_BODY_HEADERS[i + 1]);
  reply.status(200);
  if (acceptsGzip(request.headers['accept-encoding'])) {
    reply.header('content-encoding', 'gzip').send(gzipped());
    return;
  }
  reply.send(body);
}

/** One of a feed's three answers, made once per cached feed: headers as a flat [name, value, …] list in sending order. */
interface Answer {
  status: 200 | 304;
  headers: readonly string[];
  body: Buffer | undefined;
  /** The whole header block of the answer written in front of Fastify: security headers, an empty request id at FRONT_ID_AT, then `headers`. */
  front: readonly string[];
}

interface Answers {
  plain: Answer;
  gzip: Answer;
  notModified: Answer;
  /** What a cached answer adds to its access line. */
  noted: string;
}

const FRONT_ID_AT = SECURITY_BLOCK.length + 1;

function answer(status: 200 | 304, headers: string[], body: Buffer | undefined): Answer {
  return { status, headers, body, front: [...SECURITY_BLOCK, 'x-request-id', '', ...headers] };
}

const answers = new WeakMap<CachedFeed, Answers>();

function answersOf(feed: CachedFeed): Answers {
  let made = answers.get(feed);
  if (made === undefined) {
    const validators = ['etag', feed.etag, 'last-modified', feed.lastModifiedHttp, 'cache-control', FEED_CACHE_CONTROL];
    const calendar = [...validators, ...CALENDAR_BODY_HEADERS];
    made = {
      plain: answer(200, [...calendar, 'content-length', String(feed.body.length)], feed.body),
      gzip: answer(200, [...calendar, 'content-encoding', 'gzip', 'content-length', String(feed.gzipped.length)], feed.gzipped),
      notModified: answer(304, validators, undefined),
      noted: notedJson({ feedToken: feed.tokenId, cached: true }),
    };
    answers.set(feed, made);
  }
  return made;
}

/** 304 when the client's copy is current, else the calendar, gzipped when the client accepts it. */
function chooseAnswer(headers: IncomingHttpHeaders, made: Answers, feed: CachedFeed): Answer {
  if (
    isNotModified({ ifNoneMatch: headers['if-none-match'], ifModifiedSince: headers['if-modified-since'] }, feed.etag, feed.lastModified)
  ) {
    return made.notModified;
  }
  return acceptsGzip(headers['accept-encoding']) ? made.gzip : made.plain;
}

/** The answer for a request through Fastify; the token row's id goes in the request's one access line. */
function answerFor(request: FastifyRequest, feed: CachedFeed, cached: boolean): Answer {
  // In the request's one access line, not a second line per fetch: the token row's id, never the token.
  noteForAccessLog(request, { feedToken: feed.tokenId, cached });
  return chooseAnswer(request.headers, answersOf(feed), feed);
}

/** The answer through Fastify's reply: the controller's way, and the fast path's in a host application. */
export function answerFeed(request: FastifyRequest, reply: FastifyReply, feed: CachedFeed, cached: boolean): void {
  const { status, headers, body } = answerFor(request, feed, cached);
  for (let i = 0; i < headers.length; i += 2) reply.header(headers[i], headers[i + 1]);
  reply.status(status).send(body);
}

/**
 * The same answer written straight to the socket in one writeHead and end, for a fast path that runs
 * before every other onRequest hook: `leading` are the headers those hooks would have added.
 */
function writeFeed(request: FastifyRequest, reply: FastifyReply, feed: CachedFeed, leading: readonly string[]): void {
  const { status, headers, body } = answerFor(request, feed, true);
  reply.raw.writeHead(status, leading.concat(headers));
  reply.raw.end(body);
}

/** The token in a feed route's `:file` parameter (`<token>.ics`), or '' when it has no .ics ending. */
export function tokenOfFile(file: string): string {
  return file.endsWith('.ics') ? file.slice(0, -'.ics'.length) : '';
}

/**
 * A GET of the feed route whose feed `cachedFeed` can answer from memory is answered here, before
 * Nest's router, guards, interceptors and filters; every other request goes on as usual (HEAD, a
 * cache miss, a token due for its recheck, one over its rate limit, any other route). With
 * `leading`, the answer is written to the raw response with those headers first; without, through
 * Fastify's reply, after whatever earlier hooks set on it.
 */
export function feedFastPath(feeds: CalendarFeedService, leading?: (request: FastifyRequest) => readonly string[]) {
  return function feedFastPathHook(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
    if (request.method !== 'GET' || request.url.indexOf('/calendar/') === -1) return done();
    if ((request.routeOptions.config as Partial<typeof FEED_ROUTE_CONFIG> | undefined)?.imrCalendarFeed !== true) return done();
    const feed = feeds.cachedFeed(tokenOfFile((request.params as { file?: string }).file ?? ''));
    if (feed === undefined) return done();
    if (leading) writeFeed(request, reply, feed, leading(request));
    else answerFeed(request, reply, feed, true);
  };
}

/** The feed route in the standalone app (no route prefix), as its access line names it. */
const FEED_PREFIX = '/calendar/';
const FEED_ROUTE_JSON = JSON.stringify('/calendar/:file');

/** The token of a `/calendar/<token>.ics` URL (its query ignored, as the router does), or '' for any other URL. */
export function tokenOfUrl(url: string): string {
  if (!url.startsWith(FEED_PREFIX)) return '';
  const query = url.indexOf('?', FEED_PREFIX.length);
  const file = query === -1 ? url.slice(FEED_PREFIX.length) : url.slice(FEED_PREFIX.length, query);
  return file.indexOf('/') === -1 ? tokenOfFile(file) : '';
}

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A 'request' listener in front of Fastify's: a GET of a feed `cachedFeed` answers from memory is
 * written here in one writeHead and end, with the headers Fastify's hooks would have sent and its
 * access line; everything else (HEAD, a miss, a token due for its recheck or over its rate limit,
 * other routes, a server closing) goes to `next`. It skips Fastify's router, request and reply
 * objects and hooks, which were most of a cached feed's cost (issue 19).
 */
export function feedFrontListener(
  feeds: CalendarFeedService,
  next: RequestListener,
  line: AccessLineWriter | null,
  isClosing: () => boolean,
): RequestListener {
  return function feedFront(request, response) {
    const url = request.url ?? '';
    if (request.method !== 'GET' || !url.startsWith(FEED_PREFIX) || isClosing()) return next(request, response);
    const started = performance.now();
    const token = tokenOfUrl(url);
    const feed = token === '' ? undefined : feeds.cachedFeed(token);
    if (feed === undefined) return next(request, response);
    const id = requestIdOf(request.headers);
    const made = answersOf(feed);
    const chosen = chooseAnswer(request.headers, made, feed);
    const headers = chosen.front.slice();
    headers[FRONT_ID_AT] = id;
    response.writeHead(chosen.status, headers);
    response.end(chosen.body);
    line?.(id, 'GET', FEED_ROUTE_JSON, chosen.status, Math.round(performance.now() - started), made.noted);
  };
}

/**
 * Adds the fast path to the Fastify instance the module is served by, at start-up (before Fastify is
 * ready): the standalone app adds it first of its hooks (`addFirst`, with the headers its own hooks
 * give every response); in a host application it is added here, after the host's hooks. Under
 * another HTTP adapter nothing is added and the controller answers every request.
 */
@Injectable()
export class FeedFastPath implements OnModuleInit {
  private readonly logger = new Logger('CalendarFeed');
  private added = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly feeds: CalendarFeedService,
  ) {}

  addFirst(fastify: FastifyInstance, leading: (request: FastifyRequest) => readonly string[]): void {
    fastify.addHook('onRequest', feedFastPath(this.feeds, leading));
    this.added = true;
  }

  /**
   * The standalone app's way when no hook adds headers of its own (no CORS): the listener above in
   * front of Fastify's on its HTTP server, and the access lines through `line`. A closing server
   * leaves every request to Fastify, which answers 503 as it does.
   */
  inFront(fastify: FastifyInstance, line: AccessLineWriter | null): void {
    const server = fastify.server;
    const listeners = server.listeners('request') as RequestListener[];
    if (listeners.length !== 1) throw new Error(`expected Fastify's one request listener, found ${listeners.length}`);
    let closing = false;
    fastify.addHook('preClose', (done) => ((closing = true), done()));
    server.removeListener('request', listeners[0]);
    server.on(
      'request',
      feedFrontListener(this.feeds, listeners[0].bind(server), line, () => closing),
    );
    this.added = true;
  }

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (this.added || adapter?.getType() !== 'fastify') return;
    try {
      adapter.getInstance<FastifyInstance>().addHook('onRequest', feedFastPath(this.feeds));
      this.added = true;
    } catch (error) {
      // Fastify refuses hooks once it is ready (a host that readied it early): the controller still answers.
      this.logger.warn(`feed fast path not added: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
