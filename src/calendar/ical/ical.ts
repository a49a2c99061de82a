/**
 * Renders rota sessions as an RFC 5545 / RFC 7986 calendar feed, byte-identical for identical
 * input (no clock is read), with every instant in UTC.
 *
 * Generated with the `ics` package (v3.12.0), then post-processed where it falls short:
 *  1. DTSTAMP: ics stamps Date.now() unless given `timestamp`, which its schema and formatter accept
 *     but its typings omit. We pass the session's last change, so an unchanged feed does not change.
 *     LAST-MODIFIED goes through ics's own `lastModified`.
 *  2. Calendar header: ics writes X-WR-CALNAME but not RFC 7986 NAME / DESCRIPTION, nothing for
 *     REFRESH-INTERVAL, and a fixed X-PUBLISHED-TTL:PT1H. We replace that TTL line with NAME,
 *     DESCRIPTION + X-WR-CALDESC, REFRESH-INTERVAL and X-PUBLISHED-TTL from `refreshMinutes`.
 *  3. Text escaping: ics escapes SUMMARY, DESCRIPTION and LOCATION, but only newlines in PRODID and
 *     X-WR-CALNAME, so we pass those already escaped (RFC 5545 §3.3.11). Control characters, which
 *     TEXT may not hold, are stripped from all input first.
 *  4. Folding: ics folds at 75 characters, so lines with æ, ø, å exceed the 75-octet limit. We unfold
 *     its output and fold again by octets (ical-fold.ts), with CRLF line endings.
 *  5. METHOD: none (see `withoutMethod`).
 *  6. Order: events are sorted by start, then UID, so the byte order never depends on input order.
 */
import { createEvents, type EventAttributes } from 'ics';
import { serializeContentLines, unfoldContentLines } from './ical-fold';

export interface CalendarEvent {
  /** Stable for the life of the session, e.g. `${sessionId}@imr-ward-rota`. */
  uid: string;
  /** ISO 8601 instants with Z or an explicit offset. */
  startsAt: string;
  endsAt: string;
  sequence: number;
  status: 'CONFIRMED' | 'CANCELLED';
  /** ISO instant of the session's last change; becomes DTSTAMP and LAST-MODIFIED. */
  lastModified: string;
  summary: string;
  location: string;
  description: string;
  url?: string;
}

export interface CalendarInput {
  name: string;
  description?: string;
  /** Suggested polling interval: REFRESH-INTERVAL and X-PUBLISHED-TTL. */
  refreshMinutes: number;
  events: CalendarEvent[];
  prodId?: string;
}

export const DEFAULT_PROD_ID = '-//IMR Ward Rota//Calendar Feed//EN';
export const UID_DOMAIN = 'imr-ward-rota';

/** The UID a session keeps for life, whatever happens to its time, place or facilitators. */
export function sessionEventUid(sessionId: string | number): string {
  return `${sessionId}@${UID_DOMAIN}`;
}

export function renderCalendar(cal: CalendarInput): string {
  const name = cleanText(cal.name);
  if (name.trim() === '') throw new RangeError('calendar name must not be empty');
  if (!Number.isInteger(cal.refreshMinutes) || cal.refreshMinutes < 1) {
    throw new RangeError(`refreshMinutes must be a positive integer, got ${cal.refreshMinutes}`);
  }
  assertUniqueUids(cal.events);

  const events = cal.events
    .map(toIcsEvent)
    .sort(byStartThenUid)
    .map(({ attributes }) => attributes);
  const { error, value } = createEvents(events, {
    productId: escapeText(cleanText(cal.prodId ?? DEFAULT_PROD_ID)),
    calName: escapeText(name),
  });
  if (error || value === null) throw new Error(`ics could not render the calendar: ${describeIcsError(error)}`);

  const lines = replacePublishedTtl(withoutMethod(unfoldContentLines(value)), calendarProperties(cal, name));
  return serializeContentLines(lines);
}

// ----- events -----

interface SortableEvent {
  startMs: number;
  uid: string;
  attributes: EventAttributes;
}

