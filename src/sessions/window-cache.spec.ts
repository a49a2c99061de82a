import { WindowCache } from './window-cache';

describe('WindowCache', () => {
  it('answers until the entry is ttl old', () => {
    const cache = new WindowCache<string>(5000);
    expect(cache.set('w1', 'a', 'plan', cache.stamp('w1'), 1000)).toBe(true);
    expect([cache.get('a', 1000), cache.get('a', 5999), cache.get('a', 6000)]).toEqual(['plan', 'plan', undefined]);
  });

  it('drops a ward’s entries on invalidation and leaves other wards alone', () => {
    const cache = new WindowCache<string>(5000);
    cache.set('w1', 'a', 'one', cache.stamp('w1'), 0);
    cache.set('w2', 'b', 'two', cache.stamp('w2'), 0);
    cache.invalidateWard('w1');
    expect([cache.get('a', 1), cache.get('b', 1)]).toEqual([undefined, 'two']);
  });

  it('does not store a build that overlapped an invalidation of its ward', () => {
    const cache = new WindowCache<string>(5000);
    const stamp = cache.stamp('w1');
    cache.invalidateWard('w1');
    expect(cache.set('w1', 'a', 'stale', stamp, 0)).toBe(false);
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.set('w2', 'b', 'fine', cache.stamp('w2'), 0)).toBe(true);
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const cache = new WindowCache<number>(5000, 2);
    for (const [i, key] of ['a', 'b', 'c'].entries()) cache.set('w', key, i, cache.stamp('w'), 0);
    expect([cache.get('a', 0), cache.get('b', 0), cache.get('c', 0), cache.size]).toEqual([undefined, 1, 2, 2]);
  });

  it('stores nothing with a ttl of 0', () => {
    const cache = new WindowCache<number>(0);
    expect(cache.set('w', 'a', 1, cache.stamp('w'), 0)).toBe(false);
  });
});
