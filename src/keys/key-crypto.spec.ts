import { digestsEqual, generateApiKey, hashApiKey, looksLikeApiKey } from './key-crypto';

describe('API key crypto', () => {
  it('generates 256-bit URL-safe keys that differ every time', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^imr_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(4), 'base64url')).toHaveLength(32);
    expect(looksLikeApiKey(a)).toBe(true);
  });

  it('stores a SHA-256 digest, never the key', () => {
    const key = generateApiKey();
    const digest = hashApiKey(key);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).not.toContain(key);
    expect(digestsEqual(digest, hashApiKey(key))).toBe(true);
    expect(digestsEqual(digest, hashApiKey(key + 'x'))).toBe(false);
  });
});
