/**
 * The service's one rate limiter (failed authentication per address, calendar feeds per token and
 * per client): a fixed-window counter per key, pure (the caller passes the time). Not a global guard:
 * stack.md measured @nestjs/throttler as a global guard at 0.05× throughput. All keys share aligned
 * windows, so the whole table is dropped when a window ends: memory stays bounded by the number of
 * distinct keys seen in one window, and a hit is one Map lookup.
 */
export interface RateDecision {
  allowed: boolean;
  /** Seconds until the current window ends (for Retry-After). */
  retryAfterSeconds: number;
}

export class FixedWindowRateLimiter {
  private windowStart = Number.NEGATIVE_INFINITY;
  private counts = new Map<string, number>();

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
    /** Beyond this many distinct keys in one window, new keys are refused (a flood of random tokens). */
    readonly maxKeys = 100_000,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }

  hit(key: string, nowMs: number): RateDecision {
    const start = this.enterWindow(nowMs);
    const retryAfterSeconds = Math.max(1, Math.ceil((start + this.windowMs - nowMs) / 1000));
    const count = this.counts.get(key);
    if (count === undefined && this.counts.size >= this.maxKeys) return { allowed: false, retryAfterSeconds };
    const next = (count ?? 0) + 1;
    this.counts.set(key, next);
    return { allowed: next <= this.limit, retryAfterSeconds };
  }

  /**
   * Counts the hit only if it is allowed, and says whether it was. A refused try changes nothing, so
   * a caller that then takes the ordinary path (and its `hit`) is counted once, as without the try.
   */
  tryHit(key: string, nowMs: number): boolean {
    this.enterWindow(nowMs);
    const count = this.counts.get(key);
    if (count === undefined ? this.counts.size >= this.maxKeys : count >= this.limit) return false;
    this.counts.set(key, (count ?? 0) + 1);
    return true;
  }

  private enterWindow(nowMs: number): number {
    const start = Math.floor(nowMs / this.windowMs) * this.windowMs;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.counts = new Map();
    }
    return start;
  }
}
