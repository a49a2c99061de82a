/*
 * Stay classification: a stay is short when the patient is expected to leave before
 * admittedOn + thresholdMonths calendar months (configured as stay.shortStayMonths), long otherwise.
 *
 * Calendar months come from luxon's plus({ months }), which keeps the day of the month and clamps
 * it to the last day of a shorter month: 31 Jan + 1 month = 28 Feb (29 Feb in a leap year),
 * 30 Nov 2027 + 3 months = 29 Feb 2028. "Earlier than" is strict, so an expected discharge on
 * exactly the threshold date is long (three months is not under three months).
 *
 * With no expected discharge the stay is short until `today` reaches the threshold date, and long
 * from that day on; a daily job re-running this function reclassifies it.
 *
 * All dates are ward-local calendar days ('YYYY-MM-DD'); they are read in UTC only so the result
 * never depends on the process's time zone.
 */
import { DateTime } from 'luxon';

export type StayClass = 'short' | 'long';

export interface ClassifyStayInput {
  admittedOn: string;
  expectedDischargeOn: string | null;
  today: string;
  thresholdMonths: number;
}

export interface ModuleEdition {
  modules: number[];
  core: number[];
}

export function parseCalendarDate(value: string, field = 'date'): DateTime {
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? DateTime.fromISO(value, { zone: 'utc' }) : null;
  if (!parsed || !parsed.isValid) {
    throw new RangeError(`${field} must be a calendar date 'YYYY-MM-DD', got '${value}'`);
  }
  return parsed;
}

/** The first day on which a stay that began on admittedOn counts as long. */
export function longStayThresholdDate(admittedOn: string, thresholdMonths: number): string {
  if (!Number.isInteger(thresholdMonths) || thresholdMonths < 1) {
    throw new RangeError(`thresholdMonths must be a whole number of months >= 1, got ${thresholdMonths}`);
  }
  return parseCalendarDate(admittedOn, 'admittedOn').plus({ months: thresholdMonths }).toISODate()!;
}

/**
 * Short when the stay is expected to end before admission + threshold, long otherwise. An unknown
 * expected discharge, or one that has already passed while the person is still admitted, is decided
 * by today: short until the stay reaches the threshold.
 */
export function classifyStay(input: ClassifyStayInput): StayClass {
  const threshold = longStayThresholdDate(input.admittedOn, input.thresholdMonths);
  const today = parseCalendarDate(input.today, 'today').toISODate()!;
  const expected =
    input.expectedDischargeOn === null ? null : parseCalendarDate(input.expectedDischargeOn, 'expectedDischargeOn').toISODate()!;
  const decidingDay = expected === null || expected < today ? today : expected;
  return decidingDay < threshold ? 'short' : 'long';
}

/**
 * Short stays plan the edition's core set, long stays the whole program; ascending, no duplicates.
 * A core module missing from the edition is a configuration error, reported rather than dropped.
 */
export function plannedModulesFor(stay: StayClass, edition: ModuleEdition): number[] {
  const all = new Set(edition.modules);
  const strays = edition.core.filter((module) => !all.has(module));
  if (strays.length > 0) {
    throw new RangeError(`core modules ${strays.join(', ')} are not in the edition`);
  }
  const chosen = stay === 'short' ? edition.core : edition.modules;
  return [...new Set(chosen)].sort((a, b) => a - b);
}
