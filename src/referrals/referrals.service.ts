import { overdueEvent } from '../events/referral-events';
import { recordEvents } from '../events/outbox';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager, FindOptionsWhere, In, IsNull, LessThanOrEqual, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { assertWardInScope, AuthContext } from '../auth/auth-context';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors';
import { newId } from '../common/ids';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database, IMR_DATABASE } from '../database/database';
import { WardsService } from '../wards/wards.service';
import { buildReferralBundle } from './documents/fhir-bundle';
import { buildLetterModel, referralReference } from './documents/letter-model';
import { renderLetterPdf } from './documents/letter-pdf';
import { LetterLanguage, renderLetterHtml } from './documents/referral-letter';
import { isStableNamespace } from './documents/fhir-identifiers';
import { InstallationNamespaceService } from './installation-namespace.service';
import { checkTransition, overdueCutoff, REFERRAL_STATUSES } from './documents/referral-lifecycle';
import { ReferralEditEntity, ReferralEntity, ReferralEventEntity } from '../database/schema/referral.entity';
import type { ReferralStatus } from './documents/referral-lifecycle';
import { editDraft, ReferralPatch } from './documents/referral-edit';
import {
  ChangeReferralStatusDto,
  mapReferral,
  mapReferralEdit,
  mapReferralEvent,
  ReferralDto,
  ReferralEditDto,
  ReferralEventDto,
} from './referrals.dto';
import { UpdateReferralDto } from './discharge.dto';

/** Audit actions for reads; every read of a referral leaves one row per referral, in the read's transaction. */
export type ReferralReadAction =
  'referral.read' | 'referral.list' | 'referral.fhir' | 'referral.letter' | 'referral.letter-pdf' | 'referral.history';

export interface LetterPdf {
  body: Buffer;
  filename: string;
}

const LIST_LIMIT = 500;

