/**
 * What a ward's window of sessions expands to (the planned sessions and the groups they came from),
 * remembered so that reading the same window again costs neither the recurrence expansion nor the
 * curriculum loop nor the reads of groups, versions, cancellations and outcomes they need.
 *
 * Writes on this instance that change a plan (a group or its versions, a cancellation, an outcome,
 * the ward's zone) invalidate the ward's entries once they have committed; a build that overlapped
 * an invalidation may have read the rows before it, so it is used but not stored (stamp check).
 * Changes made by another instance are seen here once an entry is `ttlMs` old.
 */
export class WindowCache<T> {
  private readonly entries = new Map<string, { wardId: string; value: T; builtAtMs: number }>();
  private readonly generations = new Map<string, number>();

  constructor(
    readonly ttlMs: number,
    readonly maxEntries = 500,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, nowMs: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (nowMs - entry.builtAtMs >= this.ttlMs || nowMs < entry.builtAtMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Take before reading the rows a build uses; pass to `set`. */
  stamp(wardId: string): number {
    return this.generations.get(wardId) ?? 0;
  }

  /** Stores the entry unless the ward was invalidated since `stamp`; returns whether it did. */
  set(wardId: string, key: string, value: T, stamp: number, nowMs: number): boolean {
    if (this.ttlMs <= 0 || stamp !== this.stamp(wardId)) return false;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { wardId, value, builtAtMs: nowMs });
    return true;
  }

  invalidateWard(wardId: string): void {
    this.generations.set(wardId, this.stamp(wardId) + 1);
    for (const [key, entry] of this.entries) if (entry.wardId === wardId) this.entries.delete(key);
  }
}
