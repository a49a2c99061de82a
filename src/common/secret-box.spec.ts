import { isSealed, openSecret, SecretKeyMissingError, sealSecret } from './secret-box';

const key = Buffer.alloc(32, 1);
const secret = 'whsec_' + 'x'.repeat(43);

describe('secret box (webhook secrets at rest)', () => {
  it('seals so the stored text holds nothing of the secret, and opens back to it', () => {
    const sealed = sealSecret(secret, key);
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('whsec_');
    expect(sealed.length).toBeLessThanOrEqual(200); // the column
    expect(sealSecret(secret, key)).not.toBe(sealed); // a fresh IV each time
    expect(openSecret(sealed, key)).toBe(secret);
  });

  it('reads a value stored before a key was set as it is', () => {
    expect(openSecret(secret, key)).toBe(secret);
    expect(openSecret(secret, null)).toBe(secret);
  });

  it('refuses to open without the key, with another key, or after the stored text changed', () => {
    const sealed = sealSecret(secret, key);
    expect(() => openSecret(sealed, null)).toThrow(SecretKeyMissingError);
    expect(() => openSecret(sealed, Buffer.alloc(32, 2))).toThrow();
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1);
    expect(() => openSecret(flipped, key)).toThrow();
  });
});
