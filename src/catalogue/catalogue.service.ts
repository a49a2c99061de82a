import { Inject, Injectable } from '@nestjs/common';
import { InvalidInputError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Edition, moduleIds, readEditionFile, resolveEdition } from './catalogue';

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
  private readonly file = readEditionFile();
  readonly defaultEdition: Edition;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.defaultEdition = resolveEdition(this.file, config.catalogue.edition, config.catalogue.coreModules);
  }

  editionIds(): string[] {
    return this.file.editions.map((e) => e.id);
  }

  /** A ward may name its own edition, core set and bokmål titles; each falls back to the configured defaults. */
  forWard(ward: WardCatalogueSettings): Edition {
    const titles = ward.moduleTitlesNb && Object.keys(ward.moduleTitlesNb).length ? ward.moduleTitlesNb : null;
    if (!ward.edition && !ward.coreModules && !titles) return this.defaultEdition;
    const editionId = ward.edition ?? this.defaultEdition.id;
    const core = ward.coreModules ?? (ward.edition ? null : this.defaultEdition.core);
    return resolveEdition(this.file, editionId, core, titles);
  }

  /** Validates a ward's edition settings, naming the field. */
  validateWardSettings(
    edition: string | null | undefined,
    coreModules: number[] | null | undefined,
    moduleTitlesNb?: Record<string, string> | null,
  ): void {
    if (edition && !this.editionIds().includes(edition)) {
      throw new InvalidInputError('edition', `must be one of ${this.editionIds().join(', ')}`);
    }
    const editionId = edition ?? this.defaultEdition.id;
    if (coreModules) {
      const resolved = resolveEdition(this.file, editionId, null);
      const numbers = new Set(resolved.modules.map((m) => m.number));
      const unknown = coreModules.filter((n) => !numbers.has(n));
      if (unknown.length) {
        throw new InvalidInputError('coreModules', `names modules not in edition ${resolved.id}: ${unknown.join(', ')}`);
      }
    }
    if (moduleTitlesNb) {
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
}