@Injectable()
export class ReferralsService {
  private readonly logger = new Logger('Referrals');

  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly wards: WardsService,
    private readonly audit: AuditService,
    private readonly namespaces: InstallationNamespaceService,
  ) {}

  async list(auth: AuthContext, filter: { status?: string; wardId?: string }): Promise<ReferralDto[]> {
    const status = parseStatus(filter.status);
    const where = await this.scopedWhere(auth, filter.wardId);
    return this.listAudited(auth, { ...where, ...(status && { status }) });
  }

  /** The worklist: drafts the daily job found unsent after the configured number of days. */
  async overdue(auth: AuthContext, wardId?: string): Promise<ReferralDto[]> {
    const where = await this.scopedWhere(auth, wardId);
    return this.listAudited(auth, { ...where, status: 'draft' as const, overdueSince: Not(IsNull()) });
  }

  get(auth: AuthContext, id: string): Promise<ReferralDto> {
    return this.readAudited(auth, id, 'referral.read', mapReferral);
  }

  async fhir(auth: AuthContext, id: string): Promise<string> {
    // Outside the read's transaction: the first call may store a generated namespace.
    const installation = await this.namespaces.namespace();
    return this.readAudited(auth, id, 'referral.fhir', (r) =>
      JSON.stringify(
        buildReferralBundle(r.snapshot, {
          namespace: namespaceOf(r.snapshot.fhirSystemBaseUri, installation),
          status: r.status,
          statusReason: r.statusReason,
        }),
      ),
    );
  }

  /** The letter in `lang`, or in the ward's language at discharge (bokmål for snapshots from before languages). */
  letter(auth: AuthContext, id: string, lang?: LetterLanguage): Promise<string> {
    return this.readAudited(auth, id, 'referral.letter', (r) =>
      renderLetterHtml(buildLetterModel(r.snapshot, lang ?? letterLanguageOf(r))),
    );
  }

  /** The PDF is made after the audited read commits, so no database lock waits for it. */
  async letterPdf(auth: AuthContext, id: string, lang?: LetterLanguage): Promise<LetterPdf> {
    const { model, snapshot } = await this.readAudited(auth, id, 'referral.letter-pdf', (r) => ({
      model: buildLetterModel(r.snapshot, lang ?? letterLanguageOf(r)),
      snapshot: r.snapshot,
    }));
    const prefix = model.lang === 'nb' ? 'henvisning' : 'referral';
    return { body: await renderLetterPdf(model, snapshot.createdAt), filename: `${prefix}-${referralReference(snapshot)}.pdf` };
  }

  async history(auth: AuthContext, id: string): Promise<ReferralEventDto[]> {
    return this.db.transaction(async (em) => {
      const referral = await this.requireIn(em, auth, id);
      const events = await em.find(ReferralEventEntity, { where: { referralId: id }, order: { at: 'ASC', id: 'ASC' } });
      await this.recordRead(em, auth, referral, 'referral.history');
      return events.map((e) => mapReferralEvent(e, referral.snapshot.ward.timezone));
    });
  }

  async changeStatus(auth: AuthContext, id: string, dto: ChangeReferralStatusDto): Promise<ReferralDto> {
    const now = this.clock.now().toISOString();
    return this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [`referral:${id}`]);
      const referral = await this.requireIn(em, auth, id);
      const reason = dto.reason?.trim() || null;
      if (checkTransition({ status: referral.status, reason: referral.statusReason }, { status: dto.status, reason }) === 'change') {
        Object.assign(referral, { status: dto.status, statusReason: reason, overdueSince: null, updatedAt: now });
        await em.save(referral);
        await em.insert(ReferralEventEntity, { id: newId(), referralId: id, at: now, status: dto.status, reason, keyId: auth.keyId });
        await this.audit.record(
          auth,
          { action: `referral.${dto.status}`, targetType: 'referral', targetId: id, wardId: referral.wardId },
          em,
        );
      } else {
        await this.recordRead(em, auth, referral, 'referral.read');
      }
      return mapReferral(referral);
    });
  }

  /** Edits a draft's handoff fields, with the change kept in the edit history; 409 once sent (or withdrawn). */
  async update(auth: AuthContext, id: string, dto: UpdateReferralDto): Promise<ReferralDto> {
    const now = this.clock.now().toISOString();
    return this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [`referral:${id}`]);
      const referral = await this.requireIn(em, auth, id);
      if (referral.status !== 'draft') throw new ConflictError(`referral is ${referral.status}; only a draft can be edited`);
      const edit = editDraft(referral.snapshot, dto as ReferralPatch);
      if (edit.fields.length) {
        Object.assign(referral, { snapshot: edit.snapshot, updatedAt: now });
        await em.save(referral);
        const row: ReferralEditEntity = {
          id: newId(),
          referralId: id,
          at: now,
          keyId: auth.keyId,
          fields: edit.fields,
          before: edit.before,
          after: edit.after,
        };
        await em.save(ReferralEditEntity, row);
        await this.audit.record(auth, { action: 'referral.edit', targetType: 'referral', targetId: id, wardId: referral.wardId }, em);
      } else {
        await this.recordRead(em, auth, referral, 'referral.read');
      }
      return mapReferral(referral);
    });
  }

  async edits(auth: AuthContext, id: string): Promise<ReferralEditDto[]> {
    return this.db.transaction(async (em) => {
      const referral = await this.requireIn(em, auth, id);
      const edits = await em.find(ReferralEditEntity, { where: { referralId: id }, order: { at: 'ASC', id: 'ASC' } });
      await this.recordRead(em, auth, referral, 'referral.history');
      return edits.map((e) => mapReferralEdit(e, referral.snapshot.ward.timezone));
    });
  }

  /**
   * The daily job: marks drafts created at least `draftReminderDays` ago and not yet marked.
   * Idempotent; returns how many it marked now.
   */
  async markOverdueDrafts(now: Date): Promise<number> {
    const cutoff = overdueCutoff(now, this.config.referrals.draftReminderDays);
    const marked = await this.db.transaction(async (em) => {
      const due = await em.find(ReferralEntity, {
        select: { id: true, wardId: true },
        where: { status: 'draft', overdueSince: IsNull(), createdAt: LessThanOrEqual(cutoff) },
      });
      const ids = due.map((r) => r.id);
      for (let i = 0; i < ids.length; i += LIST_LIMIT) {
        await em.update(
          ReferralEntity,
          { id: In(ids.slice(i, i + LIST_LIMIT)), status: 'draft', overdueSince: IsNull() },
          { overdueSince: now.toISOString() },
        );
      }
      await recordEvents(
        em,
        due.map((r) => overdueEvent(r.id, r.wardId, now.toISOString())),
        now.toISOString(),
      );
      return ids.length;
    });
    this.logger.log(`marked ${marked} referral drafts as overdue`);
    return marked;
  }

  private async readAudited<T>(
    auth: AuthContext,
    id: string,
    action: ReferralReadAction,
    render: (r: ReferralEntity) => T | Promise<T>,
  ): Promise<T> {
    return this.db.transaction(async (em) => {
      const referral = await this.requireIn(em, auth, id);
      const result = await render(referral);
      await this.recordRead(em, auth, referral, action);
      return result;
    });
  }

  private async listAudited(auth: AuthContext, where: FindOptionsWhere<ReferralEntity>): Promise<ReferralDto[]> {
    return this.db.transaction(async (em) => {
      const referrals = await em.find(ReferralEntity, { where, order: { createdAt: 'DESC', id: 'ASC' }, take: LIST_LIMIT });
      for (const referral of referrals) await this.recordRead(em, auth, referral, 'referral.list');
      return referrals.map(mapReferral);
    });
  }

  private recordRead(em: EntityManager, auth: AuthContext, referral: ReferralEntity, action: ReferralReadAction): Promise<void> {
    return this.audit.record(auth, { action, targetType: 'referral', targetId: referral.id, wardId: referral.wardId }, em);
  }

  private async requireIn(em: EntityManager, auth: AuthContext, id: string): Promise<ReferralEntity> {
    const referral = await em.findOneBy(ReferralEntity, { id });
    if (!referral) throw new NotFoundError('referral', id);
    assertWardInScope(auth, referral.wardId, 'referral', id);
    return referral;
  }

  private async scopedWhere(auth: AuthContext, wardId?: string): Promise<FindOptionsWhere<ReferralEntity>> {
    if (wardId) return { wardId: (await this.wards.requireWard(auth, wardId)).id };
    return auth.wardIds === null ? {} : { wardId: In(auth.wardIds) };
  }
}

/** A snapshot's stored namespace when stable; older snapshots kept a host URL and take the installation's. */
function namespaceOf(stored: string | undefined, installation: string): string {
  return stored && isStableNamespace(stored) ? stored : installation;
}

function letterLanguageOf(r: ReferralEntity): LetterLanguage {
  return r.snapshot.ward.language ?? 'nb';
}

function parseStatus(value: string | undefined): ReferralStatus | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(REFERRAL_STATUSES as readonly string[]).includes(value)) {
    throw new InvalidInputError('status', `must be one of ${REFERRAL_STATUSES.join(', ')}`);
  }
  return value as ReferralStatus;
}
