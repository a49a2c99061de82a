/**
 * A group's recurrence, expanded to sessions in the ward's time zone.
 *
 * rrule gets zones wrong (its results depend on the process's TZ), so it only ever sees wall-clock
 * time: dtstart and until are the ward-local fields written as if they were UTC, with no tzid. Each
 * result's UTC fields are then read as a ward-local wall time and converted to a real instant with
 * the zone's offsets (from luxon). A 10:00 group stays at 10:00 on the ward clock all year.
 *
 * Wall times the clock skips or repeats:
 * - A wall time that does not exist (02:30 on the spring change in Europe/Oslo) moves forward by the
 *   length of the gap, to 03:30 local, and keeps its duration.
 * - A wall time that exists twice (02:30 on the autumn change) is the earlier instant, summer time.
 * Either way the session keeps its ward-local date, which is its stable key, so nothing is doubled
 * or dropped.
 *
 * Rules are limited to DAILY, WEEKLY and MONTHLY with no BYHOUR/BYMINUTE/BYSECOND, so a group has at
 * most one session per local day and a year holds at most 366.
 */
import { IANAZone, DateTime } from 'luxon';
import { Options, RRule } from 'rrule';

export interface RecurrenceSpec {
  /** An RFC 5545 RRULE value, e.g. FREQ=WEEKLY;BYDAY=MO,WE,FR (a leading "RRULE:" is accepted). */
  recurrence: string;
  /** Ward-local HH:mm. */
  startTime: string;
  durationMinutes: number;
  startsOn: string;
  endsOn?: string | null;
  excludedDates?: readonly string[];
  /** IANA zone of the ward. */
  timezone: string;
}

/** Inclusive ward-local dates. */
export interface DateWindow {
  from: string;
  to: string;
}

export interface Occurrence {
  /** Ward-local day: the stable key of the session. */
  date: string;
  startsAt: string;
  endsAt: string;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
export const MAX_INTERVAL = 52;
const MAX_RULE_LENGTH = 500;
const EXAMPLE = 'FREQ=WEEKLY;BYDAY=MO,WE,FR';
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

const REFUSED_PARTS: Record<string, string> = {
  BYHOUR: 'BYHOUR is not allowed: a group meets once a day, at its startTime',
  BYMINUTE: 'BYMINUTE is not allowed: a group meets once a day, at its startTime',
  BYSECOND: 'BYSECOND is not allowed: a group meets once a day, at its startTime',
  DTSTART: 'DTSTART is not allowed: the first day is startsOn and the time is startTime',
  TZID: "TZID is not allowed: sessions are always in the ward's time zone",
  UNTIL: 'UNTIL is not allowed: use endsOn to end the group',
  COUNT: 'COUNT is not allowed: use endsOn to end the group',
  BYWEEKNO: 'BYWEEKNO is only meaningful for yearly rules, which are not allowed',
  BYYEARDAY: 'BYYEARDAY is only meaningful for yearly rules, which are not allowed',
  BYEASTER: 'BYEASTER is not part of RFC 5545',
};

function checkIntegers(key: string, value: string, min: number, max: number, signed: boolean): string | null {
  for (const item of value.split(',')) {
    const pattern = signed ? /^[+-]?\d{1,3}$/ : /^\d{1,3}$/;
    const n = Number(item);
    if (!pattern.test(item) || n === 0 || Math.abs(n) < min || Math.abs(n) > max) {
      return `${key} must list ${signed ? '±' : ''}${min}–${max}, got "${item}"`;
    }
  }
  return null;
}

function checkPart(key: string, value: string, freq: string): string | null {
  switch (key) {
    case 'INTERVAL':
      if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > MAX_INTERVAL) {
        return `INTERVAL must be a whole number from 1 to ${MAX_INTERVAL}`;
      }
      return null;
    case 'BYDAY':
      for (const item of value.split(',')) {
        const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
        if (!match || !WEEKDAYS.includes(match[2])) return `BYDAY has an unknown weekday "${item}"`;
        if (match[1] === undefined) continue;
        if (freq !== 'MONTHLY') return `BYDAY "${item}" counts weekdays, which only MONTHLY rules may do`;
        const n = Number(match[1]);
        if (n === 0 || Math.abs(n) > 5) return `BYDAY "${item}" must count from ±1 to ±5`;
      }
      return null;
    case 'BYMONTHDAY':
      if (freq === 'WEEKLY') return 'BYMONTHDAY is not allowed in a WEEKLY rule';
      return checkIntegers(key, value, 1, 31, true);
    case 'BYMONTH':
      return checkIntegers(key, value, 1, 12, false);
    case 'BYSETPOS':
      return checkIntegers(key, value, 1, 366, true);
    case 'WKST':
      return WEEKDAYS.includes(value) ? null : `WKST has an unknown weekday "${value}"`;
    default:
      return `unknown rule part ${key}`;
  }
}

