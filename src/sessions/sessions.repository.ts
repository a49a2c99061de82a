import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In, LessThanOrEqual } from 'typeorm';
import { newId } from '../common/ids';
import { Database, IMR_DATABASE } from '../database/database';
import { AssignmentHistoryEntity, SessionAssignmentEntity } from '../database/schema/assignment.entity';
import { FacilitatorEntity } from '../database/schema/facilitator.entity';
import { GroupEntity, GroupVersionEntity } from '../database/schema/group.entity';
import { SessionEntity } from '../database/schema/session.entity';
import { WardEntity } from '../database/schema/ward.entity';
import { PlannedSession } from '../groups/schedule/group-schedule';
import { chunks, sortByStart } from './session-rows';

type SessionRow = Omit<SessionEntity, 'locked' | 'published'> & { locked: boolean | number; published: boolean | number };

/** Every column of SessionEntity, by its property name. */
const SELECT_SESSIONS =
  'SELECT s.id AS "id", s."groupId" AS "groupId", s."wardId" AS "wardId", s."occurrenceDate" AS "occurrenceDate", ' +
  's."startsAt" AS "startsAt", s."endsAt" AS "endsAt", s."moduleNumber" AS "moduleNumber", s."modulePart" AS "modulePart", ' +
  's."moduleParts" AS "moduleParts", s.room AS "room", s."facilitatorsPerSession" AS "facilitatorsPerSession", s.status AS "status", ' +
  's."cancelReason" AS "cancelReason", s.locked AS "locked", s.published AS "published", s.sequence AS "sequence", s."changedAt" AS "changedAt" ' +
  'FROM sessions s';

/** A row of SELECT_SESSIONS as the entity TypeORM would have made of it (SQLite gives booleans as 0 and 1). */
function sessionOf(row: SessionRow): SessionEntity {
  return Object.assign(new SessionEntity(), row, { locked: Boolean(row.locked), published: Boolean(row.published) });
}

/** The sessions feature's queries and writes, so the service reads as materialisation rules, not as SQL. */
@Injectable()
export class SessionsRepository {
  constructor(@Inject(IMR_DATABASE) private readonly db: Database) {}

  /**
   * Stored sessions of a ward (or one group) on the ward-local dates [from, to], by start. Plain SQL
   * (every session read and plan reads a window; TypeORM's building and mapping of it cost more than
   * the database did).
   */
  async inWindow(wardId: string, from: string, to: string, onlyGroupId?: string, em: EntityManager = this.db.manager) {
    const rows: SessionRow[] = await em.query(
      `${SELECT_SESSIONS} WHERE s."wardId" = $1 AND s."occurrenceDate" BETWEEN $2 AND $3${onlyGroupId ? ' AND s."groupId" = $4' : ''}`,
      onlyGroupId ? [wardId, from, to, onlyGroupId] : [wardId, from, to],
    );
    return sortByStart(rows.map(sessionOf));
  }

  async groupsOfWard(wardId: string, onlyGroupId?: string, em: EntityManager = this.db.manager): Promise<GroupEntity[]> {
    return em.find(GroupEntity, { where: { wardId, ...(onlyGroupId && { id: onlyGroupId }) } });
  }

  async versionsOf(groupIds: string[], em: EntityManager = this.db.manager): Promise<GroupVersionEntity[]> {
    return groupIds.length ? em.find(GroupVersionEntity, { where: { groupId: In(groupIds) } }) : [];
  }

  /** The dates of a ward's cancelled sessions up to `to`, by group: the curriculum skips them. */
  async cancelledDates(
    wardId: string,
    to: string,
    em: EntityManager = this.db.manager,
  ): Promise<{ groupId: string; occurrenceDate: string }[]> {
    return em.find(SessionEntity, {
      select: { groupId: true, occurrenceDate: true },
      where: { wardId, status: 'cancelled', occurrenceDate: LessThanOrEqual(to) },
    });
  }

