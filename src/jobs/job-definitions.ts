import { Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { eachWard } from '../common/each-ward';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { AdmissionsService } from '../admissions/admissions.service';
import { keptWindow } from '../sessions/kept-window';
import { SessionsService } from '../sessions/sessions.service';
import { ReferralsService } from '../referrals/referrals.service';
import { RotaService } from '../rota/rota.service';
import { WardEntity } from '../database/schema/ward.entity';
import { JobDefinition } from './jobs.service';
import { pruneOutbox } from '../events/outbox';

export interface JobServices {
  db: Database;
  config: AppConfig;
  clock: Clock;
  sessions: SessionsService;
  rota: RotaService;
  admissions: AdmissionsService;
  referrals: ReferralsService;
}

/** Materialises every ward's coming horizon, so plans and calendars always look ahead. Idempotent. */
export async function materialiseHorizon(s: JobServices, now: Date): Promise<number> {
  let count = 0;
  const logger = new Logger('Jobs');
  const wards = await s.db.repo(WardEntity).find({ order: { code: 'ASC' } });
  await eachWard(
    wards,
    async (ward) => {
      const window = keptWindow(s.config, ward.timezone, now);
      count += (await s.sessions.materialiseWindow(ward, window.from, window.to)).length;
    },
    (wardId, error) => logger.error(`materialise-horizon: ward ${wardId} failed (${error instanceof Error ? error.name : 'error'})`),
  );
  return count;
}

/** The named schedules, all in one place (times in Europe/Oslo, the default ward zone). */
export function jobDefinitions(s: JobServices): JobDefinition[] {
  const zone = 'Europe/Oslo';
  return [
    { name: 'reclassify-stays', cron: '0 1 * * *', timeZone: zone, run: (now) => s.admissions.reclassifyOpenStays(now) },
    { name: 'materialise-horizon', cron: '0 2 * * *', timeZone: zone, run: (now) => materialiseHorizon(s, now) },
    // After materialising: fill new sessions and repair those hit by absences entered since.
    { name: 'rota-upkeep', cron: '30 2 * * *', timeZone: zone, run: (now) => s.rota.upkeep(now) },
    { name: 'referral-reminders', cron: '0 7 * * *', timeZone: zone, run: (now) => s.referrals.markOverdueDrafts(now) },
    {
      name: 'prune-outbox',
      cron: '0 4 * * *',
      timeZone: zone,
      run: (now) =>
        s.db.transaction((em) => pruneOutbox(em, new Date(now.getTime() - s.config.events.retentionDays * 86_400_000).toISOString())),
    },
  ];
}
