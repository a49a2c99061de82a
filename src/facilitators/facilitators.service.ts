import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import {
  coversHomeWard,
  FacilitatorAccess,
  mayReadAbsenceReasons,
  nextPool,
  requireFacilitatorAccess,
  visibleWards,
} from '../auth/facilitator-access';
import { Clock } from '../common/clock';
import { DomainEvents } from '../events/domain-events';
import { ReadResponses } from '../events/read-responses';
import { recordAbsenceConflicts } from '../events/conflict-events';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors';
import { newId } from '../common/ids';
import { IntegrityScope, RotaIntegrity } from '../common/rota-integrity';
import { Database, IMR_DATABASE } from '../database/database';
import { WardEntity } from '../database/schema/ward.entity';
import { AbsenceEntity, AvailabilityWindow, FacilitatorEntity, FacilitatorWardEntity } from '../database/schema/facilitator.entity';
import {
  AbsenceDto,
  CreateAbsenceDto,
  CreateFacilitatorDto,
  FacilitatorDto,
  mapAbsence,
  mapFacilitator,
  UpdateFacilitatorDto,
} from './facilitators.dto';

function checkAvailability(windows: AvailabilityWindow[] | null | undefined): void {
  windows?.forEach((w, i) => {
    if (w.from >= w.to) throw new InvalidInputError(`availability[${i}].to`, 'must be later than from');
  });
}

