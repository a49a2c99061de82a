/**
 * The facilitator-rota planner: plain data in, plain data out, deterministic (everything is
 * ordered by time and id; there is no randomness, and every search has a fixed budget of steps,
 * never of time).
 *
 * Hard rules, never broken: a filled session has exactly facilitatorsPerSession people from the
 * ward's active pool, at least one trained, the lead trained; availability windows contain the
 * session; nobody works on an absence day; maxSessionsPerWeek holds per ward-local ISO week,
 * counting fixed bookings; nobody has two bookings closer than the buffer, across wards. A
 * session that cannot be filled is left empty (never half-staffed) and reported with a reason.
 * Locked sessions are never changed. Every step that books someone checks the exact rules on the
 * booking ledger (planner-ledger.ts), so whatever a model simplifies, no path can break a rule.
 *
 * Objectives, in this order:
 *  (0) fill as many sessions as possible;
 *  (1) keep current valid assignments (re-planning): the sessions changed are as few as the
 *      search finds; with rebalance the current rota is the starting point and the tie-break;
 *  (2) fairness, lexicographic: a person's share = sessions they work in the window / sessions
 *      in the window they could work at all (pool, active, available, not absent); the plan
 *      minimises the vector of everyone's shares sorted largest first, lexicographically (the
 *      largest share first, then the second largest, and so on: "even out" means exactly this);
 *  (3) rotate pairs and leads (changes nobody's load).
 * The filled set is chosen together with fairness: among ways to fill as many sessions, the
 * fairer one wins (planner-choice.ts).
 *
 * Method, per connected part (people who could work two sessions link them):
 *  1. Keep what is valid; a flow network whose capacities are the rules (planner-network.ts) fills
 *     the open seats: a maximum flow, with all-or-nothing sessions closed and exchanged
 *     (planner-fill.ts), at the smallest largest share the flow allows (planner-fairness.ts).
 *  2. What the flow cannot express (clash chains, kept people in the way) goes to a repair search
 *     of ejection chains on the exact rules, shallowest first (planner-repair.ts). Kept people who
 *     still block an empty session are released one seat at a time, the release that fills most
 *     and changes least first, so a re-plan changes only what the rules force.
 *  3. Choice of the filled set (planner-choice.ts): where a part leaves sessions empty, empty one
 *     filled session, fill an empty one, refill what fits, and keep it when the result is better
 *     in the order above (fill, changes, shares). A re-plan that still leaves a session empty
 *     is also made with each session a fact broke given up (left empty), since refilling it can
 *     cost more changes than keeping another whole at the same fill; the best plan in the order
 *     above wins (at most GIVE_UP_TRIES extra plans).
 *  4. Lexicographic evening-out (planner-exchange.ts): exchange chains that hand one session
 *     from a person j to a person i through people whose load stays the same, whenever that lowers
 *     the sorted vector, until none is left.
 *  5. Pair swaps and lead choice (planner-rotation.ts).
 *
 * What is exact, and what is not:
 *  - Given the filled set, when each person's candidate sessions clash only in cliques nested in
 *    weeks (the usual case: sessions at the same time), the load vectors the part can reach form
 *    an integral polymatroid base set; there a vector with no improving exchange minimises a
 *    separable convex function that orders vectors like the lexicographic order, so step 4 ends
 *    at the exact lexicographic optimum (the largest share included). Tests check it against an
 *    exact MIP (planner-oracle.testkit.ts).
 *  - With clash chains (A clashes with B, B with C, not A with C) that set is not a polymatroid:
 *    step 4 ends at a local optimum (exchange chains still cross chains, so a person can work
 *    both ends of one), usually the optimum, not always.
 *  - Filling the most sessions, and choosing which, is NP-hard in general (all-or-nothing
 *    sessions); steps 1-3 are exact flows plus local search with fixed budgets, not a proof. An
 *    exact solver (the highs MIP the test kit uses) takes 300-900 ms for the lexicographic share
 *    of one ward-quarter, well over this planner's budget of 100 ms, so none is run here.
 * Speed: flows are polynomial, each part is solved alone, bookings are indexed by day (a fit
 * check reads only the session's days), so time grows about linearly with the number of parts
 * and with the horizon.
 */
