/**
 * Turns rota rows into calendar content (pure: no clock, no database).
 *
 * A facilitator's feed holds their published sessions in the window. A session that leaves it
 * (handed to a colleague, unpublished, deleted) is not dropped but served as CANCELLED with a
 * higher SEQUENCE, from a snapshot of what the feed last showed. Why: a subscription has no
 * "delete" message. A CANCELLED VEVENT with a higher SEQUENCE under the same UID is the explicit,
 * RFC 5545 way to say "this no longer happens", and every client either hides it or shows it
 * struck through; an event that merely vanishes from the file relies on each app diffing the
 * whole feed, which some clients (Outlook in particular) have been seen to skip, leaving ghosts.
 * The cost: a facilitator keeps a cancelled entry for a session handed to a colleague.
 * The records (`FeedEventRecord`) remember, per facilitator and session, what was served last,
 * so SEQUENCE only ever grows, even when a session comes back to the same facilitator.
 *
 * No patient data reaches a calendar: rows carry only session, group, ward and facilitator
 * fields, and a cancellation's free-text reason is never used (it may name a patient).
 */
import { CalendarTexts, fillText, Language, SERVICE_TEXTS } from '../../common/i18n';
import type { CalendarEvent, CalendarInput } from './ical';
import { sessionEventUid } from './ical';

export type FacilitatorRole = 'lead' | 'co';

export interface FeedFacilitator {
  id: string;
  name: string;
  role: FacilitatorRole;
}

/** One session with what a calendar shows of it. Instants are ISO UTC strings. */
export interface FeedSessionRow {
  id: string;
  startsAt: string;
  endsAt: string;
  /** `not-held`: it had its time and was recorded as not held (sessions/session-outcomes.ts). */
  status: 'scheduled' | 'cancelled' | 'not-held';
  published: boolean;
  sequence: number;
  changedAt: string;
  moduleNumber: number;
  modulePart: number;
  moduleParts: number;
  /** In the language of the session's ward. */
  moduleTitle: string;
  /** The session's ward's language: its event's words. */
  language: Language;
  groupName: string;
  wardName: string;
  room: string | null;
  facilitators: FeedFacilitator[];
}

/** What a facilitator's feed last served for a session. `summary` is without the "Cancelled: " prefix. */
export interface FeedEventRecord {
  sessionId: string;
  state: 'shown' | 'withdrawn';
  sequence: number;
  startsAt: string;
  endsAt: string;
  summary: string;
  location: string;
  lastModified: string;
}

export interface FacilitatorFeedInput {
  facilitator: { id: string; name: string };
  /** Sessions starting in [from, to) are in the feed. */
  window: { from: string; to: string };
  /** Sessions the facilitator is on, and the sessions of `records` that still exist. */
  sessions: FeedSessionRow[];
  records: FeedEventRecord[];
  refreshMinutes: number;
  /** The calendar's own name and description, and withdrawn events (which have no ward row any more). */
  language: Language;
}

export interface RenderedFeedContent {
  calendar: CalendarInput;
  /** The latest change among the events; null for an empty calendar. */
  contentChangedAt: string | null;
}

export interface FacilitatorFeed extends RenderedFeedContent {
  /** Records to insert or update, so the next render knows what this one served. */
  recordChanges: FeedEventRecord[];
}

/** The English phrases, kept as names other modules and tests use. */
export const CANCELLED_PREFIX = SERVICE_TEXTS.en.calendar.cancelledPrefix;
export const WITHDRAWN_NOTE = SERVICE_TEXTS.en.calendar.withdrawnNote;

function textsOf(language: Language): CalendarTexts {
  return SERVICE_TEXTS[language].calendar;
}

export function sessionSummary(
  s: Pick<FeedSessionRow, 'moduleTitle' | 'modulePart' | 'moduleParts' | 'groupName'>,
  language: Language = 'en',
): string {
  const t = textsOf(language);
  const part = s.moduleParts > 1 ? fillText(t.summaryPart, { part: s.modulePart, parts: s.moduleParts }) : '';
  return fillText(t.summary, { title: s.moduleTitle, part, group: s.groupName });
}

