/**
 * The hard rota rules for one person and one session, shared by the planner and by manual
 * assignment (checkAssignment). Times: instants as epoch ms, wall times as minutes of the day.
 */
import type {
  AssignmentViolation,
  AssignmentViolationReason,
  FixedBooking,
  PlannerFacilitator,
  PlannerSession,
} from './planner.types';

const MINUTES_PER_DAY = 24 * 60;

export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Ward-local [start, end) of a session in minutes; a session running past midnight ends at 24:00. */
export function localSpan(session: Pick<PlannerSession, 'localStart' | 'localEnd'>): [number, number] {
  const start = minutesOfDay(session.localStart);
  const end = minutesOfDay(session.localEnd);
  return [start, end <= start ? MINUTES_PER_DAY : end];
}

/** Two bookings clash when they overlap or sit closer than the buffer. */
export function clashes(aStart: number, aEnd: number, bStart: number, bEnd: number, bufferMs: number): boolean {
  return aStart < bEnd + bufferMs && bStart < aEnd + bufferMs;
}

export function isAbsentOn(facilitator: PlannerFacilitator, localDate: string): boolean {
  return facilitator.absences.some((a) => a.from <= localDate && localDate <= a.to);
}

export function isAvailableFor(facilitator: PlannerFacilitator, session: PlannerSession): boolean {
  if (facilitator.availability === null) return true;
  const [start, end] = localSpan(session);
  return facilitator.availability.some((w) => {
    if (w.weekday !== session.localWeekday) return false;
    const from = minutesOfDay(w.from);
    const toRaw = minutesOfDay(w.to);
    const to = toRaw <= from ? MINUTES_PER_DAY : toRaw;
    return from <= start && end <= to;
  });
}

/** The rules that depend on the person and the session only (not on other bookings). */
export function personalViolation(
  facilitator: PlannerFacilitator,
  session: PlannerSession,
): AssignmentViolationReason | null {
  if (!facilitator.active) return 'inactive';
  if (!facilitator.wardIds.includes(session.wardId)) return 'not-in-pool';
  if (isAbsentOn(facilitator, session.localDate)) return 'absent';
  if (!isAvailableFor(facilitator, session)) return 'unavailable';
  return null;
}

/** Checks the trained-lead rules for people given lead first. */
export function teamViolation(trained: boolean[]): AssignmentViolationReason | null {
  if (trained.length === 0 || trained[0]) return null;
  return trained.some(Boolean) ? 'no-trained-lead' : 'trainee-alone';
}

export interface ManualAssignmentCheck {
  session: PlannerSession;
  /** Proposed people, lead first. */
  facilitatorIds: string[];
  facilitators: PlannerFacilitator[];
  /** Every other assignment of these people, in any ward; entries for this session are ignored. */
  otherBookings: FixedBooking[];
  bufferMinutes: number;
}

/** The first hard rule a proposed assignment breaks, with the person it concerns, or null. */
export function checkAssignment(check: ManualAssignmentCheck): AssignmentViolation | null {
  const { session, facilitatorIds } = check;
  if (facilitatorIds.length !== session.facilitatorsPerSession) return { reason: 'wrong-count' };
  const seen = new Set<string>();
  const byId = new Map(check.facilitators.map((f) => [f.id, f]));
  const bufferMs = check.bufferMinutes * 60_000;
  const start = Date.parse(session.startsAt);
  const end = Date.parse(session.endsAt);
  const trained: boolean[] = [];
  for (const facilitatorId of facilitatorIds) {
    if (seen.has(facilitatorId)) return { reason: 'duplicate-facilitator', facilitatorId };
    seen.add(facilitatorId);
    const facilitator = byId.get(facilitatorId);
    if (!facilitator) return { reason: 'unknown-facilitator', facilitatorId };
    const personal = personalViolation(facilitator, session);
    if (personal) return { reason: personal, facilitatorId };
    const own = check.otherBookings.filter((b) => b.facilitatorId === facilitatorId && b.sessionId !== session.id);
    if (own.some((b) => clashes(start, end, Date.parse(b.startsAt), Date.parse(b.endsAt), bufferMs))) {
      return { reason: 'already-booked', facilitatorId };
    }
    const cap = facilitator.maxSessionsPerWeek;
    if (cap !== null && own.filter((b) => b.weekKey === session.weekKey).length + 1 > cap) {
      return { reason: 'at-weekly-cap', facilitatorId };
    }
    trained.push(facilitator.imrTrained);
  }
  const team = teamViolation(trained);
  return team ? { reason: team, facilitatorId: facilitatorIds[0] } : null;
}
