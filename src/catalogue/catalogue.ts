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

interface EditionFile {
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

export function moduleTitle(edition: Edition, number: number): string {
  return edition.modules.find((m) => m.number === number)?.title ?? `Module ${number}`;
}
