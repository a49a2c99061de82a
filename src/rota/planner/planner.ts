/**
 * The facilitator-rota planner: plain data in, plain data out, deterministic (everything is
 * ordered by time and id; there is no randomness).
 *
 * Hard rules, never broken: a filled session has exactly facilitatorsPerSession people from the
 * ward's active pool, at least one trained, the lead trained; availability windows contain the
 * session; nobody works on an absence day; maxSessionsPerWeek holds per ward-local ISO week,
 * counting fixed bookings; nobody has two bookings closer than the buffer, across wards. A
 * session that cannot be filled is left empty (never half-staffed) and reported with a reason.
 * Locked sessions are never changed.
 *
 * Objectives, in order: (0) fill as many sessions as possible; (1) keep current valid
 * assignments (unless rebalance); (2) fairness: minimise the largest share, where a person's
 * share = sessions they work in the window / sessions in the window they could work at all (in
 * the pool, active, available, not absent); then even out the other shares; (3) rotate pairs
 * and leads.
 *
 * Method: keep what is valid, then for each connected part (people shared by sessions link
 * them) build a flow network whose capacities are the rules (planner-network.ts). A maximum flow
 * fills, with all-or-nothing sessions handled by closing and exchanging sessions
 * (planner-fill.ts); the smallest share level at which the flow still fills the same sessions is
 * found exactly on a ladder plus binary search over the fractions j / available
 * (planner-fairness.ts). What the flow cannot express (clash chains, kept people in the way) is
 * left to a repair search on the exact rules (planner-repair.ts); if kept people still block a
 * session, they are released and the plan is made again, up to three times. Pair swaps and lead
 * choice come last (planner-rotation.ts).
 *
 * Exactness: the largest share is the optimum whenever clashes between one person's candidate
 * sessions form cliques (the usual case; tests check it against a MIP). Filling the most sessions
 * is NP-hard in general (all-or-nothing sessions, clash chains); the flow plus local search
 * reached the MIP maximum on every random instance we tried, but it is not a proof.
 * Speed: flows are polynomial and each part is solved alone, so time grows about linearly with
 * the number of parts and with the horizon.
 */
import { buildModel, type RotaModel } from './planner-model';
import { solveComponent } from './planner-fairness';
import type { ComponentDemand } from './planner-network';
import { chooseAndEvenOut } from './planner-choice';
import { Plan } from './planner-exchange';
import { repairUnfilled } from './planner-repair';
import { assignLeads, rotatePairs } from './planner-rotation';
import { hasTrained } from './planner-rules';
import { sameAssignment, sessionBreaches, summariseRota } from './summary';
import type { PlannerInput, PlannerResult, RoleAssignment } from './planner.types';

export { checkAssignment } from './planner-rules';
export type { ManualAssignmentCheck } from './planner-rules';

function openDemands(model: RotaModel): ComponentDemand[] {
  const demands: ComponentDemand[] = [];
  for (const s of model.sessions) {
    const members = model.members[s.index];
    if (model.intact[s.index] || members.length >= s.need) continue;
    demands.push({
      session: s.index,
      need: s.need - members.length,
      trained: !hasTrained(members, trainedOf(model)),
      candidates: model.eligible[s.index].filter((p) => !members.includes(p) && model.ledger.fits(p, s)),
    });
  }
  return demands;
}

const trainedOf =
  (model: RotaModel) =>
  (p: number): boolean =>
    model.persons[p].trained;

function canFlow(model: RotaModel, d: ComponentDemand): boolean {
  return d.candidates.length >= d.need && (!d.trained || hasTrained(d.candidates, trainedOf(model)));
}

/** Groups demands whose sessions share a candidate (union-find over sessions and people). */
function components(model: RotaModel, demands: ComponentDemand[]): ComponentDemand[][] {
  const parent = Array.from({ length: model.sessions.length + model.persons.length }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const d of demands) for (const p of d.candidates) parent[find(model.sessions.length + p)] = find(d.session);
  const groups = new Map<number, ComponentDemand[]>();
  for (const d of demands) {
    const root = find(d.session);
    const group = groups.get(root);
    if (group) group.push(d);
    else groups.set(root, [d]);
  }
  return [...groups.values()];
}

