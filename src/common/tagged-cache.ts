/**
 * A bounded, least-recently-used cache whose entries carry tags (`ward:<id>`, `facilitator:<id>`,
 * `admission:<id>` ...) and are dropped when any of their tags is invalidated. For what a read
 * computes from committed rows: invalidate after the write that changes them commits.
 *
 * - A build that overlapped an invalidation of one of its tags may have read rows from before it,
 *   so it is used but not stored (take `stamp()` before reading, pass it to `set`).
 * - An entry lives at most `ttlMs` (monotonic time): changes made by another instance are seen
 *   within that bound. `validUntil` (an ISO instant of the injected clock) ends it earlier, for an
 *   answer that changes by itself at a known time (a session starting).
 * - At most `maxEntries` entries and `maxWeight` in all (a string's length by default): the least
 *   recently used go first, so memory does not grow with the requests.
 */
export class TaggedCache<T> {
  private readonly entries = new Map<string, { value: T; tags: string[]; builtAtMs: number; validUntil: string | null; weight: number }>();
  private readonly byTag = new Map<string, Set<string>>();
  private readonly invalidatedAt = new Map<string, number>();
  private sequence = 0;
  /** Builds stamped before this are never stored (the marks older than it were dropped). */
  private floor = 0;
  private totalWeight = 0;

  constructor(
    readonly ttlMs: number,
    readonly maxEntries: number,
    readonly maxWeight = Infinity,
    private readonly weigh: (value: T) => number = (value) => (typeof value === 'string' ? value.length : 1),
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get weight(): number {
    return this.totalWeight;
  }

  get(key: string, nowMs: number, clockNow?: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const expired = nowMs - entry.builtAtMs >= this.ttlMs || nowMs < entry.builtAtMs;
    if (expired || (clockNow !== undefined && entry.validUntil !== null && clockNow >= entry.validUntil)) {
      this.delete(key);
      return undefined;
    }
    // Most recently used last, so the first key is the one to evict.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** The entries kept now (not refreshed as used; expired ones included until their next get). */
  values(): IterableIterator<T> {
    return [...this.entries.values()].map((e) => e.value)[Symbol.iterator]();
  }

  /** Take before reading the rows a build uses; pass to `set`. */
  stamp(): number {
    return this.sequence;
  }

  /** Stores the entry unless one of its tags was invalidated since `stamp`; returns whether it did. */
  set(key: string, value: T, tags: readonly string[], stamp: number, nowMs: number, validUntil: string | null = null): boolean {
    if (this.ttlMs <= 0 || stamp < this.floor) return false;
    if (tags.some((tag) => (this.invalidatedAt.get(tag) ?? -1) >= stamp)) return false;
    const weight = this.weigh(value);
    if (weight > this.maxWeight) return false;
    this.delete(key);
    while (this.entries.size && (this.entries.size >= this.maxEntries || this.totalWeight + weight > this.maxWeight)) {
      this.delete(this.entries.keys().next().value as string);
    }
    const unique = [...new Set(tags)];
    this.entries.set(key, { value, tags: unique, builtAtMs: nowMs, validUntil, weight });
    this.totalWeight += weight;
    for (const tag of unique) {
      const keys = this.byTag.get(tag) ?? new Set<string>();
      keys.add(key);
      this.byTag.set(tag, keys);
    }
    return true;
  }

  /** Whether the tag was invalidated at or after `stamp` (or can no longer tell). */
  invalidatedSince(tag: string, stamp: number): boolean {
    return stamp < this.floor || (this.invalidatedAt.get(tag) ?? -1) >= stamp;
  }

  invalidate(tags: readonly string[]): void {
    for (const tag of tags) {
      this.invalidatedAt.set(tag, this.sequence);
      for (const key of [...(this.byTag.get(tag) ?? [])]) this.delete(key);
    }
    this.sequence++;
    // Keep the marks from growing with the ids ever invalidated: builds stamped before now are refused instead.
    if (this.invalidatedAt.size > 10_000) {
      this.invalidatedAt.clear();
      this.floor = this.sequence;
    }
  }

  /** Drops every entry, and every build under way. */
  clear(): void {
    for (const key of [...this.entries.keys()]) this.delete(key);
    this.floor = ++this.sequence;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalWeight -= entry.weight;
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys && !keys.size) this.byTag.delete(tag);
    }
  }
}