function toIcsEvent(event: CalendarEvent): SortableEvent {
  const startMs = parseInstant(event.startsAt, 'startsAt', event.uid);
  const endMs = parseInstant(event.endsAt, 'endsAt', event.uid);
  const lastModifiedMs = parseInstant(event.lastModified, 'lastModified', event.uid);
  if (endMs <= startMs) throw new RangeError(`event ${event.uid}: endsAt must be after startsAt`);
  if (!Number.isInteger(event.sequence) || event.sequence < 0) {
    throw new RangeError(`event ${event.uid}: sequence must be a non-negative integer`);
  }
  // `timestamp` (DTSTAMP) is accepted by ics 3.12.0's schema and formatter but missing from its
  // typings; the DTSTAMP spec fails if an upgrade stops honouring it.
  const attributes: EventAttributes & { timestamp: number } = {
    uid: event.uid,
    start: startMs,
    end: endMs,
    startInputType: 'utc',
    startOutputType: 'utc',
    endInputType: 'utc',
    endOutputType: 'utc',
    title: cleanText(event.summary),
    location: cleanText(event.location),
    description: cleanText(event.description),
    url: event.url ? event.url : undefined,
    sequence: event.sequence,
    status: event.status,
    timestamp: lastModifiedMs,
    lastModified: lastModifiedMs,
  };
  return { startMs, uid: event.uid, attributes };
}

function byStartThenUid(a: SortableEvent, b: SortableEvent): number {
  if (a.startMs !== b.startMs) return a.startMs - b.startMs;
  // Code-unit order, not localeCompare: the order must not depend on the process locale.
  return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
}

function assertUniqueUids(events: readonly CalendarEvent[]): void {
  const seen = new Set<string>();
  for (const { uid } of events) {
    // ics writes UID with only newlines escaped, so keep it to printable ASCII without , ; \
    if (!/^[!-~]+$/.test(uid) || /[,;\\]/.test(uid)) {
      throw new RangeError(`event UID ${JSON.stringify(uid)} must be printable ASCII without , ; or \\`);
    }
    if (seen.has(uid)) throw new RangeError(`event UID ${uid} appears twice in one calendar`);
    seen.add(uid);
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Requires an explicit zone: Date.parse reads a bare date-time as process-local time. */
function parseInstant(iso: string, field: string, uid: string): number {
  const ms = ISO_INSTANT.test(iso) ? Date.parse(iso) : NaN;
  if (!Number.isFinite(ms)) {
    throw new RangeError(`event ${uid}: ${field} ${JSON.stringify(iso)} is not an ISO instant with Z or offset`);
  }
  return ms;
}

// ----- calendar header -----

function calendarProperties(cal: CalendarInput, name: string): string[] {
  const duration = `PT${cal.refreshMinutes}M`;
  const lines = [`NAME:${escapeText(name)}`];
  const description = cal.description === undefined ? '' : cleanText(cal.description);
  if (description !== '') {
    lines.push(`DESCRIPTION:${escapeText(description)}`, `X-WR-CALDESC:${escapeText(description)}`);
  }
  lines.push(`REFRESH-INTERVAL;VALUE=DURATION:${duration}`, `X-PUBLISHED-TTL:${duration}`);
  return lines;
}

const ICS_FIXED_TTL = 'X-PUBLISHED-TTL:PT1H';

/**
 * A subscription feed is not an iTIP message (RFC 5546): with METHOD:PUBLISH every VEVENT would
 * need an ORGANIZER, and iTIP-aware parsers (libical's restriction check) refuse one without. We have
 * no organiser to name (sessions are the ward's, not a person's), so the feed carries no METHOD at
 * all, as RFC 5545 allows. ics writes METHOD:PUBLISH by default; the line is dropped here.
 */
function withoutMethod(lines: string[]): string[] {
  return lines.filter((line) => !line.startsWith('METHOD:'));
}

function replacePublishedTtl(lines: string[], replacement: string[]): string[] {
  const at = lines.indexOf(ICS_FIXED_TTL);
  const firstComponent = lines.findIndex((line) => line.startsWith('BEGIN:V') && line !== 'BEGIN:VCALENDAR');
  if (at < 0 || (firstComponent >= 0 && at > firstComponent)) {
    throw new Error(`ics output changed: expected "${ICS_FIXED_TTL}" in the calendar header`);
  }
  return [...lines.slice(0, at), ...replacement, ...lines.slice(at + 1)];
}

// ----- text -----

/** RFC 5545 §3.3.11 TEXT escaping, for the properties ics does not escape itself. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/;/g, '\\;').replace(/,/g, '\\,');
}

/** Newlines normalised to LF (which ics escapes); other control characters, barred from TEXT, removed. */
function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '');
}

function describeIcsError(error: unknown): string {
  if (error && typeof error === 'object') {
    const { errors, message } = error as { errors?: unknown; message?: unknown };
    if (Array.isArray(errors) && errors.length > 0) return errors.join('; ');
    if (typeof message === 'string') return message;
  }
  return String(error);
}
