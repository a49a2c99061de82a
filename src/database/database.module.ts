import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DatabaseConfig } from '../config/app-config';
import { openDatabase } from './data-source.factory';
import { Database, IMR_DATABASE } from './database';

@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(IMR_DATABASE) private readonly db: Database) {}

  static forRoot(config: DatabaseConfig): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: IMR_DATABASE, useFactory: async () => new Database(await openDatabase(config)) }],
      exports: [IMR_DATABASE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.db.dataSource.isInitialized) await this.db.dataSource.destroy();
  }
}
