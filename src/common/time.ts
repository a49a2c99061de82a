import { DateTime, IANAZone } from 'luxon';

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

/**
 * A zone's UTC offset per UTC hour, remembered: luxon asks Intl for every instant, which costs more
 * than the rest of formatting a session. An hour whose two ends agree has one offset throughout (no
 * zone changes twice within an hour); one that holds a change is marked and asked about each time.
 */
class ZoneOffsets {
  private readonly hours = new Map<number, number>();

  constructor(readonly zone: IANAZone) {}

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

/** What the ward's clock and calendar show at an instant (ISO with Z or an offset), from the offset table. */
export function wardClock(instant: string, zone: string): WardClock {
  const ms = WITH_OFFSET.test(instant) ? Date.parse(instant) : Number.NaN;
  const offsets = offsetsOf(zone);
  if (Number.isNaN(ms) || !offsets.zone.isValid) {
    const dt = DateTime.fromISO(instant, { zone: 'UTC' }).setZone(zone);
    return { date: dt.toISODate()!, weekday: dt.weekday, time: dt.toFormat('HH:mm'), isoWeek: dt.toFormat("kkkk-'W'WW") };
  }
  const local = new Date(ms + offsets.at(ms) * 60_000);
  const iso = local.toISOString();
  const weekday = local.getUTCDay() || 7;
  const dayStart = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const thursday = new Date(dayStart + (4 - weekday) * DAY_MS);
  const weekYear = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - new Date(0).setUTCFullYear(weekYear, 0, 1)) / (7 * DAY_MS));
  return { date: iso.slice(0, 10), weekday, time: iso.slice(11, 16), isoWeek: `${weekYear}-W${String(week).padStart(2, '0')}` };
}

/** The ward-local calendar day of an instant. */
export function localDate(instant: Date | string, zone: string): string {
  const ms = typeof instant === 'string' ? (WITH_OFFSET.test(instant) ? Date.parse(instant) : Number.NaN) : instant.getTime();
  const offsets = offsetsOf(zone);
  if (Number.isNaN(ms) || !offsets.zone.isValid) {
    const dt = typeof instant === 'string' ? DateTime.fromISO(instant, { zone: 'UTC' }) : DateTime.fromJSDate(instant);
    return dt.setZone(zone).toISODate()!;
  }
  return new Date(ms + offsets.at(ms) * 60_000).toISOString().slice(0, 10);
}

/**
 * An instant as ISO 8601 with the ward's UTC offset, e.g. 2027-03-29T10:00:00+02:00 (the API's form).
 * Built from the zone's offset at that instant rather than a full luxon DateTime: lists of thousands
 * of sessions format two instants each.
 */
export function toWardInstant(instant: string, zone: string): string {
  const ms = Date.parse(instant);
  const offset = offsetsOf(zone).at(ms);
  const local = new Date(ms + offset * 60_000).toISOString();
  const wall = local.slice(0, 19) + (local.slice(20, 23) === '000' ? '' : `.${local.slice(20, 23)}`);
  if (offset === 0 && /^(utc|gmt)$/i.test(zone)) return `${wall}Z`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${wall}${sign}${hh}:${mm}`;
}

/** Milliseconds of a YYYY-MM-DD day's UTC midnight (plain arithmetic, no DateTime), NaN for anything else. */
function dayMs(date: string): number {
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
