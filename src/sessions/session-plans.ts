import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { Subscription } from 'rxjs';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { GroupEntity } from '../database/schema/group.entity';
import { WardEntity } from '../database/schema/ward.entity';
import { DomainEvents } from '../events/domain-events';
import { PlannedSession, planSessions } from '../groups/schedule/group-schedule';
import { loadSessionFacts } from './session-facts';
import { scheduleOf } from './session-rows';
import { SessionsRepository } from './sessions.repository';
import { WindowCache } from './window-cache';
import { keptWindow } from './kept-window';
import { TaggedCache } from '../common/tagged-cache';
import { staleTags } from '../events/read-responses';
import { SessionEntity } from '../database/schema/session.entity';
import { SessionAssignmentEntity } from '../database/schema/assignment.entity';
import { SessionOutcomeEntity } from '../database/schema/session-outcome.entity';

/** What a ward's session lists inside the kept window are cut from. */
export interface WardListing {
  rows: SessionEntity[];
  assignments: Pick<SessionAssignmentEntity, 'sessionId' | 'facilitatorId' | 'role'>[];
  outcomes: Map<string, SessionOutcomeEntity>;
}

export interface PlannedWindow {
  /** By session id. */
  planned: Map<string, { plan: PlannedSession; groupId: string }>;
  groups: GroupEntity[];
}

/**
 * What a ward's window expands to: its groups' schedules (versions), expanded in the ward's zone and
 * run through the curriculum with every cancellation and outcome so far. That costs reads of all of
 * them and a walk from the start of the curriculum run, so the result is remembered (WindowCache)
 * and the same window costs the same in a group's first week as in its fiftieth.
 *
 * Dropped for a ward when a plan input changes on this instance, once it has committed: a session
 * refresh (group edits and ends, cancellations, outcomes that shift modules go through it), an
 * outcome, and the 'sessions-changed' and 'ward-changed' events (group created, time zone), but not a
 * change of who runs sessions (a plan, a hand assignment, a swap: `assignmentsOnly`). Changes made
 * by another instance are seen within IMR_CACHE_SECONDS.
 */
@Injectable()
export class SessionPlans implements OnModuleInit, OnModuleDestroy {
  private readonly windows: WindowCache<PlannedWindow>;
  private readonly groups: WindowCache<GroupEntity[]>;
  /** Each ward's kept window as stored (rows, people, outcomes): changed only by writes that raise 'sessions-changed'. */
  private readonly listings: TaggedCache<WardListing>;
  /** Facilitators' names by ward (any facilitator write may rename). */
  private readonly names: TaggedCache<Map<string, string>>;
  private subscription: Subscription | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: SessionsRepository,
    private readonly events: DomainEvents,
  ) {
    this.windows = new WindowCache(config.cacheSeconds * 1000);
    this.groups = new WindowCache(config.cacheSeconds * 1000, 500);
    this.listings = new TaggedCache(config.cacheSeconds * 1000, 200);
    this.names = new TaggedCache(config.cacheSeconds * 1000, 200);
  }

  onModuleInit(): void {
    this.subscription = this.events.events$.subscribe((event) => {
      // Who runs a session is no input of a window's plan (groups, versions, cancellations, outcomes are).
      if ((event.type === 'sessions-changed' && !event.assignmentsOnly) || event.type === 'ward-changed') this.forget(event.wardId);
      const stale = staleTags(event);
      this.listings.invalidate(stale);
      this.names.invalidate(stale);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  forget(wardId: string): void {
    this.windows.invalidateWard(wardId);
    this.groups.invalidateWard(wardId);
  }

  /**
   * The window's planned sessions. `cached` reads through the cache (outside a transaction); inside
   * one, the plan is always made from the rows the transaction sees.
   */
  async window(
    em: EntityManager,
    ward: WardEntity,
    from: string,
    to: string,
    now: string,
    onlyGroupId: string | undefined,
    cached: boolean,
  ): Promise<PlannedWindow> {
    if (cached && !onlyGroupId) {
      // Every window inside the kept one is a slice of the kept one's plan: one plan per ward, however many windows are read.
      const kept = keptWindow(this.config, ward.timezone, new Date(now));
      if (from >= kept.from && to <= kept.to && (from !== kept.from || to !== kept.to)) {
        const whole = await this.window(em, ward, kept.from, kept.to, now, undefined, true);
        const planned: PlannedWindow['planned'] = new Map();
        for (const [id, entry] of whole.planned)
          if (entry.plan.occurrenceDate >= from && entry.plan.occurrenceDate <= to) planned.set(id, entry);
        return { planned, groups: whole.groups };
      }
    }
    const key = `${ward.id}|${ward.timezone}|${from}|${to}|${onlyGroupId ?? ''}`;
    const hit = cached ? this.windows.get(key, performance.now()) : undefined;
    if (hit) return hit;
    const stamp = this.windows.stamp(ward.id);
    const groups = await this.repo.groupsOfWard(ward.id, onlyGroupId, em);
    const groupIds = groups.map((g) => g.id);
    const versions = await this.repo.versionsOf(groupIds, em);
    const facts = await loadSessionFacts(em, ward.id, groupIds, await this.repo.cancelledDates(ward.id, to, em), to, now);
    const planned: PlannedWindow['planned'] = new Map();
    for (const [index, group] of groups.entries()) {
      // Each group's plan is a slice of synchronous work: let waiting requests (/health) in between.
      if (index > 0) await new Promise((resolve) => setImmediate(resolve));
      const schedule = scheduleOf(group, versions, ward.timezone);
      if (!schedule.versions.length) continue;
      for (const plan of planSessions(schedule, from, to, facts.get(group.id)!)) planned.set(plan.id, { plan, groupId: group.id });
    }
    const value = { planned, groups };
    if (cached) this.windows.set(ward.id, key, value, stamp, performance.now());
    return value;
  }

  /**
   * The ward's listing of its kept window (`build` reads it, materialising what is missing), kept
   * until 'sessions-changed' or 'ward-changed' for the ward commits here, or IMR_CACHE_SECONDS.
   */
  async listing(ward: WardEntity, kept: { from: string; to: string }, build: () => Promise<WardListing>): Promise<WardListing> {
    const key = `${ward.id}|${ward.timezone}|${kept.from}|${kept.to}`;
    const hit = this.listings.get(key, performance.now());
    if (hit) return hit;
    const stamp = this.listings.stamp();
    const value = await build();
    this.listings.set(key, value, [`ward:${ward.id}`], stamp, performance.now());
    return value;
  }

  /** Names of these facilitators (as listed in the ward's sessions), kept until a facilitator write commits here. */
  async namesOf(wardId: string, ids: string[]): Promise<Map<string, string>> {
    const hit = this.names.get(wardId, performance.now());
    if (hit && ids.every((id) => hit.has(id))) return hit;
    const stamp = this.names.stamp();
    const found = await this.repo.facilitatorNames([...new Set([...(hit?.keys() ?? []), ...ids])]);
    this.names.set(wardId, found, [`ward:${wardId}`, 'facilitators'], stamp, performance.now());
    return found;
  }

  /** The ward's groups (names, capacity for session lists), through the same cache and invalidation. */
  async groupsOf(wardId: string, em: EntityManager, cached: boolean): Promise<GroupEntity[]> {
    const hit = cached ? this.groups.get(wardId, performance.now()) : undefined;
    if (hit) return hit;
    const stamp = this.groups.stamp(wardId);
    const rows = await this.repo.groupsOfWard(wardId, undefined, em);
    if (cached) this.groups.set(wardId, wardId, rows, stamp, performance.now());
    return rows;
  }
}
