import { DateTime, IANAZone } from 'luxon';
import { remembered } from './remembered';

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isValidDate(value: string): boolean {
  return typeof value === 'string' && !Number.isNaN(dayMs(value));
}

export function isValidZone(zone: string): boolean {
  return typeof zone === 'string' && zone.length <= 64 && IANAZone.isValidZone(zone);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const WITH_OFFSET = /(?:Z|[+-]\d\d:?\d\d)$/i;

/** A ward-local calendar day: its date, ISO weekday and ISO week, worked out once per day. */
interface LocalDay {
  /** The day's local midnight, as milliseconds of the same wall time in UTC. */
  start: number;
  date: string;
  weekday: number;
  isoWeek: string;
}

/** HH:mm for every minute of a day, and two digits for every second. */
const WALL_MINUTES = Array.from(
  { length: 1440 },
  (_, m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`,
);
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

/**
 * A zone's UTC offset per UTC hour, and its local days, remembered: luxon asks Intl for every
 * instant, which costs more than the rest of formatting a session, and a day's date, weekday and
 * ISO week are the same for every instant in it. An hour whose two ends agree has one offset
 * throughout (no zone changes twice within an hour); one that holds a change is marked and asked
 * about each time, so both daylight-saving changes come out as luxon has them.
 */
class ZoneOffsets {
  private readonly hours = new Map<number, number>();
  private readonly days = new Map<number, LocalDay | null>();
  private readonly suffixes = new Map<number, string>();
  /** UTC and GMT show a zero offset as Z. */
  private readonly zulu: boolean;

  constructor(readonly zone: IANAZone) {
    this.zulu = /^(utc|gmt)$/i.test(zone.name);
  }

  /** Minutes east of UTC at `ms`. */
  at(ms: number): number {
    const hour = Math.floor(ms / HOUR_MS);
    let offset = this.hours.get(hour);
    if (offset === undefined) {
      const start = this.zone.offset(hour * HOUR_MS);
      offset = start === this.zone.offset((hour + 1) * HOUR_MS - 1) ? start : Number.NaN;
      if (this.hours.size >= 100_000) this.hours.clear();
      this.hours.set(hour, offset);
    }
    return Number.isNaN(offset) ? this.zone.offset(ms) : offset;
  }

  /** The local day holding `local` (wall time as UTC milliseconds); null outside years 0000-9999. */
  day(local: number): LocalDay | null {
    const n = Math.floor(local / DAY_MS);
    let day = this.days.get(n);
    if (day === undefined) {
      day = localDay(n * DAY_MS);
      if (this.days.size >= 100_000) this.days.clear();
      this.days.set(n, day);
    }
    return day;
  }

  /** The offset as the API writes it: +02:00, -05:00, or Z for UTC itself. */
  suffix(offset: number): string {
    let text = this.suffixes.get(offset);
    if (text === undefined) {
      const abs = Math.abs(offset);
      text =
        offset === 0 && this.zulu
          ? 'Z'
          : `${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      this.suffixes.set(offset, text);
    }
    return text;
  }
}

/** As the calendar shows it; null outside years 0000-9999 (their ISO form is longer), which take the long way. */
function localDay(start: number): LocalDay | null {
  const at = new Date(start);
  const iso = at.toISOString();
  if (iso.length !== 24) return null;
  return { start, date: iso.slice(0, 10), ...weekOf(at) };
}

/** The ISO weekday (Monday 1) and ISO week (kkkk-'W'WW) of a wall time held as UTC. */
function weekOf(at: Date): { weekday: number; isoWeek: string } {
  const weekday = at.getUTCDay() || 7;
  const dayStart = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const thursday = new Date(dayStart + (4 - weekday) * DAY_MS);
  const weekYear = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - new Date(0).setUTCFullYear(weekYear, 0, 1)) / (7 * DAY_MS));
  return { weekday, isoWeek: `${weekYear}-W${String(week).padStart(2, '0')}` };
}

/** wardClock from the local wall time without the day table. */
function clockAt(local: number): WardClock {
  const at = new Date(local);
  const iso = at.toISOString();
  const { weekday, isoWeek } = weekOf(at);
  return { date: iso.slice(0, 10), weekday, time: iso.slice(11, 16), isoWeek };
}

const zones = new Map<string, ZoneOffsets>();

function offsetsOf(zone: string): ZoneOffsets {
  let offsets = zones.get(zone);
  if (!offsets) zones.set(zone, (offsets = new ZoneOffsets(IANAZone.create(zone))));
  return offsets;
}

