/*
 * Attendance of one stay, read for progress and for the referral at discharge. Pure.
 *
 * - Within the stay: a session counts when its ward-local day lies between admittedOn and the
 *   discharge day (inclusive; open-ended while admitted). Recording already refuses others; this
 *   also drops what a later, earlier-dated discharge left outside.
 * - Completion date of a module: walking the attended sessions in time order, the ward-local day of
 *   the session after which every part 1..P has been attended, P being the largest part count among
 *   the module's attended sessions (the same P computeProgress judges completion by).
 * - Summary: how many sessions, and the ward-local days of the first and the last.
 */
import { localDate } from '../../common/time';
import { AttendedSession } from './progress';

export interface StayDays {
  admittedOn: string;
  dischargedOn: string | null;
}

export interface AttendanceSummary {
  sessionsAttended: number;
  firstOn: string | null;
  lastOn: string | null;
}

export function attendedWithinStay<T extends AttendedSession>(sessions: T[], stay: StayDays, timezone: string): T[] {
  return sessions.filter((session) => {
    const day = localDate(session.startsAt, timezone);
    return day >= stay.admittedOn && (stay.dischargedOn === null || day <= stay.dischargedOn);
  });
}

export function completionDates(attended: AttendedSession[], modules: number[], timezone: string): Record<number, string> {
  const wanted = new Set(modules);
  const partCount = new Map<number, number>();
  for (const session of attended) {
    if (wanted.has(session.module)) partCount.set(session.module, Math.max(partCount.get(session.module) ?? 0, session.parts));
  }
  const seen = new Map<number, Set<number>>();
  const dates: Record<number, string> = {};
  for (const session of inTimeOrder(attended)) {
    const parts = partCount.get(session.module);
    if (parts === undefined || dates[session.module] !== undefined) continue;
    const done = seen.get(session.module) ?? new Set<number>();
    seen.set(session.module, done.add(session.part));
    let complete = true;
    for (let part = 1; part <= parts && complete; part++) complete = done.has(part);
    if (complete) dates[session.module] = localDate(session.startsAt, timezone);
  }
  return dates;
}

export function attendanceSummary(attended: AttendedSession[], timezone: string): AttendanceSummary {
  const sessionIds = new Set(attended.map((session) => session.sessionId));
  const ordered = inTimeOrder(attended);
  return {
    sessionsAttended: sessionIds.size,
    firstOn: ordered.length ? localDate(ordered[0].startsAt, timezone) : null,
    lastOn: ordered.length ? localDate(ordered[ordered.length - 1].startsAt, timezone) : null,
  };
}

function inTimeOrder<T extends AttendedSession>(sessions: T[]): T[] {
  return [...sessions].sort(
    (a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0),
  );
}