  /** Inserts new rows; ids are deterministic, so a row a concurrent reader already wrote is ignored. */
  async insertNew(rows: SessionEntity[], em: EntityManager): Promise<void> {
    for (const batch of chunks(rows, 50)) {
      await em.createQueryBuilder().insert().into(SessionEntity).values(batch).orIgnore().execute();
    }
  }

  /** Takes the plan's time, room and module; `visible` raises SEQUENCE so calendar apps take the change. */
  async applyPlan(id: string, plan: PlannedSession, visible: boolean, now: string, em: EntityManager): Promise<void> {
    await em.update(
      SessionEntity,
      { id },
      {
        startsAt: plan.startsAt,
        endsAt: plan.endsAt,
        room: plan.room,
        moduleNumber: plan.moduleNumber,
        modulePart: plan.modulePart,
        moduleParts: plan.moduleParts,
        facilitatorsPerSession: plan.facilitatorsPerSession,
        ...(visible && { sequence: () => '"sequence" + 1', changedAt: now }),
      },
    );
  }

  /** Removes sessions with their assignments. */
  async remove(ids: string[], em: EntityManager): Promise<void> {
    for (const batch of chunks(ids)) {
      await em.delete(SessionAssignmentEntity, { sessionId: In(batch) });
      await em.delete(SessionEntity, { id: In(batch) });
    }
  }

  async assignmentsOf(sessionIds: string[], em: EntityManager = this.db.manager): Promise<SessionAssignmentEntity[]> {
    const out: SessionAssignmentEntity[] = [];
    for (const batch of chunks(sessionIds)) out.push(...(await em.find(SessionAssignmentEntity, { where: { sessionId: In(batch) } })));
    return out;
  }

  /** The sessions' assignments with each facilitator's name, in one joined query per chunk. */
  async assignmentsWithNames(sessionIds: string[], em: EntityManager = this.db.manager) {
    const assignments: Pick<SessionAssignmentEntity, 'sessionId' | 'facilitatorId' | 'role'>[] = [];
    const names = new Map<string, string>();
    for (const batch of chunks(sessionIds)) {
      const rows = await em
        .createQueryBuilder(SessionAssignmentEntity, 'a')
        .leftJoin(FacilitatorEntity, 'f', 'f.id = a.facilitatorId')
        .select('a.sessionId', 'sessionId')
        .addSelect('a.facilitatorId', 'facilitatorId')
        .addSelect('a.role', 'role')
        .addSelect('f.name', 'name')
        .where('a.sessionId IN (:...ids)', { ids: batch })
        .getRawMany<{ sessionId: string; facilitatorId: string; role: 'lead' | 'co'; name: string | null }>();
      for (const r of rows) {
        assignments.push({ sessionId: r.sessionId, facilitatorId: r.facilitatorId, role: r.role });
        if (r.name !== null) names.set(r.facilitatorId, r.name);
      }
    }
    return { assignments, names };
  }

  async moveAssignments(sessionId: string, startsAt: string, endsAt: string, em: EntityManager): Promise<void> {
    await em.update(SessionAssignmentEntity, { sessionId }, { startsAt, endsAt });
  }

  /** Of these people, those with another scheduled session overlapping [from, to). */
  async bookedElsewhere(facilitatorIds: string[], sessionId: string, from: string, to: string, em: EntityManager): Promise<string[]> {
    if (!facilitatorIds.length) return [];
    const rows = await em
      .createQueryBuilder(SessionAssignmentEntity, 'a')
      .innerJoin(SessionEntity, 's', 's.id = a.sessionId AND s.status = :scheduled', { scheduled: 'scheduled' })
      .where('a.facilitatorId IN (:...ids)', { ids: facilitatorIds })
      .andWhere('a.sessionId <> :id', { id: sessionId })
      .andWhere('a.startsAt < :to AND a.endsAt > :from', { to, from })
      .getMany();
    return [...new Set(rows.map((r) => r.facilitatorId))].sort();
  }

