import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { newId } from '../common/ids';
import { Database, IMR_DATABASE } from '../database/database';
import { AvailabilityWindow, FacilitatorEntity } from '../database/schema/facilitator.entity';
import { SessionEntity } from '../database/schema/session.entity';
import { WardEntity } from '../database/schema/ward.entity';
import { AssignmentHistoryEntity, SessionAssignmentEntity } from '../database/schema/assignment.entity';
import { assignmentEvents } from '../events/session-events';
import { recordEvents } from '../events/outbox';
import { GroupEntity } from '../database/schema/group.entity';
import { SessionPublicationEntity } from '../database/schema/session-publication.entity';
import { localSlot, toBooking, toPlannerFacilitator } from './rota-input';
import { placeholders, valueRows } from '../database/sql-lists';
import { anotherSessionText, type BreachWording } from './planner/rule-text';
import type { Language } from '../common/i18n';
import { wardLanguage } from '../wards/wards.dto';
import { FixedBooking, PlannerFacilitator, RoleAssignment, RuleBreach } from './planner/planner.types';

const CHUNK = 400;

interface PersonRow {
  id: string;
  name: string;
  imrTrained: boolean | number;
  active: boolean | number;
  maxSessionsPerWeek: number | string | null;
  availability: string | null;
  linkWardId: string | null;
}
/** Sessions per bulk write: well inside SQLite's and PostgreSQL's limits on bound parameters. */
const WRITE_CHUNK = 100;

export interface PublishedState {
  startsAt: string;
  endsAt: string;
  status: string;
  facilitatorIds: string[];
}

export interface PublicationChange {
  sessionId: string;
  before: PublishedState;
  after: PublishedState;
}

export interface AssignmentChange {
  session: SessionEntity;
  before: RoleAssignment[];
  after: RoleAssignment[];
  /** Why, when a fact forced it (a locked session's pinned person can no longer work it). */
  reason?: string | null;
}

/**
 * The sessions as `RotaRepository.apply` leaves them in the database: each changed one with its
 * SEQUENCE raised and `changedAt` now (and `locked` when given), the others as they were.
 */
export function afterApply(rows: SessionEntity[], changes: AssignmentChange[], now: string, lock?: boolean): SessionEntity[] {
  const changed = new Set(changes.map((c) => c.session.id));
  return rows.map((row) =>
    changed.has(row.id)
      ? Object.assign(new SessionEntity(), row, { sequence: row.sequence + 1, changedAt: now, ...(lock !== undefined && { locked: lock }) })
      : row,
  );
}

/** The rota's queries and writes, so the services read as rules, not as SQL. */
@Injectable()
export class RotaRepository {
  constructor(@Inject(IMR_DATABASE) private readonly db: Database) {}

  /** Every ward's clock and language (a conflict check reads the zone, and tells its breaches in the language). */
  async wardZones(em: EntityManager = this.db.manager): Promise<Map<string, { timezone: string; language: Language }>> {
    // Plain SQL: every conflict check reads it.
    const wards: { id: string; timezone: string; language: string | null }[] = await em.query(
      'SELECT w.id AS "id", w.timezone AS "timezone", w.language AS "language" FROM wards w',
    );
    return new Map(wards.map((w) => [w.id, { timezone: w.timezone, language: wardLanguage(w) }]));
  }

  /**
   * The people as the planner sees them: one query per 400 (each person with their wards, and their
   * absences as rows of their own beside them), in plain SQL (every plan and conflict check reads
   * them; TypeORM's building and mapping cost more than the statements). Booleans normalised:
   * SQLite gives 0/1, PostgreSQL true/false.
   */
  async facilitators(ids: string[], em: EntityManager = this.db.manager): Promise<PlannerFacilitator[]> {
    if (!ids.length) return [];
    const result: PlannerFacilitator[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const batch = ids.slice(i, i + CHUNK);
      const among = placeholders(1, batch.length);
      const rows: (PersonRow & { absence: number | string; fromDate: string | null; toDate: string | null })[] = await em.query(
        `SELECT 0 AS "absence", f.id AS "id", f.name AS "name", f."imrTrained" AS "imrTrained", f.active AS "active",
           f."maxSessionsPerWeek" AS "maxSessionsPerWeek", f.availability AS "availability", l."wardId" AS "linkWardId",
           NULL AS "fromDate", NULL AS "toDate"
         FROM facilitators f LEFT JOIN facilitator_wards l ON l."facilitatorId" = f.id
         WHERE f.id IN (${among})
         UNION ALL
         SELECT 1, a."facilitatorId", NULL, NULL, NULL, NULL, NULL, NULL, a."fromDate", a."toDate" FROM absences a
         WHERE a."facilitatorId" IN (${among})`,
        batch,
      );
      const away = new Map<string, { from: string; to: string }[]>();
      for (const a of rows) {
        if (Number(a.absence) !== 1) continue;
        (away.get(a.id) ?? away.set(a.id, []).get(a.id)!).push({ from: String(a.fromDate), to: String(a.toDate) });
      }
      const people = new Map<string, { row: PersonRow; wardIds: string[] }>();
      for (const r of rows) {
        if (Number(r.absence) === 1) continue;
        const known = people.get(r.id) ?? people.set(r.id, { row: r, wardIds: [] }).get(r.id)!;
        if (r.linkWardId !== null) known.wardIds.push(r.linkWardId);
      }
      for (const { row: r, wardIds } of [...people.values()].sort((a, b) => (a.row.id < b.row.id ? -1 : 1))) {
        const facts = {
          id: r.id,
          name: r.name,
          imrTrained: Boolean(r.imrTrained),
          active: Boolean(r.active),
          maxSessionsPerWeek: r.maxSessionsPerWeek === null ? null : Number(r.maxSessionsPerWeek),
          availability: r.availability === null ? null : (JSON.parse(r.availability) as AvailabilityWindow[]),
        };
        result.push(toPlannerFacilitator(facts, wardIds.sort(), away.get(r.id) ?? []));
      }
    }
    return result;
  }

