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
 * most one session per local day and a year holds at most 366. Rules must also meet at least once in
 * every 5 years whatever day the group starts on (see checkCombination and checkDensity).
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
  ...Object.fromEntries(
    ['BYHOUR', 'BYMINUTE', 'BYSECOND'].map((k) => [k, `${k} is not allowed: a group meets once a day, at its startTime`]),
  ),
  DTSTART: 'DTSTART is not allowed: the first day is startsOn and the time is startTime',
  TZID: "TZID is not allowed: sessions are always in the ward's time zone",
  UNTIL: 'UNTIL is not allowed: use endsOn to end the group',
  COUNT: 'COUNT is not allowed: use endsOn to end the group',
  BYWEEKNO: 'BYWEEKNO is only meaningful for yearly rules, which are not allowed',
  BYYEARDAY: 'BYYEARDAY is only meaningful for yearly rules, which are not allowed',
  BYEASTER: 'BYEASTER is not part of RFC 5545',
};

function checkNumbers(key: string, value: string, max: number, signed: boolean): string | null {
  for (const item of value.split(',')) {
    const n = Number(item);
    if (!(signed ? /^[+-]?\d{1,3}$/ : /^\d{1,3}$/).test(item) || n === 0 || Math.abs(n) > max) {
      return `${key} must list numbers from ${signed ? `-${max} to -1 or ` : ''}1 to ${max}, got "${item}"`;
    }
  }
  return null;
}

