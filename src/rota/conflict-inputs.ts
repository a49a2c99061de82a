import type { Language } from '../common/i18n';
import { SessionRef } from '../common/rota-integrity';
import { bookingWindow } from './booking-window';
import type { Assigned } from './conflict-queries';
import { FixedBooking, PlannerFacilitator } from './planner/planner.types';

/** What checking sessions reads: every ward's clock and language, their people, and those people's bookings around them. */
export interface CheckInputs {
  people: Set<string>;
  from: string;
  to: string;
  zones: Map<string, { timezone: string; language: Language }>;
  facilitators: PlannerFacilitator[];
  fixedBookings: FixedBooking[];
}

/** The span of bookings that can bear on these sessions (at least one). */
export function bookingsAround(open: readonly SessionRef[]): { from: string; to: string } {
  const first = open.reduce((m, r) => (r.startsAt < m ? r.startsAt : m), open[0].startsAt);
  const last = open.reduce((m, r) => (r.endsAt > m ? r.endsAt : m), open[0].endsAt);
  return bookingWindow(first, last);
}

/** Whether inputs read for some sessions hold everything checking these needs: their people, wards and booking window. */
export function covers(read: CheckInputs, open: readonly SessionRef[], assignments: readonly Pick<Assigned, 'facilitatorId'>[]): boolean {
  if (!assignments.every((a) => read.people.has(a.facilitatorId))) return false;
  if (!open.every((r) => read.zones.has(r.wardId))) return false;
  const { from, to } = bookingsAround(open);
  return from >= read.from && to <= read.to;
}
