import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { Clock } from '../common/clock';
import { DomainEvent, DomainEvents } from '../events/domain-events';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { etagOf, gzipBody, httpDate, nextLastModified } from './calendar-http';
import { hashToken, isWellFormedToken } from './calendar-token';
import { CalendarRepository } from './calendar.repository';
import { buildFacilitatorFeed } from './ical/feed-builder';
import { CachedFeed, FeedCache } from './feed-cache';
import { renderCalendar } from './ical/ical';
import { FixedWindowRateLimiter } from '../http/rate-limiter';

/** Bounds staleness from changes this process does not hear about (another instance, a missed event). */
export const FEED_CACHE_TTL_MS = 5 * 60_000;
/** How stale a cached feed's token check may be; bounds how long a link revoked on another instance works here. */
const TOKEN_RECHECK_MS = 30_000;
/** How far ahead a feed reaches: a little over a year, so a rota published for the next twelve months is all there. */
export const FEED_AHEAD_DAYS = 400;
const DAY_MS = 86_400_000;
/** Bounds the token -> hash memo; it only holds tokens that found a cached feed, so this many feeds at most. */
const HASH_MEMO_MAX = 10_000;

export type FeedResult =
  | { kind: 'not-found' }
  | { kind: 'rate-limited'; retryAfterSeconds: number; tokenId: string | null }
  | { kind: 'feed'; feed: CachedFeed; cached: boolean };

interface FeedWindow {
  key: string;
  from: string;
  to: string;
}

/**
 * Serves facilitator feeds by subscription token. A hit is a hash (remembered for tokens that hit), a rate-limit count and a Map
 * lookup; a miss loads the rows (never materialising sessions: the nightly job does that), renders,
 * remembers what it served, and caches the bytes until a domain event says they may be stale.
 */
@Injectable()
export class CalendarFeedService implements OnModuleInit, OnModuleDestroy {
  private readonly cache = new FeedCache(FEED_CACHE_TTL_MS);
  private readonly limiter: FixedWindowRateLimiter;
  private readonly lookups: FixedWindowRateLimiter;
  private readonly building = new Map<string, Promise<CachedFeed | null>>();
  private readonly verified = new Map<string, number>();
  /** Token -> hash of tokens that found a cached feed, so a poll from memory takes no SHA-256 (held only as long as the process, like the request itself). */
  private readonly hashes = new Map<string, string>();
  private lastWindow?: FeedWindow & { dayMs: number };
  private subscription?: Subscription;

  constructor(
    private readonly repo: CalendarRepository,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.limiter = new FixedWindowRateLimiter(config.calendar.rateLimitPerMinute, 60_000);
    this.lookups = new FixedWindowRateLimiter(Math.max(60, config.calendar.rateLimitPerMinute), 60_000);
  }

