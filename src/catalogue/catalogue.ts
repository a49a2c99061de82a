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

interface EditionFile {
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
