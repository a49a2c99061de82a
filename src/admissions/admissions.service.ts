import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { assertWardInScope, AuthContext } from '../auth/auth-context';
import { AuditService } from '../audit/audit.service';
import { Edition } from '../catalogue/catalogue';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors';
import { newId } from '../common/ids';
import { localDate } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database, IMR_DATABASE } from '../database/database';
import { WardEntity } from '../database/schema/ward.entity';
import { WardsService } from '../wards/wards.service';
import { ReadResponses } from '../events/read-responses';
import { progressHead } from './progress-head';
import { AdmissionEntity, AttendanceEntity } from '../database/schema/admission.entity';
import { ReferralEntity } from '../database/schema/referral.entity';
import { AdmissionProgressService, ProgressSnapshot } from './admission-progress.service';
import { mapProgress, ProgressDto } from './admission-reports.dto';
import { AdmissionDto, CreateAdmissionDto, mapAdmission, UpdateAdmissionDto } from './admissions.dto';
import { classifyStay, plannedModulesFor, StayClass } from './stay/stay';

export interface StayClassification {
  stay: StayClass;
  plannedModules: number[];
}

export interface ReclassificationResult {
  checked: number;
  reclassified: number;
}

@Injectable()
export class AdmissionsService {
  private readonly logger = new Logger('Admissions');

  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly wards: WardsService,
    private readonly audit: AuditService,
    private readonly progress: AdmissionProgressService,
    private readonly responses: ReadResponses,
  ) {}

  /** The admission and its ward, if the key may see the ward; 404 otherwise. Other features call this. */
  async requireAdmission(auth: AuthContext, id: string): Promise<{ admission: AdmissionEntity; ward: WardEntity }> {
    // One joined query: the admission with its ward.
    const joined: (AdmissionEntity & { joinedWard?: WardEntity }) | null = await this.db
      .repo(AdmissionEntity)
      .createQueryBuilder('a')
      .innerJoinAndMapOne('a.joinedWard', WardEntity, 'w', 'w.id = a.wardId')
      .where('a.id = :id', { id })
      .getOne();
    if (!joined?.joinedWard) throw new NotFoundError('admission', id);
    assertWardInScope(auth, joined.wardId, 'admission', id);
    const { joinedWard: ward, ...admission } = joined;
    return { admission: Object.assign(new AdmissionEntity(), admission), ward };
  }

  /** Stay class on the ward-local `today`, and the modules the ward's edition plans for it. */
  classify(ward: WardEntity, admittedOn: string, expectedDischargeOn: string | null, now: Date): StayClassification {
    const stay = classifyStay({
      admittedOn,
      expectedDischargeOn,
      today: localDate(now, ward.timezone),
      thresholdMonths: this.config.stay.shortStayMonths,
    });
    return { stay, plannedModules: plannedModulesFor(stay, moduleNumbers(this.wards.editionOf(ward))) };
  }

  async create(auth: AuthContext, wardId: string, dto: CreateAdmissionDto): Promise<AdmissionDto> {
    const ward = await this.wards.requireWard(auth, wardId);
    const expectedDischargeOn = dto.expectedDischargeOn ?? null;
    checkDischargeNotBeforeAdmission(dto.admittedOn, expectedDischargeOn);
    const now = this.clock.now();
    const admission = await this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [`admission-ref:${ward.id}:${dto.patientRef}`]);
      const open = await em.exists(AdmissionEntity, {
        where: { wardId: ward.id, patientRef: dto.patientRef, status: 'admitted' },
      });
      if (open) throw new ConflictError('patientRef already has an open admission on this ward');
      const entity = em.create(AdmissionEntity, {
        id: newId(),
        wardId: ward.id,
        patientRef: dto.patientRef,
        admittedOn: dto.admittedOn,
        expectedDischargeOn,
        ...this.classify(ward, dto.admittedOn, expectedDischargeOn, now),
        status: 'admitted',
        dischargedOn: null,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      });
      await em.insert(AdmissionEntity, entity);
      await this.audit.record(auth, { action: 'admission.create', targetType: 'admission', targetId: entity.id, wardId: ward.id }, em);
      return entity;
    });
    return mapAdmission(admission, ward.timezone, localDate(this.clock.now(), ward.timezone));
  }

  async get(auth: AuthContext, id: string): Promise<AdmissionDto> {
    const { admission, ward } = await this.requireAdmission(auth, id);
    return mapAdmission(admission, ward.timezone, localDate(this.clock.now(), ward.timezone));
  }

  /** A new expected discharge reclassifies the stay at once; the planned modules follow it. */
  async update(auth: AuthContext, id: string, dto: UpdateAdmissionDto): Promise<AdmissionDto> {
    const { ward } = await this.requireAdmission(auth, id);
    const now = this.clock.now();
    const admission = await this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [`admission:${id}`]);
      const current = await em.findOneOrFail(AdmissionEntity, { where: { id } });
      if (current.status === 'discharged') {
        throw new ConflictError(`admission ${id} was discharged on ${current.dischargedOn}; its expected discharge no longer changes`);
      }
      checkDischargeNotBeforeAdmission(current.admittedOn, dto.expectedDischargeOn);
      Object.assign(current, {
        expectedDischargeOn: dto.expectedDischargeOn,
        ...this.classify(ward, current.admittedOn, dto.expectedDischargeOn, now),
        updatedAt: now.toISOString(),
      });
      await em.save(current);
      await this.audit.record(auth, { action: 'admission.update', targetType: 'admission', targetId: id, wardId: ward.id }, em);
      return current;
    });
    this.stayChanged([id]);
    return mapAdmission(admission, ward.timezone, localDate(this.clock.now(), ward.timezone));
  }

  /** Deletes an admission entered by mistake; refused (409, naming them) once it has attendance, a discharge or a referral. */
  async remove(auth: AuthContext, id: string): Promise<void> {
    const { ward } = await this.requireAdmission(auth, id);
    await this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [`admission:${id}`]);
      const admission = await em.findOneByOrFail(AdmissionEntity, { id });
      const attended = await em.find(AttendanceEntity, { select: { startsAt: true }, where: { admissionId: id } });
      const referrals = await em.count(ReferralEntity, { where: { admissionId: id } });
      const facts = [
        ...(attended.length
          ? [`attendance on ${[...new Set(attended.map((a) => localDate(a.startsAt, ward.timezone)))].sort().join(', ')}`]
          : []),
        ...(admission.status === 'discharged' ? [`a discharge on ${admission.dischargedOn}`] : []),
        ...(referrals ? [`${referrals} referral${referrals > 1 ? 's' : ''} (kept for the record)`] : []),
      ];
      if (facts.length) throw new ConflictError(`admission ${id} has recorded facts: ${facts.join('; ')}`);
      await em.delete(AdmissionEntity, { id });
      await this.audit.record(auth, { action: 'admission.delete', targetType: 'admission', targetId: id, wardId: ward.id }, em);
    });
    this.stayChanged([id]);
  }

  async list(auth: AuthContext, wardId: string, status?: 'admitted' | 'discharged'): Promise<AdmissionDto[]> {
    const ward = await this.wards.requireWard(auth, wardId);
    const admissions = await this.db.repo(AdmissionEntity).find({
      where: { wardId: ward.id, ...(status && { status }) },
      order: { admittedOn: 'ASC', id: 'ASC' },
    });
    return admissions.map((admission) => mapAdmission(admission, ward.timezone, localDate(this.clock.now(), ward.timezone)));
  }

  /**
   * The daily job: every admitted stay is classified again on its ward's local date, so a stay with
   * no expected discharge becomes long on the day it reaches the threshold. Idempotent: a second run
   * on the same day changes nothing.
   */
  async reclassifyOpenStays(now: Date): Promise<ReclassificationResult> {
    const { changed, ...result } = await this.db.transaction(async (em) => {
      const open = await em.find(AdmissionEntity, { where: { status: 'admitted' } });
      const wardIds = [...new Set(open.map((a) => a.wardId))];
      const wards = new Map((wardIds.length ? await em.find(WardEntity, { where: { id: In(wardIds) } }) : []).map((w) => [w.id, w]));
      const changed: string[] = [];
      for (const candidate of open) {
        const ward = wards.get(candidate.wardId)!;
        if (this.classify(ward, candidate.admittedOn, candidate.expectedDischargeOn, now).stay === candidate.stay) continue;
        // Read again under the admission's lock, so a PATCH that just committed is not undone.
        await this.db.lockKeys(em, [`admission:${candidate.id}`]);
        const admission = await em.findOneOrFail(AdmissionEntity, { where: { id: candidate.id } });
        const next = this.classify(ward, admission.admittedOn, admission.expectedDischargeOn, now);
        if (admission.status !== 'admitted' || next.stay === admission.stay) continue;
        await em.update(AdmissionEntity, { id: admission.id }, { ...next, updatedAt: now.toISOString() });
        changed.push(admission.id);
      }
      return { checked: open.length, reclassified: changed.length, changed };
    });
    this.stayChanged(changed);
    this.logger.log(`reclassified ${result.reclassified} of ${result.checked} open stays`);
    return result;
  }

  async progressOf(auth: AuthContext, id: string): Promise<ProgressDto> {
    const { admission, ward } = await this.requireAdmission(auth, id);
    const progress = await this.progress.progressOf(ward, [admission], this.clock.now());
    return mapProgress(admission, progress.get(admission.id)!, ward.timezone);
  }

  /**
   * progressOf as the JSON the route sends, remembered (ReadResponses) for this very admission row
   * (its stay and discharge are in the key) on this ward-local day, until its attendance or the
   * ward's sessions change on this instance, or the first forecast session starts.
   */
  async progressJson(auth: AuthContext, id: string): Promise<string> {
    // The key from the rows' text alone (requireAdmission's answers: 404, then the key's ward scope); the entities only to build.
    // The head (the stay's row as it stands) is remembered too, until this instance changes the stay
    // (stayChanged) or its ward, or IMR_CACHE_SECONDS for a change made through another instance.
    const head = await this.responses.rememberRow(`head|${id}`, async () => {
      const row = await progressHead(this.db.manager, id);
      if (!row) throw new NotFoundError('admission', id);
      return { value: row, tags: [`admission:${id}`, `ward:${row.wardId}`] };
    });
    assertWardInScope(auth, head.wardId, 'admission', id);
    const now = this.clock.now();
    const key = `progress|${head.id}|${head.stay.join('|')}|${head.wardUpdatedAt}|${head.timezone}|${localDate(now, head.timezone)}`;
    return this.responses.through(key, async () => {
      const { admission, ward } = await this.requireAdmission(auth, id);
      const progress = (await this.progress.progressOf(ward, [admission], now)).get(admission.id)!;
      const iso = now.toISOString();
      const next = progress.forecast.reduce<string | null>(
        (min, f) => (f.startsAt > iso && (min === null || f.startsAt < min) ? f.startsAt : min),
        null,
      );
      return {
        json: JSON.stringify(mapProgress(admission, progress, ward.timezone)),
        tags: [`ward:${ward.id}`, `admission:${admission.id}`],
        validUntil: next,
      };
    });
  }

  /** Stays whose row a write changed have committed: what was built from their old rows goes. */
  stayChanged(ids: readonly string[]): void {
    if (ids.length) this.responses.forget(ids.map((id) => `admission:${id}`));
  }

  /**
   * Progress at discharge for the referral: pass the admission with `dischargedOn` set (saved or
   * not). With `em`, reads run inside the caller's transaction; no session is materialised then.
   */
  progressSnapshot(admission: AdmissionEntity, now: Date, em?: EntityManager): Promise<ProgressSnapshot> {
    return this.progress.snapshot(admission, now, em);
  }
}

function moduleNumbers(edition: Edition): { modules: number[]; core: number[] } {
  return { modules: edition.modules.map((m) => m.number), core: edition.core };
}

function checkDischargeNotBeforeAdmission(admittedOn: string, expectedDischargeOn: string | null): void {
  if (expectedDischargeOn !== null && expectedDischargeOn < admittedOn) {
    throw new InvalidInputError('expectedDischargeOn', `must not be earlier than admittedOn (${admittedOn})`);
  }
}