@Injectable()
export class FacilitatorsService {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly responses: ReadResponses,
    @Optional() private readonly integrity?: RotaIntegrity,
  ) {}

  /** Runs a write that can break assignments and adds the sessions it broke to the answer. */
  private async reporting<T extends object>(scope: IntegrityScope, write: () => Promise<T>): Promise<T & { affectedSessions: string[] }> {
    if (!this.integrity) return { ...(await write()), affectedSessions: [] };
    const { result, affectedSessions } = await this.integrity.watch(scope, write);
    return { ...result, affectedSessions };
  }

  private async poolOf(facilitatorIds: string[], em: EntityManager = this.db.manager): Promise<Map<string, string[]>> {
    const rows = facilitatorIds.length ? await em.find(FacilitatorWardEntity, { where: { facilitatorId: In(facilitatorIds) } }) : [];
    const pools = new Map<string, string[]>(facilitatorIds.map((id) => [id, []]));
    for (const row of rows) pools.get(row.facilitatorId)!.push(row.wardId);
    return pools;
  }

  private async checkWards(em: EntityManager, auth: AuthContext, wardIds: string[]): Promise<string[]> {
    const unique = [...new Set(wardIds)];
    const found = await em.count(WardEntity, { where: { id: In(unique) } });
    const outOfScope = auth.wardIds !== null && unique.some((w) => !auth.wardIds!.includes(w));
    if (found !== unique.length || outOfScope) throw new InvalidInputError('wardIds', 'names a ward that does not exist');
    return unique;
  }

  /** The facilitator and how the key stands to them; 404 when the key sees none of their wards. */
  async requireFacilitator(
    auth: AuthContext,
    id: string,
    em: EntityManager = this.db.manager,
  ): Promise<{ facilitator: FacilitatorEntity; wardIds: string[]; access: FacilitatorAccess }> {
    // One statement (every write to a person starts here, inside its transaction): the row with its pool.
    const { entities, raw } = await em
      .createQueryBuilder(FacilitatorEntity, 'f')
      .leftJoin(FacilitatorWardEntity, 'l', 'l.facilitatorId = f.id')
      .addSelect('l.wardId', 'poolWardId')
      .where('f.id = :id', { id })
      .getRawAndEntities<{ poolWardId: string | null }>();
    const facilitator = entities[0];
    if (!facilitator) throw new NotFoundError('facilitator', id);
    const wardIds = raw.flatMap((r) => (r.poolWardId === null ? [] : [r.poolWardId]));
    const access = requireFacilitatorAccess(auth, { id, homeWardId: facilitator.homeWardId, wardIds });
    return { facilitator, wardIds, access };
  }

  /** Changes to the person (not to a ward's own pool) need a key that covers their home ward. */
  private assertManages(auth: AuthContext, facilitator: FacilitatorEntity, wardIds: string[], what: string): void {
    if (!coversHomeWard(auth, { id: facilitator.id, homeWardId: facilitator.homeWardId, wardIds })) {
      throw new ForbiddenError(`only a key that covers the facilitator's home ward may change ${what}`);
    }
  }

  private view(auth: AuthContext, f: FacilitatorEntity, pool: string[]): FacilitatorDto {
    const managed = coversHomeWard(auth, { id: f.id, homeWardId: f.homeWardId, wardIds: pool });
    const homeWardId = f.homeWardId !== null && visibleWards(auth, [f.homeWardId]).length ? f.homeWardId : null;
    return mapFacilitator(f, { wardIds: visibleWards(auth, pool), homeWardId, managed });
  }

  async create(auth: AuthContext, dto: CreateFacilitatorDto): Promise<FacilitatorDto> {
    checkAvailability(dto.availability);
    const now = this.clock.now().toISOString();
    const created = await this.db.transaction(async (em) => {
      const wardIds = await this.checkWards(em, auth, dto.wardIds);
      const homeWardId = dto.homeWardId ?? dto.wardIds[0];
      if (!wardIds.includes(homeWardId)) throw new InvalidInputError('homeWardId', 'must be one of wardIds');
      const facilitator = await em.save(
        em.create(FacilitatorEntity, {
          id: newId(),
          name: dto.name,
          profession: dto.profession,
          imrTrained: dto.imrTrained,
          maxSessionsPerWeek: dto.maxSessionsPerWeek ?? null,
          availability: dto.availability?.map(({ weekday, from, to }) => ({ weekday, from, to })) ?? null,
          active: true,
          homeWardId,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await em.insert(
        FacilitatorWardEntity,
        wardIds.map((wardId) => ({ facilitatorId: facilitator.id, wardId })),
      );
      return this.view(auth, facilitator, wardIds);
    });
    this.events.emit({ type: 'facilitator-changed', facilitatorId: created.id });
    return created;
  }

  /**
   * list as the JSON the route sends, remembered (ReadResponses) per ward filter and key scope (all
   * the view depends on) until a facilitator or ward write commits here, or IMR_CACHE_SECONDS.
   */
  async listJson(auth: AuthContext, wardId?: string): Promise<string> {
    const scope = auth.wardIds === null ? '*' : [...auth.wardIds].sort().join(',');
    return this.responses.through(`facilitators|${wardId ?? '*'}|${scope}`, async () => ({
      json: JSON.stringify(await this.list(auth, wardId)),
      tags: ['facilitators'],
    }));
  }

  async list(auth: AuthContext, wardId?: string): Promise<FacilitatorDto[]> {
    let wardFilter: string[] | null = wardId ? [wardId] : null;
    if (auth.wardIds !== null) wardFilter = (wardFilter ?? auth.wardIds).filter((w) => auth.wardIds!.includes(w));
    let facilitators: FacilitatorEntity[];
    if (wardFilter === null) {
      facilitators = await this.db.repo(FacilitatorEntity).find({ order: { name: 'ASC', id: 'ASC' } });
    } else if (wardFilter.length === 0) {
      facilitators = [];
    } else {
      const links = await this.db.repo(FacilitatorWardEntity).find({ where: { wardId: In(wardFilter) } });
      const ids = [...new Set(links.map((l) => l.facilitatorId))];
      facilitators = ids.length
        ? await this.db.repo(FacilitatorEntity).find({ where: { id: In(ids) }, order: { name: 'ASC', id: 'ASC' } })
        : [];
    }
    const pools = await this.poolOf(facilitators.map((f) => f.id));
    return facilitators.map((f) => this.view(auth, f, pools.get(f.id)!));
  }

  async get(auth: AuthContext, id: string): Promise<FacilitatorDto> {
    const { facilitator, wardIds } = await this.requireFacilitator(auth, id);
    return this.view(auth, facilitator, wardIds);
  }

  async update(auth: AuthContext, id: string, dto: UpdateFacilitatorDto): Promise<FacilitatorDto> {
    // The person is looked up (404) and the availability checked (400) inside write(), under the person's lock.
    return this.reporting({ facilitatorIds: [id] }, () => this.write(auth, id, dto));
  }

  private async write(auth: AuthContext, id: string, dto: UpdateFacilitatorDto): Promise<FacilitatorDto> {
    const result = await this.db.transaction(async (em) => {
      // A pool change takes the wards' locks (as a plan does), then the person's, as manual assignment does.
      if (dto.wardIds) {
        const current = (await this.poolOf([id], em)).get(id)!;
        await this.db.lockKeys(
          em,
          [...new Set([...current, ...dto.wardIds])].map((w) => `ward:${w}`),
        );
      }
      await this.db.lockKeys(em, [`facilitator:${id}`]);
      const { facilitator, wardIds: pool } = await this.requireFacilitator(auth, id, em);
      checkAvailability(dto.availability);
      let wardIds = pool;
      const personal = Object.entries(dto).filter(([field, value]) => field !== 'wardIds' && value !== undefined);
      if (personal.length) this.assertManages(auth, facilitator, pool, personal.map(([field]) => field).join(', '));
      let homeWardId = dto.homeWardId ?? facilitator.homeWardId;
      if (dto.homeWardId !== undefined && auth.wardIds !== null && !auth.wardIds.includes(dto.homeWardId)) {
        throw new InvalidInputError('homeWardId', 'names a ward that does not exist');
      }
      if (dto.wardIds || dto.homeWardId !== undefined) {
        const requested = dto.wardIds ? await this.checkWards(em, auth, dto.wardIds) : visibleWards(auth, pool);
        // A ward-scoped key adds or removes only wards of its own scope; the others stay as they are.
        wardIds = nextPool(auth, pool, requested);
        if (!wardIds.length) throw new InvalidInputError('wardIds', 'must leave the facilitator at least one ward');
        // A key that manages the person may move them off their home ward: the first new ward in its scope becomes home.
        const movedTo = visibleWards(auth, wardIds)[0];
        if (
          dto.homeWardId === undefined &&
          homeWardId !== null &&
          !wardIds.includes(homeWardId) &&
          movedTo &&
          coversHomeWard(auth, { id, homeWardId, wardIds: pool })
        ) {
          homeWardId = movedTo;
        }
        if (homeWardId !== null && !wardIds.includes(homeWardId)) {
          throw new InvalidInputError(dto.wardIds ? 'wardIds' : 'homeWardId', 'must include the home ward (move the home ward first)');
        }
        await em.delete(FacilitatorWardEntity, { facilitatorId: id });
        await em.insert(
          FacilitatorWardEntity,
          wardIds.map((wardId) => ({ facilitatorId: id, wardId })),
        );
      }
      const changes: Partial<FacilitatorEntity> = {
        ...(dto.name !== undefined && { name: dto.name }),
        ...(dto.profession !== undefined && { profession: dto.profession }),
        ...(dto.imrTrained !== undefined && { imrTrained: dto.imrTrained }),
        ...(dto.maxSessionsPerWeek !== undefined && { maxSessionsPerWeek: dto.maxSessionsPerWeek }),
        ...(dto.availability !== undefined && {
          availability: dto.availability?.map(({ weekday, from, to }) => ({ weekday, from, to })) ?? null,
        }),
        ...(dto.active !== undefined && { active: dto.active }),
        homeWardId,
        updatedAt: this.clock.now().toISOString(),
      };
      // An update by id: the row was just read under the person's lock (a save would read it again).
      await em.update(FacilitatorEntity, { id }, changes);
      return this.view(auth, Object.assign(facilitator, changes), wardIds);
    });
    // Calendar feeds read only the name, pool and status: a change to the rest leaves them be.
    const shown = dto.name !== undefined || dto.active !== undefined || dto.wardIds !== undefined || dto.homeWardId !== undefined;
    this.events.emit({ type: shown ? 'facilitator-changed' : 'facilitator-rules-changed', facilitatorId: id });
    return result;
  }

  /** Deactivates: the facilitator keeps their history and past sessions but gets no new ones. */
  async deactivate(auth: AuthContext, id: string): Promise<FacilitatorDto> {
    return this.update(auth, id, { active: false });
  }

  async addAbsence(auth: AuthContext, facilitatorId: string, dto: CreateAbsenceDto): Promise<AbsenceDto> {
    const { facilitator, wardIds } = await this.requireFacilitator(auth, facilitatorId);
    this.assertManages(auth, facilitator, wardIds, 'absences');
    if (dto.to < dto.from) throw new InvalidInputError('to', 'must not be earlier than from');
    return this.reporting({ facilitatorIds: [facilitatorId] }, async () => {
      const absence = await this.db.transaction(async (em) => {
        await this.db.lockKeys(em, [`facilitator:${facilitatorId}`]);
        const saved = em.create(AbsenceEntity, {
          id: newId(),
          facilitatorId,
          fromDate: dto.from,
          toDate: dto.to,
          reason: dto.reason ?? null,
          createdAt: this.clock.now().toISOString(),
        });
        // A new id: an insert (a save would read the row first, with SQLite's write lock held). The
        // sessions it breaks are read beside it: they do not depend on the absence's row.
        await this.db.together(
          em,
          () => em.insert(AbsenceEntity, saved),
          () => recordAbsenceConflicts(em, facilitatorId, dto.from, dto.to, saved.createdAt),
        );
        return saved;
      });
      this.events.emit({ type: 'absence-added', facilitatorId, from: dto.from, to: dto.to });
      return mapAbsence(absence);
    });
  }

  /** The person and whoever manages them read reasons; other wards read the dates; colleagues nothing. */
  async listAbsences(auth: AuthContext, facilitatorId: string): Promise<AbsenceDto[]> {
    const { access } = await this.requireFacilitator(auth, facilitatorId);
    if (auth.role === 'facilitator' && access !== 'own') {
      throw new ForbiddenError('a facilitator key may only read its own absences');
    }
    const rows = await this.db.repo(AbsenceEntity).find({ where: { facilitatorId }, order: { fromDate: 'ASC', id: 'ASC' } });
    const withReason = mayReadAbsenceReasons(auth, access);
    return rows.map((row) => mapAbsence(row, withReason));
  }

  async removeAbsence(auth: AuthContext, facilitatorId: string, absenceId: string): Promise<void> {
    const { facilitator, wardIds } = await this.requireFacilitator(auth, facilitatorId);
    this.assertManages(auth, facilitator, wardIds, 'absences');
    await this.db.transaction(async (em) => {
      const result = await em.delete(AbsenceEntity, { id: absenceId, facilitatorId });
      if (!result.affected) throw new NotFoundError('absence', absenceId);
    });
    this.events.emit({ type: 'absence-removed', facilitatorId });
  }
}