function checkFreq(freq: string | undefined): string | null {
  if (freq === undefined) return `FREQ is missing; give a rule such as ${EXAMPLE}`;
  if (freq === 'DAILY' || freq === 'WEEKLY' || freq === 'MONTHLY') return null;
  if (['HOURLY', 'MINUTELY', 'SECONDLY'].includes(freq)) {
    return `FREQ=${freq} is not allowed: a group meets at most once a day (use DAILY, WEEKLY or MONTHLY)`;
  }
  if (freq === 'YEARLY') {
    return 'FREQ=YEARLY is not allowed: an open-enrollment group meets through the year (use MONTHLY, with BYMONTH for some months only)';
  }
  return `FREQ=${freq} is not a frequency (use DAILY, WEEKLY or MONTHLY)`;
}

/** Parses and checks a rule; returns rrule options, or the reason it is refused. */
function parseRule(rule: unknown): Partial<Options> | string {
  if (typeof rule !== 'string') return `must be an RRULE value such as ${EXAMPLE}`;
  const trimmed = rule.trim();
  if (trimmed === '') return `is empty; give an RRULE value such as ${EXAMPLE}`;
  if (trimmed.length > MAX_RULE_LENGTH) return `is longer than ${MAX_RULE_LENGTH} characters`;
  if (/[\r\n]/.test(trimmed)) return 'must be a single RRULE value, without DTSTART or other lines';
  const value = trimmed.replace(/^RRULE:/i, '').toUpperCase();
  const parts = new Map<string, string>();
  for (const part of value.split(';')) {
    if (part === '') continue;
    const match = /^([A-Z]+)=([A-Z0-9,+-]+)$/.exec(part);
    if (!match) return `cannot read "${part}": expected NAME=VALUE as in ${EXAMPLE}`;
    if (parts.has(match[1])) return `${match[1]} is given twice`;
    parts.set(match[1], match[2]);
  }
  for (const key of parts.keys()) if (REFUSED_PARTS[key]) return REFUSED_PARTS[key];
  const freq = parts.get('FREQ');
  const freqProblem = checkFreq(freq);
  if (freqProblem) return freqProblem;
  for (const [key, partValue] of parts) {
    const problem = key === 'FREQ' ? null : checkPart(key, partValue, freq!);
    if (problem) return problem;
  }
  if (parts.has('BYSETPOS') && ![...parts.keys()].some((k) => k.startsWith('BY') && k !== 'BYSETPOS')) {
    return 'BYSETPOS needs another BY part (such as BYDAY) to pick from';
  }
  try {
    return RRule.parseString([...parts].map(([k, v]) => `${k}=${v}`).join(';'));
  } catch (error) {
    return `cannot be parsed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** null when the rule is acceptable, otherwise a reason a person can act on. */
export function validateRecurrence(rule: string): string | null {
  const parsed = parseRule(rule);
  return typeof parsed === 'string' ? parsed : null;
}

const compiledRules = new Map<string, Partial<Options>>();

function ruleOptions(rule: string): Partial<Options> {
  let options = compiledRules.get(rule);
  if (!options) {
    const parsed = parseRule(rule);
    if (typeof parsed === 'string') throw new RangeError(`recurrence ${parsed}`);
    if (compiledRules.size >= 1000) compiledRules.clear();
    compiledRules.set(rule, (options = parsed));
  }
  return options;
}

/** A ward-local date and time written as if it were UTC (rrule's wall-clock space). */
function wallClock(date: string, hour: number, minute: number): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = match ? Date.UTC(+match[1], +match[2] - 1, +match[3], hour, minute) : NaN;
  if (!match || new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`not a date: ${date}`);
  return ms;
}

function clockTime(time: string): [number, number] {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new RangeError(`startTime must be HH:mm from 00:00 to 23:59, got ${time}`);
  return [+match[1], +match[2]];
}

/*
 * Wall time to instant. Offsets are sampled on a grid of UTC midnights and cached per zone; where
 * every sample within ±15 h (wider than any UTC offset) agrees, the offset is that one. Near a
 * change, luxon decides. Like luxon, this assumes a zone does not change offset twice within a day.
 */
const OFFSET_REACH = 15 * 60 * MINUTE;
const offsetGrid = new Map<string, Map<number, number>>();

function zoneOf(name: string): IANAZone {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new RangeError(`unknown time zone: ${name}`);
  return zone;
}

function gridOffset(zone: IANAZone, grid: Map<number, number>, index: number): number {
  let offset = grid.get(index);
  if (offset === undefined) grid.set(index, (offset = zone.offset(index * DAY)));
  return offset;
}

function instantOf(wallMs: number, zone: IANAZone, grid: Map<number, number>): number {
  const first = Math.floor((wallMs - OFFSET_REACH) / DAY);
  const last = Math.ceil((wallMs + OFFSET_REACH) / DAY);
  const offset = gridOffset(zone, grid, first);
  let steady = true;
  for (let i = first + 1; i <= last && steady; i++) steady = gridOffset(zone, grid, i) === offset;
  if (steady) return wallMs - offset * MINUTE;
  const wall = new Date(wallMs);
  const local = DateTime.fromObject(
    {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
    },
    { zone },
  );
  return Math.min(...local.getPossibleOffsets().map((candidate) => candidate.toMillis()));
}

function gridFor(zone: IANAZone): Map<number, number> {
  let grid = offsetGrid.get(zone.name);
  if (!grid) offsetGrid.set(zone.name, (grid = new Map()));
  return grid;
}

/** The instant (epoch ms) of a ward-local wall time given in wall-clock ms (fields read as UTC). */
export function wallTimeToInstant(wallMs: number, timezone: string): number {
  const zone = zoneOf(timezone);
  return instantOf(wallMs, zone, gridFor(zone));
}

function ruleFor(spec: RecurrenceSpec): RRule {
  const [hour, minute] = clockTime(spec.startTime);
  const dtstart = wallClock(spec.startsOn, hour, minute);
  const until = spec.endsOn ? wallClock(spec.endsOn, 23, 59) + MINUTE - 1 : null;
  if (until !== null && until < dtstart) throw new RangeError('endsOn is earlier than startsOn');
  const options = { ...ruleOptions(spec.recurrence), dtstart: new Date(dtstart), until: until === null ? null : new Date(until) };
  return new RRule(options, true);
}

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** The date part of a wall-clock ms value (faster than toISOString for the years we meet). */
function wallDate(wallMs: number): string {
  const d = new Date(wallMs);
  const year = d.getUTCFullYear();
  if (year < 1000 || year > 9999) return d.toISOString().slice(0, 10);
  return `${year}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Wall-clock starts (ms, see wallClock) of the sessions on the inclusive local dates from..to. */
function wallStartsBetween(spec: RecurrenceSpec, from: string, to: string): number[] {
  const rule = ruleFor(spec);
  const after = wallClock(from, 0, 0);
  const before = wallClock(to, 23, 59) + MINUTE - 1;
  if (after > before) return [];
  const excluded = new Set(spec.excludedDates ?? []);
  const starts: number[] = [];
  for (const start of rule.between(new Date(after), new Date(before), true)) {
    const wallMs = start.getTime();
    if (excluded.size === 0 || !excluded.has(wallDate(wallMs))) starts.push(wallMs);
  }
  return starts;
}

/** The ward-local dates with a session (excluded dates left out), cheap: no zone arithmetic. */
export function occurrenceDatesBetween(spec: RecurrenceSpec, from: string, to: string): string[] {
  return wallStartsBetween(spec, from, to).map(wallDate);
}

export function countOccurrencesBetween(spec: RecurrenceSpec, from: string, to: string): number {
  return wallStartsBetween(spec, from, to).length;
}

/** The sessions in the window, sorted, as UTC instants. Throws RangeError on an invalid spec. */
export function expandOccurrences(spec: RecurrenceSpec, window: DateWindow): Occurrence[] {
  const zone = zoneOf(spec.timezone);
  const grid = gridFor(zone);
  if (!Number.isInteger(spec.durationMinutes) || spec.durationMinutes < 1) {
    throw new RangeError(`durationMinutes must be a whole number of at least 1, got ${spec.durationMinutes}`);
  }
  const duration = spec.durationMinutes * MINUTE;
  return wallStartsBetween(spec, window.from, window.to).map((wallMs) => {
    const start = instantOf(wallMs, zone, grid);
    return {
      date: wallDate(wallMs),
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + duration).toISOString(),
    };
  });
}

export const MIN_DURATION_MINUTES = 15;
export const MAX_DURATION_MINUTES = 240;
const EMPTY_HORIZON_YEARS = 5;

export interface ScheduleProblem {
  field: keyof RecurrenceSpec;
  reason: string;
}

const isDate = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  try {
    return wallClock(value, 0, 0) >= 0;
  } catch {
    return false;
  }
};

