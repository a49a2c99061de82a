import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import { moduleTitle } from '../catalogue/catalogue';
import { Language, SERVICE_TEXTS } from '../common/i18n';
import { wardLanguage } from '../wards/wards.dto';
import { CatalogueService } from '../catalogue/catalogue.service';
import { Database, IMR_DATABASE } from '../database/database';
import { FacilitatorEntity, FacilitatorWardEntity } from '../database/schema/facilitator.entity';
import { GroupEntity } from '../database/schema/group.entity';
import { SessionAssignmentEntity } from '../database/schema/assignment.entity';
import { SessionEntity } from '../database/schema/session.entity';
import { WardEntity } from '../database/schema/ward.entity';
import { CalendarFeedEventEntity } from '../database/schema/calendar-feed-event.entity';
import { CalendarTokenEntity } from '../database/schema/calendar-token.entity';
import { FeedEventRecord, FeedSessionRow } from './ical/feed-builder';
import { outcomesOf, statusWithOutcome } from '../sessions/session-outcomes';

const CHUNK = 400;

async function inChunks<T>(ids: string[], load: (batch: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await load(ids.slice(i, i + CHUNK))));
  return out;
}

export interface FacilitatorFeedRows {
  sessions: FeedSessionRow[];
  records: FeedEventRecord[];
  /** Wards of the sessions and of the facilitator's pool. */
  wardIds: string[];
  /** The feed's own language: bokmål when any of those wards writes bokmål, else English. */
  language: Language;
}