/** Keeps, books and repairs; returns the model and the sessions left empty. */
function planOnce(input: PlannerInput, released: ReadonlySet<string>): { model: RotaModel; unfilled: number[] } {
  const model = buildModel(input, released);
  const bufferMs = input.bufferMinutes * 60_000;
  const demands = openDemands(model);
  const open = demands.filter((d) => !canFlow(model, d)).map((d) => d.session);
  for (const part of components(model, demands.filter((d) => canFlow(model, d)))) {
    open.push(...solveComponent(model, part, bufferMs));
  }
  return { model, unfilled: repairUnfilled(model, open.sort((a, b) => a - b)) };
}

/** Kept people whose bookings stand between an empty session and someone who could work it. */
function keptBlockers(model: RotaModel, unfilled: number[]): string[] {
  const pairs = new Set<string>();
  for (const u of unfilled) {
    const session = model.sessions[u];
    for (const p of model.eligible[u]) {
      const full = model.ledger.weekRoom(p, session.weekKey) < 1;
      const clashing = model.ledger.clashing(p, session);
      for (const b of model.ledger.sessionsOf(p)) {
        if (b.session < 0 || !model.kept[b.session].has(p)) continue;
        const blocks = (full && b.weekKey === session.weekKey) || clashing.includes(b);
        if (blocks) pairs.add(`${model.sessions[b.session].input.id}|${model.persons[p].input.id}`);
      }
    }
  }
  return [...pairs].sort();
}

/** Sessions whose people differ from their current assignment (roles aside). */
function changedCount(model: RotaModel): number {
  let n = 0;
  for (const s of model.sessions) {
    if (model.intact[s.index]) continue;
    const ids = new Set(model.members[s.index].map((p) => model.persons[p].input.id));
    if (ids.size !== s.input.current.length || s.input.current.some((a) => !ids.has(a.facilitatorId))) n++;
  }
  return n;
}

type Attempt = ReturnType<typeof planOnce>;
const better = (a: Attempt, b: Attempt): boolean =>
  a.unfilled.length < b.unfilled.length || (a.unfilled.length === b.unfilled.length && changedCount(a.model) < changedCount(b.model));

/** Re-plans that release one more kept seat, at most this many in all. */
const RELEASE_TRIES = 24;

export function planRota(input: PlannerInput): PlannerResult {
  const released = new Set<string>();
  let best = planOnce(input, released);
  let tries = RELEASE_TRIES;
  // Kept people who block an empty session are released one seat at a time, the release that
  // fills most (then changes least) first, so the re-plan changes only what the rules force.
  while (best.unfilled.length > 0 && tries > 0) {
    const more = keptBlockers(best.model, best.unfilled).filter((pair) => !released.has(pair));
    if (more.length === 0) break;
    let pick: { pair: string; next: Attempt } | null = null;
    for (const pair of more) {
      if (tries-- <= 0) break;
      const next = planOnce(input, new Set([...released, pair]));
      if (next.unfilled.length < best.unfilled.length && (!pick || better(next, pick.next))) pick = { pair, next };
    }
    if (pick) {
      released.add(pick.pair);
      best = pick.next;
      continue;
    }
    // No single seat is enough: release them all together, once.
    const next = planOnce(input, new Set([...released, ...more]));
    if (next.unfilled.length >= best.unfilled.length) break;
    for (const pair of more) released.add(pair);
    best = next;
  }
  return finish(input, best.model);
}

function finish(input: PlannerInput, model: RotaModel): PlannerResult {
  chooseAndEvenOut(new Plan(model));
  rotatePairs(model);
  const roles = assignLeads(
    model,
    model.persons.map((p) => p.input.id),
  );
  const assignments: Record<string, RoleAssignment[]> = {};
  const changed: string[] = [];
  for (const s of model.sessions) {
    const list = model.intact[s.index] ? s.input.current.map((a) => ({ ...a })) : (roles.get(s.index) ?? []);
    assignments[s.input.id] = list;
    if (!sameAssignment(list, s.input.current)) changed.push(s.input.id);
  }
  const summary = summariseRota(input, assignments);
  const locked = input.sessions.filter((s) => s.locked);
  return {
    assignments,
    unfilled: summary.unfilled,
    load: summary.load,
    changed,
    lockedIssues: sessionBreaches(input, locked, (s) => s.current),
    fairness: summary.fairness,
    summary,
  };
}
