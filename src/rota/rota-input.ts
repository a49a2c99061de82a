/** Maps stored rows to the planner's plain input (ward-local days, weekdays, times and ISO weeks). */
import { DateTime } from 'luxon';
import { AbsenceEntity, FacilitatorEntity } from '../database/schema/facilitator.entity';
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

export function localSlot(startsAt: string, endsAt: string, zone: string): LocalSlot {
  const start = DateTime.fromISO(startsAt, { zone: 'UTC' }).setZone(zone);
  const end = DateTime.fromISO(endsAt, { zone: 'UTC' }).setZone(zone);
  const sameDay = end.toISODate() === start.toISODate();
  return {
    localDate: start.toISODate()!,
    localWeekday: start.weekday,
    localStart: start.toFormat('HH:mm'),
    // A session running past midnight must fit the availability window up to 24:00.
    localEnd: sameDay ? end.toFormat('HH:mm') : '24:00',
    weekKey: start.toFormat("kkkk-'W'WW"),
  };
}

export function toPlannerSession(row: SessionEntity, zone: string, current: SessionAssignmentEntity[]): PlannerSession {
  return {
    id: row.id,
    wardId: row.wardId,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    ...localSlot(row.startsAt, row.endsAt, zone),
    facilitatorsPerSession: row.facilitatorsPerSession,
    locked: row.locked,
    current: current
      .filter((a) => a.sessionId === row.id)
      .sort((a, b) => (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1))
      .map((a) => ({ facilitatorId: a.facilitatorId, role: a.role })),
  };
}

export function toPlannerFacilitator(
  f: FacilitatorEntity,
  wardIds: string[],
  absences: AbsenceEntity[],
): PlannerFacilitator {
  return {
    id: f.id,
    name: f.name,
    imrTrained: f.imrTrained,
    active: f.active,
    wardIds,
    maxSessionsPerWeek: f.maxSessionsPerWeek,
    availability: f.availability,
    absences: absences.filter((a) => a.facilitatorId === f.id).map((a) => ({ from: a.fromDate, to: a.toDate })),
  };
}

export function toBooking(a: SessionAssignmentEntity, zone: string): FixedBooking {
  return {
    facilitatorId: a.facilitatorId,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    weekKey: localSlot(a.startsAt, a.endsAt, zone).weekKey,
    sessionId: a.sessionId,
  };
}
