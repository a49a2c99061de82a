import { Inject, Injectable, Logger } from '@nestjs/common';
import { InvalidInputError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Edition, nextWardSettings, readEditionFile, resolveEdition, resolveWardEdition, WardEditionSettings, WardSettingsError } from './catalogue';

/** The IMR module catalogue: the configured default edition, and a ward's own edition and core set. */
@Injectable()
export class CatalogueService {
  private readonly logger = new Logger('Catalogue');
  private readonly file = readEditionFile();
  private readonly warned = new Set<string>();
  readonly defaultEdition: Edition;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.defaultEdition = resolveEdition(this.file, config.catalogue.edition, config.catalogue.coreModules);
  }

  editionIds(): string[] {
    return this.file.editions.map((e) => e.id);
  }

  /** A ward may name its own edition and core set; both fall back to the configured defaults. */
  forWard(ward: WardEditionSettings & { id?: string }): Edition {
    const { edition, fellBack } = resolveWardEdition(this.file, this.defaultEdition, ward);
    const key = `${ward.id}:${ward.edition}:${ward.coreModules}`;
    if (fellBack && !this.warned.has(key) && this.warned.size < 10_000) {
      this.warned.add(key);
      this.logger.warn(`ward ${ward.id ?? '(new)'}: stored edition settings do not fit the catalogue; using ${edition.id} with core ${edition.core}`);
    }
    return edition;
  }

  /** What a ward write leaves, validated together (InvalidInputError naming the field). */
  nextWardSettings(current: WardEditionSettings, change: { edition?: string | null; coreModules?: number[] | null }): WardEditionSettings {
    try {
      return nextWardSettings(this.file, this.defaultEdition, current, change);
    } catch (error) {
      if (error instanceof WardSettingsError) throw new InvalidInputError(error.field, error.reason);
      throw error;
    }
  }
}
