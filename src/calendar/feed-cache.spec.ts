import { CachedFeed, FeedCache } from './feed-cache';

function entry(tokenHash: string, overrides: Partial<CachedFeed> = {}): CachedFeed {
  return {
    tokenHash,
    tokenId: `id-${tokenHash}`,
    facilitatorId: `f-${tokenHash}`,
    body: Buffer.from('BEGIN:VCALENDAR'),
    gzipped: Buffer.from('gz'),
    etag: '"e"',
    lastModified: '2027-03-01T10:00:00.000Z',
    lastModifiedHttp: 'Mon, 01 Mar 2027 10:00:00 GMT',
    wardIds: new Set(['w1']),
    facilitatorIds: new Set([`f-${tokenHash}`]),
    windowKey: '2027-03-01',
    builtAtMs: 1_000,
    ...overrides,
  };
}

describe('FeedCache', () => {
  it('returns a stored entry for the same window within the TTL', () => {
    const cache = new FeedCache(60_000);
    expect(cache.set(entry('h1'), cache.stamp())).toBe(true);
    expect(cache.get('h1', '2027-03-01', 2_000)?.tokenId).toBe('id-h1');
    expect(cache.get('h2', '2027-03-01', 2_000)).toBeUndefined();
  });

  it('drops an entry after the TTL, on another window, or when the clock went back', () => {
    const cache = new FeedCache(60_000);
    cache.set(entry('h1'), cache.stamp());
    expect(cache.get('h1', '2027-03-01', 61_000)).toBeUndefined();
    cache.set(entry('h1'), cache.stamp());
    expect(cache.get('h1', '2027-03-02', 2_000)).toBeUndefined();
    cache.set(entry('h1'), cache.stamp());
    expect(cache.get('h1', '2027-03-01', 500)).toBeUndefined();
  });

  it('shows a current entry without dropping a stale one, which `get` then drops', () => {
    const cache = new FeedCache(60_000);
    cache.set(entry('h1'), cache.stamp());
    expect(cache.current('h1', '2027-03-01', 2_000)?.tokenId).toBe('id-h1');
    for (const [windowKey, nowMs] of [
      ['2027-03-01', 61_000],
      ['2027-03-02', 2_000],
      ['2027-03-01', 500],
    ] as const) {
      expect(cache.current('h1', windowKey, nowMs)).toBeUndefined();
      expect(cache.peek('h1')?.tokenId).toBe('id-h1');
    }
    expect(cache.get('h1', '2027-03-01', 61_000)).toBeUndefined();
    expect(cache.peek('h1')).toBeUndefined();
  });

  it('drops the entries that name a facilitator, owner or colleague', () => {
    const cache = new FeedCache(60_000);
    cache.set(entry('h1', { facilitatorIds: new Set(['f-h1', 'kari']) }), cache.stamp());
    cache.set(entry('h2'), cache.stamp());
    cache.invalidateFacilitators(['kari']);
    expect(cache.get('h1', '2027-03-01', 2_000)).toBeUndefined();
    expect(cache.get('h2', '2027-03-01', 2_000)).toBeDefined();
    cache.invalidateFacilitators(['f-h2']);
    expect(cache.size).toBe(0);
  });

  it('drops the entries that show a ward', () => {
    const cache = new FeedCache(60_000);
    cache.set(entry('h1', { wardIds: new Set(['w1', 'w2']) }), cache.stamp());
    cache.set(entry('h2', { wardIds: new Set(['w3']) }), cache.stamp());
    cache.invalidateWard('w2');
    expect(cache.get('h1', '2027-03-01', 2_000)).toBeUndefined();
    expect(cache.get('h2', '2027-03-01', 2_000)).toBeDefined();
  });

  it('does not store a build that overlapped an invalidation', () => {
    const cache = new FeedCache(60_000);
    const stamp = cache.stamp();
    cache.invalidateWard('elsewhere');
    expect(cache.set(entry('h1'), stamp)).toBe(false);
    expect(cache.get('h1', '2027-03-01', 2_000)).toBeUndefined();
  });

  it('evicts the oldest entry beyond maxEntries', () => {
    const cache = new FeedCache(60_000, 2);
    for (const h of ['h1', 'h2', 'h3']) cache.set(entry(h), cache.stamp());
    expect(cache.size).toBe(2);
    expect(cache.get('h1', '2027-03-01', 2_000)).toBeUndefined();
    expect(cache.get('h3', '2027-03-01', 2_000)).toBeDefined();
  });
});
