import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { addDays, localDate } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database, IMR_DATABASE } from '../database/database';
import { ReadResponses } from '../events/read-responses';
import { SessionsService } from '../sessions/sessions.service';
import { GroupEntity, GroupVersionEntity } from '../database/schema/group.entity';
import { SessionEntity } from '../database/schema/session.entity';
import { WardEntity } from '../database/schema/ward.entity';
import { AdmissionEntity, AttendanceEntity } from '../database/schema/admission.entity';
import { AttendedSession, computeProgress, Progress, UpcomingSession } from './stay/progress';
import { AttendanceSummary, attendanceSummary, attendedWithinStay, completionDates } from './stay/stay-attendance';

/** The forecast never looks further than this; a module not taught within it counts as at risk. */
export const FORECAST_MAX_DAYS = 366;
const CHUNK = 400;

export interface AdmissionProgress extends Progress {
  /** Last ward-local day the forecast looked at; null once discharged. */
  forecastUntil: string | null;
}

export interface ProgressSnapshot extends Progress {
  /** Ward-local day each completed module (planned or not) got its last missing part. */
  completedOn: Record<number, string>;
  attendance: AttendanceSummary;
}

/**
 * Loads what computeProgress needs: the stay's attendance, and the ward's coming held sessions up to
 * the expected discharge (or the configured horizon when it is unknown), materialised on demand.
 * Works on many admissions of one ward at once, so the worklist costs one window and one query.
 */
