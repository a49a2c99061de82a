import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { Clock } from '../common/clock';
import { DomainEvents } from '../events/domain-events';
import { addDays, localDate } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database, IMR_DATABASE } from '../database/database';
import { SessionsService } from '../sessions/sessions.service';
import { SessionEntity } from '../database/schema/session.entity';
import { WardEntity } from '../database/schema/ward.entity';
import { WardsService } from '../wards/wards.service';
import { planRota } from './planner/planner';
import { describeBreach } from './planner/rule-text';
import { RotaSummary, summariseRota } from './planner/summary';
import { PlannerFacilitator, SessionBreach } from './planner/planner.types';
import { AssignmentHistoryDto, LockedBreachDto, PlanResultDto, RotaSummaryDto } from './rota.dto';
import { toPlannerSession } from './rota-input';
import { AssignmentChange, RotaRepository } from './rota.repository';

@Injectable()
export class RotaService {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly wards: WardsService,
    private readonly sessions: SessionsService,
    private readonly repo: RotaRepository,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Fills unassigned sessions of the window and repairs invalid ones; valid and locked assignments stay
   * unless `rebalance`. Sessions that have started are never touched. Load, plan and write happen in one
   * transaction holding the people's locks, so a concurrent manual assignment cannot double-book anyone.
   */
  async plan(auth: AuthContext, wardId: string, from: string, to: string, rebalance: boolean): Promise<PlanResultDto> {
    const ward = await this.wards.requireWard(auth, wardId);
    this.sessions.checkWindow(from, to);
    const { result, changed } = await this.planWard(ward, from, to, rebalance, auth.keyId);
    const rows = await this.sessions.storedWindow(ward.id, from, to);
    const summary = await this.summaryDto(result.summary, result.facilitators);
    const lockedIssues = await this.breachDtos(result.lockedIssues, result.facilitators);
    return { sessions: await this.sessions.toDtos(ward, rows), summary: { ...summary, changed, lockedIssues } };
  }

  /**
   * What the plan works on, also read by the summary so the two agree: the window's scheduled
   * sessions that have not started, the ward's pool and everyone assigned, and their bookings elsewhere.
   */
  private async planInput(em: EntityManager, ward: WardEntity, sessionIds: string[], from: string, to: string, now: string) {
    const open = await this.repo.scheduledSessions(sessionIds, em);
    const future = open.filter((s) => s.startsAt > now);
    const current = await this.repo.assignmentsOf(future.map((s) => s.id), em);
    const pool = await this.repo.poolIds(ward.id, em);
    const people = [...new Set([...pool, ...current.map((a) => a.facilitatorId)])].sort();
    const facilitators = await this.repo.facilitators(people, em);
    const fixedBookings = await this.repo.bookings(people, `${addDays(from, -8)}T00:00:00.000Z`, `${addDays(to, 9)}T00:00:00.000Z`, em);
    const sessions = future.map((s) => toPlannerSession(s, ward.timezone, current));
    return { future, sessions, facilitators, fixedBookings, bufferMinutes: this.config.rota.bufferMinutes };
  }

  async planWard(ward: WardEntity, from: string, to: string, rebalance: boolean, keyId: string | null) {
    const all = await this.sessions.materialiseWindow(ward, from, to);
    const now = this.clock.now().toISOString();
    const outcome = await this.db.transaction(async (em) => {
      const pool = await this.repo.poolIds(ward.id, em);
      await this.db.lockKeys(em, [`ward:${ward.id}`, ...pool.map((id) => `facilitator:${id}`)]);
      const { future, ...input } = await this.planInput(em, ward, all.map((s) => s.id), from, to, now);
      const result = planRota({ ...input, rebalance });
      const byId = new Map(future.map((s) => [s.id, s]));
      const before = new Map(input.sessions.map((s) => [s.id, s.current]));
      const changes: AssignmentChange[] = result.changed.map((id) => ({
        session: byId.get(id)!,
        before: before.get(id) ?? [],
        after: result.assignments[id] ?? [],
      }));
      await this.repo.apply(em, changes, 'plan', keyId, now);
      const touched = new Set(changes.flatMap((c) => [...c.before, ...c.after].map((a) => a.facilitatorId)));
      return { result: { ...result, facilitators: input.facilitators }, changes, touched: [...touched] };
    });
    if (outcome.changes.length) {
      this.events.emit({
        type: 'sessions-changed',
        wardId: ward.id,
        sessionIds: outcome.changes.map((c) => c.session.id),
        facilitatorIds: outcome.touched,
      });
    }
    return { result: outcome.result, changed: outcome.changes.length };
  }

