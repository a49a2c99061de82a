import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { newId } from '../common/ids';
import { Database, IMR_DATABASE } from '../database/database';
import { AbsenceEntity, FacilitatorEntity, FacilitatorWardEntity } from '../database/schema/facilitator.entity';
import { SessionEntity } from '../database/schema/session.entity';
import { WardEntity } from '../database/schema/ward.entity';
import { AssignmentHistoryEntity, SessionAssignmentEntity } from '../database/schema/assignment.entity';
import { toBooking, toPlannerFacilitator } from './rota-input';
import { assignmentEvents } from '../events/session-events';
import { recordEvents } from '../events/outbox';
import { FixedBooking, PlannerFacilitator, RoleAssignment } from './planner/planner.types';

const CHUNK = 400;

export interface AssignmentChange {
  session: SessionEntity;
  before: RoleAssignment[];
  after: RoleAssignment[];
}

/** The rota's queries and writes, so the services read as rules, not as SQL. */
@Injectable()
export class RotaRepository {
  constructor(@Inject(IMR_DATABASE) private readonly db: Database) {}

  async wardZones(em: EntityManager = this.db.manager): Promise<Map<string, string>> {
    const wards = await em.find(WardEntity, { select: { id: true, timezone: true } });
    return new Map(wards.map((w) => [w.id, w.timezone]));
  }

  async facilitators(ids: string[], em: EntityManager = this.db.manager): Promise<PlannerFacilitator[]> {
    if (!ids.length) return [];
    const result: PlannerFacilitator[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const batch = ids.slice(i, i + CHUNK);
      // One after another: a transaction's connection runs one query at a time.
      const rows = await em.find(FacilitatorEntity, { where: { id: In(batch) } });
      const links = await em.find(FacilitatorWardEntity, { where: { facilitatorId: In(batch) } });
      const absences = await em.find(AbsenceEntity, { where: { facilitatorId: In(batch) } });
      for (const f of rows.sort((a, b) => (a.id < b.id ? -1 : 1))) {
        const wardIds = links.filter((l) => l.facilitatorId === f.id).map((l) => l.wardId);
        result.push(toPlannerFacilitator(f, wardIds, absences));
      }
    }
    return result;
  }

  async poolIds(wardId: string, em: EntityManager = this.db.manager): Promise<string[]> {
    const links = await em.find(FacilitatorWardEntity, { where: { wardId } });
    return links.map((l) => l.facilitatorId).sort();
  }

  async assignmentsOf(sessionIds: string[], em: EntityManager = this.db.manager): Promise<SessionAssignmentEntity[]> {
    const out: SessionAssignmentEntity[] = [];
    for (let i = 0; i < sessionIds.length; i += CHUNK) {
      out.push(...(await em.find(SessionAssignmentEntity, { where: { sessionId: In(sessionIds.slice(i, i + CHUNK)) } })));
    }
    return out;
  }

  /** Every assignment of these people overlapping [from, to), in any ward, as planner bookings. */
  async bookings(facilitatorIds: string[], from: string, to: string, em: EntityManager = this.db.manager): Promise<FixedBooking[]> {
    if (!facilitatorIds.length) return [];
    const zones = await this.wardZones(em);
    const out: FixedBooking[] = [];
    for (let i = 0; i < facilitatorIds.length; i += CHUNK) {
      // A cancelled session keeps its people (calendars show them the cancellation) but books nobody.
      const rows = await em
        .createQueryBuilder(SessionAssignmentEntity, 'a')
        .innerJoin(SessionEntity, 's', 's.id = a.sessionId AND s.status = :scheduled', { scheduled: 'scheduled' })
        .where('a.facilitatorId IN (:...ids)', { ids: facilitatorIds.slice(i, i + CHUNK) })
        .andWhere('a.startsAt < :to AND a.endsAt > :from', { to, from })
        .getMany();
      out.push(...rows.map((a) => toBooking(a, zones.get(a.wardId) ?? 'UTC')));
    }
    return out;
  }

  /**
   * Replaces the facilitators of sessions, raising each session's calendar SEQUENCE, with history and
   * (for published sessions) the outbox events of the people added and removed. Call it last in a transaction.
   */
  async apply(em: EntityManager, changes: AssignmentChange[], action: string, keyId: string | null, now: string, lock?: boolean) {
    for (const { session, before, after } of changes) {
      await em.delete(SessionAssignmentEntity, { sessionId: session.id });
      if (after.length) {
        await em.insert(
          SessionAssignmentEntity,
          after.map((a) => ({
            sessionId: session.id,
            facilitatorId: a.facilitatorId,
            role: a.role,
            wardId: session.wardId,
            startsAt: session.startsAt,
            endsAt: session.endsAt,
            assignedAt: now,
          })),
        );
      }
      await em.update(
        SessionEntity,
        { id: session.id },
        { sequence: () => '"sequence" + 1', changedAt: now, ...(lock !== undefined && { locked: lock }) },
      );
      await em.insert(AssignmentHistoryEntity, {
        id: newId(),
        sessionId: session.id,
        wardId: session.wardId,
        at: now,
        keyId,
        action,
        before,
        after,
      });
    }
    await recordEvents(em, changes.flatMap((c) => assignmentEvents(c.session, c.before, c.after, action)), now);
  }

  async history(wardId: string, sessionId: string | undefined, limit: number): Promise<AssignmentHistoryEntity[]> {
    return this.db.repo(AssignmentHistoryEntity).find({
      where: { wardId, ...(sessionId && { sessionId }) },
      order: { at: 'DESC', id: 'ASC' },
      take: limit,
    });
  }
}
