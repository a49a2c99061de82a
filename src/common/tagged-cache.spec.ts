import { TaggedCache } from './tagged-cache';

describe('TaggedCache', () => {
  it('answers until the entry is ttl old, or until its validUntil by the clock', () => {
    const cache = new TaggedCache<string>(5000, 10);
    cache.set('a', 'plan', ['ward:1'], cache.stamp(), 1000, '2027-03-01T10:00:00.000Z');
    expect([cache.get('a', 5999, '2027-03-01T09:59:59.999Z'), cache.get('a', 6000)]).toEqual(['plan', undefined]);
    cache.set('b', 'plan', ['ward:1'], cache.stamp(), 1000, '2027-03-01T10:00:00.000Z');
    expect(cache.get('b', 1001, '2027-03-01T10:00:00.000Z')).toBeUndefined();
  });

  it('drops the entries of an invalidated tag and leaves the others', () => {
    const cache = new TaggedCache<string>(5000, 10);
    cache.set('a', 'one', ['ward:1', 'facilitator:p'], cache.stamp(), 0);
    cache.set('b', 'two', ['ward:2'], cache.stamp(), 0);
    cache.set('c', 'three', ['ward:2', 'facilitator:p'], cache.stamp(), 0);
    cache.invalidate(['facilitator:p']);
    expect([cache.get('a', 1), cache.get('b', 1), cache.get('c', 1)]).toEqual([undefined, 'two', undefined]);
  });

  it('does not store a build that overlapped an invalidation of one of its tags', () => {
    const cache = new TaggedCache<string>(5000, 10);
    const stamp = cache.stamp();
    cache.invalidate(['ward:1']);
    expect(cache.set('a', 'stale', ['ward:1'], stamp, 0)).toBe(false);
    expect(cache.set('b', 'fine', ['ward:2'], stamp, 0)).toBe(true);
    expect(cache.set('c', 'fresh', ['ward:1'], cache.stamp(), 0)).toBe(true);
    cache.clear();
    expect(cache.set('d', 'during clear', ['ward:3'], stamp, 0)).toBe(false);
  });

  it('tells whether a tag was invalidated since a stamp', () => {
    const cache = new TaggedCache<string>(5000, 10);
    const stamp = cache.stamp();
    cache.invalidate(['ward:1']);
    expect([
      cache.invalidatedSince('ward:1', stamp),
      cache.invalidatedSince('ward:2', stamp),
      cache.invalidatedSince('ward:1', cache.stamp()),
    ]).toEqual([true, false, false]);
  });

  it('evicts the least recently used beyond maxEntries or maxWeight', () => {
    const cache = new TaggedCache<string>(5000, 2, 10);
    cache.set('a', 'aaaa', [], cache.stamp(), 0);
    cache.set('b', 'bbbb', [], cache.stamp(), 0);
    cache.get('a', 0);
    cache.set('c', 'cc', [], cache.stamp(), 0);
    expect([cache.get('a', 0), cache.get('b', 0), cache.get('c', 0), cache.size]).toEqual(['aaaa', undefined, 'cc', 2]);
    cache.set('d', 'dddddddd', [], cache.stamp(), 0);
    expect([cache.size, cache.weight, cache.get('d', 0)]).toEqual([2, 10, 'dddddddd']);
    expect(cache.set('e', 'x'.repeat(11), [], cache.stamp(), 0)).toBe(false);
  });

  it('stores nothing with a ttl of 0', () => {
    const cache = new TaggedCache<number>(0, 10);
    expect(cache.set('a', 1, [], cache.stamp(), 0)).toBe(false);
  });
});
