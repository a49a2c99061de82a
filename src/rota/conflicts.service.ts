import { Inject, Injectable } from '@nestjs/common';
import { Brackets, EntityManager, In, MoreThan } from 'typeorm';
import { Clock } from '../common/clock';
import { IntegrityScope, RotaIntegrity, SessionConflict, SessionRef } from '../common/rota-integrity';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database, IMR_DATABASE } from '../database/database';
import { SessionAssignmentEntity } from '../database/schema/assignment.entity';
import { SessionEntity } from '../database/schema/session.entity';
import { describeBreach } from './planner/rule-text';
import { sessionBreaches } from './planner/summary';
import { SessionBreach } from './planner/planner.types';
import { toPlannerSession } from './rota-input';
import { bookingWindow } from './booking-window';
import { RotaRepository } from './rota.repository';

const CHUNK = 400;

export interface ConflictRow {
  sessionId: string;
  startsAt: string;
  facilitatorId: string | null;
  rule: string;
  detail: string;
  locked: boolean;
}

/**
 * Conflicts: every hard rule a stored assignment breaks now (planner-rules.ts decides, rule-text.ts
 * words it), for the conflicts route, the summary, each session, and the writes that report
 * `affectedSessions`. Sessions that have started or are cancelled have none: the past is frozen.
 */
@Injectable()
export class ConflictsService extends RotaIntegrity {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly repo: RotaRepository,
  ) {
    super();
  }

  /** The raw breaches of these sessions (scheduled, not started), checked against every booking of their people. */
  async breachesOf(rows: readonly SessionRef[], em: EntityManager = this.db.manager): Promise<SessionBreach[]> {
    const now = this.clock.now().toISOString();
    const open = rows.filter((r) => r.status === 'scheduled' && r.startsAt > now);
    if (!open.length) return [];
    const assignments = await this.repo.assignmentsOf(
      open.map((r) => r.id),
      em,
    );
    if (!assignments.length) return [];
    const people = [...new Set(assignments.map((a) => a.facilitatorId))].sort();
    const zones = await this.repo.wardZones(em);
    const first = open.reduce((m, r) => (r.startsAt < m ? r.startsAt : m), open[0].startsAt);
    const last = open.reduce((m, r) => (r.endsAt > m ? r.endsAt : m), open[0].endsAt);
    const { from, to } = bookingWindow(first, last);
    const facilitators = await this.repo.facilitators(people, em);
    const fixedBookings = await this.repo.bookings(people, from, to, em);
    const sessions = open.map((r) => toPlannerSession(r as SessionEntity, zones.get(r.wardId) ?? 'UTC', assignments));
    return sessionBreaches(
      { sessions, facilitators, fixedBookings, bufferMinutes: this.config.rota.bufferMinutes },
      sessions,
      (s) => s.current,
    );
  }

  /** Breaches in words, for the conflicts route and the summary. */
  async rows(sessions: readonly SessionRef[], em: EntityManager = this.db.manager): Promise<ConflictRow[]> {
    const breaches = await this.breachesOf(sessions, em);
    const words = await this.repo.wording(breaches, new Map(), em);
    const byId = new Map(sessions.map((s) => [s.id, s]));
    return breaches.map((b) => ({
      sessionId: b.sessionId,
      startsAt: byId.get(b.sessionId)!.startsAt,
      facilitatorId: b.facilitatorId ?? null,
      rule: b.rule,
      detail: describeBreach(b, words),
      locked: byId.get(b.sessionId)!.locked,
    }));
  }

  async conflictsOf(sessions: readonly SessionRef[], em: EntityManager = this.db.manager): Promise<Map<string, SessionConflict[]>> {
    const out = new Map<string, SessionConflict[]>();
    for (const r of await this.rows(sessions, em)) {
      const list = out.get(r.sessionId) ?? [];
      list.push({ facilitatorId: r.facilitatorId, rule: r.rule, detail: r.detail });
      out.set(r.sessionId, list);
    }
    return out;
  }

  async watch<T>(scope: IntegrityScope, write: () => Promise<T>): Promise<{ result: T; affectedSessions: string[] }> {
    const before = await this.snapshot(scope);
    const result = await write();
    const after = await this.snapshot(scope);
    const affected: string[] = [];
    for (const [id, now] of after) {
      const was = before.get(id);
      const broke = [...now.keys].some((k) => !was?.keys.has(k)) || (was !== undefined && now.people < was.people);
      if (broke) affected.push(id);
    }
    return { result, affectedSessions: affected.sort() };
  }

  /** Per session of the scope: its broken rules (as keys) and how many people it has. */
  private async snapshot(scope: IntegrityScope): Promise<Map<string, { keys: Set<string>; people: number }>> {
    const rows = await this.inScope(scope);
    const out = new Map<string, { keys: Set<string>; people: number }>(rows.map((r) => [r.id, { keys: new Set(), people: 0 }]));
    for (const a of await this.repo.assignmentsOf(rows.map((r) => r.id))) out.get(a.sessionId)!.people++;
    for (const b of await this.breachesOf(rows)) out.get(b.sessionId)!.keys.add(`${b.facilitatorId ?? ''}|${b.rule}`);
    return out;
  }

  private async inScope(scope: IntegrityScope): Promise<SessionEntity[]> {
    const now = this.clock.now().toISOString();
    const byPeople = scope.facilitatorIds?.length ? (await this.assignedTo(scope.facilitatorIds, now)).map((a) => a.sessionId) : [];
    const ids = [...new Set([...(scope.sessionIds ?? []), ...byPeople])];
    const wards = scope.wardIds ?? [];
    const groups = scope.groupIds ?? [];
    if (!ids.length && !wards.length && !groups.length) return [];
    const out = new Map<string, SessionEntity>();
    const query = (idBatch: string[]) =>
      this.db
        .repo(SessionEntity)
        .createQueryBuilder('s')
        .where('s.status = :scheduled AND s.startsAt > :now', { scheduled: 'scheduled', now })
        .andWhere(
          new Brackets((q) => {
            q.where('1 = 0');
            if (idBatch.length) q.orWhere('s.id IN (:...ids)', { ids: idBatch });
            if (wards.length) q.orWhere('s.wardId IN (:...wards)', { wards });
            if (groups.length) q.orWhere('s.groupId IN (:...groups)', { groups });
          }),
        )
        .getMany();
    const batches = ids.length
      ? Array.from({ length: Math.ceil(ids.length / CHUNK) }, (_, i) => ids.slice(i * CHUNK, (i + 1) * CHUNK))
      : [[]];
    for (const batch of batches) for (const s of await query(batch)) out.set(s.id, s);
    return [...out.values()];
  }

  private async assignedTo(facilitatorIds: string[], now: string): Promise<SessionAssignmentEntity[]> {
    const out: SessionAssignmentEntity[] = [];
    for (let i = 0; i < facilitatorIds.length; i += CHUNK) {
      out.push(
        ...(await this.db.repo(SessionAssignmentEntity).find({
          select: { sessionId: true },
          where: { facilitatorId: In(facilitatorIds.slice(i, i + CHUNK)), startsAt: MoreThan(now) },
        })),
      );
    }
    return out;
  }
}
