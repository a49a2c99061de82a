import { Inject, Injectable } from '@nestjs/common';
import { Between, In, LessThanOrEqual } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { moduleTitle } from '../catalogue/catalogue';
import { wardLanguage } from '../wards/wards.dto';
import { Clock } from '../common/clock';
import { addDays, daysBetween, localDate } from '../common/time';
import { Database, IMR_DATABASE } from '../database/database';
import { FacilitatorEntity } from '../database/schema/facilitator.entity';
import { GroupEntity } from '../database/schema/group.entity';
import { outcomesOf } from '../sessions/session-outcomes';
import { SessionsService } from '../sessions/sessions.service';
import { WardEntity } from '../database/schema/ward.entity';
import { WardsService } from '../wards/wards.service';
import { AdmissionEntity } from '../database/schema/admission.entity';
import { AdmissionProgressService } from './admission-progress.service';
import { participantsPerSession } from './attendance-counts';
import { mapWardStats, mapWorklistItem, WardStatsDto, WorklistItemDto } from './admission-reports.dto';
import { sortWorklist } from './stay/progress';
import { computeWardStats } from './stay/ward-stats';

export const DEFAULT_WORKLIST_DAYS = 14;

/** What the discharge team and the ward coordinator read across admissions: the worklist and ward figures. */
@Injectable()
export class WardReportsService {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    private readonly clock: Clock,
    private readonly wards: WardsService,
    private readonly sessions: SessionsService,
    private readonly progress: AdmissionProgressService,
  ) {}

  /** Admitted stays expected to leave within `withinDays` (overdue ones too), soonest first. */
  async worklist(auth: AuthContext, wardId: string, withinDays = DEFAULT_WORKLIST_DAYS): Promise<WorklistItemDto[]> {
    const ward = await this.wards.requireWard(auth, wardId);
    const now = this.clock.now();
    const today = localDate(now, ward.timezone);
    const leaving = await this.findAdmittedLeavingBy(ward, addDays(today, withinDays));
    const progress = await this.progress.progressOf(ward, leaving, now);
    const rows = leaving.map((admission) => ({ id: admission.id, expectedDischargeOn: admission.expectedDischargeOn!, admission }));
    return sortWorklist(rows).map(({ admission }) =>
      mapWorklistItem(admission, progress.get(admission.id)!, daysBetween(today, admission.expectedDischargeOn!), ward.timezone),
    );
  }

  /** Sessions starting in the window (ward-local days, inclusive) and short stays discharged in it. */
  async stats(auth: AuthContext, wardId: string, from: string, to: string): Promise<WardStatsDto> {
    const ward = await this.wards.requireWard(auth, wardId);
    this.sessions.checkReadWindow(auth, ward, from, to);
    const now = this.clock.now();
    const sessions = await this.sessions.readWindow(ward, from, to);
    const participants = await participantsPerSession(
      this.db.manager,
      sessions.map((s) => s.id),
    );
    const outcomes = await outcomesOf(
      this.db.manager,
      sessions.map((s) => s.id),
    );
    const capacities = new Map((await this.db.repo(GroupEntity).find({ where: { wardId: ward.id } })).map((g) => [g.id, g.capacity]));
    const discharged = await this.db.repo(AdmissionEntity).find({
      where: { wardId: ward.id, status: 'discharged', dischargedOn: Between(from, to) },
    });
    const progress = await this.progress.progressOf(ward, discharged, now);
    const stats = computeWardStats({
      now: now.toISOString(),
      sessions: sessions.map((s) => ({
        id: s.id,
        status: s.status,
        outcome: outcomes.get(s.id) ?? null,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        participants: participants.get(s.id) ?? 0,
        capacity: capacities.get(s.groupId) ?? Number.MAX_SAFE_INTEGER,
      })),
      dischargedStays: discharged.map((a) => ({
        plannedModules: a.plannedModules,
        completedModules: progress.get(a.id)!.completedModules,
        dischargedOn: a.dischargedOn!,
        stay: a.stay,
      })),
    });
    const edition = this.wards.editionOf(ward);
    const ranBy = stats.facilitatorHours.map((f) => f.facilitatorId);
    const names = new Map(
      (ranBy.length ? await this.db.repo(FacilitatorEntity).find({ select: { id: true, name: true }, where: { id: In(ranBy) } }) : []).map(
        (f) => [f.id, f.name] as const,
      ),
    );
    return mapWardStats(
      ward.id,
      from,
      to,
      stats,
      (module) => moduleTitle(edition, module, wardLanguage(ward)),
      (id) => names.get(id) ?? '',
    );
  }

  private async findAdmittedLeavingBy(ward: WardEntity, lastDay: string): Promise<AdmissionEntity[]> {
    return this.db.repo(AdmissionEntity).find({
      where: { wardId: ward.id, status: 'admitted', expectedDischargeOn: LessThanOrEqual(lastDay) },
    });
  }
}
