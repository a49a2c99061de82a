/**
 * Subscription tokens for calendar feeds: 256 random bits as unpadded base64url (URL-safe, 43
 * characters). Only the SHA-256 hash is stored, so a database leak does not reveal working links.
 */
import * as crypto from 'node:crypto';

export const CALENDAR_TOKEN_BYTES = 32;
export const CALENDAR_TOKEN_LENGTH = 43; // ceil(32 * 8 / 6), no padding

// 42 characters carry 252 bits; the last one carries the remaining 4 bits, so its 2 low bits are
// zero. Only the 16 characters with that property can end a token that randomBytes produced.
const WELL_FORMED_TOKEN = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

export function newCalendarToken(): string {
  return crypto.randomBytes(CALENDAR_TOKEN_BYTES).toString('base64url');
}

/** Hex SHA-256; what the database stores and looks tokens up by. Every feed fetch takes one: the one-shot form where Node has it (20.12). */
export const hashToken: (token: string) => string =
  typeof crypto.hash === 'function'
    ? (token) => crypto.hash('sha256', token, 'hex')
    : (token) => crypto.createHash('sha256').update(token, 'utf8').digest('hex');

/** Cheap shape check so garbage is rejected before any database lookup. */
export function isWellFormedToken(token: string): boolean {
  return typeof token === 'string' && WELL_FORMED_TOKEN.test(token);
}
