/**
 * Secrets the service must read back (a webhook's signing secret) sealed at rest with AES-256-GCM
 * under `IMR_SECRETS_KEY`, so a copy of the database (a backup, a dump) does not let anyone sign
 * deliveries. A sealed value reads `sealed:v1:` and the base64url of IV (12 bytes), tag (16) and
 * ciphertext; anything else is a value stored before a key was set, read as it is.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'sealed:v1:';

export class SecretKeyMissingError extends Error {
  constructor() {
    super('a sealed secret needs IMR_SECRETS_KEY, which is not set');
  }
}

/** The key from its configured text: 32 bytes as 64 hex digits or as base64 (base64url too); null when unset. */
export function parseSecretsKey(raw: string | undefined): Buffer | null {
  if (raw === undefined || raw === '') return null;
  const key = /^[0-9a-f]{64}$/i.test(raw)
    ? Buffer.from(raw, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(raw)
      ? Buffer.from(raw, 'base64')
      : null;
  if (!key || key.length !== 32) return null;
  return key;
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

export function sealSecret(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The secret as stored: opened when sealed (a wrong key or a changed value throws), as it is otherwise. */
export function openSecret(stored: string, key: Buffer | null): string {
  if (!isSealed(stored)) return stored;
  if (!key) throw new SecretKeyMissingError();
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