export interface WardClock {
  /** Ward-local day, YYYY-MM-DD. */
  date: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** Ward-local wall time, HH:mm. */
  time: string;
  /** ISO week, e.g. 2027-W09 (the year is the ISO week-numbering year). */
  isoWeek: string;
}

/** What the ward's clock and calendar show at an instant (ISO with Z or an offset), from the offset and day tables. */
export function wardClock(instant: string, zone: string): WardClock {
  const ms = WITH_OFFSET.test(instant) ? Date.parse(instant) : Number.NaN;
  const offsets = offsetsOf(zone);
  if (Number.isNaN(ms) || !offsets.zone.isValid) {
    const dt = DateTime.fromISO(instant, { zone: 'UTC' }).setZone(zone);
    return { date: dt.toISODate()!, weekday: dt.weekday, time: dt.toFormat('HH:mm'), isoWeek: dt.toFormat("kkkk-'W'WW") };
  }
  const local = wallTime(ms, offsets.at(ms));
  const day = offsets.day(local);
  if (!day) return clockAt(local);
  return { date: day.date, weekday: day.weekday, time: WALL_MINUTES[Math.floor((local - day.start) / 60_000)], isoWeek: day.isoWeek };
}

/** The ward-local calendar day of an instant. */
export function localDate(instant: Date | string, zone: string): string {
  const ms = typeof instant === 'string' ? (WITH_OFFSET.test(instant) ? Date.parse(instant) : Number.NaN) : instant.getTime();
  const offsets = offsetsOf(zone);
  if (Number.isNaN(ms) || !offsets.zone.isValid) {
    const dt = typeof instant === 'string' ? DateTime.fromISO(instant, { zone: 'UTC' }) : DateTime.fromJSDate(instant);
    return dt.setZone(zone).toISODate()!;
  }
  const local = wallTime(ms, offsets.at(ms));
  return offsets.day(local)?.date ?? new Date(local).toISOString().slice(0, 10);
}

/** The wall time at an instant as UTC milliseconds, whole as a Date holds them. */
const wallTime = (ms: number, offset: number): number => Math.trunc(ms + offset * 60_000);

/**
 * An instant as ISO 8601 with the ward's UTC offset, e.g. 2027-03-29T10:00:00+02:00 (the API's form).
 * Built from the zone's offset and day tables rather than a full luxon DateTime: lists of thousands
 * of sessions format two instants each.
 */
export function toWardInstant(instant: string, zone: string): string {
  // Remembered per zone: a ward's lists show the same few thousand instants over and over.
  let format = wardInstants.get(zone);
  if (!format) wardInstants.set(zone, (format = remembered((at) => formatWardInstant(at, zone), REMEMBERED_MAX)));
  return format(instant);
}

/** Instants (or dates) remembered per zone at most, then forgotten all at once. */
const REMEMBERED_MAX = 20_000;
const wardInstants = new Map<string, (instant: string) => string>();

function formatWardInstant(instant: string, zone: string): string {
  const ms = Date.parse(instant);
  const offsets = offsetsOf(zone);
  const offset = offsets.at(ms);
  const local = wallTime(ms, offset);
  const day = Number.isNaN(local) ? null : offsets.day(local);
  let wall: string;
  if (day) {
    const rest = local - day.start;
    const millis = rest % 1000;
    wall = `${day.date}T${WALL_MINUTES[Math.floor(rest / 60_000)]}:${TWO_DIGITS[Math.floor(rest / 1000) % 60]}${millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`}`;
  } else {
    const iso = new Date(local).toISOString();
    wall = iso.slice(0, 19) + (iso.slice(20, 23) === '000' ? '' : `.${iso.slice(20, 23)}`);
  }
  return wall + offsets.suffix(offset);
}

/** Milliseconds of a YYYY-MM-DD day's UTC midnight (plain arithmetic, no DateTime), NaN for anything else; remembered. */
const dayMs = remembered(computeDayMs, REMEMBERED_MAX);

function computeDayMs(date: string): number {
  if (!DATE_PATTERN.test(date)) return Number.NaN;
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  const ms = new Date(0).setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return new Date(ms).toISOString().slice(0, 10) === date ? ms : Number.NaN;
}

export function addDays(date: string, days: number): string {
  const ms = dayMs(date);
  const result = Number.isNaN(ms) || !Number.isInteger(days) ? null : new Date(ms + days * DAY_MS).toISOString().slice(0, 10);
  if (result !== null && DATE_PATTERN.test(result)) return result;
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

export function daysBetween(from: string, to: string): number {
  const a = dayMs(from);
  const b = dayMs(to);
  if (!Number.isNaN(a) && !Number.isNaN(b)) return (b - a) / DAY_MS;
  return DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days;
}
