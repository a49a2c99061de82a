import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { Subscription } from 'rxjs';
import { Clock } from '../common/clock';
import { TaggedCache } from '../common/tagged-cache';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainEvent, DomainEvents } from './domain-events';

/** At most this many answers, and this many characters of JSON in all (at most 8 MB): a ward's working set fits, RSS stays bounded. */
const MAX_ANSWERS = 1000;
const MAX_CHARS = 4 * 1024 * 1024;
/** At most this many remembered inputs (`remember`), each a ward's worth at most. */
const MAX_VALUES = 200;
/** Rows an answer's key is made from (a stay's progress head), each small. */
const MAX_ROWS = 5000;

export interface BuiltAnswer {
  /** The JSON text, exactly as the route would have serialised the object. */
  json: string;
  /** What it was built from: `ward:<id>`, `facilitator:<id>`, `admission:<id>`, `facilitators`. */
  tags: string[];
  /** An instant (of the clock) at which the answer changes by itself, e.g. a listed session starting. */
  validUntil?: string | null;
}

/** The tags a committed write's event makes stale. */
export function staleTags(event: DomainEvent): string[] {
  switch (event.type) {
    case 'sessions-changed':
      // A session's people, times or status in one ward can change conflicts (clashes, caps) in another.
      return [`ward:${event.wardId}`, ...event.facilitatorIds.map((id) => `facilitator:${id}`)];
    case 'ward-changed':
      return [`ward:${event.wardId}`, 'facilitators'];
    case 'facilitator-changed':
    case 'facilitator-rules-changed':
      return [`facilitator:${event.facilitatorId}`, 'facilitators'];
    case 'absence-added':
    case 'absence-removed':
      // Lists of facilitators (and calendar feeds) show no absences: only the person's conflicts change.
      return [`facilitator:${event.facilitatorId}`];
    case 'attendance-changed':
      return event.admissionIds.map((id) => `admission:${id}`);
  }
}

/**
 * Serialised answers of the busy read routes (a ward's sessions, an admission's progress, a ward's
 * facilitators), keyed by route, ward and query after the key's role and ward scope were checked,
 * so auth, rate limits and audit run on every request as before; only the build is saved.
 *
 * Each answer is dropped once a write on this instance that changes what it was built from has
 * committed (its domain event names the ward, facilitator or admission: `staleTags`); a build that
 * overlapped such a write is used but not kept. Changes made through another instance sharing the
 * database are seen within IMR_CACHE_SECONDS (0 turns this off), like the key and window caches.
 */
@Injectable()
export class ReadResponses implements OnModuleInit, OnModuleDestroy {
  private readonly cache: TaggedCache<string>;
  private readonly values: TaggedCache<unknown>;
  private readonly rows: TaggedCache<unknown>;
  private subscription: Subscription | null = null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {
    this.cache = new TaggedCache<string>(config.cacheSeconds * 1000, MAX_ANSWERS, MAX_CHARS);
    this.values = new TaggedCache<unknown>(config.cacheSeconds * 1000, MAX_VALUES, Infinity, () => 1);
    this.rows = new TaggedCache<unknown>(config.cacheSeconds * 1000, MAX_ROWS, Infinity, () => 1);
  }

  onModuleInit(): void {
    this.subscription = this.events.events$.subscribe((event) => {
      this.forget(staleTags(event));
    });
  }

  /**
   * Drops what carries any of these tags, for a write that raises no domain event (a stay's own
   * row: its update, discharge or reclassification): call it once the write has committed.
   */
  forget(tags: string[]): void {
    this.cache.invalidate(tags);
    this.values.invalidate(tags);
    this.rows.invalidate(tags);
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** The cached answer for `key`, or the one `build` makes (kept unless a write overlapped it). */
  async through(key: string, build: () => Promise<BuiltAnswer>): Promise<string> {
    const hit = this.cache.get(key, performance.now(), this.clock.now().toISOString());
    if (hit !== undefined) return hit;
    const stamp = this.cache.stamp();
    const built = await build();
    this.cache.set(key, built.json, built.tags, stamp, performance.now(), built.validUntil ?? null);
    return built.json;
  }

  /**
   * A value several answers are built from (a ward's coming sessions, for every stay's forecast),
   * kept and dropped by the same rules as an answer, in a cache of its own so answers never push it
   * out. Shared between requests: callers must not change it.
   */
  remember<T>(key: string, build: () => Promise<{ value: T; tags: string[] }>): Promise<T> {
    return kept(this.values, key, build);
  }

  /**
   * A row an answer's key is made from (so the key costs no statement), kept and dropped by the same
   * rules, in a cache of its own (many small rows: one per stay read). Callers must not change it.
   */
  rememberRow<T>(key: string, build: () => Promise<{ value: T; tags: string[] }>): Promise<T> {
    return kept(this.rows, key, build);
  }
}

/** `key`'s value in `cache`, or the one `build` makes (kept unless a write overlapped it). */
async function kept<T>(cache: TaggedCache<unknown>, key: string, build: () => Promise<{ value: T; tags: string[] }>): Promise<T> {
  const hit = cache.get(key, performance.now());
  if (hit !== undefined) return hit as T;
  const stamp = cache.stamp();
  const built = await build();
  cache.set(key, built.value, built.tags, stamp, performance.now());
  return built.value;
}
