import { createHash } from 'node:crypto';

/** This service's fixed UUID v5 namespace; changing it changes every bundle's ids. */
export const REFERRAL_UUID_NAMESPACE = '0f5c8c1e-3f0e-5b8e-9d8a-6a1c2b3d4e5f';

/** RFC 4122 name-based UUID, version 5. */
export function uuidV5(name: string, namespace: string = REFERRAL_UUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
