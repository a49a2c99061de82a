import { FixedWindowRateLimiter } from './rate-limiter';

describe('FixedWindowRateLimiter', () => {
  const t0 = Date.parse('2027-03-01T09:00:00.000Z');

  it('allows `limit` hits per key and window, then refuses with the seconds left', () => {
    const limiter = new FixedWindowRateLimiter(3, 60_000);
    expect([1, 2, 3].map(() => limiter.hit('a', t0 + 10_000).allowed)).toEqual([true, true, true]);
    expect(limiter.hit('a', t0 + 10_000)).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(limiter.hit('b', t0 + 10_000).allowed).toBe(true);
  });

  it('starts over in the next window', () => {
    const limiter = new FixedWindowRateLimiter(1, 60_000);
    expect(limiter.hit('a', t0).allowed).toBe(true);
    expect(limiter.hit('a', t0 + 59_999).allowed).toBe(false);
    expect(limiter.hit('a', t0 + 60_000).allowed).toBe(true);
  });

  it('bounds memory: beyond maxKeys, new keys are refused until the window ends', () => {
    const limiter = new FixedWindowRateLimiter(5, 60_000, 2);
    expect(limiter.hit('a', t0).allowed).toBe(true);
    expect(limiter.hit('b', t0).allowed).toBe(true);
    expect(limiter.hit('c', t0).allowed).toBe(false);
    expect(limiter.hit('a', t0).allowed).toBe(true);
    expect(limiter.hit('c', t0 + 60_000).allowed).toBe(true);
  });

  it('counts a try only when it is allowed, so the hit that follows a refused try is the only count', () => {
    const limiter = new FixedWindowRateLimiter(2, 60_000, 2);
    expect([limiter.tryHit('a', t0), limiter.tryHit('a', t0), limiter.tryHit('a', t0)]).toEqual([true, true, false]);
    expect(limiter.hit('a', t0)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.tryHit('b', t0)).toBe(true);
    expect(limiter.tryHit('c', t0)).toBe(false);
    expect(limiter.hit('c', t0).allowed).toBe(false);
    expect(limiter.tryHit('a', t0 + 60_000)).toBe(true);
  });

  it('refuses a try exactly where a hit would be refused', () => {
    const tried = new FixedWindowRateLimiter(3, 60_000);
    const hit = new FixedWindowRateLimiter(3, 60_000);
    const times = [0, 1, 2, 3, 4, 59_999, 60_000, 60_001, 60_002, 60_003].map((d) => t0 + d);
    expect(times.map((now) => tried.tryHit('a', now))).toEqual(times.map((now) => hit.hit('a', now).allowed));
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => new FixedWindowRateLimiter(0)).toThrow(RangeError);
    expect(() => new FixedWindowRateLimiter(1.5)).toThrow(RangeError);
  });
});
