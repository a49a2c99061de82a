import { NewEvent } from './core/event-types';

/** A draft referral passed its reminder deadline unsent. Ids and times only: no patient reference. */
export function overdueEvent(referralId: string, wardId: string, overdueSince: string): NewEvent {
  return { type: 'referral.overdue', wardId, data: { referralId, overdueSince } };
}