/** The first problem with a whole spec, naming its field, or null. Refuses rules with no session within 5 years. */
export function validateSchedule(spec: RecurrenceSpec): ScheduleProblem | null {
  const recurrence = validateRecurrence(spec.recurrence);
  if (recurrence) return { field: 'recurrence', reason: recurrence };
  if (typeof spec.startTime !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(spec.startTime)) {
    return { field: 'startTime', reason: 'must be a ward-local time HH:mm from 00:00 to 23:59' };
  }
  const duration = spec.durationMinutes;
  if (!Number.isInteger(duration) || duration < MIN_DURATION_MINUTES || duration > MAX_DURATION_MINUTES) {
    return { field: 'durationMinutes', reason: `must be a whole number of minutes from ${MIN_DURATION_MINUTES} to ${MAX_DURATION_MINUTES}` };
  }
  if (typeof spec.timezone !== 'string' || !IANAZone.isValidZone(spec.timezone)) {
    return { field: 'timezone', reason: 'must be an IANA time zone such as Europe/Oslo' };
  }
  if (!isDate(spec.startsOn)) return { field: 'startsOn', reason: 'must be a date YYYY-MM-DD' };
  if (spec.endsOn != null && !isDate(spec.endsOn)) return { field: 'endsOn', reason: 'must be a date YYYY-MM-DD' };
  if (spec.endsOn != null && spec.endsOn < spec.startsOn) return { field: 'endsOn', reason: 'must not be earlier than startsOn' };
  const badExclusion = (spec.excludedDates ?? []).find((date) => !isDate(date));
  if (badExclusion !== undefined) return { field: 'excludedDates', reason: `"${String(badExclusion)}" is not a date YYYY-MM-DD` };
  const horizon = wallDate(wallClock(spec.startsOn, 0, 0) + EMPTY_HORIZON_YEARS * 365.25 * DAY);
  const last = spec.endsOn != null && spec.endsOn < horizon ? spec.endsOn : horizon;
  if (countOccurrencesBetween(spec, spec.startsOn, last) === 0) {
    return { field: 'recurrence', reason: `gives no session between ${spec.startsOn} and ${last}` };
  }
  return null;
}
