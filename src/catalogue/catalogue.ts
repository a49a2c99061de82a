import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fillText, Language, SERVICE_TEXTS } from '../common/i18n';
import { CONFIG_DIR, ConfigError } from '../config/app-config';

export interface CatalogueModule {
  id: string;
  number: number;
  /** English title of this edition. */
  title: string;
  /** Bokmål title (the edition's own, a ward's override, or the same module id's in another edition). */
  titleNb: string | null;
  /** The bokmål wording is not confirmed by a published source (module 11 of the default edition). */
  titleNbUnconfirmed: boolean;
  core: boolean;
}

export interface Edition {
  id: string;
  name: string;
  nameNb: string | null;
  modules: CatalogueModule[];
  /** Module numbers of the short-stay core set, in this edition's numbering. */
  core: number[];
}

export interface EditionFile {
  editions: {
    id: string;
    name: string;
    nameNb?: string;
    core: string[];
    modules: { id: string; number: number; title: string; titleNb?: string; titleNbUnconfirmed?: boolean }[];
  }[];
}

export function readEditionFile(path = join(CONFIG_DIR, 'editions.json')): EditionFile {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Bokmål titles by stable module id, from whichever edition has one, for editions that ship none. */
function nbTitlesById(file: EditionFile): Map<string, { title: string; unconfirmed: boolean }> {
  const titles = new Map<string, { title: string; unconfirmed: boolean }>();
  for (const edition of file.editions) {
    for (const m of edition.modules) {
      if (m.titleNb && !titles.has(m.id)) titles.set(m.id, { title: m.titleNb, unconfirmed: m.titleNbUnconfirmed === true });
    }
  }
  return titles;
}

/**
 * Builds the catalogue of one edition; `coreOverride` (module numbers) replaces the edition's core set,
 * `nbOverrides` (bokmål titles by module id, a ward's own wording) replace the shipped ones.
 */
export function resolveEdition(
  file: EditionFile,
  editionId: string,
  coreOverride: number[] | null,
  nbOverrides: Record<string, string> | null = null,
): Edition {
  const raw = file.editions.find((e) => e.id === editionId);
  if (!raw) {
    const known = file.editions.map((e) => e.id).join(', ');
    throw new ConfigError('IMR_EDITION', `names an unknown edition "${editionId}" (known: ${known})`);
  }
  const numbers = new Set(raw.modules.map((m) => m.number));
  let core: number[];
  if (coreOverride) {
    const unknown = coreOverride.filter((n) => !numbers.has(n));
    if (unknown.length) {
      throw new ConfigError('IMR_CORE_MODULES', `names modules not in edition ${raw.id}: ${unknown.join(', ')}`);
    }
    core = [...new Set(coreOverride)].sort((a, b) => a - b);
  } else {
    core = raw.core.map((id) => raw.modules.find((m) => m.id === id)!.number).sort((a, b) => a - b);
  }
  const borrowed = nbTitlesById(file);
  const modules = [...raw.modules]
    .sort((a, b) => a.number - b.number)
    .map((m) => {
      const override = nbOverrides?.[m.id];
      const shipped = m.titleNb ? { title: m.titleNb, unconfirmed: m.titleNbUnconfirmed === true } : borrowed.get(m.id);
      const nb = override ? { title: override, unconfirmed: false } : shipped;
      return {
        id: m.id,
        number: m.number,
        title: m.title,
        titleNb: nb?.title ?? null,
        titleNbUnconfirmed: nb?.unconfirmed ?? false,
        core: core.includes(m.number),
      };
    });
  return { id: raw.id, name: raw.name, nameNb: raw.nameNb ?? null, modules, core };
}

export interface WardEditionSettings {
  edition: string | null;
  coreModules: number[] | null;
}

/**
 * A ward's catalogue from its stored settings, never failing: a setting that no longer fits (an
 * edition dropped from the file, a core number the edition lacks) falls back to the default edition
 * or to the edition's own core set, so no state of one ward can break a read, a feed or a job.
 * `fellBack` says so, for a warning in the log.
 */
export function resolveWardEdition(
  file: EditionFile,
  defaultEdition: Edition,
  ward: WardEditionSettings,
  titles: Record<string, string> | null = null,
): { edition: Edition; fellBack: boolean } {
  if (!ward.edition && !ward.coreModules && !titles) return { edition: defaultEdition, fellBack: false };
  const known = ward.edition === null || file.editions.some((e) => e.id === ward.edition);
  const editionId = known ? (ward.edition ?? defaultEdition.id) : defaultEdition.id;
  const raw = file.editions.find((e) => e.id === editionId)!;
  const numbers = new Set(raw.modules.map((m) => m.number));
  const wanted = ward.coreModules ?? (ward.edition ? null : defaultEdition.core);
  const core = wanted?.filter((n) => numbers.has(n)) ?? null;
  const fits = known && (wanted === null || (core!.length === wanted.length && core!.length > 0));
  // Titles of modules the edition lacks are simply not used.
  return { edition: resolveEdition(file, editionId, fits ? core : core?.length ? core : null, titles), fellBack: !fits };
}

/**
 * The settings a ward write leaves, checked together (400 naming the field; nothing is stored when
 * it fails). A new edition without a core set carries the ward's core set over by module id (module
 * numbers differ between editions), and refuses when the new edition lacks one of those modules.
 */
export function nextWardSettings(
  file: EditionFile,
  defaultEdition: Edition,
  current: WardEditionSettings,
  change: { edition?: string | null; coreModules?: number[] | null },
): WardEditionSettings {
  const editionIds = file.editions.map((e) => e.id);
  const edition = change.edition !== undefined ? change.edition : current.edition;
  if (edition !== null && !editionIds.includes(edition)) {
    throw new WardSettingsError('edition', `must be one of ${editionIds.join(', ')}`);
  }
  const target = file.editions.find((e) => e.id === (edition ?? defaultEdition.id))!;
  let coreModules = change.coreModules !== undefined ? change.coreModules : current.coreModules;
  const field = change.coreModules !== undefined ? 'coreModules' : 'edition';
  if (change.coreModules === undefined && change.edition !== undefined && current.coreModules !== null) {
    const before = file.editions.find((e) => e.id === (current.edition ?? defaultEdition.id));
    const ids = current.coreModules.map((n) => before?.modules.find((m) => m.number === n)?.id);
    const carried = ids.map((id) => target.modules.find((m) => m.id === id)?.number);
    if (carried.some((n) => n === undefined)) {
      throw new WardSettingsError('edition', `${target.id} lacks modules of the ward's core set; send coreModules with the edition`);
    }
    coreModules = carried as number[];
  }
  if (coreModules !== null) {
    if (coreModules.length === 0) throw new WardSettingsError('coreModules', 'must name at least one module');
    const numbers = new Set(target.modules.map((m) => m.number));
    const unknown = coreModules.filter((n) => !numbers.has(n));
    if (unknown.length) throw new WardSettingsError(field, `coreModules names modules not in edition ${target.id}: ${unknown.join(', ')}`);
    coreModules = [...new Set(coreModules)].sort((a, b) => a - b);
  }
  return { edition, coreModules };
}

/** A ward setting that does not fit; the service maps it to a 400 naming the field. */
export class WardSettingsError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field} ${reason}`);
  }
}

/** A module's title in a language; bokmål falls back to English only where no bokmål title exists at all. */
export function localTitle(m: Pick<CatalogueModule, 'title' | 'titleNb'>, language: Language): string {
  return language === 'nb' && m.titleNb ? m.titleNb : m.title;
}

export function moduleTitle(edition: Edition, number: number, language: Language = 'en'): string {
  const m = edition.modules.find((x) => x.number === number);
  if (m) return localTitle(m, language);
  return fillText(SERVICE_TEXTS[language].calendar.module, { n: number });
}

export function editionName(edition: Pick<Edition, 'name' | 'nameNb'>, language: Language): string {
  return language === 'nb' && edition.nameNb ? edition.nameNb : edition.name;
}

export function moduleIds(file: EditionFile, editionId: string): string[] {
  return file.editions.find((e) => e.id === editionId)?.modules.map((m) => m.id) ?? [];
}
