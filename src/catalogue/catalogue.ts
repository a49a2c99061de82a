import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_DIR, ConfigError } from '../config/app-config';

export interface CatalogueModule {
  id: string;
  number: number;
  title: string;
  titleNb: string | null;
  core: boolean;
}

export interface Edition {
  id: string;
  name: string;
  modules: CatalogueModule[];
  /** Module numbers of the short-stay core set, in this edition's numbering. */
  core: number[];
}

export interface EditionFile {
  editions: {
    id: string;
    name: string;
    core: string[];
    modules: { id: string; number: number; title: string; titleNb?: string }[];
  }[];
}

export function readEditionFile(path = join(CONFIG_DIR, 'editions.json')): EditionFile {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Builds the catalogue of one edition; `coreOverride` (module numbers) replaces the edition's core set. */
export function resolveEdition(file: EditionFile, editionId: string, coreOverride: number[] | null): Edition {
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
  const modules = [...raw.modules]
    .sort((a, b) => a.number - b.number)
    .map((m) => ({ id: m.id, number: m.number, title: m.title, titleNb: m.titleNb ?? null, core: core.includes(m.number) }));
  return { id: raw.id, name: raw.name, modules, core };
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
): { edition: Edition; fellBack: boolean } {
  if (!ward.edition && !ward.coreModules) return { edition: defaultEdition, fellBack: false };
  const known = ward.edition === null || file.editions.some((e) => e.id === ward.edition);
  const editionId = known ? (ward.edition ?? defaultEdition.id) : defaultEdition.id;
  const raw = file.editions.find((e) => e.id === editionId)!;
  const numbers = new Set(raw.modules.map((m) => m.number));
  const wanted = ward.coreModules ?? (ward.edition ? null : defaultEdition.core);
  const core = wanted?.filter((n) => numbers.has(n)) ?? null;
  const fits = known && (wanted === null || (core!.length === wanted.length && core!.length > 0));
  return { edition: resolveEdition(file, editionId, fits ? core : core?.length ? core : null), fellBack: !fits };
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

export function moduleTitle(edition: Edition, number: number): string {
  return edition.modules.find((m) => m.number === number)?.title ?? `Module ${number}`;
}
