import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, Not } from 'typeorm';
import { AdmissionEntity, AttendanceEntity } from '../database/schema/admission.entity';
import { AdmissionsService } from '../admissions/admissions.service';
import { AuditService } from '../audit/audit.service';
import { AuthContext } from '../auth/auth-context';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError } from '../common/errors';
import { newId } from '../common/ids';
import { localDate } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { ReferralSnapshot } from './documents/referral-snapshot';
import { Database, IMR_DATABASE } from '../database/database';
import { WardEntity } from '../database/schema/ward.entity';
import { WardsService } from '../wards/wards.service';
import { mapAdmission } from '../admissions/admissions.dto';
import { DischargeDto, DischargeResultDto } from './discharge.dto';
import { ReferralEntity, ReferralEventEntity } from '../database/schema/referral.entity';
import {
  buildReferralSnapshot,
  dischargeDifferences,
  handoffOf,
  HandoffDetails,
  NormalisedDischarge,
  normaliseDischarge,
  ProgressFacts,
} from './documents/referral-snapshot.builder';
import { mapReferral } from './referrals.dto';
import { InstallationNamespaceService } from './installation-namespace.service';
import { wardLanguage } from '../wards/wards.dto';

/**
 * Discharge closes the admission and, when the person continues IMR, makes the referral, all in one
 * transaction under the admission's lock. The same request again answers with what was recorded;
 * a different one is a conflict that does not say what differs.
 */
