import { DateTime, IANAZone } from 'luxon';

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isValidDate(value: string): boolean {
  return DATE_PATTERN.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

export function isValidZone(zone: string): boolean {
  return typeof zone === 'string' && zone.length <= 64 && IANAZone.isValidZone(zone);
}

/** The ward-local calendar day of an instant. */
export function localDate(instant: Date | string, zone: string): string {
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant, { zone: 'UTC' }) : DateTime.fromJSDate(instant);
  return dt.setZone(zone).toISODate()!;
}

const zones = new Map<string, IANAZone>();

/**
 * An instant as ISO 8601 with the ward's UTC offset, e.g. 2027-03-29T10:00:00+02:00 (the API's form).
 * Built from the zone's offset at that instant rather than a full luxon DateTime: lists of thousands
 * of sessions format two instants each.
 */
export function toWardInstant(instant: string, zone: string): string {
  let iana = zones.get(zone);
  if (!iana) zones.set(zone, (iana = IANAZone.create(zone)));
  const ms = Date.parse(instant);
  const offset = iana.offset(ms);
  const local = new Date(ms + offset * 60_000).toISOString();
  const wall = local.slice(0, 19) + (local.slice(20, 23) === '000' ? '' : `.${local.slice(20, 23)}`);
  if (offset === 0 && /^(utc|gmt)$/i.test(zone)) return `${wall}Z`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${wall}${sign}${hh}:${mm}`;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

export function daysBetween(from: string, to: string): number {
  return DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days;
}
