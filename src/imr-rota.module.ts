import { DynamicModule, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AdmissionsModule } from './admissions/admissions.module';
import { CalendarModule } from './calendar/calendar.module';
import { GroupsModule } from './groups/groups.module';
import { JobsModule } from './jobs/jobs.module';
import { ReferralsModule } from './referrals/referrals.module';
import { RotaModule } from './rota/rota.module';
import { CatalogueController } from './catalogue/catalogue.controller';
import { Clock } from './common/clock';
import { AppConfig, loadConfig } from './config/app-config';
import { CoreModule } from './core.module';
import { FacilitatorsController } from './facilitators/facilitators.controller';
import { FacilitatorsService } from './facilitators/facilitators.service';
import { HealthController } from './health/health.controller';
import { KeysController } from './keys/keys.controller';
import { KeysService } from './keys/keys.service';
import { WardsController } from './wards/wards.controller';

export interface ImrRotaOptions {
  /** Full configuration; defaults to the environment over config/. */
  config?: AppConfig;
  /** A fixed clock for tests. */
  clock?: Clock;
}

/**
 * The whole service as one dynamic module. The standalone app (main.ts) imports it, and so can a
 * host Nest application.
 */
@Module({})
export class ImrRotaModule implements OnApplicationBootstrap {
  constructor(private readonly keys: KeysService) {}

  static forRoot(options: ImrRotaOptions = {}): DynamicModule {
    const config = options.config ?? loadConfig(process.env);
    return {
      module: ImrRotaModule,
      imports: [
        CoreModule.forRoot(config, options.clock),
        ScheduleModule.forRoot(),
        GroupsModule,
        RotaModule,
        AdmissionsModule,
        ReferralsModule,
        CalendarModule,
        JobsModule,
      ],
      controllers: [HealthController, KeysController, CatalogueController, WardsController, FacilitatorsController],
      providers: [FacilitatorsService],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.keys.bootstrapAdminKey();
  }
}
