import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'imr_';

/** 256 random bits, URL-safe, with a prefix so a leaked key is easy to recognise in a secret scanner. */
export function generateApiKey(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function looksLikeApiKey(value: string): boolean {
  return value.length >= 32 && value.length <= 200 && /^[A-Za-z0-9_\-.~+/=]+$/.test(value);
}
