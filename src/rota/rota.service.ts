import { Inject, Injectable, Logger } from '@nestjs/common';
import { eachWard } from '../common/each-ward';
import { EntityManager, In } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { Clock } from '../common/clock';
import { DomainEvents } from '../events/domain-events';
import { recordEvents } from '../events/outbox';
import { publishedEvent } from '../events/session-events';
import { addDays, localDate, toWardInstant } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database, IMR_DATABASE } from '../database/database';
import { SessionEntity } from '../database/schema/session.entity';
import { WardEntity } from '../database/schema/ward.entity';
import { WardsService } from '../wards/wards.service';
import { wardLanguage } from '../wards/wards.dto';
import { planRota } from './planner/planner';
import { BreachWording, conflictsBySession, describeBreach } from './planner/rule-text';
import { rebalanceRota, RebalanceGain } from './planner/rebalance';
import { RotaSummary, sameAssignment, summariseRota } from './planner/summary';
import { PlannerFacilitator, SessionBreach } from './planner/planner.types';
import { ConflictsService } from './conflicts.service';
import {
  AssignmentHistoryDto,
  ConflictDto,
  LockedBreachDto,
  PlanResultDto,
  PlanRotaDto,
  PublishResultDto,
  RotaSummaryDto,
} from './rota.dto';
import { SessionDto } from '../sessions/sessions.dto';
import { KnownPeople, SessionsService } from '../sessions/sessions.service';
import { bookingWindowForDates } from './booking-window';
import { toPlannerSessions } from './rota-input';
import { afterApply, AssignmentChange, RotaRepository } from './rota.repository';

export interface PlanOptions {
  rebalance: boolean;
  maxChanges: number;
  keyId: string | null;
}

export interface PlanOutcome {
  summary: RotaSummary;
  lockedIssues: SessionBreach[];
  changes: AssignmentChange[];
  facilitators: PlannerFacilitator[];
  gain?: RebalanceGain;
  /** The window's stored sessions as the plan's transaction left them: the answer needs no read after the write. */
  window: SessionEntity[];
  /** Words for every breach the answer names, read once, inside the transaction. */
  words: BreachWording;
  /** Who the plan left on the sessions it planned, with their names: the answer reads only the others' people. */
  people: KnownPeople;
}

/**
 * The window's sessions' conflicts as the plan left them: its summary checked every scheduled session
 * of the window that has not started against all its people's bookings, as the conflicts check does.
 */
const planConflicts = (outcome: PlanOutcome) => conflictsBySession(outcome.summary.conflicts, outcome.words);

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const namesOf = (facilitators: PlannerFacilitator[]) => new Map(facilitators.map((f) => [f.id, f.name]));

/** Carries a dry run's answer out of the transaction it rolls back. */
class DryRun extends Error {
  constructor(readonly answer: PlanResultDto) {
    super('dry run');
  }
}

