/**
 * Which sessions a group has in a window, and what each one teaches. Pure: no database, no clock.
 *
 * A group's schedule is a list of versions, each in force from its `effectiveFrom` until the next.
 * Occurrences come from expanding each version's RRULE in the ward's zone (recurrence.ts).
 * The curriculum cycles forever (curriculum.ts, assignModules): a cancelled session's module moves to
 * the next held one, a session recorded as not held passes its module to the next one that has not
 * started, and sessions that have started keep theirs. A version that changes the curriculum (or
 * sessionsPerModule) starts the cycle again from its first module; one that only moves the time or
 * room continues it.
 */
import { addDays } from '../../common/time';
import { sessionIdFor } from '../../common/session-id';
import { assignModules, StartedFact } from './curriculum';
import { expandOccurrences } from './recurrence';

export interface ScheduleVersion {
  effectiveFrom: string;
  recurrence: string;
  startTime: string;
  durationMinutes: number;
  curriculum: number[];
  sessionsPerModule: number;
  facilitatorsPerSession: number;
  room: string | null;
}

export interface GroupSchedule {
  groupId: string;
  timezone: string;
  startsOn: string;
  endsOn: string | null;
  excludedDates: string[];
  /** Sorted by effectiveFrom; the first one starts on startsOn. */
  versions: ScheduleVersion[];
}

export interface PlannedSession {
  id: string;
  occurrenceDate: string;
  startsAt: string;
  endsAt: string;
  moduleNumber: number;
  modulePart: number;
  moduleParts: number;
  room: string | null;
  facilitatorsPerSession: number;
  cancelled: boolean;
}

function sameCurriculum(a: ScheduleVersion, b: ScheduleVersion): boolean {
  return a.sessionsPerModule === b.sessionsPerModule && a.curriculum.join(',') === b.curriculum.join(',');
}

/** The first day of the curriculum run that `date` belongs to. */
export function curriculumRunStart(schedule: GroupSchedule, date: string): string {
  let start = schedule.startsOn;
  for (let i = 1; i < schedule.versions.length; i++) {
    const v = schedule.versions[i];
    if (v.effectiveFrom > date) break;
    if (!sameCurriculum(v, schedule.versions[i - 1])) start = v.effectiveFrom;
  }
  return start;
}

/** Every occurrence between two dates (inclusive), each with the version in force on its day. */
export function occurrencesBetween(schedule: GroupSchedule, from: string, to: string) {
  const result: { date: string; startsAt: string; endsAt: string; version: ScheduleVersion }[] = [];
  const last = schedule.endsOn && schedule.endsOn < to ? schedule.endsOn : to;
  const first = schedule.startsOn > from ? schedule.startsOn : from;
  if (first > last) return result;
  schedule.versions.forEach((version, i) => {
    const next = schedule.versions[i + 1];
    const versionEnd = next ? addDays(next.effectiveFrom, -1) : last;
    const windowFrom = version.effectiveFrom > first ? version.effectiveFrom : first;
    const windowTo = versionEnd < last ? versionEnd : last;
    if (windowFrom > windowTo) return;
    const occurrences = expandOccurrences(
      {
        recurrence: version.recurrence,
        startTime: version.startTime,
        durationMinutes: version.durationMinutes,
        startsOn: i === 0 ? schedule.startsOn : version.effectiveFrom,
        endsOn: versionEnd < last ? versionEnd : last,
        excludedDates: schedule.excludedDates,
        timezone: schedule.timezone,
      },
      { from: windowFrom, to: windowTo },
    );
    for (const o of occurrences) result.push({ ...o, version });
  });
  return result;
}

/** What is known about a group's sessions beyond its schedule. */
export interface SessionFacts {
  /** Dates of cancelled sessions. */
  cancelled: ReadonlySet<string>;
  /** Instant (ISO, UTC): occurrences starting at or before it have started. Omitted: none has. */
  now?: string;
  /** Stored facts of started sessions, by date (see StartedFact); the rest are taken as planned. */
  started?: ReadonlyMap<string, StartedFact>;
}

/**
 * The sessions of a window with their modules. The facts must cover the whole curriculum run that
 * leads into the window, because every earlier cancellation or session not held shifts the modules
 * after it.
 */
export function planSessions(schedule: GroupSchedule, from: string, to: string, facts: SessionFacts): PlannedSession[] {
  const runStart = curriculumRunStart(schedule, from);
  const runs: { version: ScheduleVersion; occurrences: ReturnType<typeof occurrencesBetween> }[] = [];
  for (const o of occurrencesBetween(schedule, runStart, to)) {
    const run = runs[runs.length - 1];
    if (run && sameCurriculum(run.version, o.version)) run.occurrences.push(o);
    else runs.push({ version: o.version, occurrences: [o] });
  }
  const sessions: PlannedSession[] = [];
  for (const { version, occurrences } of runs) {
    const taught = assignModules(
      occurrences.map((o) => {
        const started = facts.now !== undefined && o.startsAt <= facts.now;
        return { ...o, cancelled: facts.cancelled.has(o.date), started, fact: started ? facts.started?.get(o.date) : undefined };
      }),
      version.curriculum,
      version.sessionsPerModule,
      0,
    );
    for (const o of taught) {
      if (o.date < from) continue;
      sessions.push({
        id: sessionIdFor(schedule.groupId, o.date),
        occurrenceDate: o.date,
        startsAt: o.startsAt,
        endsAt: o.endsAt,
        moduleNumber: o.module,
        modulePart: o.part,
        moduleParts: o.parts,
        room: o.version.room,
        facilitatorsPerSession: o.version.facilitatorsPerSession,
        cancelled: o.cancelled,
      });
    }
  }
  return sessions;
}
