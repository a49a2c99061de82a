/**
 * Who runs a session after one person hands their place to another: the newcomer takes the leaver's
 * role; when that would leave an untrained lead beside a trained colleague, the trained one leads.
 * The hard rules themselves are the planner's (checkAssignment); this only proposes the team.
 */
import { checkAssignment } from '../../rota/planner/planner';
import type {
  AssignmentViolation,
  FixedBooking,
  PlannerFacilitator,
  PlannerSession,
  RoleAssignment,
  RuleBreach,
} from '../../rota/planner/planner.types';

/** A broken rule, with the planner's details (the clashing booking, the week's count) when it has them. */
type Violation = AssignmentViolation & { breach?: RuleBreach };

export function replaced(current: RoleAssignment[], outId: string, inId: string): RoleAssignment[] {
  return current.map((a) => (a.facilitatorId === outId ? { facilitatorId: inId, role: a.role } : a));
}

/** Lead-first ids to try, in order: the newcomer in the leaver's role, then a trained lead if that fails the lead rule. */
export function teamsToTry(team: RoleAssignment[], trained: (id: string) => boolean): string[][] {
  const ids = [...team].sort((a, b) => (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1)).map((a) => a.facilitatorId);
  const tries = [ids];
  if (ids.length > 1 && !trained(ids[0])) {
    const lead = ids.find(trained);
    if (lead) tries.push([lead, ...ids.filter((id) => id !== lead)]);
  }
  return tries;
}

export interface ReplacementCheck {
  session: PlannerSession;
  outId: string;
  inId: string;
  facilitators: PlannerFacilitator[];
  /** Every booking of the people involved; the caller leaves out bookings that the same change removes. */
  otherBookings: FixedBooking[];
  bufferMinutes: number;
}

/** The team after the hand-over (lead first), or the first rule it breaks. */
export function checkReplacement(c: ReplacementCheck): { ok: true; after: RoleAssignment[] } | { ok: false; violation: Violation } {
  const byId = new Map(c.facilitators.map((f) => [f.id, f]));
  const tries = teamsToTry(replaced(c.session.current, c.outId, c.inId), (id) => byId.get(id)?.imrTrained ?? false);
  let first: Violation | null = null;
  for (const ids of tries) {
    const violation = checkAssignment({
      session: c.session,
      facilitatorIds: ids,
      facilitators: c.facilitators,
      otherBookings: c.otherBookings,
      bufferMinutes: c.bufferMinutes,
    });
    if (!violation) return { ok: true, after: ids.map((id, i) => ({ facilitatorId: id, role: i === 0 ? 'lead' : 'co' })) };
    first ??= violation;
  }
  return { ok: false, violation: first! };
}
