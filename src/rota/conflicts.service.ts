import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { Subscription } from 'rxjs';
import { Brackets, EntityManager, In, MoreThan } from 'typeorm';
import { Clock } from '../common/clock';
import { TaggedCache } from '../common/tagged-cache';
import { DomainEvents } from '../events/domain-events';
import { staleTags } from '../events/read-responses';
import { IntegrityScope, RotaIntegrity, SessionConflict, SessionRef } from '../common/rota-integrity';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database, IMR_DATABASE } from '../database/database';
import { SessionAssignmentEntity } from '../database/schema/assignment.entity';
import { SessionEntity } from '../database/schema/session.entity';
import { BreachWording, conflictsBySession, describeBreach } from './planner/rule-text';
import type { Language } from '../common/i18n';
import { sessionBreaches } from './planner/summary';
import { SessionBreach } from './planner/planner.types';
import { bookingsAround, CheckInputs, covers, WardZoneTable } from './conflict-inputs';
import { toPlannerSession } from './rota-input';
import { RotaRepository } from './rota.repository';
import { bySession, personalSessions, shapeOf } from './conflict-queries';

const CHUNK = 400;
/** Wards whose conflicts are kept at once (each entry: its coming sessions). */
const MAX_WARDS = 200;

type Assigned = Pick<SessionAssignmentEntity, 'sessionId' | 'facilitatorId' | 'role'>;

/**
 * A ward's coming scheduled sessions as last checked. A session without an entry (or whose slot or
 * people differ from its entry) is checked afresh when read, and its entry kept again.
 */
interface WardCheck {
  sessions: Map<string, CheckedSession>;
}

/** One coming session of a ward as its conflicts were last computed. */
interface CheckedSession {
  shape: string;
  people: number;
  /** Its people: a write to any of them drops this entry (their bookings, caps, absences, names decide it). */
  who: string[];
  /** `facilitatorId|rule` of each broken rule. */
  keys: Set<string>;
  conflicts: SessionConflict[];
}

export interface ConflictRow {
  sessionId: string;
  startsAt: string;
  facilitatorId: string | null;
  rule: string;
  detail: string;
  locked: boolean;
}

/** A breach with the language of its session's ward (the words it is told in) and its person's name. */
interface WardBreach extends SessionBreach {
  language: Language;
  name?: string;
}

/**
 * Conflicts: every hard rule a stored assignment breaks now (planner-rules.ts decides, rule-text.ts
 * words it), for the conflicts route, the summary, each session, and the writes that report
 * `affectedSessions`. Sessions that have started or are cancelled have none: the past is frozen.
 */
