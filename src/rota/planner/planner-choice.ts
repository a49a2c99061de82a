/**
 * Choosing which sessions to fill together with fairness. When a part of the rota cannot fill
 * every session, another set of the same size (or a larger one the first search missed) may give
 * a much fairer plan. This local search tries, for each empty session v and each filled session u
 * that shares people with it, to empty u, fill v (ejection chains on the exact rules,
 * planner-repair.ts), refill whatever else now fits (u included), even out (planner-exchange.ts)
 * and keep the result only when it is better in the planner's order of objectives: more sessions
 * filled, then (re-planning) fewer sessions changed from the current rota, then a lexicographically
 * smaller vector of shares (then, rebalancing, fewer changes). Locked seats never move. Not exact:
 * a local search with a fixed budget of tries, deterministic.
 */
import { compareShares, evenOut, Plan } from './planner-exchange';
import type { RotaModel } from './planner-model';
import { Repairer } from './planner-repair';
import { hasTrained } from './planner-rules';

const TRIES_PER_PART = 100;
const TRIES_IN_ALL = 1000;
/** The repair search budget of each session a try fills. */
const NODES_PER_TRY = 200;

export interface Part {
  sessions: number[];
  people: number[];
}

/** Sessions linked by people who could work them (locked intact ones aside), with those people. */
export function parts(model: RotaModel): Part[] {
  const n = model.sessions.length;
  const parent = Array.from({ length: n + model.persons.length }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const s of model.sessions) {
    if (model.intact[s.index]) continue;
    for (const p of model.eligible[s.index]) parent[find(n + p)] = find(s.index);
  }
  const groups = new Map<number, Part>();
  for (const s of model.sessions) {
    if (model.intact[s.index]) continue;
    const root = find(s.index);
    const part = groups.get(root) ?? { sessions: [], people: [] };
    part.sessions.push(s.index);
    groups.set(root, part);
  }
  for (let p = 0; p < model.persons.length; p++) groups.get(find(n + p))?.people.push(p);
  return [...groups.values()];
}

export function isFilled(model: RotaModel, s: number): boolean {
  const members = model.members[s];
  return members.length >= model.sessions[s].need && hasTrained(members, (p) => model.persons[p].trained);
}

interface Value {
  filled: number;
  /** Sessions whose people differ from the current rota. */
  changed: number;
  shares: [number, number][];
}

function changed(model: RotaModel, s: number): boolean {
  const current = model.sessions[s].input.current;
  const members = model.members[s];
  if (members.length !== current.length) return true;
  const ids = new Set(members.map((p) => model.persons[p].input.id));
  return current.some((a) => !ids.has(a.facilitatorId));
}

function valueOf(plan: Plan, part: Part): Value {
  const { model } = plan;
  const av = model.available;
  const shares = part.people.filter((p) => av[p] > 0).map((p): [number, number] => [plan.load[p], av[p]]);
  shares.sort((x, y) => y[0] * x[1] - x[0] * y[1]);
  return {
    filled: part.sessions.filter((s) => isFilled(model, s)).length,
    changed: part.sessions.filter((s) => changed(model, s)).length,
    shares,
  };
}

/** Objectives in order: fill; keep the current rota (re-planning); fairness; then, rebalancing, fewer changes. */
function better(model: RotaModel, a: Value, b: Value): boolean {
  if (a.filled !== b.filled) return a.filled > b.filled;
  if (!model.rebalance && a.changed !== b.changed) return a.changed < b.changed;
  const fair = compareShares(a.shares, b.shares);
  if (fair !== 0) return fair < 0;
  return model.rebalance && a.changed < b.changed;
}

function improvePart(plan: Plan, part: Part, canEverFill: (s: number) => boolean, budget: { tries: number }): void {
  const { model } = plan;
  evenOut(plan, part.people);
  let best = valueOf(plan, part);
  let tries = TRIES_PER_PART;
  const emptiable = (u: number): boolean => !model.locked[u] && model.members[u].length > 0;
  for (let improved = true; improved;) {
    improved = false;
    const open = part.sessions.filter((s) => canEverFill(s) && !isFilled(model, s) && !model.intact[s]);
    for (const v of open) {
      const wanted = new Set(model.eligible[v]);
      const filled = part.sessions.filter((u) => emptiable(u) && model.members[u].some((p) => wanted.has(p)));
      for (const u of filled) {
        if (tries-- <= 0 || budget.tries-- <= 0) return;
        const mark = plan.mark();
        const repairer = new Repairer(plan, NODES_PER_TRY);
        repairer.empty(u);
        if (!repairer.attempt(v)) {
          plan.undo(mark);
          continue;
        }
        for (const w of [u, ...open]) if (w !== v && canEverFill(w) && !isFilled(model, w)) repairer.attempt(w);
        for (const w of part.sessions) if (!isFilled(model, w) && model.members[w].length > model.pinned[w].size) repairer.empty(w);
        evenOut(plan, part.people);
        const value = valueOf(plan, part);
        if (better(model, value, best)) {
          best = value;
          improved = true;
          break;
        }
        plan.undo(mark);
      }
      if (improved) break;
    }
  }
}

/** Improves the filled set and fairness of every part with a session left empty (sessions given up stay empty); evens out the others. */
export function chooseAndEvenOut(plan: Plan, givenUp: ReadonlySet<string> = new Set()): void {
  const { model } = plan;
  const canEverFill = (s: number): boolean =>
    model.poolSize[s] >= model.sessions[s].need && model.poolHasTrained[s] && !givenUp.has(model.sessions[s].input.id);
  const budget = { tries: TRIES_IN_ALL };
  for (const part of parts(model)) {
    const open = part.sessions.some((s) => canEverFill(s) && !isFilled(model, s));
    if (open) improvePart(plan, part, canEverFill, budget);
    else evenOut(plan, part.people);
  }
}
