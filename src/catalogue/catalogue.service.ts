import { Inject, Injectable } from '@nestjs/common';
import { InvalidInputError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Edition, readEditionFile, resolveEdition } from './catalogue';

/** The IMR module catalogue: the configured default edition, and a ward's own edition and core set. */
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

  /** A ward may name its own edition and core set; both fall back to the configured defaults. */
  forWard(ward: { edition: string | null; coreModules: number[] | null }): Edition {
    if (!ward.edition && !ward.coreModules) return this.defaultEdition;
    const editionId = ward.edition ?? this.defaultEdition.id;
    const core = ward.coreModules ?? (ward.edition ? null : this.defaultEdition.core);
    return resolveEdition(this.file, editionId, core);
  }

  /** Validates a ward's edition settings, naming the field. */
  validateWardSettings(edition: string | null | undefined, coreModules: number[] | null | undefined): void {
    if (edition && !this.editionIds().includes(edition)) {
      throw new InvalidInputError('edition', `must be one of ${this.editionIds().join(', ')}`);
    }
    if (coreModules) {
      const resolved = resolveEdition(this.file, edition ?? this.defaultEdition.id, null);
      const numbers = new Set(resolved.modules.map((m) => m.number));
      const unknown = coreModules.filter((n) => !numbers.has(n));
      if (unknown.length) {
        throw new InvalidInputError('coreModules', `names modules not in edition ${resolved.id}: ${unknown.join(', ')}`);
      }
    }
  }
}
