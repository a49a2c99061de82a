import { Inject, Injectable } from '@nestjs/common';
import { Between, EntityManager, In, LessThanOrEqual } from 'typeorm';
import { assertWardInScope, AuthContext } from '../auth/auth-context';
import { moduleTitle } from '../catalogue/catalogue';
import { Clock } from '../common/clock';
import { DomainEvents } from '../events/domain-events';
import { NewEvent } from '../events/core/event-types';
import { recordEvents } from '../events/outbox';
import { assignmentEvents, sessionChangedEvent } from '../events/session-events';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors';
import { newId } from '../common/ids';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { addDays, daysBetween, toWardInstant } from '../common/time';
import { Database, IMR_DATABASE } from '../database/database';
import { FacilitatorEntity } from '../database/schema/facilitator.entity';
import { AssignmentHistoryEntity, SessionAssignmentEntity } from '../database/schema/assignment.entity';
import { SessionEntity } from '../database/schema/session.entity';
import { WardEntity } from '../database/schema/ward.entity';
import { WardsService } from '../wards/wards.service';
import { GroupEntity, GroupVersionEntity } from '../database/schema/group.entity';
import { PlannedSession, planSessions } from '../groups/schedule/group-schedule';
import { calendarVisibleChange, chunks, newSessionRow, scheduleOf, sortByStart } from './session-rows';
import { SessionDto } from './sessions.dto';