import { buildModel, type RotaModel } from './planner-model';
import { solveComponent } from './planner-fairness';
import type { ComponentDemand } from './planner-network';
import { chooseAndEvenOut } from './planner-choice';
import { compareShares, Plan } from './planner-exchange';
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
function planOnce(
  input: PlannerInput,
  released: ReadonlySet<string>,
  givenUp: ReadonlySet<string> = new Set(),
): { model: RotaModel; unfilled: number[] } {
  const model = buildModel(input, released);
  const bufferMs = input.bufferMinutes * 60_000;
  const demands = openDemands(model).filter((d) => !givenUp.has(model.sessions[d.session].input.id));
  const open = demands.filter((d) => !canFlow(model, d)).map((d) => d.session);
  for (const part of components(
    model,
    demands.filter((d) => canFlow(model, d)),
  )) {
    open.push(...solveComponent(model, part, bufferMs));
  }
  return {
    model,
    unfilled: repairUnfilled(
      model,
      open.sort((a, b) => a - b),
    ),
  };
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

/** Keeps, releases kept blockers one seat at a time, then chooses and evens out (see the header). */
function planWith(input: PlannerInput, givenUp: ReadonlySet<string>): PlannerResult {
  const released = new Set<string>();
  for (const s of input.sessions) if (givenUp.has(s.id)) for (const a of s.current) released.add(`${s.id}|${a.facilitatorId}`);
  let best = planOnce(input, released, givenUp);
  let tries = RELEASE_TRIES;
  // Kept people who block an empty session are released one seat at a time, the release that
  // fills most (then changes least) first, so the re-plan changes only what the rules force.
  while (best.unfilled.length > 0 && tries > 0) {
    const more = keptBlockers(best.model, best.unfilled).filter((pair) => !released.has(pair));
    if (more.length === 0) break;
    let pick: { pair: string; next: Attempt } | null = null;
    for (const pair of more) {
      if (tries-- <= 0) break;
      const next = planOnce(input, new Set([...released, pair]), givenUp);
      if (next.unfilled.length < best.unfilled.length && (!pick || better(next, pick.next))) pick = { pair, next };
    }
    if (pick) {
      released.add(pick.pair);
      best = pick.next;
      continue;
    }
    // No single seat is enough: release them all together, once.
    const next = planOnce(input, new Set([...released, ...more]), givenUp);
    if (next.unfilled.length >= best.unfilled.length) break;
    for (const pair of more) released.add(pair);
    best = next;
  }
  return finish(input, best.model, givenUp);
}

/** People-based: a session changed when it lost or gained someone (roles aside), as the judge counts. */
function peopleChanged(input: PlannerInput, result: PlannerResult): number {
  let n = 0;
  for (const s of input.sessions) {
    const now = new Set((result.assignments[s.id] ?? []).map((a) => a.facilitatorId));
    if (now.size !== s.current.length || s.current.some((a) => !now.has(a.facilitatorId))) n++;
  }
  return n;
}

function sortedShares(result: PlannerResult): [number, number][] {
  return result.load
    .filter((l) => l.availableSessions > 0)
    .map((l): [number, number] => [l.sessions, l.availableSessions])
    .sort((x, y) => y[0] * x[1] - x[0] * y[1]);
}

/** Fill, then (re-planning) fewer sessions changed, then the lexicographically smaller shares. */
function betterResult(input: PlannerInput, a: PlannerResult, b: PlannerResult): boolean {
  if (a.unfilled.length !== b.unfilled.length) return a.unfilled.length < b.unfilled.length;
  const changes = peopleChanged(input, a) - peopleChanged(input, b);
  if (changes !== 0) return changes < 0;
  return compareShares(sortedShares(a), sortedShares(b)) < 0;
}

/** At most this many broken sessions are tried as given up. */
const GIVE_UP_TRIES = 8;

/**
 * When a re-plan cannot fill everything, refilling a session a fact broke may cost more changes
 * than leaving it empty and keeping another session whole at the same fill (an absence takes a
 * person from s10, refilling s10 takes the last free person of s07). So each broken session is
 * also tried as given up, and the best plan in the order of objectives is kept.
 */
export function planRota(input: PlannerInput): PlannerResult {
  let best = planWith(input, new Set());
  if (input.rebalance || best.unfilled.length === 0) return best;
  const broken = input.sessions.filter(
    (s) =>
      !s.locked &&
      s.current.length > 0 &&
      best.summary.unfilled.every((u) => u.sessionId !== s.id) &&
      sessionBreaches(input, [s], (x) => x.current).length > 0,
  );
  for (const s of broken.slice(0, GIVE_UP_TRIES)) {
    const next = planWith(input, new Set([s.id]));
    if (betterResult(input, next, best)) best = next;
  }
  return best;
}

function finish(input: PlannerInput, model: RotaModel, givenUp: ReadonlySet<string>): PlannerResult {
  chooseAndEvenOut(new Plan(model), givenUp);
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