/** The calendar feature's reads and writes; TypeORM stays in here. */
@Injectable()
export class CalendarRepository {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    private readonly catalogue: CatalogueService,
  ) {}

  findLiveToken(tokenHash: string): Promise<CalendarTokenEntity | null> {
    return this.db.repo(CalendarTokenEntity).findOne({ where: { tokenHash, revokedAt: IsNull() } });
  }

  findFacilitator(id: string): Promise<FacilitatorEntity | null> {
    return this.db.repo(FacilitatorEntity).findOne({ where: { id } });
  }

  async poolOf(facilitatorId: string): Promise<string[]> {
    const rows = await this.db.repo(FacilitatorWardEntity).find({ where: { facilitatorId } });
    return rows.map((r) => r.wardId);
  }

  /** Revokes the facilitator's live tokens and, when given, adds a new one, with `alsoDo` in the same transaction. */
  replaceTokens(
    facilitatorId: string,
    now: string,
    next: CalendarTokenEntity | null,
    alsoDo: (em: EntityManager) => Promise<void>,
  ): Promise<void> {
    return this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [`calendar-token:${facilitatorId}`]);
      const live = await em.find(CalendarTokenEntity, { where: { facilitatorId, revokedAt: IsNull() } });
      if (live.length) await em.update(CalendarTokenEntity, { id: In(live.map((t) => t.id)) }, { revokedAt: now });
      if (next) await em.insert(CalendarTokenEntity, next);
      await alsoDo(em);
    });
  }

  /**
   * The facilitator's sessions starting in [from, to) (published or not: the builder decides), the
   * records of what their feed showed in the window, and the live rows of those records' sessions.
   */
  async loadFacilitatorFeed(facilitatorId: string, from: string, to: string): Promise<FacilitatorFeedRows> {
    const assigned = await this.db
      .repo(SessionEntity)
      .createQueryBuilder('s')
      .innerJoin(SessionAssignmentEntity, 'a', 'a.sessionId = s.id')
      .where('a.facilitatorId = :facilitatorId', { facilitatorId })
      .andWhere('s.startsAt >= :from AND s.startsAt < :to', { from, to })
      .getMany();
    const records = await this.db
      .repo(CalendarFeedEventEntity)
      .createQueryBuilder('r')
      .where('r.facilitatorId = :facilitatorId', { facilitatorId })
      .andWhere('r.startsAt >= :from AND r.startsAt < :to', { from, to })
      .getMany();
    const have = new Set(assigned.map((s) => s.id));
    const missing = records.map((r) => r.sessionId).filter((id) => !have.has(id));
    const others = await inChunks(missing, (batch) => this.db.repo(SessionEntity).find({ where: { id: In(batch) } }));
    const sessions = await this.toFeedRows([...assigned, ...others]);
    const wardIds = new Set([...sessions.map((s) => s.wardId), ...(await this.poolOf(facilitatorId))]);
    const wards = await inChunks([...wardIds], (batch) =>
      this.db.repo(WardEntity).find({ select: { id: true, language: true, timezone: true }, where: { id: In(batch) } }),
    );
    return {
      sessions,
      records: records.map(({ facilitatorId: _f, ...record }) => record),
      wardIds: [...wardIds],
      language: wards.some((w) => wardLanguage(w) === 'nb') ? 'nb' : 'en',
    };
  }

  /** Stores what a feed served: its records and the ETag / Last-Modified pair of the token. */
  async saveServedFeed(
    token: { id: string; facilitatorId: string },
    served: { etag: string; lastModified: string },
    recordChanges: FeedEventRecord[],
  ): Promise<void> {
    await this.db.transaction(async (em: EntityManager) => {
      for (const record of recordChanges) {
        await em.upsert(CalendarFeedEventEntity, { ...record, facilitatorId: token.facilitatorId }, ['facilitatorId', 'sessionId']);
      }
      await em.update(CalendarTokenEntity, { id: token.id }, { feedEtag: served.etag, feedLastModified: served.lastModified });
    });
  }

  /** A ward's session rows as calendar rows, in the given order. */
  async toFeedRows(rows: SessionEntity[]): Promise<(FeedSessionRow & { wardId: string })[]> {
    if (!rows.length) return [];
    const sessionIds = rows.map((r) => r.id);
    const assignments = await inChunks(sessionIds, (batch) =>
      this.db.repo(SessionAssignmentEntity).find({ where: { sessionId: In(batch) } }),
    );
    const facilitatorIds = [...new Set(assignments.map((a) => a.facilitatorId))];
    const names = new Map(
      (
        await inChunks(facilitatorIds, (batch) =>
          this.db.repo(FacilitatorEntity).find({ select: { id: true, name: true }, where: { id: In(batch) } }),
        )
      ).map((f) => [f.id, f.name]),
    );
    const groupIds = [...new Set(rows.map((r) => r.groupId))];
    const groups = new Map(
      (await inChunks(groupIds, (batch) => this.db.repo(GroupEntity).find({ where: { id: In(batch) } }))).map((g) => [g.id, g]),
    );
    const wardIds = [...new Set(rows.map((r) => r.wardId))];
    const wards = new Map((await this.db.repo(WardEntity).find({ where: { id: In(wardIds) } })).map((w) => [w.id, w]));
    const outcomes = await outcomesOf(this.db.manager, sessionIds);
    const bySession = new Map<string, SessionAssignmentEntity[]>();
    for (const a of assignments) bySession.set(a.sessionId, [...(bySession.get(a.sessionId) ?? []), a]);

    return rows.map((row) => {
      const ward = wards.get(row.wardId);
      const language = ward ? wardLanguage(ward) : 'en';
      return {
        id: row.id,
        wardId: row.wardId,
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        status: statusWithOutcome(row, outcomes.get(row.id)),
        published: row.published,
        sequence: row.sequence,
        changedAt: row.changedAt,
        moduleNumber: row.moduleNumber,
        modulePart: row.modulePart,
        moduleParts: row.moduleParts,
        moduleTitle: ward ? moduleTitle(this.catalogue.forWard(ward), row.moduleNumber, language) : `Module ${row.moduleNumber}`,
        language,
        groupName: groups.get(row.groupId)?.name ?? SERVICE_TEXTS[language].calendar.groupFallback,
        wardName: ward?.name ?? '',
        room: row.room,
        facilitators: (bySession.get(row.id) ?? []).map((a) => ({
          id: a.facilitatorId,
          name: names.get(a.facilitatorId) ?? '',
          role: a.role,
        })),
      };
    });
  }
}
