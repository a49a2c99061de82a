/**
 * Solves one connected part of the rota: first the fill (planner-fill.ts), then fairness.
 *
 * Each person's share is load / available sessions. With r = n/d, person p may take
 * floor(r * available_p) sessions in total (what they already hold counts). The smallest r among
 * the fractions j / available_p for which the flow still fills every session is found on a ladder
 * of about 256 rungs from zero, then by binary search inside the last gap, warm-started from the
 * rung below. Raising caps only ever adds flow to a person, so the ladder also evens out the
 * loads under the largest (at every rung the total of min(load, cap) is as large as possible).
 */
import { fill } from './planner-fill';
import { type ComponentDemand, type ComponentNetwork, assignedPeople, buildNetwork, maxFlow } from './planner-network';
import type { RotaModel } from './planner-model';

interface Fraction {
  n: number;
  d: number;
}

const RUNGS = 256;

function shareLevels(denominators: number[]): Fraction[] {
  const levels: Fraction[] = [];
  for (const d of new Set(denominators)) for (let n = 0; n <= d; n++) levels.push({ n, d });
  levels.sort((x, y) => x.n * y.d - y.n * x.d || x.d - y.d);
  return levels.filter((f, i) => i === 0 || f.n * levels[i - 1].d !== levels[i - 1].n * f.d);
}

function setLevel(model: RotaModel, c: ComponentNetwork, level: Fraction, held: number[]): void {
  c.persons.forEach((p, j) => {
    const total = Math.floor((level.n * model.available[p]) / level.d);
    c.net.setCapacity(c.sinkArcs[j], Math.max(0, total - held[j], c.net.flowOn(c.sinkArcs[j])));
  });
}

function fairFlow(model: RotaModel, c: ComponentNetwork): void {
  const held = c.persons.map((p) => model.ledger.plannedCount(p));
  const levels = shareLevels(c.persons.map((p) => model.available[p]).filter((a) => a > 0));
  const step = Math.max(1, Math.ceil(levels.length / RUNGS));
  let flow = 0;
  let below = c.net.snapshot();
  let belowFlow = 0;
  let lo = 0;
  let hi = levels.length - 1;
  for (let i = 0; ; i = Math.min(i + step, hi)) {
    setLevel(model, c, levels[i], held);
    flow += maxFlow(c);
    if (flow === c.demand) {
      hi = i;
      break;
    }
    if (i === hi) throw new Error('fair flow cannot fill what the fill phase filled');
    below = c.net.snapshot();
    belowFlow = flow;
    lo = i + 1;
  }
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    c.net.restore(below);
    setLevel(model, c, levels[mid], held);
    const reached = belowFlow + maxFlow(c);
    if (reached === c.demand) hi = mid;
    else {
      below = c.net.snapshot();
      belowFlow = reached;
      lo = mid + 1;
    }
  }
  c.net.restore(below);
  setLevel(model, c, levels[hi], held);
  if (belowFlow + maxFlow(c) !== c.demand) throw new Error('fair flow lost its optimum');
}

/** Fills what it can of one part fairly and books it; returns the sessions it had to leave. */
export function solveComponent(model: RotaModel, demands: ComponentDemand[], bufferMs: number): number[] {
  const filled = fill(buildNetwork(model, demands, bufferMs));
  const c = buildNetwork(model, filled, bufferMs);
  fairFlow(model, c);
  for (const s of c.sessions) {
    const session = model.sessions[s.demand.session];
    for (const p of assignedPeople(c, s)) {
      model.members[session.index].push(p);
      model.ledger.add(p, session, session.index);
    }
  }
  const kept = new Set(filled.map((d) => d.session));
  return demands.filter((d) => !kept.has(d.session)).map((d) => d.session);
}