@Injectable()
export class DischargeService {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly wards: WardsService,
    private readonly admissions: AdmissionsService,
    private readonly audit: AuditService,
    private readonly namespaces: InstallationNamespaceService,
  ) {}

  async discharge(auth: AuthContext, admissionId: string, dto: DischargeDto): Promise<DischargeResultDto> {
    const request = normaliseDischarge(dto);
    const { ward } = await this.admissions.requireAdmission(auth, admissionId);
    const now = this.clock.now();
    const namespace = request.handoff ? await this.namespaces.namespace() : null;
    const outcome = await this.db.transaction(async (em): Promise<DischargeResultDto | 'conflict'> => {
      await this.db.lockKeys(em, [`admission:${admissionId}`]);
      const admission = await em.findOneByOrFail(AdmissionEntity, { id: admissionId });
      if (admission.status === 'discharged') return this.repeat(em, auth, admission, ward, request);
      this.checkDischargeDay(admission, request.dischargedOn, localDate(now, ward.timezone));
      await this.checkNoAttendanceAfter(em, admission, request.dischargedOn, ward.timezone);

      admission.status = 'discharged';
      admission.dischargedOn = request.dischargedOn;
      admission.updatedAt = now.toISOString();
      await em.save(admission);
      await this.audit.record(
        auth,
        { action: 'admission.discharge', targetType: 'admission', targetId: admission.id, wardId: ward.id },
        em,
      );

      const referral = request.handoff ? await this.createReferral(em, auth, admission, ward, request.handoff, now, namespace!) : null;
      return {
        admission: mapAdmission(admission, ward.timezone, localDate(this.clock.now(), ward.timezone)),
        referral: referral && mapReferral(referral),
      };
    });
    this.admissions.stayChanged([admissionId]);
    if (outcome === 'conflict') {
      // Which field differs is not said: that would let a caller confirm guesses about goals one by one.
      throw new ConflictError(
        `admission ${admissionId} is already discharged and this request differs from what was recorded; ` +
          'read the admission and its referral for what was recorded',
      );
    }
    return outcome;
  }

  /**
   * Undoes a discharge while its referral is still a draft (or there is none): the stay is open again and
   * the referral is withdrawn, kept for the record. Once the referral has been sent, 409.
   */
  async undo(auth: AuthContext, admissionId: string): Promise<DischargeResultDto> {
    const { ward } = await this.admissions.requireAdmission(auth, admissionId);
    const now = this.clock.now();
    const at = now.toISOString();
    const undone = await this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [`admission:${admissionId}`]);
      const admission = await em.findOneByOrFail(AdmissionEntity, { id: admissionId });
      if (admission.status !== 'discharged')
        throw new ConflictError(`admission ${admissionId} is not discharged; there is nothing to undo`);
      const referral = await liveReferral(em, admissionId);
      if (referral) await this.db.lockKeys(em, [`referral:${referral.id}`]);
      if (referral && referral.status !== 'draft') {
        throw new ConflictError(
          `the referral of admission ${admissionId} is ${referral.status}; a discharge can be undone only while its referral is a draft`,
        );
      }
      const dischargedOn = admission.dischargedOn;
      Object.assign(admission, { status: 'admitted', dischargedOn: null, updatedAt: at });
      await em.save(admission);
      await this.audit.record(
        auth,
        { action: 'admission.discharge.undo', targetType: 'admission', targetId: admissionId, wardId: ward.id },
        em,
      );
      if (referral) {
        const reason = `discharge of ${dischargedOn} undone`;
        Object.assign(referral, { status: 'withdrawn', statusReason: reason, overdueSince: null, updatedAt: at });
        await em.save(referral);
        await em.insert(ReferralEventEntity, { id: newId(), referralId: referral.id, at, status: 'withdrawn', reason, keyId: auth.keyId });
        await this.audit.record(auth, { action: 'referral.withdrawn', targetType: 'referral', targetId: referral.id, wardId: ward.id }, em);
      }
      const today = localDate(now, ward.timezone);
      return { admission: mapAdmission(admission, ward.timezone, today), referral: referral && mapReferral(referral) };
    });
    this.admissions.stayChanged([admissionId]);
    return undone;
  }

  /** Attendance recorded after the discharge day would be stranded outside the stay: refused, naming the days. */
  private async checkNoAttendanceAfter(
    em: EntityManager,
    admission: AdmissionEntity,
    dischargedOn: string,
    timezone: string,
  ): Promise<void> {
    const rows = await em.find(AttendanceEntity, { select: { startsAt: true }, where: { admissionId: admission.id } });
    const after = [...new Set(rows.map((r) => localDate(r.startsAt, timezone)).filter((day) => day > dischargedOn))].sort();
    if (after.length) {
      throw new ConflictError(
        `dischargedOn ${dischargedOn} is before attendance recorded on ${after.join(', ')}; discharge on or after ${after[after.length - 1]}, ` +
          'or remove that attendance first',
      );
    }
  }

  private checkDischargeDay(admission: AdmissionEntity, dischargedOn: string, today: string): void {
    if (dischargedOn < admission.admittedOn) {
      throw new InvalidInputError('dischargedOn', `must not be earlier than admittedOn (${admission.admittedOn})`);
    }
    if (dischargedOn > today) {
      throw new InvalidInputError('dischargedOn', `must not be in the future (today on the ward is ${today})`);
    }
  }

  private async createReferral(
    em: EntityManager,
    auth: AuthContext,
    admission: AdmissionEntity,
    ward: WardEntity,
    handoff: HandoffDetails,
    now: Date,
    namespace: string,
  ): Promise<ReferralEntity> {
    // Fresh inside the transaction, so a ward edit that just committed is what the snapshot keeps.
    const currentWard = await em.findOneByOrFail(WardEntity, { id: ward.id });
    const progress = await this.admissions.progressSnapshot(admission, now, em);
    const facts: ProgressFacts = {
      completed: Object.entries(progress.completedOn).map(([number, completedOn]) => ({ number: Number(number), completedOn })),
      attendance: progress.attendance,
    };
    const id = newId();
    const at = now.toISOString();
    const referral = em.create(ReferralEntity, {
      id,
      admissionId: admission.id,
      wardId: currentWard.id,
      status: 'draft',
      statusReason: null,
      overdueSince: null,
      createdAt: at,
      updatedAt: at,
      snapshot: withFhirSystem(
        namespace,
        buildReferralSnapshot({
          referralId: id,
          createdAt: at,
          admission,
          dischargedOn: admission.dischargedOn!,
          ward: {
            id: currentWard.id,
            code: currentWard.code,
            name: currentWard.name,
            timezone: currentWard.timezone,
            contactPerson: currentWard.contactPerson,
            replyAddress: currentWard.replyAddress,
            language: wardLanguage(currentWard),
            organizationNumber: currentWard.organizationNumber,
            reshId: currentWard.reshId,
          },
          edition: this.wards.editionOf(currentWard),
          progress: facts,
          handoff,
        }),
      ),
    });
    await em.insert(ReferralEntity, referral);
    await em.insert(ReferralEventEntity, { id: newId(), referralId: id, at, status: 'draft', reason: null, keyId: auth.keyId });
    await this.audit.record(auth, { action: 'referral.create', targetType: 'referral', targetId: id, wardId: currentWard.id }, em);
    return referral;
  }

  /**
   * A second discharge of the same admission: the same request is answered as before, another is a
   * conflict. Both compared the request with the referral, so both are audited as a read of it, in
   * this transaction (which commits: the conflict is raised after it).
   */
  private async repeat(
    em: EntityManager,
    auth: AuthContext,
    admission: AdmissionEntity,
    ward: WardEntity,
    request: NormalisedDischarge,
  ): Promise<DischargeResultDto | 'conflict'> {
    const referral = await liveReferral(em, admission.id);
    const recorded: NormalisedDischarge = {
      dischargedOn: admission.dischargedOn!,
      continueImr: referral !== null,
      handoff: referral ? handoffOf(referral.snapshot) : null,
    };
    const differences = dischargeDifferences(recorded, request);
    if (referral) {
      await this.audit.record(
        auth,
        { action: 'referral.read', targetType: 'referral', targetId: referral.id, wardId: referral.wardId },
        em,
      );
    } else if (differences.length) {
      await this.audit.record(auth, { action: 'admission.read', targetType: 'admission', targetId: admission.id, wardId: ward.id }, em);
    }
    if (differences.length) return 'conflict';
    return {
      admission: mapAdmission(admission, ward.timezone, localDate(this.clock.now(), ward.timezone)),
      referral: referral && mapReferral(referral),
    };
  }
}

/** The admission's referral that is not withdrawn: there is at most one. */
function liveReferral(em: EntityManager, admissionId: string): Promise<ReferralEntity | null> {
  return em.findOneBy(ReferralEntity, { admissionId, status: Not('withdrawn') });
}

/** The installation's FHIR namespace, kept in the snapshot so its identifier systems never change. */
function withFhirSystem(baseUri: string, snapshot: ReferralSnapshot): ReferralSnapshot {
  return { ...snapshot, fhirSystemBaseUri: baseUri };
}
