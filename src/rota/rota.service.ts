import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { Clock } from '../common/clock';
import { DomainEvents } from '../events/domain-events';
import { recordEvents } from '../events/outbox';
import { publishedEvent } from '../events/session-events';
import { addDays, localDate } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database, IMR_DATABASE } from '../database/database';
import { SessionsService } from '../sessions/sessions.service';
import { SessionEntity } from '../database/schema/session.entity';
import { WardEntity } from '../database/schema/ward.entity';
import { WardsService } from '../wards/wards.service';
import { planRota } from './planner/planner';
import { isAbsentOn, isAvailableFor } from './planner/planner-rules';
import { PlannerResult, RoleAssignment } from './planner/planner.types';
import { AssignmentHistoryDto, PlanResultDto, RotaSummaryDto } from './rota.dto';
import { bookingWindowForDates } from './booking-window';
import { toPlannerSession } from './rota-input';
import { AssignmentChange, RotaRepository } from './rota.repository';

const sameAssignment = (a: RoleAssignment[], b: RoleAssignment[]) =>
  a.length === b.length && a.every((x, i) => x.facilitatorId === b[i].facilitatorId && x.role === b[i].role);

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
    return { sessions: await this.sessions.toDtos(ward, rows), summary: this.summaryOf(result, changed) };
  }

  async planWard(ward: WardEntity, from: string, to: string, rebalance: boolean, keyId: string | null) {
    const all = await this.sessions.materialiseWindow(ward, from, to);
    const now = this.clock.now().toISOString();
    const outcome = await this.db.transaction(async (em) => {
      const pool = await this.repo.poolIds(ward.id, em);
      await this.db.lockKeys(em, [`ward:${ward.id}`, ...pool.map((id) => `facilitator:${id}`)]);
      const open = await em.find(SessionEntity, {
        where: { id: In(all.map((s) => s.id)), status: 'scheduled' },
      });
      const future = open.filter((s) => s.startsAt > now);
      const current = await this.repo.assignmentsOf(future.map((s) => s.id), em);
      const people = [...new Set([...pool, ...current.map((a) => a.facilitatorId)])].sort();
      const facilitators = await this.repo.facilitators(people, em);
      const span = bookingWindowForDates(from, to);
      const bookings = await this.repo.bookings(people, span.from, span.to, em);
      const result = planRota({
        sessions: future.map((s) => toPlannerSession(s, ward.timezone, current)),
        facilitators,
        fixedBookings: bookings,
        bufferMinutes: this.config.rota.bufferMinutes,
        rebalance,
      });
      const changes: AssignmentChange[] = [];
      for (const session of future) {
        const before = toPlannerSession(session, ward.timezone, current).current;
        const after = result.assignments[session.id] ?? [];
        if (!session.locked && !sameAssignment(before, after)) changes.push({ session, before, after });
      }
      await this.repo.apply(em, changes, 'plan', keyId, now);
      const touched = new Set(changes.flatMap((c) => [...c.before, ...c.after].map((a) => a.facilitatorId)));
      return { result, changes, touched: [...touched] };
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

  private summaryOf(result: PlannerResult, changed?: number): RotaSummaryDto {
    return {
      assigned: Object.values(result.assignments).filter((a) => a.length > 0).length,
      unfilled: result.unfilled,
      load: result.load.map(({ facilitatorId, name, sessions, leads, minutes, availableSessions, share }) => ({
        facilitatorId,
        name,
        sessions,
        leads,
        minutes,
        availableSessions,
        share,
      })),
      fairness: result.fairness,
      ...(changed !== undefined && { changed }),
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
      const assigned = await this.db.transaction(async (em) => {
        for (let i = 0; i < fresh.length; i += 400) {
          await em.update(SessionEntity, { id: In(fresh.slice(i, i + 400).map((r) => r.id)) }, { published: true, changedAt: now });
        }
        const people = await this.repo.assignmentsOf(fresh.map((r) => r.id), em);
        await recordEvents(em, [publishedEvent(wardId, from, to, fresh, people)], now);
        return people;
      });
      this.events.emit({
        type: 'sessions-changed',
        wardId,
        sessionIds: fresh.map((r) => r.id),
        facilitatorIds: [...new Set(assigned.map((a) => a.facilitatorId))],
      });
    }
    return { published: fresh.length };
  }

  /** The rota as it stands (no re-planning): load, minutes and leads per facilitator, and fairness. */
  async summary(auth: AuthContext, wardId: string, from: string, to: string): Promise<RotaSummaryDto> {
    const ward = await this.wards.requireWard(auth, wardId);
    this.sessions.checkWindow(from, to);
    const rows = (await this.sessions.materialiseWindow(ward, from, to)).filter((s) => s.status === 'scheduled');
    return this.db.transaction((em) => this.currentSummary(em, ward, rows));
  }

  private async currentSummary(em: EntityManager, ward: WardEntity, rows: SessionEntity[]): Promise<RotaSummaryDto> {
    const assignments = await this.repo.assignmentsOf(rows.map((r) => r.id), em);
    const facilitators = await this.repo.facilitators(
      [...new Set([...(await this.repo.poolIds(ward.id, em)), ...assignments.map((a) => a.facilitatorId)])].sort(),
      em,
    );
    const sessions = rows.map((r) => toPlannerSession(r, ward.timezone, assignments));
    const load = facilitators.map((f) => {
      const mine = assignments.filter((a) => a.facilitatorId === f.id);
      const available = sessions.filter(
        (s) => f.active && f.wardIds.includes(ward.id) && isAvailableFor(f, s) && !isAbsentOn(f, s.localDate),
      ).length;
      const minutes = mine.reduce((m, a) => m + (Date.parse(a.endsAt) - Date.parse(a.startsAt)) / 60_000, 0);
      return {
        facilitatorId: f.id,
        name: f.name,
        sessions: mine.length,
        leads: mine.filter((a) => a.role === 'lead').length,
        minutes,
        availableSessions: available,
        share: available ? mine.length / available : 0,
      };
    });
    const pairs = new Map<string, number>();
    for (const s of sessions) {
      const ids = s.current.map((a) => a.facilitatorId).sort();
      for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) {
        const key = `${ids[i]}|${ids[j]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
    return {
      assigned: sessions.filter((s) => s.current.length > 0).length,
      unfilled: [],
      load,
      fairness: {
        maxShare: Math.max(0, ...load.map((l) => l.share)),
        repeatedPairs: [...pairs.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
      },
    };
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
