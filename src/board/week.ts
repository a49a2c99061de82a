import { DateTime } from 'luxon';

/** Calendar arithmetic for the board's navigation only (ISO weeks, Monday first); no rota rule lives here. */
export interface WeekWindow {
  start: string;
  end: string;
  days: string[];
  week: number;
  year: number;
}

export function weekOf(date: string): WeekWindow {
  const day = DateTime.fromISO(date, { zone: 'UTC' });
  const start = day.startOf('week');
  const days = Array.from({ length: 7 }, (_, i) => start.plus({ days: i }).toISODate()!);
  return { start: days[0], end: days[6], days, week: start.weekNumber, year: start.weekYear };
}

export function shiftDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

export const isDate = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;

/** Today on the ward's clock. */
export function wardToday(now: Date, timezone: string): string {
  return DateTime.fromJSDate(now, { zone: timezone }).toISODate()!;
}

export const isoWeekday = (date: string) => DateTime.fromISO(date, { zone: 'UTC' }).weekday;