  onModuleInit(): void {
    this.subscription = this.events.events$.subscribe((event) => this.onDomainEvent(event));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /**
   * Relies on: 'sessions-changed' (any change to a ward's sessions, assignments, publication or
   * group names), 'facilitator-changed' (names, pools) and 'ward-changed' (ward names).
   */
  private onDomainEvent(event: DomainEvent): void {
    if (event.type === 'sessions-changed') {
      this.cache.invalidateWard(event.wardId);
      this.cache.invalidateFacilitators(event.facilitatorIds);
    } else if (event.type === 'facilitator-changed') {
      this.cache.invalidateFacilitators([event.facilitatorId]);
    } else if (event.type === 'ward-changed') {
      this.cache.invalidateWard(event.wardId);
    }
  }

  /** Drops a facilitator's cached feed at once (their token was rotated or revoked). */
  forgetFacilitator(facilitatorId: string): void {
    this.cache.invalidateFacilitators([facilitatorId]);
  }

  /**
   * Every token is limited per token. A made-up token costs one indexed lookup, and only lookups that
   * find nothing count against the client's address (IMR_TRUST_PROXY decides what that address is):
   * a flood of made-up tokens gets 429 there, while a real token, even one rotated a second ago and
   * asked for from that very address, is always looked up and answered.
   */
  async fetch(token: string, client = 'unknown'): Promise<FeedResult> {
    if (!isWellFormedToken(token)) return { kind: 'not-found' };
    const tokenHash = hashToken(token);
    const now = this.clock.now();
    const nowMs = now.getTime();
    const known = this.cache.peek(tokenHash);
    if (known) {
      const gate = this.limiter.hit(tokenHash, nowMs);
      if (!gate.allowed) return { kind: 'rate-limited', retryAfterSeconds: gate.retryAfterSeconds, tokenId: known.tokenId };
    }
    const window = this.windowAt(nowMs);
    const cached = this.cache.get(tokenHash, window.key, nowMs);
    if (cached) {
      if (nowMs - (this.verified.get(tokenHash) ?? 0) <= TOKEN_RECHECK_MS) return { kind: 'feed', feed: cached, cached: true };
      // Another instance may have rotated or revoked the link, or deactivated the person: look again now and then.
      if (await this.isLive(tokenHash)) {
        this.verified.set(tokenHash, nowMs);
        return { kind: 'feed', feed: cached, cached: true };
      }
      this.cache.invalidateFacilitators([cached.facilitatorId]);
      return this.miss(client, nowMs);
    }
    const feed = await this.buildOnce(tokenHash, window, now);
    if (!feed) return this.miss(client, nowMs);
    this.verified.set(tokenHash, nowMs);
    if (!known) {
      const first = this.limiter.hit(tokenHash, nowMs);
      if (!first.allowed) return { kind: 'rate-limited', retryAfterSeconds: first.retryAfterSeconds, tokenId: feed.tokenId };
    }
    return { kind: 'feed', feed, cached: false };
  }

  /**
   * The answer `fetch` would give from memory alone: the cached feed, when it is current, its token was
   * checked within TOKEN_RECHECK_MS and the token is within its rate limit (that hit is counted).
   * Anything else is undefined with nothing counted, and `fetch` then answers as it always does.
   */
  cachedFeed(token: string): CachedFeed | undefined {
    let tokenHash = this.hashes.get(token);
    if (tokenHash === undefined) {
      if (!isWellFormedToken(token)) return undefined;
      tokenHash = hashToken(token);
    }
    const nowMs = this.clock.now().getTime();
    const feed = this.cache.current(tokenHash, this.windowAt(nowMs).key, nowMs);
    if (!feed || nowMs - (this.verified.get(tokenHash) ?? 0) > TOKEN_RECHECK_MS) return undefined;
    this.remember(token, tokenHash);
    return this.limiter.tryHit(tokenHash, nowMs) ? feed : undefined;
  }

  private remember(token: string, tokenHash: string): void {
    if (this.hashes.has(token)) return;
    if (this.hashes.size >= HASH_MEMO_MAX) this.hashes.clear();
    this.hashes.set(token, tokenHash);
  }

  /** A lookup that found no live token: 404, or 429 once this client has made too many of them. */
  private miss(client: string, nowMs: number): FeedResult {
    const gate = this.lookups.hit(client, nowMs);
    return gate.allowed ? { kind: 'not-found' } : { kind: 'rate-limited', retryAfterSeconds: gate.retryAfterSeconds, tokenId: null };
  }

  private async isLive(tokenHash: string): Promise<boolean> {
    const token = await this.repo.findLiveToken(tokenHash);
    return token !== null && (await this.repo.findFacilitator(token.facilitatorId))?.active === true;
  }

  /**
   * From `pastWeeks` before today (UTC) to FEED_AHEAD_DAYS ahead (or the planning horizon if later);
   * one window per UTC day. What is published reaches the feed however far ahead it was published,
   * within that limit, whatever the nightly planning horizon is.
   */
  private windowAt(nowMs: number): FeedWindow {
    const day = Math.floor(nowMs / DAY_MS) * DAY_MS;
    if (this.lastWindow?.dayMs === day) return this.lastWindow;
    const { pastWeeks } = this.config.calendar;
    const ahead = Math.max(FEED_AHEAD_DAYS, this.config.groups.horizonWeeks * 7 + 1);
    this.lastWindow = {
      dayMs: day,
      key: new Date(day).toISOString().slice(0, 10),
      from: new Date(day - pastWeeks * 7 * DAY_MS).toISOString(),
      to: new Date(day + ahead * DAY_MS).toISOString(),
    };
    return this.lastWindow;
  }

  /** Concurrent misses for one token share a single build. */
  private buildOnce(tokenHash: string, window: FeedWindow, now: Date): Promise<CachedFeed | null> {
    const running = this.building.get(tokenHash);
    if (running) return running;
    const build = this.build(tokenHash, window, now).finally(() => this.building.delete(tokenHash));
    this.building.set(tokenHash, build);
    return build;
  }

  private async build(tokenHash: string, window: FeedWindow, now: Date): Promise<CachedFeed | null> {
    const stamp = this.cache.stamp();
    const token = await this.repo.findLiveToken(tokenHash);
    if (!token) return null;
    const facilitator = await this.repo.findFacilitator(token.facilitatorId);
    // A deactivated facilitator's feed answers 404 (their link works again if they come back).
    if (!facilitator?.active) return null;
    const rows = await this.repo.loadFacilitatorFeed(facilitator.id, window.from, window.to);
    const feed = buildFacilitatorFeed({
      facilitator: { id: facilitator.id, name: facilitator.name },
      window,
      sessions: rows.sessions,
      records: rows.records,
      language: rows.language,
      refreshMinutes: this.config.calendar.refreshMinutes,
    });
    const body = Buffer.from(renderCalendar(feed.calendar), 'utf8');
    const etag = etagOf(body);
    const previous = { etag: token.feedEtag, lastModified: token.feedLastModified };
    const lastModified = nextLastModified(previous, etag, feed.contentChangedAt ?? token.createdAt, now.toISOString());
    if (feed.recordChanges.length || etag !== previous.etag || lastModified !== previous.lastModified) {
      await this.repo.saveServedFeed(token, { etag, lastModified }, feed.recordChanges);
    }
    const named = new Set([facilitator.id]);
    for (const s of rows.sessions) for (const f of s.facilitators) named.add(f.id);
    const entry: CachedFeed = {
      tokenHash,
      tokenId: token.id,
      facilitatorId: facilitator.id,
      body,
      gzipped: gzipBody(body),
      etag,
      lastModified,
      lastModifiedHttp: httpDate(lastModified),
      wardIds: new Set(rows.wardIds),
      facilitatorIds: named,
      windowKey: window.key,
      builtAtMs: now.getTime(),
    };
    this.cache.set(entry, stamp);
    return entry;
  }
}
