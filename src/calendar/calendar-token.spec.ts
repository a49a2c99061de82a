import { CALENDAR_TOKEN_LENGTH, hashToken, isWellFormedToken, newCalendarToken } from './calendar-token';

describe('newCalendarToken', () => {
  it('is 43 URL-safe characters carrying 32 random bytes (256 bits)', () => {
    const token = newCalendarToken();
    expect(token).toHaveLength(CALENDAR_TOKEN_LENGTH);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('does not repeat across many calls', () => {
    const tokens = new Set(Array.from({ length: 2000 }, () => newCalendarToken()));
    expect(tokens.size).toBe(2000);
  });

  it('always passes its own shape check', () => {
    for (let i = 0; i < 2000; i++) expect(isWellFormedToken(newCalendarToken())).toBe(true);
  });
});

describe('hashToken', () => {
  it('is hex SHA-256 (FIPS 180-2 "abc" vector)', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('is deterministic, 64 hex characters, and different for different tokens', () => {
    const a = newCalendarToken();
    const b = newCalendarToken();
    expect(hashToken(a)).toBe(hashToken(a));
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toBe(hashToken(b));
    expect(hashToken(a)).not.toContain(a);
  });
});

describe('isWellFormedToken', () => {
  const good = Buffer.alloc(32, 0xab).toString('base64url');

  it('accepts a canonical 32-byte base64url string', () => {
    expect(isWellFormedToken(good)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['one short', good.slice(0, 42)],
    ['one long', good + 'A'],
    ['padded', good + '='],
    ['standard base64 +', '+' + good.slice(1)],
    ['standard base64 /', '/' + good.slice(1)],
    ['whitespace', ' ' + good.slice(1)],
    ['trailing newline', good.slice(0, 42) + 'A\n'],
    ['non-canonical last character', good.slice(0, 42) + 'B'],
    ['path traversal', '../../etc/passwd'.padEnd(43, 'a')],
    ['non-ASCII', 'æ'.repeat(43)],
  ])('rejects %s', (_label, token) => {
    expect(isWellFormedToken(token)).toBe(false);
  });
});
