import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { assertWardInScope, AuthContext } from '../auth/auth-context';
import { wardLanguage } from '../wards/wards.dto';
import { Clock } from '../common/clock';
import { ConcurrencyGate } from '../common/concurrency-gate';
import { DomainEvents } from '../events/domain-events';
import { ReadResponses } from '../events/read-responses';
import { NewEvent } from '../events/core/event-types';
import { recordEvents } from '../events/outbox';
import { assignmentEvents, sessionChangedEvent } from '../events/session-events';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { addDays, daysBetween, localDate } from '../common/time';
import { Database, IMR_DATABASE } from '../database/database';
import { SessionEntity } from '../database/schema/session.entity';
import { WardEntity } from '../database/schema/ward.entity';
import { WardsService } from '../wards/wards.service';
import { GroupEntity } from '../database/schema/group.entity';
import { GroupSessions } from '../groups/group-sessions';
import { PlannedSession } from '../groups/schedule/group-schedule';
import { outcomesOf } from './session-outcomes';
import { keptWindow, splitByKeptWindow } from './kept-window';
import { SessionAssignmentEntity } from '../database/schema/assignment.entity';
import { SessionOutcomeEntity } from '../database/schema/session-outcome.entity';
import { checkLimitedWindow } from './read-window';
import { calendarVisibleChange, newSessionRow, sortByStart } from './session-rows';
import { RotaIntegrity, SessionConflict } from '../common/rota-integrity';
import { SessionDto } from './sessions.dto';
import { SessionsRepository } from './sessions.repository';
import { SessionPlans } from './session-plans';
import { DtoInputs, sessionDtos, SessionTexts } from './session-dto';

export const MAX_WINDOW_DAYS = 731;
export const READ_CONCURRENCY = 2;
const YEARS_BACK = 10;
const YEARS_AHEAD = 5;
/**
 * Who is on some of a list's sessions, as a caller already holds it (a plan, from its transaction):
 * `assignments` are every assignment of the sessions in `sessionIds`, `names` the names of their
 * people. Those sessions' people are not read again.
 */
export interface KnownPeople {
  sessionIds: ReadonlySet<string>;
  assignments: readonly Pick<SessionAssignmentEntity, 'sessionId' | 'facilitatorId' | 'role'>[];
  names: ReadonlyMap<string, string>;
}

/**
 * Sessions are materialised on demand: a write (plan, publish, cancel) or a read inside the window the
 * jobs keep (kept-window.ts) writes the rows it lacks and refreshes those whose schedule or module
 * changed; a read outside it computes the same rows without writing. Rows of sessions that have
 * started are frozen, so the past never changes.
 */
@Injectable()
export class SessionsService implements GroupSessions {
  /**
   * Window reads (sessions, rota.ics, rota summary, progress forecasts, ward figures) plan every
   * group from the start of its curriculum run: CPU-bound work. Two at a time, the rest wait their
   * turn, so many readers cannot starve the event loop (/health stays quick).
   */
  private readonly reads = new ConcurrencyGate(READ_CONCURRENCY);
  /** Each listed session's JSON, for the session lists of the busy read route. */
  private readonly texts = new SessionTexts();

  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly wards: WardsService,
    private readonly events: DomainEvents,
    private readonly repo: SessionsRepository,
    private readonly plans: SessionPlans,
    private readonly responses: ReadResponses,
    @Optional() private readonly integrity?: RotaIntegrity,
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

  /** checkWindow, plus the narrower windows of facilitator and discharge keys. */
  checkReadWindow(auth: AuthContext, ward: WardEntity, from: string, to: string): void {
    this.checkWindow(from, to);
    checkLimitedWindow(auth, from, to, localDate(this.clock.now(), ward.timezone));
  }

  /**
   * The window's sessions for a read: stored (materialised) inside the window the jobs keep, computed
   * without writing outside it, so no read can grow the database beyond what the jobs would.
   */
  async readWindow(ward: WardEntity, from: string, to: string): Promise<SessionEntity[]> {
    this.checkRange(from, to);
    return this.reads.run(() => this.readWindowNow(ward, from, to));
  }

