/**
 * Rendered facilitator feeds by token hash, so a poll costs one hash and one Map lookup.
 * Entries are dropped when something they show may have changed (a ward, a facilitator), when
 * their window day rolls over, and after a TTL that bounds staleness from writes this process
 * never hears about (another instance, a missed event). A build that overlaps an invalidation
 * may have read stale rows, so it is served but not stored (generation check).
 */
export interface CachedFeed {
  tokenHash: string;
  tokenId: string;
  facilitatorId: string;
  body: Buffer;
  /** The same bytes gzipped, made once per build; served to clients that accept gzip, under the same ETag. */
  gzipped: Buffer;
  etag: string;
  /** ISO instant, whole seconds. */
  lastModified: string;
  /** The same as an HTTP date, computed once. */
  lastModifiedHttp: string;
  /** Wards whose sessions, groups or names this body may show. */
  wardIds: ReadonlySet<string>;
  /** The owner and every colleague named in the body. */
  facilitatorIds: ReadonlySet<string>;
  /** Identifies the window the body was built for; another window means a rebuild. */
  windowKey: string;
  builtAtMs: number;
}

export class FeedCache {
  private readonly entries = new Map<string, CachedFeed>();
  private generation = 0;

  constructor(
    readonly ttlMs: number,
    readonly maxEntries = 10_000,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(tokenHash: string, windowKey: string, nowMs: number): CachedFeed | undefined {
    const entry = this.entries.get(tokenHash);
    if (entry === undefined) return undefined;
    if (!this.isCurrent(entry, windowKey, nowMs)) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry;
  }

  /** Like `get`, but an entry that is no longer current is left for `get` to drop. */
  current(tokenHash: string, windowKey: string, nowMs: number): CachedFeed | undefined {
    const entry = this.entries.get(tokenHash);
    return entry !== undefined && this.isCurrent(entry, windowKey, nowMs) ? entry : undefined;
  }

  private isCurrent(entry: CachedFeed, windowKey: string, nowMs: number): boolean {
    return entry.windowKey === windowKey && nowMs - entry.builtAtMs < this.ttlMs && nowMs >= entry.builtAtMs;
  }

  /** The entry whatever its age, for logging which token was refused. */
  peek(tokenHash: string): CachedFeed | undefined {
    return this.entries.get(tokenHash);
  }

  /** Take before reading the rows a build uses; pass to `set`. */
  stamp(): number {
    return this.generation;
  }

  /** Stores the entry unless something was invalidated since `stamp`; returns whether it did. */
  set(entry: CachedFeed, stamp: number): boolean {
    if (stamp !== this.generation) return false;
    this.entries.delete(entry.tokenHash);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(entry.tokenHash, entry);
    return true;
  }

  invalidateFacilitators(facilitatorIds: Iterable<string>): void {
    const ids = new Set(facilitatorIds);
    this.generation++;
    if (ids.size === 0) return;
    for (const [hash, entry] of this.entries) {
      for (const id of ids) {
        if (entry.facilitatorIds.has(id)) {
          this.entries.delete(hash);
          break;
        }
      }
    }
  }

  invalidateWard(wardId: string): void {
    this.generation++;
    for (const [hash, entry] of this.entries) if (entry.wardIds.has(wardId)) this.entries.delete(hash);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