  async poolIds(wardId: string, em: EntityManager = this.db.manager): Promise<string[]> {
    const links: { facilitatorId: string }[] = await em.query(
      'SELECT l."facilitatorId" AS "facilitatorId" FROM facilitator_wards l WHERE l."wardId" = $1',
      [wardId],
    );
    return links.map((l) => l.facilitatorId).sort();
  }

  async scheduledSessions(ids: string[], em: EntityManager = this.db.manager): Promise<SessionEntity[]> {
    const out: SessionEntity[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      out.push(...(await em.find(SessionEntity, { where: { id: In(ids.slice(i, i + CHUNK)), status: 'scheduled' } })));
    }
    return out;
  }

  async assignmentsOf(sessionIds: string[], em: EntityManager = this.db.manager): Promise<SessionAssignmentEntity[]> {
    const out: SessionAssignmentEntity[] = [];
    for (let i = 0; i < sessionIds.length; i += CHUNK) {
      out.push(...(await em.find(SessionAssignmentEntity, { where: { sessionId: In(sessionIds.slice(i, i + CHUNK)) } })));
    }
    return out;
  }

  /** Every assignment of these people overlapping [from, to), in any ward, as planner bookings (each in its ward's clock). */
  async bookings(facilitatorIds: string[], from: string, to: string, em: EntityManager = this.db.manager): Promise<FixedBooking[]> {
    if (!facilitatorIds.length) return [];
    const out: FixedBooking[] = [];
    for (let i = 0; i < facilitatorIds.length; i += CHUNK) {
      const ids = facilitatorIds.slice(i, i + CHUNK);
      // Plain SQL (every conflict check runs it): bookingRows' query for these people, without the query building.
      const rows: { sessionId: string; facilitatorId: string; startsAt: string; endsAt: string; timezone: string | null }[] =
        await em.query(
          `SELECT a."sessionId" AS "sessionId", a."facilitatorId" AS "facilitatorId", a."startsAt" AS "startsAt", a."endsAt" AS "endsAt", w.timezone AS "timezone"
         FROM session_assignments a INNER JOIN sessions s ON s.id = a."sessionId" AND s.status = 'scheduled' LEFT JOIN wards w ON w.id = a."wardId"
         WHERE a."facilitatorId" IN (${placeholders(1, ids.length)}) AND a."startsAt" < $${ids.length + 1} AND a."endsAt" > $${ids.length + 2}
         ORDER BY a."facilitatorId", a."startsAt", a."sessionId"`,
          [...ids, to, from],
        );
      out.push(...rows.map((a) => toBooking(a, a.timezone ?? 'UTC')));
    }
    return out;
  }

