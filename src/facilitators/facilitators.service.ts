import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { assertAnyWardInScope, AuthContext } from '../auth/auth-context';
import { Clock } from '../common/clock';
import { DomainEvents } from '../events/domain-events';
import { recordAbsenceConflicts } from '../events/conflict-events';
import { InvalidInputError, NotFoundError } from '../common/errors';
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
    @Optional() private readonly integrity?: RotaIntegrity,
  ) {}

  /** Runs a write that can break assignments and adds the sessions it broke to the answer. */
  private async reporting<T extends object>(scope: IntegrityScope, write: () => Promise<T>): Promise<T & { affectedSessions: string[] }> {
    if (!this.integrity) return { ...(await write()), affectedSessions: [] };
    const { result, affectedSessions } = await this.integrity.watch(scope, write);
    return { ...result, affectedSessions };
  }

  private async poolOf(facilitatorIds: string[], em: EntityManager = this.db.manager): Promise<Map<string, string[]>> {
    const rows = facilitatorIds.length
      ? await em.find(FacilitatorWardEntity, { where: { facilitatorId: In(facilitatorIds) } })
      : [];
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

  /** The facilitator, if some ward of its pool is in the key's scope; 404 otherwise. */
  async requireFacilitator(auth: AuthContext, id: string): Promise<{ facilitator: FacilitatorEntity; wardIds: string[] }> {
    const facilitator = await this.db.repo(FacilitatorEntity).findOne({ where: { id } });
    if (!facilitator) throw new NotFoundError('facilitator', id);
    const wardIds = (await this.poolOf([id])).get(id)!;
    assertAnyWardInScope(auth, wardIds, 'facilitator', id);
    return { facilitator, wardIds };
  }

  async create(auth: AuthContext, dto: CreateFacilitatorDto): Promise<FacilitatorDto> {
    checkAvailability(dto.availability);
    const now = this.clock.now().toISOString();
    return this.db.transaction(async (em) => {
      const wardIds = await this.checkWards(em, auth, dto.wardIds);
      const facilitator = await em.save(
        em.create(FacilitatorEntity, {
          id: newId(),
          name: dto.name,
          profession: dto.profession,
          imrTrained: dto.imrTrained,
          maxSessionsPerWeek: dto.maxSessionsPerWeek ?? null,
          availability: dto.availability?.map(({ weekday, from, to }) => ({ weekday, from, to })) ?? null,
          active: true,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await em.insert(FacilitatorWardEntity, wardIds.map((wardId) => ({ facilitatorId: facilitator.id, wardId })));
      return mapFacilitator(facilitator, wardIds);
    });
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
    return facilitators.map((f) => mapFacilitator(f, pools.get(f.id)!));
  }

  async get(auth: AuthContext, id: string): Promise<FacilitatorDto> {
    const { facilitator, wardIds } = await this.requireFacilitator(auth, id);
    return mapFacilitator(facilitator, wardIds);
  }

  async update(auth: AuthContext, id: string, dto: UpdateFacilitatorDto): Promise<FacilitatorDto> {
    await this.requireFacilitator(auth, id);
    checkAvailability(dto.availability);
    return this.reporting({ facilitatorIds: [id] }, () => this.write(auth, id, dto));
  }

  private async write(auth: AuthContext, id: string, dto: UpdateFacilitatorDto): Promise<FacilitatorDto> {
    const result = await this.db.transaction(async (em) => {
      let wardIds = (await this.poolOf([id], em)).get(id)!;
      // A pool change takes the wards' locks (as a plan does), then the person's, as manual assignment does.
      if (dto.wardIds) await this.db.lockKeys(em, [...new Set([...wardIds, ...dto.wardIds])].map((w) => `ward:${w}`));
      await this.db.lockKeys(em, [`facilitator:${id}`]);
      const facilitator = await em.findOneOrFail(FacilitatorEntity, { where: { id } });
      wardIds = (await this.poolOf([id], em)).get(id)!;
      if (dto.wardIds) {
        const requested = await this.checkWards(em, auth, dto.wardIds);
        // A ward-scoped key may only change pool membership inside its own wards.
        const hidden = auth.wardIds === null ? [] : wardIds.filter((w) => !auth.wardIds!.includes(w));
        wardIds = [...new Set([...requested, ...hidden])];
        await em.delete(FacilitatorWardEntity, { facilitatorId: id });
        await em.insert(FacilitatorWardEntity, wardIds.map((wardId) => ({ facilitatorId: id, wardId })));
      }
      Object.assign(facilitator, {
        ...(dto.name !== undefined && { name: dto.name }),
        ...(dto.profession !== undefined && { profession: dto.profession }),
        ...(dto.imrTrained !== undefined && { imrTrained: dto.imrTrained }),
        ...(dto.maxSessionsPerWeek !== undefined && { maxSessionsPerWeek: dto.maxSessionsPerWeek }),
        ...(dto.availability !== undefined && {
          availability: dto.availability?.map(({ weekday, from, to }) => ({ weekday, from, to })) ?? null,
        }),
        ...(dto.active !== undefined && { active: dto.active }),
        updatedAt: this.clock.now().toISOString(),
      });
      return mapFacilitator(await em.save(facilitator), wardIds);
    });
    this.events.emit({ type: 'facilitator-changed', facilitatorId: id });
    return result;
  }

  /** Deactivates: the facilitator keeps their history and past sessions but gets no new ones. */
  async deactivate(auth: AuthContext, id: string): Promise<FacilitatorDto> {
    return this.update(auth, id, { active: false });
  }

  async addAbsence(auth: AuthContext, facilitatorId: string, dto: CreateAbsenceDto): Promise<AbsenceDto> {
    await this.requireFacilitator(auth, facilitatorId);
    if (dto.to < dto.from) throw new InvalidInputError('to', 'must not be earlier than from');
    return this.reporting({ facilitatorIds: [facilitatorId] }, async () => {
      const absence = await this.db.transaction(async (em) => {
        await this.db.lockKeys(em, [`facilitator:${facilitatorId}`]);
        const saved = await em.save(
          em.create(AbsenceEntity, {
            id: newId(),
            facilitatorId,
            fromDate: dto.from,
            toDate: dto.to,
            reason: dto.reason ?? null,
            createdAt: this.clock.now().toISOString(),
          }),
        );
        await recordAbsenceConflicts(em, facilitatorId, dto.from, dto.to, saved.createdAt);
        return saved;
      });
      this.events.emit({ type: 'absence-added', facilitatorId, from: dto.from, to: dto.to });
      return mapAbsence(absence);
    });
  }

  async listAbsences(auth: AuthContext, facilitatorId: string): Promise<AbsenceDto[]> {
    await this.requireFacilitator(auth, facilitatorId);
    const rows = await this.db.repo(AbsenceEntity).find({ where: { facilitatorId }, order: { fromDate: 'ASC', id: 'ASC' } });
    return rows.map(mapAbsence);
  }

  async removeAbsence(auth: AuthContext, facilitatorId: string, absenceId: string): Promise<void> {
    await this.requireFacilitator(auth, facilitatorId);
    await this.db.transaction(async (em) => {
      const result = await em.delete(AbsenceEntity, { id: absenceId, facilitatorId });
      if (!result.affected) throw new NotFoundError('absence', absenceId);
    });
    this.events.emit({ type: 'facilitator-changed', facilitatorId });
  }
}
