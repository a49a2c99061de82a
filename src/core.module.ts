import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuditWritesInterceptor } from './audit/audit.interceptor';
import { AuditService } from './audit/audit.service';
import { ApiKeyGuard } from './auth/api-key.guard';
import { CatalogueService } from './catalogue/catalogue.service';
import { Clock, SystemClock } from './common/clock';
import { DomainEvents } from './events/domain-events';
import { InFlightRequests } from './http/in-flight';
import { KeyBudget } from './http/key-budget';
import { RateLimiter } from './http/rate-limiter';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { DatabaseModule } from './database/database.module';
import { KeysService } from './keys/keys.service';
import { WardsService } from './wards/wards.service';

/** What every feature needs: configuration, clock, database, keys and the guard, catalogue, wards, audit. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, clock: Clock = new SystemClock()): DynamicModule {
    const shared = [
      { provide: APP_CONFIG, useValue: config },
      { provide: Clock, useValue: clock },
      DomainEvents,
      KeysService,
      ApiKeyGuard,
      CatalogueService,
      WardsService,
      AuditService,
      RateLimiter,
      KeyBudget,
      AuditWritesInterceptor,
      InFlightRequests,
    ];
    return {
      module: CoreModule,
      imports: [DatabaseModule.forRoot(config.database)],
      providers: shared,
      exports: [...shared.map((p) => ('provide' in p ? p.provide : p)), DatabaseModule],
    };
  }
}
