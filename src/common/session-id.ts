/**
 * Session ids: a session is one occurrence of a group, keyed by the group and its ward-local date, so
 * its id is a name-based RFC 4122 version-5 UUID of `${groupId}/${date}`. The same session gets the
 * same id on every read, after a restart and after edits to other groups, with nothing stored.
 */
import { createHash } from 'node:crypto';

/** Our namespace for session names; changing it would change every session id. */
export const SESSION_ID_NAMESPACE = '6c35bd40-216d-427f-a178-1b5c8b9b32b3';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidBytes(uuid: string): Buffer {
  if (!UUID_PATTERN.test(uuid)) throw new RangeError(`not a UUID: ${uuid}`);
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** RFC 4122 §4.3: SHA-1 over namespace bytes then name bytes, first 16 bytes, version 5, variant 10xx. */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function sessionIdFor(groupId: string, date: string): string {
  return uuidV5(`${groupId}/${date}`, SESSION_ID_NAMESPACE);
}
