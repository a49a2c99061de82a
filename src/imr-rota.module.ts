import { DynamicModule, Module, OnApplicationBootstrap } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AdmissionsModule } from './admissions/admissions.module';
import { BoardModule } from './board/board.module';
import { CalendarModule } from './calendar/calendar.module';
import { Clock } from './common/clock';
import { AppConfig, DatabaseConfig, loadConfig, parseDatabaseUrl } from './config/app-config';
import { CORE_FEATURE_MODULES, CoreModule } from './core.module';
import { FacilitatorsModule } from './facilitators/facilitators.module';
import { EventsModule } from './events/events.module';
import { SwapsModule } from './swaps/swaps.module';
import { FidelityModule } from './fidelity/fidelity.module';
import { GroupsModule } from './groups/groups.module';
import { HealthController } from './health/health.controller';
import { JobsModule } from './jobs/jobs.module';
import { KeysService } from './keys/keys.service';
import { ReferralsModule } from './referrals/referrals.module';
import { RotaModule } from './rota/rota.module';
import { SessionsModule } from './sessions/sessions.module';

export interface ImrRotaOptions {
  /** Full configuration; defaults to the environment over config/. The fields below override it. */
  config?: AppConfig;
  /** The module's own database (a postgres:// URL, sqlite:PATH, or a parsed config); never the host's connection. */
  database?: string | DatabaseConfig;
  /** Mount every route under this prefix, e.g. 'imr' gives /imr/api/wards, /imr/health, /imr/calendar/… */
  routePrefix?: string;
  /** Accept this key as an admin key (at least 32 characters). */
  bootstrapAdminKey?: string;
  /** Base URL of the mounted routes, used in calendar links (include the prefix). */
  publicUrl?: string;
  /** Run the scheduled jobs in this process. */
  jobs?: boolean;
  /** A fixed clock for tests. */
  clock?: Clock;
}

const FEATURE_MODULES = [
  FacilitatorsModule,
  SessionsModule,
  GroupsModule.register(SessionsModule),
  RotaModule,
  AdmissionsModule,
  ReferralsModule,
  CalendarModule,
  JobsModule,
  EventsModule,
  SwapsModule,
  FidelityModule,
];
/** Every module with routes, for the route prefix (CoreModule imports the shared ones). */
const ROUTED_MODULES = [...CORE_FEATURE_MODULES, ...FEATURE_MODULES.map((m) => ('module' in m ? m.module : m))];

export function resolveImrConfig(options: ImrRotaOptions): AppConfig {
  const base = options.config ?? loadConfig(process.env);
  return {
    ...base,
    ...(options.database && {
      database: typeof options.database === 'string' ? parseDatabaseUrl(options.database) : options.database,
    }),
    ...(options.bootstrapAdminKey && { bootstrapAdminKey: options.bootstrapAdminKey }),
    ...(options.publicUrl && { publicUrl: options.publicUrl.replace(/\/+$/, '') }),
    ...(options.jobs !== undefined && { jobs: { enabled: options.jobs } }),
  };
}

/**
 * The whole service as one dynamic module. The standalone app (main.ts) imports it, and so can a
 * host Nest application: every controller carries its own guard, validation and error mapping, and
 * the module keeps its own database connection, so nothing leaks into the host's routes.
 */
@Module({})
export class ImrRotaModule implements OnApplicationBootstrap {
  constructor(private readonly keys: KeysService) {}

  static forRoot(options: ImrRotaOptions = {}): DynamicModule {
    const config = resolveImrConfig(options);
    const prefix = options.routePrefix?.replace(/^\/+|\/+$/g, '');
    return {
      module: ImrRotaModule,
      imports: [
        CoreModule.forRoot(config, options.clock),
        ScheduleModule.forRoot(),
        ...FEATURE_MODULES,
        BoardModule.forRoot(prefix),
        ...(prefix ? [RouterModule.register([{ path: prefix, module: ImrRotaModule, children: [...ROUTED_MODULES, BoardModule] }])] : []),
      ],
      controllers: [HealthController],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.keys.bootstrapAdminKey();
  }
}
