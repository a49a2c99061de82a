import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DatabaseConfig } from '../config/app-config';
import { openDatabase, openReader } from './data-source.factory';
import { Database, IMR_DATABASE } from './database';

@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(IMR_DATABASE) private readonly db: Database) {}

  static forRoot(config: DatabaseConfig): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: IMR_DATABASE,
          useFactory: async () => {
            const writer = await openDatabase(config);
            return new Database(writer, await openReader(config));
          },
        },
      ],
      exports: [IMR_DATABASE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.destroy();
  }
}
