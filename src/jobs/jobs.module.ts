import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database, IMR_DATABASE } from '../database/database';
import { GroupsModule } from '../groups/groups.module';
import { SessionsService } from '../groups/sessions.service';
import { jobDefinitions } from './job-definitions';
import { JobLockService } from './job-lock.service';
import { JOB_DEFINITIONS, JobsService } from './jobs.service';

@Module({
  imports: [GroupsModule],
  providers: [
    JobLockService,
    JobsService,
    {
      provide: JOB_DEFINITIONS,
      inject: [IMR_DATABASE, APP_CONFIG, Clock, SessionsService],
      useFactory: (db: Database, config: AppConfig, clock: Clock, sessions: SessionsService) =>
        jobDefinitions({ db, config, clock, sessions }),
    },
  ],
  exports: [JobsService, JobLockService],
})
export class JobsModule {}