@Injectable()
export class RotaService {
  private readonly logger = new Logger('Rota');

  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly wards: WardsService,
    private readonly sessions: SessionsService,
    private readonly repo: RotaRepository,
    private readonly events: DomainEvents,
    private readonly conflictChecks: ConflictsService,
  ) {}

  /** Every scheduled session of the window, not started, whose assignment breaks a hard rule now. */
  async conflicts(auth: AuthContext, wardId: string, from: string, to: string): Promise<ConflictDto[]> {
    const ward = await this.wards.requireWard(auth, wardId);
    this.sessions.checkWindow(from, to);
    const rows = await this.sessions.materialiseWindow(ward, from, to);
    const found = await this.conflictChecks.rows(rows);
    return found.map((c) => ({ ...c, startsAt: toWardInstant(c.startsAt, ward.timezone) }));
  }

  /**
   * Fills unassigned sessions of the window and repairs invalid ones, locked ones included where a
   * pinned person can no longer work (the others stay); valid assignments stay. `rebalance` then moves
   * at most `maxChanges` sessions toward even shares. `dryRun` answers the same and writes nothing.
   * Sessions that have started are never touched. Load, plan and write happen in one transaction
   * holding the ward's and people's locks, so a concurrent manual assignment cannot double-book anyone.
   */
  async plan(auth: AuthContext, wardId: string, dto: PlanRotaDto): Promise<PlanResultDto> {
    const ward = await this.wards.requireWard(auth, wardId);
    this.sessions.checkWindow(dto.from, dto.to);
    const options: PlanOptions = { rebalance: dto.rebalance ?? false, maxChanges: dto.maxChanges ?? Infinity, keyId: auth.keyId };
    if (!dto.dryRun) {
      const outcome = await this.planWard(ward, dto.from, dto.to, options);
      return this.answer(
        outcome,
        await this.sessions.toDtos(ward, outcome.window, undefined, planConflicts(outcome), outcome.people),
        false,
      );
    }
    try {
      await this.db.transaction(async (em) => {
        // The ward's key before the sessions' (a plan takes it next anyway): coarse keys first, people last.
        await this.db.lockKeys(em, [`ward:${ward.id}`]);
        const rows = await this.sessions.materialiseIn(em, ward, dto.from, dto.to);
        const outcome = await this.planIn(em, ward, rows, dto.from, dto.to, options);
        throw new DryRun(
          this.answer(outcome, await this.sessions.toDtos(ward, outcome.window, em, planConflicts(outcome), outcome.people), true),
        );
      });
    } catch (error) {
      if (error instanceof DryRun) return error.answer;
      throw error;
    }
    throw new Error('a dry run always rolls back');
  }

  private answer(outcome: PlanOutcome, sessions: SessionDto[], dryRun: boolean): PlanResultDto {
    const summary = this.summaryDto(outcome.summary, outcome.words);
    const lockedIssues = this.breachDtos(outcome.lockedIssues, outcome.words);
    return {
      sessions,
      summary: { ...summary, changed: outcome.changes.length, lockedIssues },
      changes: outcome.changes.map((c) => ({
        sessionId: c.session.id,
        before: c.before.map((a) => a.facilitatorId),
        after: c.after.map((a) => a.facilitatorId),
        ...(c.reason && { reason: c.reason }),
      })),
      ...(outcome.gain && { gain: outcome.gain }),
      dryRun,
    };
  }

  /**
   * What the plan works on, also read by the summary so the two agree: the window's scheduled
   * sessions (`open`, read in the caller's transaction) that have not started, the ward's pool and
   * everyone assigned, and their bookings elsewhere: three statements (more for over 400 sessions or people).
   */
  private async planInput(
    em: EntityManager,
    ward: WardEntity,
    open: SessionEntity[],
    pool: string[],
    from: string,
    to: string,
    now: string,
  ) {
    const future = open.filter((s) => s.startsAt > now);
    const span = bookingWindowForDates(from, to);
    const { current, people, bookings } = await this.repo.planningBookings(
      pool,
      future.map((s) => s.id),
      span.from,
      span.to,
      em,
    );
    const facilitators = await this.repo.facilitators(people, em);
    const sessions = toPlannerSessions(future, ward.timezone, current);
    return { future, sessions, facilitators, fixedBookings: bookings, bufferMinutes: this.config.rota.bufferMinutes };
  }

  async planWard(ward: WardEntity, from: string, to: string, options: PlanOptions): Promise<PlanOutcome> {
    const known = await this.sessions.materialiseWindow(ward, from, to);
    const outcome = await this.db.transaction((em) => this.planIn(em, ward, known, from, to, options));
    if (outcome.changes.length) {
      const touched = new Set(outcome.changes.flatMap((c) => [...c.before, ...c.after].map((a) => a.facilitatorId)));
      this.events.emit({
        type: 'sessions-changed',
        wardId: ward.id,
        sessionIds: outcome.changes.map((c) => c.session.id),
        facilitatorIds: [...touched],
        assignmentsOnly: true,
      });
    }
    return outcome;
  }

  /**
   * One fixed set of statements whatever the plan changes: the pool, the window's sessions, their
   * assignments together with every booking of the people (one query), the people with their wards
   * and their absences, the words for breaches (only when a breach names another session or someone
   * outside the plan), then one sweep of writes (RotaRepository.apply) when anything changed.
   * test/support/plan-statements.ts counts them. `known`: the window's sessions as read before the
   * transaction, to know whom to lock (PostgreSQL).
   */
  private async planIn(
    em: EntityManager,
    ward: WardEntity,
    known: SessionEntity[],
    from: string,
    to: string,
    options: PlanOptions,
  ): Promise<PlanOutcome> {
    const now = this.clock.now().toISOString();
    // The ward first (a pool change takes it too, so the pool read next stays as read), then its people.
    await this.db.lockKeys(em, [`ward:${ward.id}`]);
    const pool = await this.repo.poolIds(ward.id, em);
    if (this.db.isPostgres) {
      // Whom to lock: the pool and everyone on the window's sessions; what the plan reads comes after the
      // locks. (On SQLite the transaction holds the database's write lock from BEGIN IMMEDIATE: nobody to wait for.)
      const assigned = await this.repo.assignmentsOf(
        known.map((s) => s.id),
        em,
      );
      await this.db.lockKeys(
        em,
        [...pool, ...assigned.map((a) => a.facilitatorId)].map((id) => `facilitator:${id}`),
      );
    }
    const window = await this.sessions.storedWindow(ward.id, from, to, undefined, em);
    // In id order, as the sessions were always read for planning (the summary lists breaches in this order).
    const open = window.filter((s) => s.status === 'scheduled').sort(byId);
    const { future, ...input } = await this.planInput(em, ward, open, pool, from, to, now);
    const result = planRota({ ...input, rebalance: false });
    let assignments = result.assignments;
    let gain: RebalanceGain | undefined;
    let summary = result.summary;
    if (options.rebalance) {
      const bounded = rebalanceRota({ ...input, rebalance: false }, result.assignments, options.maxChanges);
      assignments = bounded.assignments;
      gain = bounded.gain;
      summary = summariseRota(input, assignments);
    }
    const words = await this.repo.wording(
      [...result.lockedIssues, ...summary.conflicts],
      namesOf(input.facilitators),
      wardLanguage(ward),
      em,
    );
    const currentOf = new Map(input.sessions.map((s) => [s.id, s.current]));
    const inOrder = [...future].sort((a, b) => (a.startsAt === b.startsAt ? (a.id < b.id ? -1 : 1) : a.startsAt < b.startsAt ? -1 : 1));
    const changes: AssignmentChange[] = inOrder.flatMap((session) => {
      const before = currentOf.get(session.id)!;
      const after = assignments[session.id] ?? [];
      if (sameAssignment(before, after)) return [];
      const why = result.lockedIssues.filter((i) => i.sessionId === session.id).map((i) => describeBreach(i, words));
      return [{ session, before, after, reason: why.length ? why.join('; ').slice(0, 1000) : null }];
    });
    await this.repo.apply(em, changes, 'plan', options.keyId, now);
    return {
      summary,
      lockedIssues: result.lockedIssues,
      changes,
      facilitators: input.facilitators,
      gain,
      window: afterApply(window, changes, now),
      words,
      people: {
        sessionIds: new Set(future.map((s) => s.id)),
        // As written: a session the plan's answer leaves out ends with nobody (see `changes`).
        assignments: future.flatMap((s) =>
          (assignments[s.id] ?? []).map((a) => ({ sessionId: s.id, facilitatorId: a.facilitatorId, role: a.role })),
        ),
        names: namesOf(input.facilitators),
      },
    };
  }

  private breachDtos(breaches: SessionBreach[], words: BreachWording): LockedBreachDto[] {
    return breaches.map((b) => ({
      sessionId: b.sessionId,
      facilitatorId: b.facilitatorId ?? null,
      rule: b.rule,
      detail: describeBreach(b, words),
    }));
  }

  private summaryDto(summary: RotaSummary, words: BreachWording): RotaSummaryDto {
    return {
      assigned: summary.assigned,
      unfilled: summary.unfilled,
      load: summary.load.map(({ facilitatorId, name, sessions, leads, minutes, availableSessions, share }) => ({
        facilitatorId,
        name,
        sessions,
        leads,
        minutes,
        availableSessions,
        share,
      })),
      fairness: summary.fairness,
      locked: this.breachDtos(summary.locked, words),
      conflicts: this.breachDtos(summary.conflicts, words),
    };
  }

  /**
   * Releases a window to calendars; later changes to published sessions show in calendars at once.
   * The answer also lists each session published before whose time, status or facilitators changed
   * since it was last published (sessions published before this was recorded count from now on).
   */
  async publish(auth: AuthContext, wardId: string, from: string, to: string): Promise<PublishResultDto> {
    const ward = await this.wards.requireWard(auth, wardId);
    this.sessions.checkWindow(from, to);
    const rows = await this.sessions.materialiseWindow(ward, from, to);
    const fresh = rows.filter((r) => !r.published);
    const now = this.clock.now().toISOString();
    const changes = await this.db.transaction(async (em) => {
      for (let i = 0; i < fresh.length; i += 400) {
        await em.update(SessionEntity, { id: In(fresh.slice(i, i + 400).map((r) => r.id)) }, { published: true, changedAt: now });
      }
      const published = await this.repo.recordPublication(em, rows, now);
      if (fresh.length) {
        const people = await this.repo.assignmentsOf(
          fresh.map((r) => r.id),
          em,
        );
        await recordEvents(em, [publishedEvent(wardId, from, to, fresh, people)], now);
      }
      return published;
    });
    if (fresh.length) {
      const assigned = await this.repo.assignmentsOf(fresh.map((r) => r.id));
      this.events.emit({
        type: 'sessions-changed',
        wardId,
        sessionIds: fresh.map((r) => r.id),
        facilitatorIds: [...new Set(assigned.map((a) => a.facilitatorId))],
      });
    }
    const instant = (x: { startsAt: string; endsAt: string; status: string; facilitatorIds: string[] }) => ({
      ...x,
      startsAt: toWardInstant(x.startsAt, ward.timezone),
      endsAt: toWardInstant(x.endsAt, ward.timezone),
    });
    return {
      published: fresh.length,
      changes: changes.map((c) => ({ sessionId: c.sessionId, before: instant(c.before), after: instant(c.after) })),
    };
  }

  /** The rota as it stands (no re-planning), over exactly the sessions a plan of the window would consider. */
  async summary(auth: AuthContext, wardId: string, from: string, to: string): Promise<RotaSummaryDto> {
    const ward = await this.wards.requireWard(auth, wardId);
    this.sessions.checkReadWindow(auth, ward, from, to);
    const rows = await this.sessions.readWindow(ward, from, to);
    const now = this.clock.now().toISOString();
    const input = await this.db.transaction(async (em) => {
      const open = await this.repo.scheduledSessions(
        rows.map((r) => r.id),
        em,
      );
      return this.planInput(em, ward, open, await this.repo.poolIds(ward.id, em), from, to, now);
    });
    const summary = summariseRota(input);
    return this.summaryDto(summary, await this.repo.wording(summary.conflicts, namesOf(input.facilitators), wardLanguage(ward)));
  }

  async history(auth: AuthContext, wardId: string, sessionId?: string): Promise<AssignmentHistoryDto[]> {
    await this.wards.requireWard(auth, wardId);
    const rows = await this.repo.history(wardId, sessionId, 1000);
    return rows.map(({ id, sessionId: sid, at, keyId, action, before, after, reason }) => ({
      id,
      sessionId: sid,
      at,
      keyId,
      action,
      before,
      after,
      reason,
    }));
  }

  /** Nightly upkeep: every ward's horizon planned, new sessions filled, sessions hit by absences repaired. */
  async upkeep(now: Date): Promise<number> {
    let changed = 0;
    const wards = await this.db.repo(WardEntity).find({ order: { code: 'ASC' } });
    await eachWard(
      wards,
      async (ward) => {
        const today = localDate(now, ward.timezone);
        const result = await this.planWard(ward, today, addDays(today, this.config.groups.horizonWeeks * 7), {
          rebalance: false,
          maxChanges: Infinity,
          keyId: null,
        });
        changed += result.changes.length;
      },
      (wardId, error) => this.logger.error(`rota-upkeep: ward ${wardId} failed (${error instanceof Error ? error.name : 'error'})`),
    );
    return changed;
  }
}
