import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database, IMR_DATABASE } from '../database/database';
import { AdmissionsModule } from '../admissions/admissions.module';
import { AdmissionsService } from '../admissions/admissions.service';
import { ReferralsModule } from '../referrals/referrals.module';
import { ReferralsService } from '../referrals/referrals.service';
import { RotaModule } from '../rota/rota.module';
import { RotaService } from '../rota/rota.service';
import { SessionsModule } from '../sessions/sessions.module';
import { SessionsService } from '../sessions/sessions.service';
import { EventsModule } from '../events/events.module';
import { SwapsModule } from '../swaps/swaps.module';
import { jobDefinitions } from './job-definitions';
import { JobLeaseService } from './job-lease.service';
import { WebhookDeliveryJob } from './webhook-delivery.job';
import { JobLockService } from './job-lock.service';
import { JOB_DEFINITIONS, JobsService } from './jobs.service';

@Module({
  imports: [SessionsModule, RotaModule, AdmissionsModule, ReferralsModule, EventsModule, SwapsModule],
  providers: [
    JobLockService,
    JobLeaseService,
    WebhookDeliveryJob,
    JobsService,
    {
      provide: JOB_DEFINITIONS,
      inject: [IMR_DATABASE, APP_CONFIG, Clock, SessionsService, RotaService, AdmissionsService, ReferralsService],
      useFactory: (
        db: Database,
        config: AppConfig,
        clock: Clock,
        sessions: SessionsService,
        rota: RotaService,
        admissions: AdmissionsService,
        referrals: ReferralsService,
      ) => jobDefinitions({ db, config, clock, sessions, rota, admissions, referrals }),
    },
  ],
  exports: [JobsService, JobLockService, WebhookDeliveryJob],
})
export class JobsModule {}