  /**
   * What a plan of sessions needs of assignments, in one query: their current assignments, and every
   * booking overlapping [from, to) of the pool and of everyone on them (the people), in any ward.
   */
  async planningBookings(
    pool: string[],
    sessionIds: string[],
    from: string,
    to: string,
    em: EntityManager = this.db.manager,
  ): Promise<{
    current: Pick<SessionAssignmentEntity, 'sessionId' | 'facilitatorId' | 'role'>[];
    people: string[];
    bookings: FixedBooking[];
  }> {
    let current: Pick<SessionAssignmentEntity, 'sessionId' | 'facilitatorId' | 'role'>[];
    let people: string[];
    let bookings: FixedBooking[];
    if (pool.length <= CHUNK && sessionIds.length <= CHUNK) {
      const who = [
        ...(pool.length ? ['SELECT f.id FROM facilitators f WHERE f.id IN (:...pool)'] : []),
        ...(sessionIds.length ? ['SELECT o."facilitatorId" FROM session_assignments o WHERE o."sessionId" IN (:...sessionIds)'] : []),
      ];
      if (!who.length) return { current: [], people: [], bookings: [] };
      const rows = await this.bookingRows(em, `a.facilitatorId IN (${who.join(' UNION ')})`, { pool, sessionIds }, from, to);
      const planned = new Set(sessionIds);
      // Sessions in id order, then people in id order: the order the assignments were always read in.
      current = rows
        .filter((a) => planned.has(a.sessionId))
        .sort((a, b) => (a.sessionId === b.sessionId ? (a.facilitatorId < b.facilitatorId ? -1 : 1) : a.sessionId < b.sessionId ? -1 : 1));
      people = [...new Set([...pool, ...current.map((a) => a.facilitatorId)])].sort();
      bookings = rows.map((a) => toBooking(a, a.timezone ?? 'UTC'));
    } else {
      current = await this.assignmentsOf(sessionIds, em);
      people = [...new Set([...pool, ...current.map((a) => a.facilitatorId)])].sort();
      bookings = await this.bookings(people, from, to, em);
    }
    return { current, people, bookings };
  }

  /** Assignments of scheduled sessions overlapping [from, to) whose person matches `who`, with the ward's zone. */
  private bookingRows(em: EntityManager, who: string, params: Record<string, unknown>, from: string, to: string) {
    // A cancelled session keeps its people (calendars show them the cancellation) but books nobody.
    return (
      em
        .createQueryBuilder(SessionAssignmentEntity, 'a')
        .innerJoin(SessionEntity, 's', 's.id = a.sessionId AND s.status = :scheduled', { scheduled: 'scheduled' })
        .leftJoin(WardEntity, 'w', 'w.id = a.wardId')
        .select('a.sessionId', 'sessionId')
        .addSelect('a.facilitatorId', 'facilitatorId')
        .addSelect('a.role', 'role')
        .addSelect('a.startsAt', 'startsAt')
        .addSelect('a.endsAt', 'endsAt')
        .addSelect('w.timezone', 'timezone')
        .where(who, params)
        .andWhere('a.startsAt < :to AND a.endsAt > :from', { to, from })
        // The order the (facilitatorId, startsAt) index gives, stated so both databases agree.
        .orderBy('a.facilitatorId')
        .addOrderBy('a.startsAt')
        .addOrderBy('a.sessionId')
        .getRawMany<{
          sessionId: string;
          facilitatorId: string;
          role: 'lead' | 'co';
          startsAt: string;
          endsAt: string;
          timezone: string | null;
        }>()
    );
  }

  /**
   * Replaces the facilitators of sessions, raising each session's calendar SEQUENCE, with history and
   * (for published sessions) the outbox events of the people added and removed. Call it last in a transaction.
   */
  async apply(em: EntityManager, changes: AssignmentChange[], action: string, keyId: string | null, now: string, lock?: boolean) {
    // One sweep: four statements per hundred changed sessions, whatever their number (was four per
    // session), in plain SQL (TypeORM's query building cost more than the database did here).
    for (let i = 0; i < changes.length; i += WRITE_CHUNK) {
      const batch = changes.slice(i, i + WRITE_CHUNK);
      const ids = batch.map((c) => c.session.id);
      const assigned = batch.flatMap(({ session, after }) =>
        after.map((a) => [session.id, a.facilitatorId, a.role, session.wardId, session.startsAt, session.endsAt, now]),
      );
      const set = lock === undefined ? [now] : [now, lock];
      const history = batch.map(({ session, before, after, reason }) => [
        newId(),
        session.id,
        session.wardId,
        now,
        keyId,
        action,
        JSON.stringify(before),
        JSON.stringify(after),
        reason ?? null,
      ]);
      // The people (deleted, then inserted), the SEQUENCE and the history touch different rows: sent
      // together (SQLite's writer runs them without a trip through the event loop between them).
      await this.db.together(
        em,
        async () => {
          await em.query(`DELETE FROM "session_assignments" WHERE "sessionId" IN (${placeholders(1, ids.length)})`, ids);
          if (!assigned.length) return;
          await em.query(
            `INSERT INTO "session_assignments" ("sessionId", "facilitatorId", "role", "wardId", "startsAt", "endsAt", "assignedAt") VALUES ${valueRows(7, assigned.length)}`,
            assigned.flat(),
          );
        },
        () =>
          em.query(
            `UPDATE "sessions" SET "sequence" = "sequence" + 1, "changedAt" = $1${lock === undefined ? '' : ', "locked" = $2'} WHERE "id" IN (${placeholders(set.length + 1, ids.length)})`,
            [...set, ...ids],
          ),
        () =>
          em.query(
            `INSERT INTO "assignment_history" ("id", "sessionId", "wardId", "at", "keyId", "action", "before", "after", "reason") VALUES ${valueRows(9, history.length)}`,
            history.flat(),
          ),
      );
    }
    // After them, alone: on SQLite the outbox numbers its rows from the connection's last rowid.
    await recordEvents(
      em,
      changes.flatMap((c) => assignmentEvents(c.session, c.before, c.after, action)),
      now,
    );
  }

