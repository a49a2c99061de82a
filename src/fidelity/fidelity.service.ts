import { Inject, Injectable } from '@nestjs/common';
import { Between, In, MoreThanOrEqual } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { Clock } from '../common/clock';
import { textsFor } from '../common/i18n';
import { addDays } from '../common/time';
import { participantsPerSession } from '../admissions/attendance-counts';
import { computeFidelity } from '../admissions/stay/fidelity';
import { Database, IMR_DATABASE } from '../database/database';
import { AdmissionEntity, AttendanceEntity } from '../database/schema/admission.entity';
import { ReferralEntity } from '../database/schema/referral.entity';
import { chunks } from '../sessions/session-rows';
import { SessionsService } from '../sessions/sessions.service';
import { wardLanguage } from '../wards/wards.dto';
import { WardsService } from '../wards/wards.service';
import { FidelityDto } from './fidelity.dto';

/** Loads a ward's window for the fidelity figures (admissions/stay/fidelity.ts computes them). */
@Injectable()
export class FidelityService {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    private readonly clock: Clock,
    private readonly wards: WardsService,
    private readonly sessions: SessionsService,
  ) {}

  async fidelity(auth: AuthContext, wardId: string, from: string, to: string): Promise<FidelityDto> {
    const ward = await this.wards.requireWard(auth, wardId);
    this.sessions.checkWindow(from, to);
    const now = this.clock.now().toISOString();
    const held = (await this.sessions.materialiseWindow(ward, from, to)).filter((s) => s.status !== 'cancelled' && s.startsAt <= now);
    const participants = await participantsPerSession(
      this.db.manager,
      held.map((s) => s.id),
    );
    const longStays = await this.db.repo(AdmissionEntity).find({
      where: { wardId: ward.id, status: 'discharged', stay: 'long', dischargedOn: Between(from, to) },
    });
    const spans = await this.attendedSpans(longStays.map((a) => a.id));
    // A referral is made when the discharge is recorded, on or after the discharge day: nothing made before `from` counts.
    const referrals = (
      await this.db
        .repo(ReferralEntity)
        .find({ where: { wardId: ward.id, createdAt: MoreThanOrEqual(`${addDays(from, -1)}T00:00:00.000Z`) } })
    ).filter((r) => r.snapshot.dischargedOn >= from && r.snapshot.dischargedOn <= to);
    const result = computeFidelity({
      heldSessions: held.map((s) => ({ moduleNumber: s.moduleNumber, participants: participants.get(s.id) ?? 0 })),
      editionModules: this.wards.editionOf(ward).modules.map((m) => m.number),
      longStays: longStays.map((a) => spans.get(a.id) ?? { firstAttended: null, lastAttended: null }),
      referrals: referrals.map((r) => ({ goals: r.snapshot.recoveryGoals.map((g) => ({ hasProgress: !!g.progress })) })),
    });
    const t = textsFor(wardLanguage(ward)).fidelity;
    return {
      wardId: ward.id,
      from,
      to,
      items: result.items.map((i) => ({ ...i, label: t.items[i.item] })),
      measuredMean: result.measuredMean,
      measuredCount: result.measuredCount,
    };
  }

  private async attendedSpans(admissionIds: string[]): Promise<Map<string, { firstAttended: string; lastAttended: string }>> {
    const spans = new Map<string, { firstAttended: string; lastAttended: string }>();
    for (const batch of chunks(admissionIds)) {
      const rows = await this.db
        .repo(AttendanceEntity)
        .createQueryBuilder('a')
        .select('a.admissionId', 'admissionId')
        .addSelect('MIN(a.startsAt)', 'first')
        .addSelect('MAX(a.startsAt)', 'last')
        .where({ admissionId: In(batch) })
        .groupBy('a.admissionId')
        .getRawMany<{ admissionId: string; first: string; last: string }>();
      for (const row of rows) spans.set(row.admissionId, { firstAttended: row.first, lastAttended: row.last });
    }
    return spans;
  }
}
