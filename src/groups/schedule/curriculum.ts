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

/** What a session that has started taught (its stored module, or the one its outcome names), and whether it was held. */
export interface StartedFact {
  /** true: held; false: recorded as not held; null: no outcome recorded ("unrecorded", taken as taught). */
  held: boolean | null;
  module: number;
  part: number;
  parts: number;
}

export interface CurriculumOccurrence {
  date: string;
  cancelled: boolean;
  /** The session has started: it never takes over a module owed by an earlier session. */
  started?: boolean;
  /** For a started session whose row is stored: its facts, which never move. */
  fact?: StartedFact;
}

/** Position of a module part in the cycle, or -1 when the curriculum does not teach it. */
function positionOf(unit: { module: number; part: number }, curriculum: readonly number[], sessionsPerModule: number): number {
  const index = curriculum.indexOf(unit.module);
  if (index < 0 || unit.part < 1 || unit.part > sessionsPerModule) return -1;
  return index * sessionsPerModule + unit.part - 1;
}

const sameUnit = (a: ModulePart, b: { module: number; part: number }) => a.module === b.module && a.part === b.part;

/**
 * Modules for consecutive occurrences of one curriculum run (sorted by date, no repeats); the one
 * curriculum loop of the service. `heldBefore` is the cycle position before the first one listed.
 *
 * - A session that has started and has stored facts keeps its module: past facts never move. The cycle
 *   continues after what it taught (held or unrecorded); a module outside the curriculum moves nothing.
 * - A started session recorded as not held owes its module: the next session that has not started
 *   teaches it, and everything after follows.
 * - A cancelled occurrence carries what the next session would teach, and advances nothing.
 * - Any other occurrence teaches the oldest owed module, else the next of the cycle.
 */
export function assignModules<T extends CurriculumOccurrence>(
  occurrences: readonly T[],
  curriculum: readonly number[],
  sessionsPerModule: number,
  heldBefore: number,
): (T & ModulePart)[] {
  checkCycle(curriculum, sessionsPerModule);
  if (!Number.isInteger(heldBefore) || heldBefore < 0) throw new RangeError(`heldBefore must be a whole number >= 0, got ${heldBefore}`);
  const length = curriculum.length * sessionsPerModule;
  let position = heldBefore % length;
  const owed: ModulePart[] = [];
  const next = () => moduleForHeldIndex(position, curriculum, sessionsPerModule);
  return occurrences.map((occurrence, i) => {
    if (i > 0 && occurrences[i - 1].date >= occurrence.date) {
      throw new RangeError(`occurrences must be sorted by date without repeats (${occurrence.date})`);
    }
    let teaching: ModulePart;
    const fact = occurrence.started && !occurrence.cancelled ? occurrence.fact : undefined;
    if (occurrence.cancelled) {
      teaching = owed[0] ?? next();
    } else if (fact) {
      teaching = { module: fact.module, part: fact.part, parts: fact.parts };
      const owedAt = owed.findIndex((unit) => sameUnit(unit, teaching));
      const at = positionOf(teaching, curriculum, sessionsPerModule);
      if (fact.held === false) {
        // Still owed if it already was; otherwise it leaves the cycle for the owed list.
        if (owedAt < 0) owed.push(teaching);
        if (owedAt < 0 && at >= 0) position = (at + 1) % length;
      } else if (owedAt >= 0) {
        owed.splice(owedAt, 1);
      } else if (at >= 0) {
        position = (at + 1) % length;
      }
    } else if (occurrence.started || owed.length === 0) {
      teaching = next();
      position = (position + 1) % length;
    } else {
      teaching = owed.shift()!;
    }
    return { ...occurrence, ...teaching };
  });
}