export const MAX_WINDOW_DAYS = 731;
const YEARS_BACK = 10;
const YEARS_AHEAD = 5;
/**
 * Sessions are materialised on demand: any read of a window writes the rows it lacks and refreshes
 * those whose schedule or module changed. Rows of sessions that have started are frozen, so the past
 * never changes.
 */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly wards: WardsService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Sessions exist from ten years back to five years ahead. Outside that, a window is refused: every
   * read plans from the start of the curriculum run, so a date in the year 9999 would block the server.
   */
  checkRange(from: string, to: string, fromField = 'from', toField = 'to'): void {
    const today = this.clock.now().toISOString().slice(0, 10);
    const earliest = addDays(today, -YEARS_BACK * 366);
    const latest = addDays(today, YEARS_AHEAD * 366);
    if (from < earliest) throw new InvalidInputError(fromField, `must not be before ${earliest} (ten years back)`);
    if (to > latest) throw new InvalidInputError(toField, `must not be after ${latest} (five years ahead)`);
  }

  checkWindow(from: string, to: string): void {
    this.checkRange(from, to);
    if (to < from) throw new InvalidInputError('to', 'must not be earlier than from');
    if (daysBetween(from, to) > MAX_WINDOW_DAYS) throw new InvalidInputError('to', `must be at most ${MAX_WINDOW_DAYS} days after from`);
  }

  async materialiseWindow(ward: WardEntity, from: string, to: string, onlyGroupId?: string): Promise<SessionEntity[]> {
    this.checkRange(from, to);
    const now = this.clock.now().toISOString();
    const seen = await this.diff(this.db.manager, ward, from, to, now, onlyGroupId);
    if (!seen.changed) return seen.existing;
    // Planned again inside the write transaction (under the ward's lock), so a cancellation or edit
    // that committed in between is never overwritten with a plan made before it.
    const affected = await this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [`sessions:${ward.id}`]);
      const fresh = await this.diff(em, ward, from, to, now, onlyGroupId);
      return fresh.changed ? this.applyChanges(em, fresh, now) : null;
    });
    if (affected?.sessionIds.length) this.events.emit({ type: 'sessions-changed', wardId: ward.id, ...affected });
    return this.storedWindow(ward.id, from, to, onlyGroupId);
  }

  /** The stored rows of a window as they are, for a caller that has just materialised it. */
  async storedWindow(wardId: string, from: string, to: string, onlyGroupId?: string): Promise<SessionEntity[]> {
    const rows = await this.db.repo(SessionEntity).find({
      where: { wardId, occurrenceDate: Between(from, to), ...(onlyGroupId && { groupId: onlyGroupId }) },
    });
    return sortByStart(rows);
  }

  /** What the schedule says the window holds, against what is stored: rows to insert, refresh or remove. */
  private async diff(em: EntityManager, ward: WardEntity, from: string, to: string, now: string, onlyGroupId?: string) {
    const groups = await em.find(GroupEntity, { where: { wardId: ward.id, ...(onlyGroupId && { id: onlyGroupId }) } });
    const groupIds = groups.map((g) => g.id);
    const versions = groupIds.length ? await em.find(GroupVersionEntity, { where: { groupId: In(groupIds) } }) : [];
    const cancelled = await em.find(SessionEntity, {
      select: { groupId: true, occurrenceDate: true },
      where: { wardId: ward.id, status: 'cancelled', occurrenceDate: LessThanOrEqual(to) },
    });
    const cancelledByGroup = new Map<string, Set<string>>(groupIds.map((id) => [id, new Set()]));
    for (const c of cancelled) cancelledByGroup.get(c.groupId)?.add(c.occurrenceDate);

    const planned = new Map<string, { plan: PlannedSession; groupId: string }>();
    for (const group of groups) {
      const schedule = scheduleOf(group, versions, ward.timezone);
      if (!schedule.versions.length) continue;
      for (const plan of planSessions(schedule, from, to, cancelledByGroup.get(group.id)!)) {
        planned.set(plan.id, { plan, groupId: group.id });
      }
    }
    const existing = sortByStart(
      await em.find(SessionEntity, {
        where: { wardId: ward.id, occurrenceDate: Between(from, to), ...(onlyGroupId && { groupId: onlyGroupId }) },
      }),
    );
    const byId = new Map(existing.map((row) => [row.id, row]));
    const inserts: SessionEntity[] = [];
    const updates: { row: SessionEntity; plan: PlannedSession }[] = [];
    for (const [id, { plan, groupId }] of planned) {
      const row = byId.get(id);
      if (!row) {
        inserts.push(newSessionRow(plan, groupId, ward.id, now));
      } else if (row.startsAt > now && (calendarVisibleChange(row, plan) || row.facilitatorsPerSession !== plan.facilitatorsPerSession)) {
        updates.push({ row, plan });
      }
    }
    const orphans = existing.filter((row) => !planned.has(row.id) && row.startsAt > now);
    return { existing, inserts, updates, orphans, changed: inserts.length + updates.length + orphans.length > 0 };
  }

  private async applyChanges(
    em: EntityManager,
    { inserts, updates, orphans }: Pick<Awaited<ReturnType<SessionsService['diff']>>, 'inserts' | 'updates' | 'orphans'>,
    now: string,
  ): Promise<{ sessionIds: string[]; facilitatorIds: string[] }> {
    for (const batch of chunks(inserts, 50)) {
      // Concurrent readers may materialise the same session: ids are deterministic, so the loser is ignored.
      await em.createQueryBuilder().insert().into(SessionEntity).values(batch).orIgnore().execute();
    }
    const events: NewEvent[] = [];
    for (const { row, plan } of updates) {
      // The number of facilitators is not shown in calendars, so changing only it raises no SEQUENCE.
      const visible = calendarVisibleChange(row, plan);
      await em.update(
        SessionEntity,
        { id: row.id },
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
      const retimed = row.startsAt !== plan.startsAt || row.endsAt !== plan.endsAt;
      const people = retimed ? await this.retime(em, row, plan, now, events) : [];
      if (visible) events.push(...sessionChangedEvent({ ...row, startsAt: plan.startsAt, endsAt: plan.endsAt }, retimed ? 'retimed' : 'updated', people, row.status));
    }
    const touched = [...updates.map((u) => u.row.id), ...orphans.map((o) => o.id)];
    const assigned = touched.length
      ? await em.find(SessionAssignmentEntity, { where: { sessionId: In(touched) } })
      : [];
    for (const batch of chunks(orphans.map((o) => o.id))) {
      await em.delete(SessionAssignmentEntity, { sessionId: In(batch) });
      await em.delete(SessionEntity, { id: In(batch) });
    }
    for (const orphan of orphans) {
      const people = assigned.filter((a) => a.sessionId === orphan.id);
      events.push(...sessionChangedEvent(orphan, 'removed', people.map((p) => p.facilitatorId), 'removed'));
      events.push(...assignmentEvents(orphan, people, [], 'session-removed'));
    }
    await recordEvents(em, events, now);
    return { sessionIds: touched, facilitatorIds: [...new Set(assigned.map((a) => a.facilitatorId))] };
  }

  /**
   * Moves a session's assignments with it. Anyone the new time would put in two places at once is
   * taken off (with the session unlocked and the change in the history), so the database never holds
   * a double booking; the next plan or the nightly upkeep fills the session again.
   */
  private async retime(em: EntityManager, row: SessionEntity, plan: PlannedSession, now: string, events: NewEvent[]): Promise<string[]> {
    const assigned = await em.find(SessionAssignmentEntity, { where: { sessionId: row.id } });
    if (!assigned.length) return [];
    await em.update(SessionAssignmentEntity, { sessionId: row.id }, { startsAt: plan.startsAt, endsAt: plan.endsAt });
    const bufferMs = this.config.rota.bufferMinutes * 60_000;
    const from = new Date(Date.parse(plan.startsAt) - bufferMs).toISOString();
    const to = new Date(Date.parse(plan.endsAt) + bufferMs).toISOString();
    const clashes = await em
      .createQueryBuilder(SessionAssignmentEntity, 'a')
      .innerJoin(SessionEntity, 's', 's.id = a.sessionId AND s.status = :scheduled', { scheduled: 'scheduled' })
      .where('a.facilitatorId IN (:...ids)', { ids: assigned.map((a) => a.facilitatorId) })
      .andWhere('a.sessionId <> :id', { id: row.id })
      .andWhere('a.startsAt < :to AND a.endsAt > :from', { to, from })
      .getCount();
    if (!clashes) return assigned.map((a) => a.facilitatorId);
    await em.delete(SessionAssignmentEntity, { sessionId: row.id });
    await em.update(SessionEntity, { id: row.id }, { locked: false, sequence: () => '"sequence" + 1', changedAt: now });
    await em.insert(AssignmentHistoryEntity, {
      id: newId(),
      sessionId: row.id,
      wardId: row.wardId,
      at: now,
      keyId: null,
      action: 'retimed-clash',
      before: assigned.map((a) => ({ facilitatorId: a.facilitatorId, role: a.role })),
      after: [],
    });
    events.push(...assignmentEvents({ ...row, startsAt: plan.startsAt, endsAt: plan.endsAt }, assigned, [], 'retimed-clash'));
    return assigned.map((a) => a.facilitatorId);
  }

  async requireSession(auth: AuthContext, id: string): Promise<{ session: SessionEntity; ward: WardEntity; group: GroupEntity }> {
    const session = await this.db.repo(SessionEntity).findOne({ where: { id } });
    if (!session) throw new NotFoundError('session', id);
    assertWardInScope(auth, session.wardId, 'session', id);
    const ward = await this.db.repo(WardEntity).findOneByOrFail({ id: session.wardId });
    const group = await this.db.repo(GroupEntity).findOneByOrFail({ id: session.groupId });
    return { session, ward, group };
  }

  async listWindow(auth: AuthContext, wardId: string, from: string, to: string): Promise<SessionDto[]> {
    const ward = await this.wards.requireWard(auth, wardId);
    this.checkWindow(from, to);
    const rows = await this.materialiseWindow(ward, from, to);
    return this.toDtos(ward, rows);
  }

  async toDtos(ward: WardEntity, rows: SessionEntity[], em: EntityManager = this.db.manager): Promise<SessionDto[]> {
    const edition = this.wards.editionOf(ward);
    const groups = new Map(
      (await em.find(GroupEntity, { where: { wardId: ward.id } })).map((g) => [g.id, g] as const),
    );
    const assignments: SessionAssignmentEntity[] = [];
    for (const batch of chunks(rows.map((r) => r.id))) {
      assignments.push(...(await em.find(SessionAssignmentEntity, { where: { sessionId: In(batch) } })));
    }
    const facilitatorIds = [...new Set(assignments.map((a) => a.facilitatorId))];
    const names = new Map<string, string>();
    for (const batch of chunks(facilitatorIds)) {
      for (const f of await em.find(FacilitatorEntity, { select: { id: true, name: true }, where: { id: In(batch) } })) {
        names.set(f.id, f.name);
      }
    }
    const bySession = new Map<string, SessionAssignmentEntity[]>();
    for (const a of assignments) bySession.set(a.sessionId, [...(bySession.get(a.sessionId) ?? []), a]);
    return rows.map((row) => {
      const group = groups.get(row.groupId)!;
      const facilitators = (bySession.get(row.id) ?? [])
        .sort((a, b) => (a.role === b.role ? (a.facilitatorId < b.facilitatorId ? -1 : 1) : a.role === 'lead' ? -1 : 1))
        .map((a) => ({ id: a.facilitatorId, name: names.get(a.facilitatorId) ?? '', role: a.role }));
      return {
        id: row.id,
        groupId: row.groupId,
        groupName: group.name,
        wardId: row.wardId,
        date: row.occurrenceDate,
        startsAt: toWardInstant(row.startsAt, ward.timezone),
        endsAt: toWardInstant(row.endsAt, ward.timezone),
        module: { number: row.moduleNumber, title: moduleTitle(edition, row.moduleNumber) },
        part: row.modulePart,
        parts: row.moduleParts,
        room: row.room,
        capacity: group.capacity,
        facilitatorsPerSession: row.facilitatorsPerSession,
        facilitators,
        status: row.status,
        cancelReason: row.cancelReason,
        locked: row.locked,
        published: row.published,
        sequence: row.sequence,
      };
    });
  }

  async get(auth: AuthContext, id: string): Promise<SessionDto> {
    const { session, ward } = await this.requireSession(auth, id);
    return (await this.toDtos(ward, [session]))[0];
  }

  /** Cancels a session that has not started; the modules of the group's later sessions move up one. */
  async cancel(auth: AuthContext, id: string, reason: string): Promise<SessionDto> {
    return this.setStatus(auth, id, 'cancelled', reason);
  }

  async uncancel(auth: AuthContext, id: string): Promise<SessionDto> {
    return this.setStatus(auth, id, 'scheduled', null);
  }

  private async setStatus(auth: AuthContext, id: string, status: 'scheduled' | 'cancelled', reason: string | null): Promise<SessionDto> {
    const { ward, group } = await this.requireSession(auth, id);
    const now = this.clock.now().toISOString();
    const changed = await this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [`session:${id}`, `sessions:${ward.id}`]);
      const session = await em.findOneByOrFail(SessionEntity, { id });
      if (session.startsAt <= now) throw new ConflictError('the session has already started; its record cannot change');
      if (session.status === status) return null;
      await em.update(SessionEntity, { id }, { status, cancelReason: reason, sequence: () => '"sequence" + 1', changedAt: now });
      const assigned = await em.find(SessionAssignmentEntity, { where: { sessionId: id } });
      const change = status === 'cancelled' ? 'cancelled' : 'uncancelled';
      await recordEvents(em, sessionChangedEvent(session, change, assigned.map((a) => a.facilitatorId), status), now);
      return { session, facilitatorIds: assigned.map((a) => a.facilitatorId) };
    });
    if (changed) {
      this.events.emit({ type: 'sessions-changed', wardId: ward.id, sessionIds: [id], facilitatorIds: changed.facilitatorIds });
      await this.refreshGroupFrom(ward, group.id, changed.session.occurrenceDate);
    }
    return this.get(auth, id);
  }

  /** Recomputes a group's materialised sessions from a date on (after a cancellation or an edit). */
  async refreshGroupFrom(ward: WardEntity, groupId: string, from: string): Promise<void> {
    const last = await this.db
      .repo(SessionEntity)
      .createQueryBuilder('s')
      .select('MAX(s.occurrenceDate)', 'last')
      .where('s.groupId = :groupId', { groupId })
      .getRawOne<{ last: string | null }>();
    const to = last?.last && last.last > from ? last.last : from;
    for (let start = from; start <= to; start = addDays(start, MAX_WINDOW_DAYS + 1)) {
      const end = addDays(start, MAX_WINDOW_DAYS);
      await this.materialiseWindow(ward, start, end < to ? end : to, groupId);
    }
  }
}
