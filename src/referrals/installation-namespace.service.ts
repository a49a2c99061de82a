import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database, IMR_DATABASE } from '../database/database';
import { InstallationSettingEntity } from '../database/schema/installation.entity';

const KEY = 'fhir-namespace';

/**
 * The installation's FHIR identifier namespace: IMR_FHIR_NAMESPACE when configured, otherwise a
 * `urn:uuid:` generated on first use and stored, so it never changes and no two installations share
 * one. Instances on one database agree: the first insert wins and everyone reads it back.
 */
@Injectable()
export class InstallationNamespaceService {
  private cached: string | null = null;

  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async namespace(): Promise<string> {
    if (this.config.fhirNamespace) return this.config.fhirNamespace;
    if (this.cached) return this.cached;
    const repo = this.db.repo(InstallationSettingEntity);
    let row = await repo.findOne({ where: { key: KEY } });
    if (!row) {
      await this.db.transaction((em) =>
        em
          .createQueryBuilder()
          .insert()
          .into(InstallationSettingEntity)
          .values({ key: KEY, value: `urn:uuid:${randomUUID()}`, createdAt: this.clock.now().toISOString() })
          .orIgnore()
          .execute(),
      );
      row = await repo.findOneOrFail({ where: { key: KEY } });
    }
    this.cached = row.value;
    return row.value;
  }
}