  private async readWindowNow(ward: WardEntity, from: string, to: string): Promise<SessionEntity[]> {
    const parts = splitByKeptWindow(from, to, keptWindow(this.config, ward.timezone, this.clock.now()));
    const rows: SessionEntity[] = [];
    if (parts.before) rows.push(...(await this.computeWindow(ward, ...parts.before)));
    if (parts.inside) rows.push(...(await this.materialiseWindow(ward, ...parts.inside)));
    if (parts.after) rows.push(...(await this.computeWindow(ward, ...parts.after)));
    return sortByStart(rows);
  }

  /** What materialiseWindow would store, as unsaved rows: stored rows refreshed, missing ones added. */
  private async computeWindow(ward: WardEntity, from: string, to: string): Promise<SessionEntity[]> {
    const seen = await this.diff(this.db.manager, ward, from, to, this.clock.now().toISOString());
    if (!seen.changed) return seen.existing;
    const orphans = new Set(seen.orphans.map((o) => o.id));
    const plans = new Map(seen.updates.map((u) => [u.row.id, u.plan]));
    const rows = seen.existing
      .filter((row) => !orphans.has(row.id))
      .map((row) => {
        const plan = plans.get(row.id);
        if (!plan) return row;
        const { startsAt, endsAt, room, moduleNumber, modulePart, moduleParts, facilitatorsPerSession } = plan;
        return Object.assign(new SessionEntity(), row, {
          startsAt,
          endsAt,
          room,
          moduleNumber,
          modulePart,
          moduleParts,
          facilitatorsPerSession,
        });
      });
    return sortByStart([...rows, ...seen.inserts]);
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

  /**
   * Materialises inside the caller's transaction and raises no event: for a dry run that rolls back.
   * Takes `sessions:<ward>`, so the caller must hold no person's lock yet (coarse keys first, people last).
   */
  async materialiseIn(em: EntityManager, ward: WardEntity, from: string, to: string): Promise<SessionEntity[]> {
    this.checkRange(from, to);
    const now = this.clock.now().toISOString();
    await this.db.lockKeys(em, [`sessions:${ward.id}`]);
    const fresh = await this.diff(em, ward, from, to, now);
    if (fresh.changed) await this.applyChanges(em, fresh, now);
    return this.repo.inWindow(ward.id, from, to, undefined, em);
  }

  /** The stored rows of a window as they are, for a caller that has just materialised it. */
  async storedWindow(wardId: string, from: string, to: string, onlyGroupId?: string, em?: EntityManager): Promise<SessionEntity[]> {
    return this.repo.inWindow(wardId, from, to, onlyGroupId, em);
  }

  /** What the schedule says the window holds, against what is stored: rows to insert, refresh or remove. */
  private async diff(em: EntityManager, ward: WardEntity, from: string, to: string, now: string, onlyGroupId?: string) {
    const { planned } = await this.plans.window(em, ward, from, to, now, onlyGroupId, em === this.db.manager);
    const existing = await this.repo.inWindow(ward.id, from, to, onlyGroupId, em);
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
    // Concurrent readers may materialise the same session: ids are deterministic, so the loser is ignored.
    await this.repo.insertNew(inserts, em);
    const events: NewEvent[] = [];
    const moved = updates.filter(({ row, plan }) => row.startsAt !== plan.startsAt || row.endsAt !== plan.endsAt).map((u) => u.row.id);
    // The same per-person locks as manual assignment, so a move and a concurrent assignment elsewhere see each other.
    const movedPeople = await this.repo.assignmentsOf(moved, em);
    await this.db.lockKeys(
      em,
      movedPeople.map((a) => `facilitator:${a.facilitatorId}`),
    );
    for (const { row, plan } of updates) {
      // The number of facilitators is not shown in calendars, so changing only it raises no SEQUENCE.
      const visible = calendarVisibleChange(row, plan);
      await this.repo.applyPlan(row.id, plan, visible, now, em);
      const retimed = row.startsAt !== plan.startsAt || row.endsAt !== plan.endsAt;
      const people = retimed ? await this.retime(em, row, plan, now, events) : [];
      if (visible)
        events.push(
          ...sessionChangedEvent(
            { ...row, startsAt: plan.startsAt, endsAt: plan.endsAt },
            retimed ? 'retimed' : 'updated',
            people,
            row.status,
          ),
        );
    }
    const touched = [...updates.map((u) => u.row.id), ...orphans.map((o) => o.id)];
    const assigned = await this.repo.assignmentsOf(touched, em);
    const orphanIds = orphans.map((o) => o.id);
    await this.repo.remove(orphanIds, em);
    for (const orphan of orphans) {
      const people = assigned.filter((a) => a.sessionId === orphan.id);
      events.push(
        ...sessionChangedEvent(
          orphan,
          'removed',
          people.map((p) => p.facilitatorId),
          'removed',
        ),
      );
      events.push(...assignmentEvents(orphan, people, [], 'session-removed'));
    }
    // Last in the transaction (the outbox lock is held to commit).
    await recordEvents(em, events, now);
    return { sessionIds: touched, facilitatorIds: [...new Set(assigned.map((a) => a.facilitatorId))] };
  }

  /**
   * Moves a session's assignments with it. Anyone the new time would put in two places at once is
   * taken off this session (the others stay, a lock included), with the change in the history, so
   * the database never holds a double booking; the session shows as understaffed until the next
   * plan fills it. The caller holds the people's locks.
   */
  private async retime(em: EntityManager, row: SessionEntity, plan: PlannedSession, now: string, events: NewEvent[]): Promise<string[]> {
    const assigned = await this.repo.assignmentsOf([row.id], em);
    if (!assigned.length) return [];
    await this.repo.moveAssignments(row.id, plan.startsAt, plan.endsAt, em);
    const bufferMs = this.config.rota.bufferMinutes * 60_000;
    const from = new Date(Date.parse(plan.startsAt) - bufferMs).toISOString();
    const to = new Date(Date.parse(plan.endsAt) + bufferMs).toISOString();
    const people = assigned.map((a) => a.facilitatorId);
    const clashing = await this.repo.bookedElsewhere(people, row.id, from, to, em);
    if (!clashing.length) return people;
    await this.repo.takeOff(row, assigned, clashing, { action: 'retimed-clash', reason: 'booked elsewhere at the new time', now }, em);
    const off = assigned.filter((a) => clashing.includes(a.facilitatorId));
    events.push(...assignmentEvents({ ...row, startsAt: plan.startsAt, endsAt: plan.endsAt }, off, [], 'retimed-clash'));
    return people;
  }

  async requireSession(auth: AuthContext, id: string): Promise<{ session: SessionEntity; ward: WardEntity; group: GroupEntity }> {
    const found = await this.repo.sessionWithWardAndGroup(id);
    if (!found) throw new NotFoundError('session', id);
    assertWardInScope(auth, found.session.wardId, 'session', id);
    return found;
  }

  async listWindow(auth: AuthContext, wardId: string, from: string, to: string): Promise<SessionDto[]> {
    const ward = await this.wards.requireWard(auth, wardId);
    this.checkReadWindow(auth, ward, from, to);
    return (await this.windowDtos(ward, from, to)).dtos;
  }

  /**
   * A window's session list. Inside the kept window it is cut from the ward's listing (its stored
   * rows, people and outcomes, remembered until a write to the ward's sessions commits), with the
   * people's names and the rota conflicts from their own caches: no statement per read.
   */
  private async windowDtos(ward: WardEntity, from: string, to: string): Promise<{ rows: SessionEntity[]; dtos: SessionDto[] }> {
    const kept = keptWindow(this.config, ward.timezone, this.clock.now());
    if (from < kept.from || to > kept.to) {
      const rows = await this.readWindow(ward, from, to);
      return { rows, dtos: await this.toDtos(ward, rows) };
    }
    const { rows, inputs } = await this.keptInputs(ward, kept, from, to);
    return { rows, dtos: sessionDtos(rows, inputs) };
  }

  /** A window inside the kept one: cut from the ward's listing, with the people's names and conflicts from their caches. */
  private async keptInputs(ward: WardEntity, kept: { from: string; to: string }, from: string, to: string) {
    const listing = await this.plans.listing(ward, kept, async () => {
      const rows = await this.readWindow(ward, kept.from, kept.to);
      const ids = rows.map((r) => r.id);
      return {
        rows,
        assignments: (await this.repo.assignmentsWithNames(ids)).assignments,
        outcomes: await outcomesOf(this.db.manager, ids),
      };
    });
    const rows = listing.rows.filter((r) => r.occurrenceDate >= from && r.occurrenceDate <= to);
    const ids = new Set(rows.map((r) => r.id));
    const assignments = listing.assignments.filter((a) => ids.has(a.sessionId));
    const names = await this.plans.namesOf(ward.id, [...new Set(assignments.map((a) => a.facilitatorId))]);
    return { rows, inputs: await this.dtoInputs(ward, rows, assignments, names, listing.outcomes, this.db.manager) };
  }

  /**
   * listWindow as the JSON the route sends, remembered (ReadResponses) until a write on this ward or
   * on one of the listed people commits, or a listed session starts (its conflicts end then).
   */
  async listWindowJson(auth: AuthContext, wardId: string, from: string, to: string): Promise<string> {
    const ward = await this.wards.requireWard(auth, wardId);
    this.checkReadWindow(auth, ward, from, to);
    return this.responses.through(`sessions|${ward.id}|${ward.updatedAt}|${ward.timezone}|${from}|${to}`, async () => {
      const kept = keptWindow(this.config, ward.timezone, this.clock.now());
      let rows: SessionEntity[];
      let json: string;
      let people: Set<string>;
      if (from < kept.from || to > kept.to) {
        const built = await this.windowDtos(ward, from, to);
        [rows, json, people] = [
          built.rows,
          JSON.stringify(built.dtos),
          new Set(built.dtos.flatMap((d) => d.facilitators.map((f) => f.id))),
        ];
      } else {
        const built = await this.keptInputs(ward, kept, from, to);
        [rows, json, people] = [
          built.rows,
          this.texts.json(built.rows, built.inputs),
          new Set(built.inputs.assignments.map((a) => a.facilitatorId)),
        ];
      }
      const now = this.clock.now().toISOString();
      const next = rows.reduce<string | null>(
        (min, r) => (r.startsAt > now && (min === null || r.startsAt < min) ? r.startsAt : min),
        null,
      );
      return { json, tags: [`ward:${ward.id}`, ...[...people].map((id) => `facilitator:${id}`)], validUntil: next };
    });
  }

  /**
   * `conflicts`: the sessions' conflicts when the caller has just computed them from the same rows
   * (a plan's summary, inside its transaction); otherwise they are read through the rota integrity.
   */
  async toDtos(
    ward: WardEntity,
    rows: SessionEntity[],
    em: EntityManager = this.db.manager,
    conflicts?: ReadonlyMap<string, SessionConflict[]>,
    known?: KnownPeople,
  ): Promise<SessionDto[]> {
    const sessionIds = rows.map((r) => r.id);
    const unknown = known ? sessionIds.filter((id) => !known.sessionIds.has(id)) : sessionIds;
    const read = unknown.length ? await this.repo.assignmentsWithNames(unknown, em) : { assignments: [], names: new Map<string, string>() };
    const assignments = known ? [...known.assignments, ...read.assignments] : read.assignments;
    const names = known ? new Map([...known.names, ...read.names]) : read.names;
    // Outcomes exist only for sessions that have started (OutcomesService refuses the others, and a
    // started session's times never change): a caller that knows the people reads only those.
    const now = this.clock.now().toISOString();
    const outcomes = await outcomesOf(em, known ? rows.filter((r) => r.startsAt <= now).map((r) => r.id) : sessionIds);
    return sessionDtos(rows, await this.dtoInputs(ward, rows, assignments, names, outcomes, em, conflicts));
  }

  /** What a list of the ward's sessions is shown from: groups and conflicts read here, the rest given. */
  private async dtoInputs(
    ward: WardEntity,
    rows: SessionEntity[],
    assignments: readonly Pick<SessionAssignmentEntity, 'sessionId' | 'facilitatorId' | 'role'>[],
    names: ReadonlyMap<string, string>,
    outcomes: ReadonlyMap<string, SessionOutcomeEntity>,
    em: EntityManager,
    known?: ReadonlyMap<string, SessionConflict[]>,
  ): Promise<DtoInputs> {
    const groups = new Map((await this.plans.groupsOf(ward.id, em, em === this.db.manager)).map((g) => [g.id, g] as const));
    const integrity = this.integrity;
    const conflicts = known ?? (integrity && assignments.length ? await integrity.conflictsOf(rows, em, assignments) : new Map());
    return { ward, edition: this.wards.editionOf(ward), language: wardLanguage(ward), groups, assignments, names, outcomes, conflicts };
  }

  async get(auth: AuthContext, id: string): Promise<SessionDto> {
    const { session, ward } = await this.requireSession(auth, id);
    return (await this.toDtos(ward, [session]))[0];
  }

  /** Cancels a session that has not started; the modules of the group's later sessions move up one. */
  async cancel(auth: AuthContext, id: string, reason: string): Promise<SessionDto> {
    return this.setStatus(auth, id, 'cancelled', reason);
  }

  /**
   * Schedules a cancelled session again. Its people take the same per-person locks as a manual
   * assignment; anyone who meanwhile got booked at that time (or reached their weekly cap) is taken
   * off this session rather than double-booked: the answer names it in `affectedSessions` and its
   * `conflicts` say it is understaffed until the next plan or a manual assignment fills it.
   */
  async uncancel(auth: AuthContext, id: string): Promise<SessionDto> {
    if (!this.integrity) return this.setStatus(auth, id, 'scheduled', null);
    const { affectedSessions } = await this.integrity.watch({ sessionIds: [id] }, () => this.setStatus(auth, id, 'scheduled', null));
    return { ...(await this.get(auth, id)), affectedSessions };
  }

  /** Takes off a session just scheduled again everyone it would put in two places at once or over their weekly cap. */
  private async clearDoubleBookings(em: EntityManager, session: SessionEntity, now: string): Promise<void> {
    const assigned = await this.repo.assignmentsOf([session.id], em);
    if (!assigned.length || !this.integrity) return;
    const found = (await this.integrity.conflictsOf([session], em)).get(session.id) ?? [];
    const blocking = found.filter((c) => (c.rule === 'clash' || c.rule === 'over-cap') && c.facilitatorId);
    if (!blocking.length) return;
    const people = [...new Set(blocking.map((c) => c.facilitatorId!))];
    await this.repo.takeOff(
      session,
      assigned,
      people,
      { action: 'uncancel-clash', reason: blocking.map((c) => c.detail).join('; '), now },
      em,
    );
  }

  private async setStatus(auth: AuthContext, id: string, status: 'scheduled' | 'cancelled', reason: string | null): Promise<SessionDto> {
    const { ward, group } = await this.requireSession(auth, id);
    const now = this.clock.now().toISOString();
    const changed = await this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [`session:${id}`, `sessions:${ward.id}`]);
      const session = await this.repo.requireSessionRow(id, em);
      if (session.startsAt <= now)
        throw new ConflictError(
          'the session has already started; its record cannot change (record what happened with PUT /api/sessions/:id/outcome)',
        );
      if (session.status === status) return null;
      const people = await this.repo.assignmentsOf([id], em);
      if (status === 'scheduled')
        await this.db.lockKeys(
          em,
          people.map((a) => `facilitator:${a.facilitatorId}`),
        );
      await this.repo.setStatus(id, status, reason, now, em);
      if (status === 'scheduled') await this.clearDoubleBookings(em, { ...session, status }, now);
      const assigned = await this.repo.assignmentsOf([id], em);
      const change = status === 'cancelled' ? 'cancelled' : 'uncancelled';
      // Last in the transaction: the change, and anyone an uncancel took off for a clash.
      const ids = assigned.map((a) => a.facilitatorId);
      await recordEvents(
        em,
        [...sessionChangedEvent(session, change, ids, status), ...assignmentEvents(session, people, assigned, 'uncancel-clash')],
        now,
      );
      return { session, facilitatorIds: assigned.map((a) => a.facilitatorId) };
    });
    if (changed) {
      this.events.emit({ type: 'sessions-changed', wardId: ward.id, sessionIds: [id], facilitatorIds: changed.facilitatorIds });
      await this.refreshGroupFrom(ward, group.id, changed.session.occurrenceDate);
    }
    return this.get(auth, id);
  }

  /** Lays out again every group's coming sessions (after the ward's time zone changed). */
  async refreshWard(ward: WardEntity): Promise<void> {
    const today = addDays(this.clock.now().toISOString().slice(0, 10), -1);
    for (const group of await this.repo.groupsOfWard(ward.id)) await this.refreshGroupFrom(ward, group.id, today);
  }

  /** Recomputes a group's materialised sessions from a date on (after a cancellation or an edit). */
  async refreshGroupFrom(ward: WardEntity, groupId: string, from: string): Promise<void> {
    this.plans.forget(ward.id); // the group's plan inputs changed (and committed): plan afresh
    const last = await this.repo.lastOccurrenceDate(groupId);
    const to = last && last > from ? last : from;
    for (let start = from; start <= to; start = addDays(start, MAX_WINDOW_DAYS + 1)) {
      const end = addDays(start, MAX_WINDOW_DAYS);
      await this.materialiseWindow(ward, start, end < to ? end : to, groupId);
    }
  }
}
