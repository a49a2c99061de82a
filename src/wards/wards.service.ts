import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { assertWardInScope, AuthContext } from '../auth/auth-context';
import { CatalogueService } from '../catalogue/catalogue.service';
import { Edition } from '../catalogue/catalogue';
import { Clock } from '../common/clock';
import { DomainEvents } from '../events/domain-events';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { newId } from '../common/ids';
import { Database, IMR_DATABASE } from '../database/database';
import { CreateWardDto, mapWard, UpdateWardDto, WardDto } from './wards.dto';
import { WardEntity } from '../database/schema/ward.entity';
import { WardSwapSettingsEntity } from '../database/schema/swap.entity';

const DEFAULT_ZONE = 'Europe/Oslo';

@Injectable()
export class WardsService {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    private readonly catalogue: CatalogueService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  /** The ward, if it exists and the key may see it; 404 otherwise. Other features call this first. */
  async requireWard(auth: AuthContext, wardId: string): Promise<WardEntity> {
    const ward = await this.db.repo(WardEntity).findOne({ where: { id: wardId } });
    if (!ward) throw new NotFoundError('ward', wardId);
    assertWardInScope(auth, ward.id, 'ward', wardId);
    return ward;
  }

  editionOf(ward: WardEntity): Edition {
    return this.catalogue.forWard(ward);
  }

  async create(auth: AuthContext, dto: CreateWardDto): Promise<WardDto> {
    // A ward-scoped key would create a ward it could then never see.
    if (auth.wardIds !== null) throw new ForbiddenError('a ward-scoped key cannot create wards');
    this.catalogue.validateWardSettings(dto.edition, dto.coreModules, dto.moduleTitlesNb);
    const now = this.clock.now().toISOString();
    const ward = await this.db.transaction(async (em) => {
      if (await em.exists(WardEntity, { where: { code: dto.code } })) {
        throw new ConflictError(`code ${dto.code} is already used by another ward`);
      }
      const entity = em.create(WardEntity, {
        id: newId(),
        code: dto.code,
        name: dto.name,
        timezone: dto.timezone ?? DEFAULT_ZONE,
        edition: dto.edition ?? null,
        coreModules: dto.coreModules ? [...new Set(dto.coreModules)].sort((a, b) => a - b) : null,
        contactPerson: dto.contactPerson ?? null,
        replyAddress: dto.replyAddress ?? null,
        language: dto.language ?? null,
        moduleTitlesNb: trimmedTitles(dto.moduleTitlesNb),
        organizationNumber: dto.organizationNumber ?? null,
        reshId: dto.reshId ?? null,
        createdAt: now,
        updatedAt: now,
      });
      return em.save(entity);
    });
    return mapWard(ward, this.editionOf(ward));
  }

  async list(auth: AuthContext): Promise<WardDto[]> {
    const where = auth.wardIds === null ? {} : { id: In(auth.wardIds) };
    const wards = await this.db.repo(WardEntity).find({ where, order: { code: 'ASC' } });
    const approval = await this.swapApproval(wards.map((w) => w.id));
    return wards.map((w) => mapWard(w, this.editionOf(w), approval.has(w.id)));
  }

  async get(auth: AuthContext, id: string): Promise<WardDto> {
    const ward = await this.requireWard(auth, id);
    return mapWard(ward, this.editionOf(ward), (await this.swapApproval([id])).has(id));
  }

  async update(auth: AuthContext, id: string, dto: UpdateWardDto): Promise<WardDto> {
    await this.requireWard(auth, id);
    const ward = await this.db.transaction(async (em) => {
      const current = await em.findOneOrFail(WardEntity, { where: { id } });
      const edition = dto.edition ?? current.edition;
      const titles = dto.moduleTitlesNb !== undefined ? dto.moduleTitlesNb : current.moduleTitlesNb;
      this.catalogue.validateWardSettings(edition, dto.coreModules ?? (dto.edition ? null : current.coreModules), titles);
      Object.assign(current, {
        ...(dto.name !== undefined && { name: dto.name }),
        ...(dto.timezone !== undefined && { timezone: dto.timezone }),
        ...(dto.edition !== undefined && { edition: dto.edition }),
        ...(dto.coreModules !== undefined && { coreModules: [...new Set(dto.coreModules)].sort((a, b) => a - b) }),
        ...(dto.contactPerson !== undefined && { contactPerson: dto.contactPerson }),
        ...(dto.replyAddress !== undefined && { replyAddress: dto.replyAddress }),
        ...(dto.language !== undefined && { language: dto.language }),
        ...(dto.moduleTitlesNb !== undefined && { moduleTitlesNb: trimmedTitles(dto.moduleTitlesNb) }),
        ...(dto.organizationNumber !== undefined && { organizationNumber: dto.organizationNumber }),
        ...(dto.reshId !== undefined && { reshId: dto.reshId }),
        updatedAt: this.clock.now().toISOString(),
      });
      if (dto.swapApproval !== undefined) {
        await em.delete(WardSwapSettingsEntity, { wardId: id });
        await em.insert(WardSwapSettingsEntity, { wardId: id, swapApproval: dto.swapApproval, updatedAt: current.updatedAt });
      }
      return em.save(current);
    });
    this.events.emit({ type: 'ward-changed', wardId: id });
    return mapWard(ward, this.editionOf(ward), (await this.swapApproval([id])).has(id));
  }

  /** Wards whose claims and swaps wait for a coordinator (kept beside the ward, in ward_swap_settings). */
  private async swapApproval(wardIds: string[]): Promise<Set<string>> {
    if (!wardIds.length) return new Set();
    const rows = await this.db.repo(WardSwapSettingsEntity).find({ where: { wardId: In(wardIds), swapApproval: true } });
    return new Set(rows.map((r) => r.wardId));
  }
}

function trimmedTitles(titles: Record<string, string> | null | undefined): Record<string, string> | null {
  if (!titles) return null;
  const kept = Object.entries(titles).map(([id, title]) => [id, title.trim()] as const);
  return kept.length ? Object.fromEntries(kept) : null;
}