@Injectable()
export class ConflictsService extends RotaIntegrity implements OnModuleInit, OnModuleDestroy {
  /**
   * Each ward's conflicts: every coming scheduled session of the ward checked at once, kept until a
   * write to the ward's sessions commits here (staleTags), or IMR_CACHE_SECONDS for writes through
   * another instance. A write to one person (their row, pool, absences, bookings in any ward) drops
   * only the entries of the sessions they are on: only those can break or mend (planner-rules.ts
   * checks each assigned person against their own bookings, cap, absences and availability). A
   * session read without an entry, or whose slot or people differ from it, is checked afresh and
   * its entry kept unless a write to its ward or people overlapped that check.
   */
  private readonly wards: TaggedCache<WardCheck>;
  private subscription: Subscription | null = null;
  /** The wards' zones and languages for checks outside a transaction (conflict-inputs.ts). */
  private readonly zones: WardZoneTable;

  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly repo: RotaRepository,
    private readonly events: DomainEvents,
  ) {
    super();
    this.wards = new TaggedCache(config.cacheSeconds * 1000, MAX_WARDS);
    this.zones = new WardZoneTable(config.cacheSeconds * 1000);
  }

  onModuleInit(): void {
    this.subscription = this.events.events$.subscribe((event) => {
      if (event.type === 'ward-changed') this.zones.forget();
      this.forget(staleTags(event));
    });
  }

  /** Drops the checks of the wards named, and in every other ward the entries of the people named. */
  private forget(tags: string[]): void {
    this.wards.invalidate(tags);
    const people = new Set(tags.filter((t) => t.startsWith('facilitator:')).map((t) => t.slice('facilitator:'.length)));
    if (!people.size) return;
    for (const check of this.wards.values()) {
      for (const [id, entry] of check.sessions) if (entry.who.some((p) => people.has(p))) check.sessions.delete(id);
    }
  }

  /** Keeps fresh entries in their ward's current check, except those a write to the ward or their people overlapped. */
  private remember(wardId: string, entries: Map<string, CheckedSession>, stamp: number): void {
    const check = this.wards.get(wardId, performance.now());
    if (!check || this.wards.invalidatedSince(`ward:${wardId}`, stamp)) return;
    for (const [id, entry] of entries) {
      if (!entry.who.some((p) => this.wards.invalidatedSince(`facilitator:${p}`, stamp))) check.sessions.set(id, entry);
    }
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** The raw breaches of these sessions (scheduled, not started), checked against every booking of their people. */
  async breachesOf(
    rows: readonly SessionRef[],
    em: EntityManager = this.db.manager,
    known?: readonly Assigned[],
    /** Inputs read beside the rows (for other rows maybe): used if they hold everything these need. */
    read?: CheckInputs | null,
  ): Promise<WardBreach[]> {
    const open = this.coming(rows);
    if (!open.length) return [];
    const ids = new Set(open.map((r) => r.id));
    const assignments = known
      ? (known.filter((a) => ids.has(a.sessionId)) as SessionAssignmentEntity[])
      : await this.repo.assignmentsOf([...ids], em);
    if (!assignments.length) return [];
    const inputs = read && covers(read, open, assignments) ? read : await this.inputsFor(open, assignments, em);
    const { zones, facilitators, fixedBookings } = inputs;
    const sessions = open.map((r) => toPlannerSession(r as SessionEntity, zones.get(r.wardId)?.timezone ?? 'UTC', assignments));
    const wardOf = new Map(open.map((r) => [r.id, r.wardId]));
    const names = new Map(facilitators.map((f) => [f.id, f.name]));
    return sessionBreaches(
      { sessions, facilitators, fixedBookings, bufferMinutes: this.config.rota.bufferMinutes },
      sessions,
      (s) => s.current,
    ).map((b) => ({
      ...b,
      language: zones.get(wardOf.get(b.sessionId)!)?.language ?? 'en',
      ...(b.facilitatorId && names.has(b.facilitatorId) && { name: names.get(b.facilitatorId) }),
    }));
  }

  /** The scheduled sessions that have not started. */
  private coming(rows: readonly SessionRef[]): SessionRef[] {
    const now = this.clock.now().toISOString();
    return rows.filter((r) => r.status === 'scheduled' && r.startsAt > now);
  }

  private async inputsFor(
    open: readonly SessionRef[],
    assignments: readonly Pick<Assigned, 'facilitatorId'>[],
    em: EntityManager,
  ): Promise<CheckInputs> {
    const people = [...new Set(assignments.map((a) => a.facilitatorId))].sort();
    const { from, to } = bookingsAround(open);
    const [zones, facilitators, fixedBookings] = await this.db.together(
      em,
      () =>
        em === this.db.manager ? this.zones.of(new Set(open.map((r) => r.wardId)), () => this.repo.wardZones(em)) : this.repo.wardZones(em),
      () => this.repo.facilitators(people, em),
      () => this.repo.bookings(people, from, to, em),
    );
    return { people: new Set(people), from, to, zones, facilitators, fixedBookings };
  }

  /** Breaches in words, for the conflicts route and the summary. */
  async rows(sessions: readonly SessionRef[], em: EntityManager = this.db.manager): Promise<ConflictRow[]> {
    const breaches = await this.breachesOf(sessions, em);
    const words = await this.wordsFor(breaches, em);
    const byId = new Map(sessions.map((s) => [s.id, s]));
    return breaches.map((b) => ({
      sessionId: b.sessionId,
      startsAt: byId.get(b.sessionId)!.startsAt,
      facilitatorId: b.facilitatorId ?? null,
      rule: b.rule,
      detail: describeBreach(b, words.get(b.language)!),
      locked: byId.get(b.sessionId)!.locked,
    }));
  }

  async conflictsOf(
    sessions: readonly SessionRef[],
    em: EntityManager = this.db.manager,
    assignments?: readonly Assigned[],
  ): Promise<Map<string, SessionConflict[]>> {
    const now = this.clock.now().toISOString();
    const open = this.coming(sessions);
    const wardIds = new Set(open.map((r) => r.wardId));
    // Inside a transaction the rows it sees decide; so do lists across wards (rare: computed as they are).
    if (em !== this.db.manager || wardIds.size !== 1) return this.computeConflicts(sessions, em, assignments);
    const wardId = [...wardIds][0];
    const people = bySession(assignments ?? (await this.repo.assignmentsOf(open.map((r) => r.id))));
    const checked = (await this.wardChecked(wardId, now, false)).sessions;
    const out = new Map<string, SessionConflict[]>();
    const stale: SessionRef[] = [];
    for (const r of open) {
      if (!people.has(r.id)) continue;
      const entry = checked.get(r.id);
      if (!entry || entry.shape !== shapeOf(r, people.get(r.id))) stale.push(r);
      else if (entry.conflicts.length) out.set(r.id, entry.conflicts);
    }
    if (stale.length) {
      const stamp = this.wards.stamp();
      const known = stale.flatMap((r) => people.get(r.id) ?? []);
      const breaches = await this.breachesOf(stale, em, known);
      const fresh = this.checkedOf(stale, people, breaches, await this.worded(breaches, em));
      for (const [id, entry] of fresh) if (entry.conflicts.length) out.set(id, entry.conflicts);
      this.remember(wardId, fresh, stamp);
    }
    return out;
  }

  private async computeConflicts(
    sessions: readonly SessionRef[],
    em: EntityManager,
    known?: readonly Assigned[],
  ): Promise<Map<string, SessionConflict[]>> {
    const breaches = await this.breachesOf(sessions, em, known);
    return this.worded(breaches, em);
  }

  private async worded(breaches: WardBreach[], em: EntityManager): Promise<Map<string, SessionConflict[]>> {
    const words = await this.wordsFor(breaches, em);
    return conflictsBySession(breaches, (b) => words.get(b.language)!);
  }

  /** Words in each language the breaches' wards use (one lookup for a ward's breaches, as a read nearly always is). */
  private async wordsFor(breaches: WardBreach[], em: EntityManager): Promise<Map<Language, BreachWording>> {
    const words = new Map<Language, BreachWording>();
    // The names the check read already; only bookings elsewhere are looked up for their words.
    const names = new Map(breaches.flatMap((b) => (b.facilitatorId && b.name ? [[b.facilitatorId, b.name] as const] : [])));
    for (const language of new Set(breaches.map((b) => b.language))) {
      words.set(
        language,
        await this.repo.wording(
          breaches.filter((b) => b.language === language),
          names,
          language,
          em,
        ),
      );
    }
    return words;
  }

  /** Each session's check from its breaches, in words. */
  private checkedOf(
    rows: readonly SessionRef[],
    people: Map<string, Assigned[]>,
    breaches: SessionBreach[],
    words: Map<string, SessionConflict[]>,
  ) {
    const keys = new Map<string, Set<string>>();
    for (const b of breaches) keys.set(b.sessionId, (keys.get(b.sessionId) ?? new Set()).add(`${b.facilitatorId ?? ''}|${b.rule}`));
    return new Map<string, CheckedSession>(
      rows.map((r) => {
        const own = people.get(r.id) ?? [];
        const entry = {
          shape: shapeOf(r, own),
          people: own.length,
          who: [...new Set(own.map((a) => a.facilitatorId))],
          keys: keys.get(r.id) ?? new Set<string>(),
        };
        return [r.id, { ...entry, conflicts: words.get(r.id) ?? [] }];
      }),
    );
  }

  /** The ward's coming scheduled sessions, checked: from the cache unless `fresh`, and kept unless a write overlapped. */
  private async wardChecked(wardId: string, now: string, fresh: boolean): Promise<WardCheck> {
    const hit = fresh ? undefined : this.wards.get(wardId, performance.now());
    if (hit) return hit;
    const stamp = this.wards.stamp();
    const coming = await this.db.repo(SessionEntity).find({ where: { wardId, status: 'scheduled', startsAt: MoreThan(now) } });
    const assigned = await this.repo.assignmentsOf(coming.map((r) => r.id));
    const breaches = await this.breachesOf(coming, this.db.manager, assigned);
    const check: WardCheck = {
      sessions: this.checkedOf(coming, bySession(assigned), breaches, await this.worded(breaches, this.db.manager)),
    };
    // Kept without the entries of people written to meanwhile (this caller still uses them all, as read).
    const kept: WardCheck = { sessions: new Map(check.sessions) };
    for (const [id, entry] of check.sessions) {
      if (entry.who.some((p) => this.wards.invalidatedSince(`facilitator:${p}`, stamp))) kept.sessions.delete(id);
    }
    this.wards.set(wardId, kept, [`ward:${wardId}`], stamp, performance.now());
    return check;
  }

  async watch<T>(scope: IntegrityScope, write: () => Promise<T>): Promise<{ result: T; affectedSessions: string[] }> {
    const personal = !!scope.facilitatorIds?.length && !scope.wardIds?.length && !scope.groupIds?.length && !scope.sessionIds?.length;
    const mine = personal ? await personalSessions(this.db.manager, scope.facilitatorIds!, this.clock.now().toISOString()) : null;
    const before = await this.snapshot(scope, false, mine);
    const result = await write();
    // Checked afresh (and kept for the reads that follow): the write's own event may not name every input it changed.
    const after = personal ? await this.personalAfter(scope.facilitatorIds!, mine!) : await this.snapshot(scope, true);
    const affected: string[] = [];
    for (const [id, now] of after) {
      const was = before.get(id);
      const broke = [...now.keys].some((k) => !was?.keys.has(k)) || (was !== undefined && now.people < was.people);
      if (broke) affected.push(id);
    }
    return { result, affectedSessions: affected.sort() };
  }

  /** Per session of the scope: its broken rules (as keys) and how many people it has, from its ward's check where it still fits. */
  private async snapshot(
    scope: IntegrityScope,
    fresh: boolean,
    /** A personal scope's sessions, as read. */
    mine: { rows: SessionRef[]; assigned: Assigned[] } | null = null,
  ): Promise<Map<string, { keys: Set<string>; people: number }>> {
    const checks = new Map<string, WardCheck>();
    const now = this.clock.now().toISOString();
    const rows: SessionRef[] = mine ? mine.rows : await this.inScope(scope);
    const people = bySession(mine ? mine.assigned : await this.repo.assignmentsOf(rows.map((r) => r.id)));
    const out = new Map<string, { keys: Set<string>; people: number }>();
    const stale: SessionRef[] = [];
    for (const wardId of new Set(rows.map((r) => r.wardId))) checks.set(wardId, await this.wardChecked(wardId, now, fresh));
    for (const r of rows) {
      const entry = checks.get(r.wardId)!.sessions.get(r.id);
      if (entry && entry.shape === shapeOf(r, people.get(r.id))) out.set(r.id, { keys: entry.keys, people: entry.people });
      else stale.push(r);
    }
    if (stale.length) {
      for (const r of stale) out.set(r.id, { keys: new Set(), people: people.get(r.id)?.length ?? 0 });
      for (const b of await this.breachesOf(stale)) out.get(b.sessionId)!.keys.add(`${b.facilitatorId ?? ''}|${b.rule}`);
    }
    return out;
  }

  /**
   * After a write to these people only (their own row, pool or absences): only the sessions they are
   * on can break or mend, so those are checked afresh and kept in their wards' checks (the write's
   * event dropped just their entries), unless another write to their ward or people overlapped.
   * Their sessions are read again beside what checking them reads, for the people and times they
   * had before the write (`was`): a write to a person moves nobody, so those nearly always hold
   * everything needed (if not, what is missing is read after).
   */
  private async personalAfter(facilitatorIds: string[], was: { rows: SessionRef[]; assigned: Assigned[] }) {
    const stamp = this.wards.stamp();
    const open = this.coming(was.rows);
    const guess = open.length && was.assigned.length ? this.inputsFor(open, was.assigned, this.db.manager) : Promise.resolve(null);
    const [{ rows, assigned }, read] = await Promise.all([
      personalSessions(this.db.manager, facilitatorIds, this.clock.now().toISOString()),
      guess,
    ]);
    const people = bySession(assigned);
    const breaches = await this.breachesOf(rows, this.db.manager, assigned, read);
    const fresh = this.checkedOf(rows, people, breaches, await this.worded(breaches, this.db.manager));
    for (const wardId of new Set(rows.map((r) => r.wardId))) {
      this.remember(wardId, new Map(rows.filter((r) => r.wardId === wardId).map((r) => [r.id, fresh.get(r.id)!])), stamp);
    }
    return new Map([...fresh].map(([id, c]) => [id, { keys: c.keys, people: c.people }]));
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