export function sessionLocation(s: Pick<FeedSessionRow, 'wardName' | 'room'>): string {
  return s.room ? `${s.wardName}, ${s.room}` : s.wardName;
}

function modulePartLine(s: FeedSessionRow, t: CalendarTexts): string {
  return s.moduleParts > 1
    ? fillText(t.modulePart, { n: s.moduleNumber, part: s.modulePart, parts: s.moduleParts })
    : fillText(t.module, { n: s.moduleNumber });
}

function names(people: FeedFacilitator[]): string {
  return people.map((p) => p.name).join(', ');
}

function byName(a: FeedFacilitator, b: FeedFacilitator): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function facilitatorLines(me: FeedFacilitator, all: FeedFacilitator[], t: CalendarTexts): string[] {
  const others = all.filter((f) => f.id !== me.id).sort(byName);
  const leads = others.filter((f) => f.role === 'lead');
  const cos = others.filter((f) => f.role === 'co');
  if (me.role === 'lead') {
    if (cos.length === 0) return [t.yourRoleLead, fillText(t.co, { names: t.noneAssigned })];
    return [t.yourRoleLead, fillText(cos.length > 1 ? t.cos : t.co, { names: names(cos) })];
  }
  const lines = [t.yourRoleCo, fillText(t.lead, { names: leads.length ? names(leads) : t.noneAssigned })];
  if (cos.length) lines.push(fillText(cos.length > 1 ? t.otherCos : t.otherCo, { names: names(cos) }));
  return lines;
}

