/** Maps stored rows to the planner's plain input (ward-local days, weekdays, times and ISO weeks). */
import { wardClock } from '../common/time';
import { FacilitatorEntity } from '../database/schema/facilitator.entity';
import { SessionEntity } from '../database/schema/session.entity';
import { SessionAssignmentEntity } from '../database/schema/assignment.entity';
import { FixedBooking, PlannerFacilitator, PlannerSession } from './planner/planner.types';

export interface LocalSlot {
  localDate: string;
  localWeekday: number;
  localStart: string;
  localEnd: string;
  weekKey: string;
}

/** From the zone's offset table, not a luxon DateTime per instant: plans and conflict checks map every booking. */
export function localSlot(startsAt: string, endsAt: string, zone: string): LocalSlot {
  const start = wardClock(startsAt, zone);
  const end = wardClock(endsAt, zone);
  return {
    localDate: start.date,
    localWeekday: start.weekday,
    localStart: start.time,
    // A session running past midnight must fit the availability window up to 24:00.
    localEnd: end.date === start.date ? end.time : '24:00',
    weekKey: start.isoWeek,
  };
}

type Assigned = Pick<SessionAssignmentEntity, 'sessionId' | 'facilitatorId' | 'role'>;

export function toPlannerSession(row: SessionEntity, zone: string, current: Assigned[]): PlannerSession {
  return plannerSession(
    row,
    zone,
    current.filter((a) => a.sessionId === row.id),
  );
}

/** toPlannerSession for many sessions, their assignments grouped once (not filtered per session). */
export function toPlannerSessions(rows: SessionEntity[], zone: string, current: Assigned[]): PlannerSession[] {
  const bySession = new Map<string, Assigned[]>();
  for (const a of current) {
    const list = bySession.get(a.sessionId);
    if (list) list.push(a);
    else bySession.set(a.sessionId, [a]);
  }
  return rows.map((row) => plannerSession(row, zone, bySession.get(row.id) ?? []));
}

function plannerSession(row: SessionEntity, zone: string, own: Assigned[]): PlannerSession {
  return {
    id: row.id,
    wardId: row.wardId,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    ...localSlot(row.startsAt, row.endsAt, zone),
    facilitatorsPerSession: row.facilitatorsPerSession,
    locked: row.locked,
    current: [...own]
      .sort((a, b) => (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1))
      .map((a) => ({ facilitatorId: a.facilitatorId, role: a.role })),
  };
}

export function toPlannerFacilitator(
  f: Pick<FacilitatorEntity, 'id' | 'name' | 'imrTrained' | 'active' | 'maxSessionsPerWeek' | 'availability'>,
  wardIds: string[],
  absences: { from: string; to: string }[],
): PlannerFacilitator {
  return {
    id: f.id,
    name: f.name,
    imrTrained: f.imrTrained,
    active: f.active,
    wardIds,
    maxSessionsPerWeek: f.maxSessionsPerWeek,
    availability: f.availability,
    absences,
  };
}

export function toBooking(
  a: Pick<SessionAssignmentEntity, 'facilitatorId' | 'startsAt' | 'endsAt' | 'sessionId'>,
  zone: string,
): FixedBooking {
  return {
    facilitatorId: a.facilitatorId,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    // The ISO week of the start is all a booking needs (localSlot would map the end too).
    weekKey: wardClock(a.startsAt, zone).isoWeek,
    sessionId: a.sessionId,
  };
}
