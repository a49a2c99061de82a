/**
 * The fill phase: a maximum flow with no fairness cap. Sessions are all-or-nothing and each
 * counts once, so while the flow cannot meet the whole demand the unsaturated session with the
 * least flow (then the largest need) is closed and its units go back to the others. Then two
 * local searches on the network: reopen closed sessions one at a time, and try closing one
 * filled session that shares people with closed ones to reopen two or more of them.
 */
import { type ComponentDemand, type ComponentNetwork, closeSession, flowInto, maxFlow, openSession } from './planner-network';

const EXCHANGE_FLOWS = 3000;

function closeUntilSaturated(c: ComponentNetwork, closed: Set<number>): void {
  let demand = c.demand - [...closed].reduce((n, i) => n + c.sessions[i].demand.need, 0);
  let flow = maxFlow(c);
  while (flow < demand) {
    let pick = -1;
    let pickFlow = Infinity;
    c.sessions.forEach((s, i) => {
      const f = flowInto(c, s);
      if (closed.has(i) || f >= s.demand.need) return;
      if (f < pickFlow || (f === pickFlow && s.demand.need > c.sessions[pick].demand.need)) {
        pick = i;
        pickFlow = f;
      }
    });
    flow -= closeSession(c, c.sessions[pick]);
    demand -= c.sessions[pick].demand.need;
    closed.add(pick);
    flow += maxFlow(c);
  }
}

/** Reopens each closed session the flow can now fully serve (small and hard to staff first); returns how many. */
function reopen(c: ComponentNetwork, closed: Set<number>, budget: { flows: number }, skip = -1): number {
  let reopened = 0;
  const sessions = c.sessions;
  const byNeed = (a: number, b: number): number =>
    sessions[a].demand.need - sessions[b].demand.need || sessions[a].pairs.length - sessions[b].pairs.length || a - b;
  for (const i of [...closed].sort(byNeed)) {
    if (i === skip) continue;
    if (budget.flows-- <= 0) break;
    const before = c.net.snapshot();
    openSession(c, c.sessions[i]);
    if (maxFlow(c) === c.sessions[i].demand.need) {
      closed.delete(i);
      reopened++;
    } else c.net.restore(before);
  }
  return reopened;
}

function sharesPeople(c: ComponentNetwork, i: number, closed: Set<number>): boolean {
  const mine = new Set(c.sessions[i].pairs.map((p) => p.person));
  return [...closed].some((j) => c.sessions[j].pairs.some((p) => mine.has(p.person)));
}

function exchange(c: ComponentNetwork, closed: Set<number>, budget: { flows: number }): boolean {
  const order = c.sessions
    .map((s, i) => i)
    .filter((i) => !closed.has(i) && c.sessions[i].demand.need >= 2 && sharesPeople(c, i, closed))
    .sort((a, b) => c.sessions[b].demand.need - c.sessions[a].demand.need || a - b);
  for (const i of order) {
    if (budget.flows <= 0) return false;
    const before = c.net.snapshot();
    const closedBefore = new Set(closed);
    closeSession(c, c.sessions[i]);
    closed.add(i);
    if (reopen(c, closed, budget, i) >= 2) return true;
    c.net.restore(before);
    closed.clear();
    for (const j of closedBefore) closed.add(j);
  }
  return false;
}

/** Fills as many sessions as it can find; returns the demands it kept open. */
export function fill(c: ComponentNetwork): ComponentDemand[] {
  const closed = new Set<number>();
  closeUntilSaturated(c, closed);
  const budget = { flows: EXCHANGE_FLOWS };
  reopen(c, closed, budget);
  while (closed.size > 0 && exchange(c, closed, budget));
  return c.sessions.filter((_, i) => !closed.has(i)).map((s) => s.demand);
}
