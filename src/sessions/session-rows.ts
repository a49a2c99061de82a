/** Pure helpers for stored session rows: ordering, batching, the schedule of a group, what changed. */
import { SessionEntity } from '../database/schema/session.entity';
import { GroupEntity, GroupVersionEntity } from '../database/schema/group.entity';
import { GroupSchedule, PlannedSession } from '../groups/schedule/group-schedule';

const CHUNK = 400;

export function sortByStart(rows: SessionEntity[]): SessionEntity[] {
  return rows.sort((a, b) => (a.startsAt === b.startsAt ? (a.id < b.id ? -1 : 1) : a.startsAt < b.startsAt ? -1 : 1));
}

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function scheduleOf(group: GroupEntity, versions: GroupVersionEntity[], timezone: string): GroupSchedule {
  return {
    groupId: group.id,
    timezone,
    startsOn: group.startsOn,
    endsOn: group.endsOn,
    excludedDates: group.excludedDates,
    versions: versions.filter((v) => v.groupId === group.id).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1)),
  };
}

export function calendarVisibleChange(row: SessionEntity, planned: PlannedSession): boolean {
  return (
    row.startsAt !== planned.startsAt ||
    row.endsAt !== planned.endsAt ||
    row.room !== planned.room ||
    row.moduleNumber !== planned.moduleNumber ||
    row.modulePart !== planned.modulePart ||
    row.moduleParts !== planned.moduleParts
  );
}

export function newSessionRow(plan: PlannedSession, groupId: string, wardId: string, now: string): SessionEntity {
  return Object.assign(new SessionEntity(), {
    id: plan.id,
    groupId,
    wardId,
    occurrenceDate: plan.occurrenceDate,
    startsAt: plan.startsAt,
    endsAt: plan.endsAt,
    moduleNumber: plan.moduleNumber,
    modulePart: plan.modulePart,
    moduleParts: plan.moduleParts,
    room: plan.room,
    facilitatorsPerSession: plan.facilitatorsPerSession,
    status: 'scheduled',
    cancelReason: null,
    locked: false,
    published: false,
    sequence: 0,
    changedAt: now,
  });
}
