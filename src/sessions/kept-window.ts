import { addDays, localDate } from '../common/time';
import { AppConfig } from '../config/app-config';

/**
 * The window of sessions the jobs keep stored for a ward (ward-local days, inclusive): from the
 * calendar feeds' look-back (8 weeks) to the planning horizon. The nightly job materialises it;
 * reads store sessions only inside it and compute the rest without writing.
 */
export function keptWindow(config: AppConfig, timezone: string, now: Date): { from: string; to: string } {
  const today = localDate(now, timezone);
  return { from: addDays(today, -config.calendar.pastWeeks * 7), to: addDays(today, config.groups.horizonWeeks * 7) };
}

/** The days of [from, to] inside and outside the kept window. */
export function splitByKeptWindow(
  from: string,
  to: string,
  kept: { from: string; to: string },
): { inside: [string, string] | null; before: [string, string] | null; after: [string, string] | null } {
  const lo = from > kept.from ? from : kept.from;
  const hi = to < kept.to ? to : kept.to;
  const beforeEnd = addDays(kept.from, -1);
  const afterStart = addDays(kept.to, 1);
  return {
    inside: lo <= hi ? [lo, hi] : null,
    before: from < kept.from ? [from, to < beforeEnd ? to : beforeEnd] : null,
    after: to > kept.to ? [from > afterStart ? from : afterStart, to] : null,
  };
}
