/**
 * The cycling curriculum of an open-enrollment group. People join whenever they are admitted, so a
 * group never finishes: it teaches its modules in order, `sessionsPerModule` sessions each, and then
 * starts again. Only held sessions advance the cycle; a cancelled session is reported with the
 * module it would have taught, and the next held session teaches that module (and part) instead.
 */

export type CurriculumSpec = 'core' | 'full' | number[];

export interface CurriculumEdition {
  modules: { number: number }[];
  core: number[];
}

export interface ModulePart {
  module: number;
  /** 1-based: part 2 of 3 is { part: 2, parts: 3 }. */
  part: number;
  parts: number;
}

export const MAX_CURRICULUM_LENGTH = 50;

/** The modules in teaching order, or a reason naming what is wrong. `full` is the edition in number order. */
export function resolveCurriculum(value: CurriculumSpec, edition: CurriculumEdition): number[] | string {
  const known = new Set(edition.modules.map((m) => m.number));
  if (value === 'full') {
    if (known.size === 0) return 'the edition has no modules';
    return [...known].sort((a, b) => a - b);
  }
  if (value === 'core') {
    if (edition.core.length === 0) return 'the edition has no core modules';
    const unknownCore = edition.core.find((n) => !known.has(n));
    if (unknownCore !== undefined) return `core module ${unknownCore} is not in the edition`;
    return [...edition.core];
  }
  if (!Array.isArray(value)) return 'must be "core", "full" or a list of module numbers';
  if (value.length === 0) return 'must name at least one module';
  if (value.length > MAX_CURRICULUM_LENGTH) return `must name at most ${MAX_CURRICULUM_LENGTH} modules`;
  for (const n of value) {
    if (!Number.isInteger(n)) return `module numbers must be whole numbers, got ${String(n)}`;
    if (!known.has(n)) return `unknown module ${n}`;
  }
  return [...value];
}

function checkCycle(curriculum: readonly number[], sessionsPerModule: number): void {
  if (curriculum.length === 0) throw new RangeError('curriculum must not be empty');
  if (!Number.isInteger(sessionsPerModule) || sessionsPerModule < 1) {
    throw new RangeError(`sessionsPerModule must be a whole number of at least 1, got ${sessionsPerModule}`);
  }
}

/** What the held session with 0-based index `heldIndex` (counted from the start of the run) teaches. */
export function moduleForHeldIndex(heldIndex: number, curriculum: readonly number[], sessionsPerModule: number): ModulePart {
  checkCycle(curriculum, sessionsPerModule);
  if (!Number.isInteger(heldIndex) || heldIndex < 0) throw new RangeError(`heldIndex must be a whole number >= 0, got ${heldIndex}`);
  const position = heldIndex % (curriculum.length * sessionsPerModule);
  return {
    module: curriculum[Math.floor(position / sessionsPerModule)],
    part: (position % sessionsPerModule) + 1,
    parts: sessionsPerModule,
  };
}

/**
 * Modules for consecutive occurrences (sorted by date, no repeats). `heldBefore` is the number of
 * held sessions of the same run before the first one listed. A cancelled occurrence carries the
 * module it would have taught; it does not advance the cycle.
 */
export function assignModules<T extends { date: string; cancelled: boolean }>(
  occurrences: readonly T[],
  curriculum: readonly number[],
  sessionsPerModule: number,
  heldBefore: number,
): (T & ModulePart)[] {
  checkCycle(curriculum, sessionsPerModule);
  if (!Number.isInteger(heldBefore) || heldBefore < 0) throw new RangeError(`heldBefore must be a whole number >= 0, got ${heldBefore}`);
  let held = heldBefore;
  return occurrences.map((occurrence, i) => {
    if (i > 0 && occurrences[i - 1].date >= occurrence.date) {
      throw new RangeError(`occurrences must be sorted by date without repeats (${occurrence.date})`);
    }
    const teaching = moduleForHeldIndex(held, curriculum, sessionsPerModule);
    if (!occurrence.cancelled) held++;
    return { ...occurrence, ...teaching };
  });
}