@Injectable()
export class AdmissionProgressService {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsService,
    private readonly responses: ReadResponses,
  ) {}

  async progressOf(ward: WardEntity, admissions: AdmissionEntity[], now: Date): Promise<Map<string, AdmissionProgress>> {
    const today = localDate(now, ward.timezone);
    const attended = await this.attendedBy(admissions.map((a) => a.id));
    const ends = new Map(admissions.map((a) => [a.id, this.forecastEnd(a, today)]));
    const lastEnd = [...ends.values()].reduce<string | null>((max, end) => (end !== null && (max === null || end > max) ? end : max), null);
    // The ward's part, the same for every stay of it on this day: remembered until the ward's sessions or groups change (an attendance leaves it).
    const wardKey = `${ward.id}|${ward.updatedAt}|${ward.timezone}|${today}`;
    const tags = [`ward:${ward.id}`];
    const upcoming =
      lastEnd !== null && lastEnd >= today
        ? await this.responses.remember(`upcoming|${wardKey}|${lastEnd}`, async () => ({
            value: await this.upcomingSessions(ward, today, lastEnd),
            tags,
          }))
        : [];
    const offeredModules = await this.responses.remember(`offered|${wardKey}`, async () => ({
      value: await this.offeredModules(ward.id, today),
      tags,
    }));
    const result = new Map<string, AdmissionProgress>();
    for (const admission of admissions) {
      const end = ends.get(admission.id)!;
      const progress = computeProgress({
        plannedModules: admission.plannedModules,
        admittedOn: admission.admittedOn,
        expectedDischargeOn: admission.expectedDischargeOn,
        dischargedOn: admission.dischargedOn,
        now: now.toISOString(),
        attended: attendedWithinStay(attended.get(admission.id) ?? [], admission, ward.timezone),
        upcoming: end === null ? [] : upcoming.filter((session) => session.localDate <= end),
        offeredModules,
      });
      result.set(admission.id, { ...progress, forecastUntil: end });
    }
    return result;
  }

  /** Progress at discharge, with completion days and an attendance summary, for the referral. */
  async snapshot(admission: AdmissionEntity, now: Date, em?: EntityManager): Promise<ProgressSnapshot> {
    if (em && admission.dischargedOn === null) {
      // Forecasting materialises sessions in a transaction of its own: inside the caller's, SQLite's write queue would wait forever.
      throw new Error('a progress snapshot inside a transaction needs a discharged admission');
    }
    const manager = em ?? this.db.manager;
    const ward = await manager.findOneByOrFail(WardEntity, { id: admission.wardId });
    const attended = attendedWithinStay((await this.attendedBy([admission.id], manager)).get(admission.id) ?? [], admission, ward.timezone);
    // Once discharged nothing more is forecast, so no session needs materialising (safe inside a transaction).
    const upcoming = admission.dischargedOn === null ? await this.upcomingFor(ward, admission, localDate(now, ward.timezone)) : [];
    const progress = computeProgress({
      plannedModules: admission.plannedModules,
      admittedOn: admission.admittedOn,
      expectedDischargeOn: admission.expectedDischargeOn,
      dischargedOn: admission.dischargedOn,
      now: now.toISOString(),
      attended,
      upcoming,
      offeredModules: await this.offeredModules(ward.id, localDate(now, ward.timezone), manager),
    });
    const completed = [...progress.completedModules, ...progress.otherCompletedModules];
    return {
      ...progress,
      completedOn: completionDates(attended, completed, ward.timezone),
      attendance: attendanceSummary(attended, ward.timezone),
    };
  }

  /** Modules the ward's groups teach from today on: every version in force today or later, of groups not ended. */
  async offeredModules(wardId: string, today: string, em: EntityManager = this.db.manager): Promise<number[]> {
    const groups = (await em.find(GroupEntity, { where: { wardId } })).filter((g) => g.endsOn === null || g.endsOn >= today);
    if (!groups.length) return [];
    const versions = await em.find(GroupVersionEntity, { where: { groupId: In(groups.map((g) => g.id)) } });
    const offered = new Set<number>();
    for (const group of groups) {
      const own = versions.filter((v) => v.groupId === group.id).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
      const current = own.filter((v) => v.effectiveFrom <= today).pop();
      for (const v of [...(current ? [current] : []), ...own.filter((x) => x.effectiveFrom > today)])
        v.curriculum.forEach((m) => offered.add(m));
    }
    return [...offered].sort((a, b) => a - b);
  }

  private async upcomingFor(ward: WardEntity, admission: AdmissionEntity, today: string): Promise<UpcomingSession[]> {
    const end = this.forecastEnd(admission, today);
    return end !== null && end >= today ? this.upcomingSessions(ward, today, end) : [];
  }

  /** The last day worth forecasting for: the expected discharge, or the horizon when unknown, capped. */
  private forecastEnd(admission: AdmissionEntity, today: string): string | null {
    if (admission.dischargedOn !== null) return null;
    const cap = addDays(today, FORECAST_MAX_DAYS);
    const end = admission.expectedDischargeOn ?? addDays(today, this.config.groups.horizonWeeks * 7);
    return end < cap ? end : cap;
  }

  private async upcomingSessions(ward: WardEntity, from: string, to: string): Promise<UpcomingSession[]> {
    const rows = await this.sessions.readWindow(ward, from, to);
    return rows.filter((row) => row.status !== 'cancelled').map((row) => toUpcoming(row, ward.timezone));
  }

  private async attendedBy(admissionIds: string[], em: EntityManager = this.db.manager): Promise<Map<string, AttendedSession[]>> {
    const byAdmission = new Map<string, AttendedSession[]>();
    for (let i = 0; i < admissionIds.length; i += CHUNK) {
      const rows = await em.find(AttendanceEntity, { where: { admissionId: In(admissionIds.slice(i, i + CHUNK)) } });
      for (const row of rows) {
        const list = byAdmission.get(row.admissionId) ?? [];
        list.push({
          sessionId: row.sessionId,
          startsAt: row.startsAt,
          module: row.moduleNumber,
          part: row.modulePart,
          parts: row.moduleParts,
        });
        byAdmission.set(row.admissionId, list);
      }
    }
    return byAdmission;
  }
}

function toUpcoming(row: SessionEntity, timezone: string): UpcomingSession {
  return {
    sessionId: row.id,
    startsAt: row.startsAt,
    localDate: localDate(row.startsAt, timezone),
    module: row.moduleNumber,
    part: row.modulePart,
    parts: row.moduleParts,
  };
}