function checkPart(key: string, value: string, freq: string): string | null {
  switch (key) {
    case 'INTERVAL':
      return /^\d{1,3}$/.test(value) && +value >= 1 && +value <= MAX_INTERVAL
        ? null
        : `INTERVAL must be a whole number from 1 to ${MAX_INTERVAL}`;
    case 'BYDAY':
      for (const item of value.split(',')) {
        const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
        if (!match || !WEEKDAYS.includes(match[2])) return `BYDAY has an unknown weekday "${item}"`;
        if (match[1] === undefined) continue;
        if (freq !== 'MONTHLY') return `BYDAY "${item}" counts weekdays, which only MONTHLY rules may do`;
        if (+match[1] === 0 || Math.abs(+match[1]) > 5) return `BYDAY "${item}" must count from 1 to 5 or -5 to -1`;
      }
      return null;
    case 'BYMONTHDAY':
      return freq === 'WEEKLY' ? 'BYMONTHDAY is not allowed in a WEEKLY rule' : checkNumbers(key, value, 31, true);
    case 'BYMONTH':
      return checkNumbers(key, value, 12, false);
    case 'BYSETPOS':
      return checkNumbers(key, value, 366, true);
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

/**
 * Combinations whose sessions would depend on which day the group starts, and could be none at all.
 * With INTERVAL above 1 every period the rule steps on must hold a session.
 */
function checkCombination(parts: Map<string, string>, freq: string): string | null {
  const has = (key: string) => parts.has(key);
  const ordinals = (parts.get('BYDAY') ?? '').split(',').filter((d) => /\d/.test(d));
  if (has('BYSETPOS') && !['BYDAY', 'BYMONTHDAY', 'BYMONTH'].some(has)) return 'BYSETPOS needs BYDAY, BYMONTHDAY or BYMONTH to pick from';
  if (ordinals.length > 0 && has('BYMONTHDAY')) return 'give either numbered weekdays (BYDAY=1MO) or BYMONTHDAY, not both';
  if (freq === 'MONTHLY' && has('BYMONTH') && !has('BYDAY') && !has('BYMONTHDAY'))
    return 'a MONTHLY rule with BYMONTH needs BYDAY or BYMONTHDAY';
  if (Number(parts.get('INTERVAL') ?? 1) === 1) return null;
  const stepped = `with INTERVAL above 1, some start dates would never meet`;
  if (freq === 'DAILY' && [...parts.keys()].some((k) => k.startsWith('BY')))
    return `a DAILY rule takes no BY parts ${stepped} (use WEEKLY with BYDAY)`;
  if (has('BYMONTH') || has('BYSETPOS')) return `BYMONTH and BYSETPOS are not allowed ${stepped}`;
  if (freq !== 'MONTHLY') return null;
  if (has('BYDAY') && has('BYMONTHDAY')) return `BYDAY and BYMONTHDAY together are not allowed ${stepped}`;
  if ((parts.get('BYMONTHDAY') ?? '').split(',').some((d) => Math.abs(+d) > 28)) return `BYMONTHDAY beyond 28 is not allowed ${stepped}`;
  if (ordinals.some((d) => Math.abs(parseInt(d, 10)) === 5)) return `a fifth weekday is not allowed ${stepped}`;
  return null;
}

/*
 * rrule searches a rule that never matches until the year 9999, which takes seconds, so rules must
 * meet at least once in every 5 years. Checked in the last 28 years rrule knows (a full cycle of
 * weekdays and leap years), where even a rule that never matches stops within a few years.
 */
function checkDensity(options: Partial<Options>): string | null {
  for (let year = 9995; year >= 9972; year--) {
    const from = new Date(Date.UTC(year, 0, 1));
    const next = new RRule({ ...options, dtstart: from }, true).after(from, true);
    if (!next || next.getTime() >= Date.UTC(year + 5, 0, 1)) {
      return 'would leave 5 years or more without a session: check that all its parts can fall on one day';
    }
  }
  return null;
}

/** Parses and checks a rule; returns rrule options, or the reason it is refused. */
function parseRule(rule: unknown): Partial<Options> | string {
  if (typeof rule !== 'string') return `must be an RRULE value such as ${EXAMPLE}`;
  const trimmed = rule.trim();
  if (trimmed === '') return `is empty; give an RRULE value such as ${EXAMPLE}`;
  if (trimmed.length > MAX_RULE_LENGTH) return `is longer than ${MAX_RULE_LENGTH} characters`;
  if (/[\r\n]/.test(trimmed)) return 'must be a single RRULE value, without DTSTART or other lines';
  const parts = new Map<string, string>();
  for (const part of trimmed
    .replace(/^RRULE:/i, '')
    .toUpperCase()
    .split(';')) {
    if (part === '') continue;
    const match = /^([A-Z]+)=(.+)$/.exec(part);
    if (!match) return `cannot read "${part}": expected NAME=VALUE as in ${EXAMPLE}`;
    if (parts.has(match[1])) return `${match[1]} is given twice`;
    parts.set(match[1], match[2]);
  }
  for (const key of parts.keys()) if (REFUSED_PARTS[key]) return REFUSED_PARTS[key];
  const freq = parts.get('FREQ');
  const problem =
    checkFreq(freq) ??
    [...parts].reduce<string | null>((found, [key, value]) => found ?? (key === 'FREQ' ? null : checkPart(key, value, freq!)), null) ??
    checkCombination(parts, freq!);
  if (problem) return problem;
  let options: Partial<Options>;
  try {
    options = RRule.parseString([...parts].map(([k, v]) => `${k}=${v}`).join(';'));
  } catch (error) {
    return `cannot be parsed: ${error instanceof Error ? error.message : String(error)}`;
  }
  return checkDensity(options) ?? options;
}

const parsedRules = new Map<string, Partial<Options> | string>();

function parseRuleCached(rule: string): Partial<Options> | string {
  let parsed = parsedRules.get(rule);
  if (parsed === undefined) {
    parsed = parseRule(rule);
    if (parsedRules.size >= 1000) parsedRules.clear();
    if (typeof rule === 'string') parsedRules.set(rule, parsed);
  }
  return parsed;
}

/** null when the rule is acceptable, otherwise a reason a person can act on. */
export function validateRecurrence(rule: string): string | null {
  const parsed = parseRuleCached(rule);
  return typeof parsed === 'string' ? parsed : null;
}

function ruleOptions(rule: string): Partial<Options> {
  const parsed = parseRuleCached(rule);
  if (typeof parsed === 'string') throw new RangeError(`recurrence ${parsed}`);
  return parsed;
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
  const w = new Date(wallMs);
  const fields = {
    year: w.getUTCFullYear(),
    month: w.getUTCMonth() + 1,
    day: w.getUTCDate(),
    hour: w.getUTCHours(),
    minute: w.getUTCMinutes(),
  };
  return Math.min(
    ...DateTime.fromObject(fields, { zone })
      .getPossibleOffsets()
      .map((candidate) => candidate.toMillis()),
  );
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
  if (after > before || (rule.options.until && rule.options.until < rule.options.dtstart)) return [];
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

export interface ScheduleProblem {
  field: 'recurrence' | 'endsOn';
  reason: string;
}

/** Checks the rule, and that endsOn (if any) is not before startsOn and leaves at least one session. */
export function validateSchedule(spec: RecurrenceSpec): ScheduleProblem | null {
  const recurrence = validateRecurrence(spec.recurrence);
  if (recurrence) return { field: 'recurrence', reason: recurrence };
  if (spec.endsOn == null) return null;
  if (spec.endsOn < spec.startsOn) return { field: 'endsOn', reason: 'must not be earlier than startsOn' };
  if (countOccurrencesBetween(spec, spec.startsOn, spec.endsOn) === 0) {
    return { field: 'endsOn', reason: `leaves no session between ${spec.startsOn} and ${spec.endsOn}` };
  }
  return null;
}
