import { Inject, Injectable, Logger } from '@nestjs/common';
import { InvalidInputError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Edition, moduleIds, nextWardSettings, readEditionFile, resolveEdition, resolveWardEdition, WardSettingsError } from './catalogue';

/** What of a ward decides its catalogue. */
export interface WardCatalogueSettings {
  edition: string | null;
  coreModules: number[] | null;
  /** The ward's own bokmål module titles, by stable module id. */
  moduleTitlesNb?: Record<string, string> | null;
}

/** The IMR module catalogue: the configured default edition, and a ward's own edition, core set and titles. */
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

  /**
   * A ward may name its own edition, core set and bokmål titles; each falls back to the configured
   * defaults. Never fails: stored settings that no longer fit the catalogue fall back (with a warning).
   */
  forWard(ward: WardCatalogueSettings & { id?: string }): Edition {
    const titles = ward.moduleTitlesNb && Object.keys(ward.moduleTitlesNb).length ? ward.moduleTitlesNb : null;
    const { edition, fellBack } = resolveWardEdition(this.file, this.defaultEdition, ward, titles);
    const key = `${ward.id}:${ward.edition}:${ward.coreModules}`;
    if (fellBack && !this.warned.has(key) && this.warned.size < 10_000) {
      this.warned.add(key);
      this.logger.warn(
        `ward ${ward.id ?? '(new)'}: stored edition settings do not fit the catalogue; using ${edition.id}, core ${edition.core}`,
      );
    }
    return edition;
  }

  /**
   * The edition and core set a ward write leaves, with the bokmål titles, validated together
   * (InvalidInputError naming the field), before anything is written.
   */
  nextWardSettings(
    current: WardCatalogueSettings,
    change: { edition?: string | null; coreModules?: number[] | null; moduleTitlesNb?: Record<string, string> | null },
  ): { edition: string | null; coreModules: number[] | null } {
    let next: { edition: string | null; coreModules: number[] | null };
    try {
      next = nextWardSettings(this.file, this.defaultEdition, current, change);
    } catch (error) {
      if (error instanceof WardSettingsError) throw new InvalidInputError(error.field, error.reason);
      throw error;
    }
    const titles = change.moduleTitlesNb !== undefined ? change.moduleTitlesNb : (current.moduleTitlesNb ?? null);
    this.validateTitles(next.edition ?? this.defaultEdition.id, titles);
    return next;
  }

  private validateTitles(editionId: string, moduleTitlesNb: Record<string, string> | null): void {
    if (!moduleTitlesNb) return;
    const ids = moduleIds(this.file, editionId);
    for (const [id, title] of Object.entries(moduleTitlesNb)) {
      if (!ids.includes(id)) {
        throw new InvalidInputError(`moduleTitlesNb.${id}`, `is not a module of edition ${editionId} (modules: ${ids.join(', ')})`);
      }
      if (typeof title !== 'string' || title.trim().length < 1 || title.length > 200) {
        throw new InvalidInputError(`moduleTitlesNb.${id}`, 'must be a title of 1–200 characters');
      }
    }
  }
}
