import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { ApiKeyGuard, AUTH_FAILURES, authFailureLimiter } from './auth/api-key.guard';
import { WebSessionsService } from './auth/web-sessions.service';
import { CatalogueModule } from './catalogue/catalogue.module';
import { Clock, SystemClock } from './common/clock';
import { DomainEvents } from './events/domain-events';
import { ReadResponses } from './events/read-responses';
import { ApiInterceptor } from './http/api.interceptor';
import { InFlightRequests } from './http/in-flight';
import { KeyBudget } from './http/key-budget';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { DatabaseModule } from './database/database.module';
import { KeysModule } from './keys/keys.module';
import { WardsModule } from './wards/wards.module';

/** Feature modules that every other feature (or every controller's guard and interceptor) uses. */
export const CORE_FEATURE_MODULES = [KeysModule, CatalogueModule, WardsModule, AuditModule];

/** What every feature needs: configuration, clock, database, keys and the guard, catalogue, wards, audit. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, clock: Clock = new SystemClock()): DynamicModule {
    const shared = [
      { provide: APP_CONFIG, useValue: config },
      { provide: Clock, useValue: clock },
      DomainEvents,
      ReadResponses,
      ApiKeyGuard,
      WebSessionsService,
      { provide: AUTH_FAILURES, inject: [APP_CONFIG], useFactory: authFailureLimiter },
      KeyBudget,
      InFlightRequests,
      ApiInterceptor,
    ];
    return {
      module: CoreModule,
      imports: [DatabaseModule.forRoot(config.database), ...CORE_FEATURE_MODULES],
      providers: shared,
      exports: [...shared.map((p) => ('provide' in p ? p.provide : p)), DatabaseModule, ...CORE_FEATURE_MODULES],
    };
  }
}