  /**
   * Takes some people off a session (the others stay, a lock included), raising its SEQUENCE, with
   * the reason in the history. When the lead leaves, a trained colleague who stays leads.
   */
  async takeOff(
    row: SessionEntity,
    assigned: SessionAssignmentEntity[],
    people: string[],
    change: { action: string; reason: string; now: string },
    em: EntityManager,
  ): Promise<void> {
    const before = assigned.map((a) => ({ facilitatorId: a.facilitatorId, role: a.role }));
    await em.delete(SessionAssignmentEntity, { sessionId: row.id, facilitatorId: In(people) });
    await em.update(SessionEntity, { id: row.id }, { sequence: () => '"sequence" + 1', changedAt: change.now });
    const stay = assigned.filter((a) => !people.includes(a.facilitatorId));
    if (stay.length && !stay.some((a) => a.role === 'lead')) {
      const ids = stay.map((a) => a.facilitatorId);
      const trained = await em.find(FacilitatorEntity, { select: { id: true }, where: { id: In(ids), imrTrained: true } });
      const next = stay.find((a) => trained.some((f) => f.id === a.facilitatorId)) ?? stay[0];
      await em.update(SessionAssignmentEntity, { sessionId: row.id, facilitatorId: next.facilitatorId }, { role: 'lead' });
      next.role = 'lead';
    }
    await em.insert(AssignmentHistoryEntity, {
      id: newId(),
      sessionId: row.id,
      wardId: row.wardId,
      at: change.now,
      keyId: null,
      action: change.action,
      before,
      after: stay.map((a) => ({ facilitatorId: a.facilitatorId, role: a.role })),
      reason: change.reason.slice(0, 1000),
    });
  }

  async requireSessionRow(id: string, em: EntityManager): Promise<SessionEntity> {
    return em.findOneByOrFail(SessionEntity, { id });
  }

  /** A session with its ward and group, in one joined query. */
  async sessionWithWardAndGroup(id: string): Promise<{ session: SessionEntity; ward: WardEntity; group: GroupEntity } | null> {
    type Joined = SessionEntity & { joinedWard?: WardEntity; joinedGroup?: GroupEntity };
    const joined: Joined | null = await this.db
      .repo(SessionEntity)
      .createQueryBuilder('s')
      .innerJoinAndMapOne('s.joinedWard', WardEntity, 'w', 'w.id = s.wardId')
      .innerJoinAndMapOne('s.joinedGroup', GroupEntity, 'g', 'g.id = s.groupId')
      .where('s.id = :id', { id })
      .getOne();
    if (!joined?.joinedWard || !joined.joinedGroup) return null;
    const { joinedWard: ward, joinedGroup: group, ...session } = joined;
    return { session: Object.assign(new SessionEntity(), session), ward, group };
  }

  async facilitatorNames(ids: string[], em: EntityManager = this.db.manager): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const batch of chunks(ids)) {
      for (const f of await em.find(FacilitatorEntity, { select: { id: true, name: true }, where: { id: In(batch) } })) {
        names.set(f.id, f.name);
      }
    }
    return names;
  }

  async setStatus(id: string, status: 'scheduled' | 'cancelled', reason: string | null, now: string, em: EntityManager): Promise<void> {
    await em.update(SessionEntity, { id }, { status, cancelReason: reason, sequence: () => '"sequence" + 1', changedAt: now });
  }

  /** The last ward-local date on which the group has a stored session. */
  async lastOccurrenceDate(groupId: string): Promise<string | null> {
    const last = await this.db
      .repo(SessionEntity)
      .createQueryBuilder('s')
      .select('MAX(s.occurrenceDate)', 'last')
      .where('s.groupId = :groupId', { groupId })
      .getRawOne<{ last: string | null }>();
    return last?.last ?? null;
  }
}