  /**
   * Words for breaches in `language` (the ward's whose sessions they are): people's names, and other
   * sessions as "Post 4 'Samtalegruppe' 10:00–11:00" in their ward's clock.
   */
  async wording(
    breaches: RuleBreach[],
    names: Map<string, string>,
    language: Language,
    em: EntityManager = this.db.manager,
  ): Promise<BreachWording> {
    const ids = [...new Set(breaches.flatMap((b) => (b.booking?.sessionId ? [b.booking.sessionId] : [])))];
    const text = new Map<string, string>();
    const missing = [...new Set(breaches.flatMap((b) => (b.facilitatorId && !names.has(b.facilitatorId) ? [b.facilitatorId] : [])))];
    const people = new Map(names);
    for (let i = 0; i < missing.length; i += CHUNK) {
      const rows = await em.find(FacilitatorEntity, { select: { id: true, name: true }, where: { id: In(missing.slice(i, i + CHUNK)) } });
      for (const f of rows) people.set(f.id, f.name);
    }
    for (let i = 0; i < ids.length; i += CHUNK) {
      const sessions = await em.find(SessionEntity, { where: { id: In(ids.slice(i, i + CHUNK)) } });
      const wards = new Map(
        (await em.find(WardEntity, { where: { id: In([...new Set(sessions.map((x) => x.wardId))]) } })).map((w) => [w.id, w]),
      );
      const groups = new Map(
        (
          await em.find(GroupEntity, { select: { id: true, name: true }, where: { id: In([...new Set(sessions.map((x) => x.groupId))]) } })
        ).map((g) => [g.id, g.name]),
      );
      for (const x of sessions) {
        const ward = wards.get(x.wardId);
        const slot = localSlot(x.startsAt, x.endsAt, ward?.timezone ?? 'UTC');
        text.set(x.id, `${ward?.name ?? '?'} '${groups.get(x.groupId) ?? '?'}' ${slot.localStart}–${slot.localEnd}`);
      }
    }
    return {
      language,
      name: (id) => people.get(id) ?? id,
      booking: (b) => (b.sessionId && text.get(b.sessionId)) || anotherSessionText(b, language),
    };
  }

  /**
   * Records the window's sessions as published now and answers, for those published before, what
   * changed since: time, status or facilitators (lead first).
   */
  async recordPublication(em: EntityManager, rows: SessionEntity[], now: string): Promise<PublicationChange[]> {
    const changes: PublicationChange[] = [];
    for (let i = 0; i < rows.length; i += CHUNK) {
      const batch = rows.slice(i, i + CHUNK);
      const ids = batch.map((r) => r.id);
      const last = new Map((await em.find(SessionPublicationEntity, { where: { sessionId: In(ids) } })).map((p) => [p.sessionId, p]));
      const assigned = await em.find(SessionAssignmentEntity, { where: { sessionId: In(ids) } });
      const fresh = batch.map((r) => {
        const facilitatorIds = assigned
          .filter((a) => a.sessionId === r.id)
          .sort((a, b) => (a.role === b.role ? (a.facilitatorId < b.facilitatorId ? -1 : 1) : a.role === 'lead' ? -1 : 1))
          .map((a) => a.facilitatorId);
        return {
          sessionId: r.id,
          wardId: r.wardId,
          publishedAt: now,
          startsAt: r.startsAt,
          endsAt: r.endsAt,
          status: r.status,
          facilitatorIds,
        };
      });
      for (const f of fresh) {
        const p = last.get(f.sessionId);
        if (!p) continue;
        const before = { startsAt: p.startsAt, endsAt: p.endsAt, status: p.status, facilitatorIds: p.facilitatorIds };
        const after = { startsAt: f.startsAt, endsAt: f.endsAt, status: f.status, facilitatorIds: f.facilitatorIds };
        if (JSON.stringify(before) !== JSON.stringify(after)) changes.push({ sessionId: f.sessionId, before, after });
      }
      await em.delete(SessionPublicationEntity, { sessionId: In(ids) });
      await em.insert(SessionPublicationEntity, fresh);
    }
    return changes;
  }

  async history(wardId: string, sessionId: string | undefined, limit: number): Promise<AssignmentHistoryEntity[]> {
    return this.db.repo(AssignmentHistoryEntity).find({
      where: { wardId, ...(sessionId && { sessionId }) },
      order: { at: 'DESC', id: 'ASC' },
      take: limit,
    });
  }
}
