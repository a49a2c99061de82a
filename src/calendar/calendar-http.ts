/**
 * HTTP caching of calendar bodies (pure): strong ETags, conditional requests (RFC 9110 §13) and a
 * Last-Modified that never moves backwards. HTTP dates have whole seconds, so every instant here is
 * truncated to the second before it is compared or stored.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** Strong ETag: the quoted hex SHA-256 of the exact bytes served (66 characters). */
export function etagOf(body: Buffer | string): string {
  return `"${createHash('sha256').update(body).digest('hex')}"`;
}

export function truncateToSecond(iso: string): string {
  return new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString();
}

export function httpDate(iso: string): string {
  return new Date(Date.parse(iso)).toUTCString();
}

export interface ConditionalHeaders {
  ifNoneMatch?: string | string[];
  ifModifiedSince?: string | string[];
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * True when the client's copy is current and a 304 is the answer. If-None-Match wins over
 * If-Modified-Since and uses weak comparison (a W/ prefix from an intermediary still matches).
 */
export function isNotModified(headers: ConditionalHeaders, etag: string, lastModifiedIso: string): boolean {
  const ifNoneMatch = single(headers.ifNoneMatch);
  if (ifNoneMatch !== undefined) {
    // The common case, a client sending back the tag it was given, without the list parsing below.
    if (ifNoneMatch === etag) return true;
    if (ifNoneMatch.trim() === '*') return true;
    const opaque = etag.replace(/^W\//, '');
    return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
  }
  const ifModifiedSince = single(headers.ifModifiedSince);
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && Date.parse(truncateToSecond(lastModifiedIso)) <= since;
}

export interface ServedVersion {
  etag: string | null;
  lastModified: string | null;
}

/**
 * Last-Modified for a body with `etag`. The same body keeps its date. A changed body takes the
 * latest change of its content, or `now` when that is not later than the previous date (an event
 * left the window, or was withdrawn without a newer change time), so the date never moves back.
 */
export function nextLastModified(previous: ServedVersion, etag: string, contentChangedAt: string, now: string): string {
  if (previous.lastModified !== null && previous.etag === etag) return previous.lastModified;
  const content = truncateToSecond(contentChangedAt);
  if (previous.lastModified === null) return content;
  if (Date.parse(content) > Date.parse(previous.lastModified)) return content;
  const current = truncateToSecond(now);
  return Date.parse(current) > Date.parse(previous.lastModified) ? current : previous.lastModified;
}

/**
 * Whether the client takes gzip (RFC 9110 §12.5.3): `gzip` or `*` with a q-value above 0, unless
 * gzip itself is listed with q=0.
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = single(header);
  if (!value) return false;
  let gzip: number | null = null;
  let any: number | null = null;
  for (const part of value.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    const weight = q ? Number(q[1]) : 1;
    if (coding.trim() === 'gzip' || coding.trim() === 'x-gzip') gzip = weight;
    else if (coding.trim() === '*') any = weight;
  }
  return (gzip ?? any ?? 0) > 0;
}

/** The gzip form of a body, byte-stable for the same input (Node writes no timestamp in the header). */
export function gzipBody(body: Buffer): Buffer {
  return gzipSync(body, { level: 9 });
}
