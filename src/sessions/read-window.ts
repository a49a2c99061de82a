import { AuthContext } from '../auth/auth-context';
import { InvalidInputError } from '../common/errors';
import { addDays, daysBetween } from '../common/time';

/** Facilitator and discharge keys read at most this many days at once… */
export const LIMITED_WINDOW_DAYS = 92;
/** …no further than this from today, either way. */
export const LIMITED_REACH_DAYS = 366;

/**
 * Windows a facilitator or discharge key may read (sessions, rota.ics, rota summary): at most 92 days
 * long and within a year of today. What they need is their coming rota and the recent past; the wider
 * windows coordinators plan with cost far more. 400 naming the field.
 */
export function checkLimitedWindow(auth: AuthContext, from: string, to: string, today: string): void {
  if (auth.role !== 'facilitator' && auth.role !== 'discharge') return;
  if (daysBetween(from, to) >= LIMITED_WINDOW_DAYS) {
    throw new InvalidInputError('to', `must be less than ${LIMITED_WINDOW_DAYS} days after from for a ${auth.role} key`);
  }
  const earliest = addDays(today, -LIMITED_REACH_DAYS);
  const latest = addDays(today, LIMITED_REACH_DAYS);
  if (from < earliest) throw new InvalidInputError('from', `must not be before ${earliest} for a ${auth.role} key`);
  if (to > latest) throw new InvalidInputError('to', `must not be after ${latest} for a ${auth.role} key`);
}
