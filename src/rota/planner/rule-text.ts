/**
 * The sentence a coordinator reads for a broken rule ("Kari is absent 5–18 April", "Ola is in
 * Post 4 'Samtalegruppe' 10:00–11:00", "Per is at weekly cap 2/2"). Pure: names and the wording
 * of other sessions come in from the caller.
 */
import type { DateRange, FixedBooking, RuleBreach } from './planner.types';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export interface BreachWording {
  /** A facilitator's name (or a fallback). */
  name(facilitatorId: string): string;
  /** Another session, as "Post 4 'Samtalegruppe' 10:00–11:00". */
  booking(booking: FixedBooking): string;
}

/** 'candidate': the person is not on the session yet (would they fit?); 'assigned': they are. */
export type BreachView = 'candidate' | 'assigned';

function day(date: string): { d: number; m: string; y: string } {
  return { d: Number(date.slice(8, 10)), m: MONTHS[Number(date.slice(5, 7)) - 1], y: date.slice(0, 4) };
}

/** "5 April", "5–18 April", "30 March–2 April", "30 December 2027–2 January 2028". */
export function dateRangeText(range: DateRange): string {
  const a = day(range.from);
  const b = day(range.to);
  if (range.from === range.to) return `${a.d} ${a.m}`;
  if (a.y !== b.y) return `${a.d} ${a.m} ${a.y}–${b.d} ${b.m} ${b.y}`;
  if (a.m === b.m) return `${a.d}–${b.d} ${b.m}`;
  return `${a.d} ${a.m}–${b.d} ${b.m}`;
}

export function describeBreach(breach: RuleBreach, words: BreachWording, view: BreachView = 'assigned'): string {
  const who = breach.facilitatorId ? words.name(breach.facilitatorId) : '';
  switch (breach.rule) {
    case 'absent':
      return `${who} is absent ${breach.absence ? dateRangeText(breach.absence) : 'that day'}`;
    case 'unavailable': {
      const windows = breach.windows ?? [];
      if (windows.length === 0) return `${who} is not available on that day`;
      const text = windows.map((w) => `${w.from}–${w.to}`).join(', ');
      return `${who} is not available at that time (available ${WEEKDAYS[windows[0].weekday - 1]} ${text})`;
    }
    case 'over-cap': {
      const { booked, cap } = breach.week ?? { booked: 0, cap: 0 };
      return view === 'candidate' ? `${who} is at weekly cap ${booked - 1}/${cap}` : `${who} is over weekly cap ${booked}/${cap}`;
    }
    case 'clash':
      return breach.booking ? `${who} is in ${words.booking(breach.booking)}` : `${who} is booked elsewhere at that time`;
    case 'inactive':
      return `${who} is deactivated`;
    case 'not-in-pool':
      return `${who} is not in this ward's pool`;
    case 'untrained-lead':
      return `the lead ${who} is not IMR-trained`;
    case 'no-trained':
      return 'no IMR-trained facilitator: a trainee cannot run a session alone';
    case 'understaffed': {
      const { have, need } = breach.staffing ?? { have: 0, need: 0 };
      return `${have} of ${need} facilitators assigned`;
    }
  }
}
