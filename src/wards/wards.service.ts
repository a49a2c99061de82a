import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { Subscription } from 'rxjs';
import { EntityManager, In } from 'typeorm';
import { assertWardInScope, AuthContext } from '../auth/auth-context';
import { CatalogueService } from '../catalogue/catalogue.service';
import { Edition } from '../catalogue/catalogue';
import { Clock } from '../common/clock';
import { DomainEvents } from '../events/domain-events';
import { TaggedCache } from '../common/tagged-cache';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { newId } from '../common/ids';
import { Database, IMR_DATABASE } from '../database/database';
import { CreateWardDto, mapWard, UpdateWardDto, WardDto } from './wards.dto';
import { WardEntity } from '../database/schema/ward.entity';
import { WardSwapSettingsEntity } from '../database/schema/swap.entity';
import { AdmissionEntity } from '../database/schema/admission.entity';
import { FacilitatorWardEntity } from '../database/schema/facilitator.entity';
import { GroupEntity } from '../database/schema/group.entity';
import { ReferralEntity } from '../database/schema/referral.entity';
import { AuditService } from '../audit/audit.service';

const DEFAULT_ZONE = 'Europe/Oslo';

@Injectable()
export class WardsService implements OnModuleInit, OnModuleDestroy {
  /**
   * Ward rows by id, for the ward check every ward route starts with: kept until a write to the ward
   * commits here ('ward-changed'), or IMR_CACHE_SECONDS for a write on another instance.
   */
  private readonly rows: TaggedCache<WardEntity>;
  private subscription: Subscription | null = null;

  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly catalogue: CatalogueService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly audit: AuditService,
  ) {
    this.rows = new TaggedCache(config.cacheSeconds * 1000, 1000);
  }

  onModuleInit(): void {
    // Only a ward write changes the row ('sessions-changed' shares the ward's tag, not its row).
    this.subscription = this.events.events$.subscribe((event) => {
      if (event.type === 'ward-changed') this.rows.invalidate([`ward:${event.wardId}`]);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** The ward, if it exists and the key may see it; 404 otherwise. Other features call this first. */
  async requireWard(auth: AuthContext, wardId: string): Promise<WardEntity> {
    let ward = this.rows.get(wardId, performance.now());
    if (!ward) {
      const stamp = this.rows.stamp();
      ward = (await this.db.repo(WardEntity).findOne({ where: { id: wardId } })) ?? undefined;
      if (!ward) throw new NotFoundError('ward', wardId);
      this.rows.set(wardId, ward, [`ward:${ward.id}`], stamp, performance.now());
    }
    assertWardInScope(auth, ward.id, 'ward', wardId);
    // A copy: the kept row is never changed by a caller.
    return Object.assign(new WardEntity(), ward);
  }

  /**
   * Deletes a ward made by mistake: only while it holds nothing (no groups, no admissions, no referrals);
   * 409 naming what it holds otherwise. Its facilitators stay, without this ward in their pools.
   */
  async remove(auth: AuthContext, wardId: string): Promise<void> {
    if (auth.wardIds !== null) throw new ForbiddenError('a ward-scoped key cannot delete wards');
    const ward = await this.requireWard(auth, wardId);
    await this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [`sessions:${ward.id}`]);
      const held = [
        [await em.count(GroupEntity, { where: { wardId } }), 'group'],
        [await em.count(AdmissionEntity, { where: { wardId } }), 'admission'],
        [await em.count(ReferralEntity, { where: { wardId } }), 'referral'],
      ] as const;
      const named = held.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}${n > 1 ? 's' : ''}`);
      if (named.length) throw new ConflictError(`ward ${wardId} holds ${named.join(', ')}; delete or end those first`);
      await em.delete(FacilitatorWardEntity, { wardId });
      await em.delete(WardEntity, { id: wardId });
      await this.audit.record(auth, { action: 'ward.delete', targetType: 'ward', targetId: wardId, wardId }, em);
    });
    // Its facilitators' pools changed.
    this.events.emit({ type: 'ward-changed', wardId });
  }

  editionOf(ward: WardEntity): Edition {
    return this.catalogue.forWard(ward);
  }

  async create(auth: AuthContext, dto: CreateWardDto): Promise<WardDto> {
    // A ward-scoped key would create a ward it could then never see.
    if (auth.wardIds !== null) throw new ForbiddenError('a ward-scoped key cannot create wards');
    const settings = this.catalogue.nextWardSettings({ edition: null, coreModules: null, moduleTitlesNb: null }, dto);
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
        edition: settings.edition,
        coreModules: settings.coreModules,
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
    // Everything is checked before the first write, and the answer is built inside the transaction:
    // a write that fails leaves nothing behind.
    const result = await this.db.transaction(async (em) => {
      const current = await em.findOneOrFail(WardEntity, { where: { id } });
      const settings = this.catalogue.nextWardSettings(current, dto);
      Object.assign(current, {
        ...(dto.name !== undefined && { name: dto.name }),
        ...(dto.timezone !== undefined && { timezone: dto.timezone }),
        edition: settings.edition,
        coreModules: settings.coreModules,
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
      const saved = await em.save(current);
      return mapWard(saved, this.editionOf(saved), (await this.swapApproval([id], em)).has(id));
    });
    this.events.emit({ type: 'ward-changed', wardId: id });
    return result;
  }

  /** Wards whose claims and swaps wait for a coordinator (kept beside the ward, in ward_swap_settings). */
  private async swapApproval(wardIds: string[], em: EntityManager = this.db.manager): Promise<Set<string>> {
    if (!wardIds.length) return new Set();
    const rows = await em.find(WardSwapSettingsEntity, { where: { wardId: In(wardIds), swapApproval: true } });
    return new Set(rows.map((r) => r.wardId));
  }
}

function trimmedTitles(titles: Record<string, string> | null | undefined): Record<string, string> | null {
  if (!titles) return null;
  const kept = Object.entries(titles).map(([id, title]) => [id, title.trim()] as const);
  return kept.length ? Object.fromEntries(kept) : null;
}