  private async breachDtos(breaches: SessionBreach[], facilitators: PlannerFacilitator[]): Promise<LockedBreachDto[]> {
    const words = await this.repo.wording(breaches, new Map(facilitators.map((f) => [f.id, f.name])));
    return breaches.map((b) => ({ sessionId: b.sessionId, facilitatorId: b.facilitatorId ?? null, rule: b.rule, detail: describeBreach(b, words) }));
  }

  private async summaryDto(summary: RotaSummary, facilitators: PlannerFacilitator[]): Promise<RotaSummaryDto> {
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
      locked: await this.breachDtos(summary.locked, facilitators),
    };
  }

  /** Releases a window to calendars; later changes to published sessions show in calendars at once. */
  async publish(auth: AuthContext, wardId: string, from: string, to: string): Promise<{ published: number }> {
    const ward = await this.wards.requireWard(auth, wardId);
    this.sessions.checkWindow(from, to);
    const rows = await this.sessions.materialiseWindow(ward, from, to);
    const fresh = rows.filter((r) => !r.published);
    const now = this.clock.now().toISOString();
    if (fresh.length) {
      await this.db.transaction(async (em) => {
        for (let i = 0; i < fresh.length; i += 400) {
          await em.update(SessionEntity, { id: In(fresh.slice(i, i + 400).map((r) => r.id)) }, { published: true, changedAt: now });
        }
      });
      const assigned = await this.repo.assignmentsOf(fresh.map((r) => r.id));
      this.events.emit({
        type: 'sessions-changed',
        wardId,
        sessionIds: fresh.map((r) => r.id),
        facilitatorIds: [...new Set(assigned.map((a) => a.facilitatorId))],
      });
    }
    return { published: fresh.length };
  }

  /** The rota as it stands (no re-planning), over exactly the sessions a plan of the window would consider. */
  async summary(auth: AuthContext, wardId: string, from: string, to: string): Promise<RotaSummaryDto> {
    const ward = await this.wards.requireWard(auth, wardId);
    this.sessions.checkWindow(from, to);
    const rows = await this.sessions.materialiseWindow(ward, from, to);
    const now = this.clock.now().toISOString();
    const input = await this.db.transaction((em) => this.planInput(em, ward, rows.map((r) => r.id), from, to, now));
    return this.summaryDto(summariseRota(input), input.facilitators);
  }

  async history(auth: AuthContext, wardId: string, sessionId?: string): Promise<AssignmentHistoryDto[]> {
    await this.wards.requireWard(auth, wardId);
    const rows = await this.repo.history(wardId, sessionId, 1000);
    return rows.map(({ id, sessionId: sid, at, keyId, action, before, after }) => ({ id, sessionId: sid, at, keyId, action, before, after }));
  }

  /** Nightly upkeep: every ward's horizon planned, new sessions filled, sessions hit by absences repaired. */
  async upkeep(now: Date): Promise<number> {
    let changed = 0;
    for (const ward of await this.db.repo(WardEntity).find({ order: { code: 'ASC' } })) {
      const today = localDate(now, ward.timezone);
      const result = await this.planWard(ward, today, addDays(today, this.config.groups.horizonWeeks * 7), false, null);
      changed += result.changed;
    }
    return changed;
  }
}