function laterOf(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

function latest(events: CalendarEvent[]): string | null {
  return events.reduce<string | null>((max, e) => (max === null ? e.lastModified : laterOf(max, e.lastModified)), null);
}

function sameRecord(a: FeedEventRecord, b: FeedEventRecord): boolean {
  return (
    a.state === b.state &&
    a.sequence === b.sequence &&
    a.startsAt === b.startsAt &&
    a.endsAt === b.endsAt &&
    a.summary === b.summary &&
    a.location === b.location &&
    a.lastModified === b.lastModified
  );
}

/** The facilitator's calendar, and what to remember about it. */
export function buildFacilitatorFeed(input: FacilitatorFeedInput): FacilitatorFeed {
  const from = Date.parse(input.window.from);
  const to = Date.parse(input.window.to);
  const inWindow = (startsAt: string) => {
    const ms = Date.parse(startsAt);
    return ms >= from && ms < to;
  };
  const records = new Map(input.records.map((r) => [r.sessionId, r]));
  const live = new Map(input.sessions.map((s) => [s.id, s]));
  const events: CalendarEvent[] = [];
  const recordChanges: FeedEventRecord[] = [];
  const shown = new Set<string>();

  for (const s of input.sessions) {
    const me = s.facilitators.find((f) => f.id === input.facilitator.id);
    if (!me || !s.published || !inWindow(s.startsAt)) continue;
    const previous = records.get(s.id);
    const returning = previous !== undefined && previous.state === 'withdrawn';
    const sequence = previous ? Math.max(s.sequence, previous.sequence + (returning ? 1 : 0)) : s.sequence;
    const lastModified = returning ? laterOf(s.changedAt, previous.lastModified) : s.changedAt;
    const record: FeedEventRecord = {
      sessionId: s.id,
      state: 'shown',
      sequence,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      summary: sessionSummary(s, s.language),
      location: sessionLocation(s),
      lastModified,
    };
    const t = textsOf(s.language);
    const description = [...statusShown(s.status, t).lines, ...facilitatorLines(me, s.facilitators, t), modulePartLine(s, t)].join('\n');
    events.push(toEvent(record, s.status, description, t));
    shown.add(s.id);
    if (!previous || !sameRecord(previous, record)) recordChanges.push(record);
  }

  for (const previous of input.records) {
    if (shown.has(previous.sessionId) || !inWindow(previous.startsAt)) continue;
    let record = previous;
    if (previous.state === 'shown') {
      const session = live.get(previous.sessionId);
      record = {
        ...previous,
        state: 'withdrawn',
        sequence: Math.max(session?.sequence ?? 0, previous.sequence + 1),
        lastModified: session ? laterOf(session.changedAt, previous.lastModified) : previous.lastModified,
      };
      recordChanges.push(record);
    }
    const t = textsOf(input.language);
    events.push(toEvent(record, 'cancelled', t.withdrawnNote, t));
  }

  const t = textsOf(input.language);
  return {
    calendar: {
      name: fillText(t.feedName, { name: input.facilitator.name }),
      description: fillText(t.feedDescription, { name: input.facilitator.name }),
      refreshMinutes: input.refreshMinutes,
      events,
    },
    contentChangedAt: latest(events),
    recordChanges,
  };
}

/**
 * How a session's status shows: a cancelled one, and one recorded as not held, are CANCELLED events
 * (it did not take place, so calendars strike it), each with its own prefix and description line.
 */
function statusShown(
  status: FeedSessionRow['status'],
  t: CalendarTexts,
): { ical: CalendarEvent['status']; prefix: string; lines: string[] } {
  if (status === 'cancelled') return { ical: 'CANCELLED', prefix: t.cancelledPrefix, lines: [t.cancelledLine] };
  if (status === 'not-held') return { ical: 'CANCELLED', prefix: t.notHeldPrefix, lines: [t.notHeldLine] };
  return { ical: 'CONFIRMED', prefix: '', lines: [] };
}

function toEvent(record: FeedEventRecord, status: FeedSessionRow['status'], description: string, t: CalendarTexts): CalendarEvent {
  const shown = statusShown(status, t);
  return {
    uid: sessionEventUid(record.sessionId),
    startsAt: record.startsAt,
    endsAt: record.endsAt,
    sequence: record.sequence,
    status: shown.ical,
    lastModified: record.lastModified,
    summary: shown.prefix + record.summary,
    location: record.location,
    description,
  };
}

export interface WardRotaInput {
  ward: { name: string; language: Language };
  /** Ward-local dates, inclusive; only used in the calendar's description. */
  from: string;
  to: string;
  sessions: FeedSessionRow[];
  refreshMinutes: number;
}

/** A ward's rota as one downloadable calendar: every session given, with its facilitators. */
export function buildWardRota(input: WardRotaInput): RenderedFeedContent {
  const t = textsOf(input.ward.language);
  const events = input.sessions.map((s): CalendarEvent => {
    const shown = statusShown(s.status, t);
    const people = [...s.facilitators].sort(byName);
    const leads = people.filter((f) => f.role === 'lead');
    const cos = people.filter((f) => f.role === 'co');
    const lines = [
      ...shown.lines,
      ...(s.published ? [] : [t.draftLine]),
      ...(people.length === 0 ? [t.noFacilitators] : []),
      ...(leads.length ? [fillText(t.lead, { names: names(leads) })] : []),
      ...(cos.length ? [fillText(cos.length > 1 ? t.cos : t.co, { names: names(cos) })] : []),
      modulePartLine(s, t),
    ];
    const summary = sessionSummary(s, input.ward.language);
    return {
      uid: sessionEventUid(s.id),
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      sequence: s.sequence,
      status: shown.ical,
      lastModified: s.changedAt,
      summary: shown.prefix + summary,
      location: sessionLocation(s),
      description: lines.join('\n'),
    };
  });
  return {
    calendar: {
      name: fillText(t.rotaName, { ward: input.ward.name }),
      description: fillText(t.rotaDescription, { ward: input.ward.name, from: input.from, to: input.to }),
      refreshMinutes: input.refreshMinutes,
      events,
    },
    contentChangedAt: latest(events),
  };
}
