/**
 * One connected part of the rota as a flow network (people shared between sessions link them):
 *
 *   source -[1 if no trained person yet]-> T(s) -[1]-> trained candidates p
 *   source -[the rest of the need]------> A(s) -[1]-> untrained candidates p;  A(s) -> T(s)
 *   p's arc from a session ends at W(p, week) -[room under the weekly cap]-> P(p) -[fair cap]-> sink
 *   (at P(p) directly when p has no cap)
 *
 * Everything T(s) passes on goes to trained people, so a full session has one trained at least;
 * one arc per (session, person) with capacity 1 keeps a person to one place in a session. When
 * some of a person's candidate sessions in one week clash with each other (buffer included), their
 * arcs meet first at a cluster node C(p, cluster) -[1]-> W(p, week), so the person works one of
 * them. For clashes that form a clique (the usual case: sessions at the same time) this is exact;
 * for chains (A clashes with B, B with C, not A with C) it is a safe restriction that the repair
 * step can lift. Clashes across a week boundary keep the earlier week.
 */
import { FlowNetwork } from './planner-flow';
import type { RotaModel } from './planner-model';

const SOURCE = 0;
const SINK = 1;
const UNLIMITED = 1 << 30;
/** The cluster key of a session that clashes with none of the person's other candidates. */
const ALONE = -1;

export interface ComponentDemand {
  session: number;
  /** People still needed, and whether one of them must be trained. */
  need: number;
  trained: boolean;
  candidates: number[];
}

interface PairArc {
  person: number;
  arc: number;
}

export interface SessionArcs {
  demand: ComponentDemand;
  source: number[];
  pairs: PairArc[];
}

export interface ComponentNetwork {
  net: FlowNetwork;
  sessions: SessionArcs[];
  persons: number[];
  sinkArcs: number[];
  demand: number;
}

function clusterKeys(model: RotaModel, sessions: number[], bufferMs: number): Map<number, number> {
  const sorted = [...sessions].sort((a, b) => a - b);
  const keys = new Map<number, number>();
  let cluster = -1;
  let reach = -Infinity;
  let week = '';
  for (const s of sorted) {
    const times = model.sessions[s];
    if (times.start < reach) {
      if (times.weekKey === week) {
        keys.set(s, cluster);
        reach = Math.max(reach, times.end + bufferMs);
      }
      continue;
    }
    cluster = s;
    week = times.weekKey;
    reach = times.end + bufferMs;
    keys.set(s, cluster);
  }
  const sizes = new Map<number, number>();
  for (const c of keys.values()) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  for (const [s, c] of keys) if (sizes.get(c) === 1) keys.set(s, ALONE);
  return keys;
}

export function buildNetwork(model: RotaModel, demands: ComponentDemand[], bufferMs: number): ComponentNetwork {
  const byPerson = new Map<number, number[]>();
  for (const d of demands) {
    for (const p of d.candidates) {
      const list = byPerson.get(p);
      if (list) list.push(d.session);
      else byPerson.set(p, [d.session]);
    }
  }
  const persons = [...byPerson.keys()].sort((a, b) => a - b);
  const clusters = new Map(persons.map((p) => [p, clusterKeys(model, byPerson.get(p) as number[], bufferMs)]));
  const pairCount = demands.reduce((n, d) => n + d.candidates.length, 0);
  const nodeCount = 2 + 2 * demands.length + 2 * pairCount + persons.length;
  const net = new FlowNetwork(nodeCount, 3 * demands.length + 2 * pairCount + 2 * persons.length);
  let nextNode = 2;
  const personNode = new Map<number, number>();
  const sinkArcs = persons.map((p) => {
    const node = nextNode++;
    personNode.set(p, node);
    return net.addArc(node, SINK, UNLIMITED);
  });
  const weekNode = new Map<string, number>();
  const weekFor = (p: number, weekKey: string): number => {
    const room = model.ledger.weekRoom(p, weekKey);
    if (room === Infinity) return personNode.get(p) as number;
    const key = `${p}:${weekKey}`;
    let node = weekNode.get(key);
    if (node === undefined) {
      node = nextNode++;
      weekNode.set(key, node);
      net.addArc(node, personNode.get(p) as number, Math.max(0, room));
    }
    return node;
  };
  const clusterNode = new Map<number, number>();
  const endFor = (p: number, s: number): number | undefined => {
    const cluster = clusters.get(p)?.get(s);
    if (cluster === undefined) return undefined;
    if (cluster === ALONE) return weekFor(p, model.sessions[s].weekKey);
    const key = cluster * model.persons.length + p;
    let node = clusterNode.get(key);
    if (node === undefined) {
      node = nextNode++;
      clusterNode.set(key, node);
      net.addArc(node, weekFor(p, model.sessions[cluster].weekKey), 1);
    }
    return node;
  };
  let demand = 0;
  const sessions = demands.map((d) => {
    const trainedNode = nextNode++;
    const anyNode = nextNode++;
    const trainedNeed = d.trained ? 1 : 0;
    const source = [net.addArc(SOURCE, trainedNode, trainedNeed), net.addArc(SOURCE, anyNode, d.need - trainedNeed)];
    net.addArc(anyNode, trainedNode, d.need);
    demand += d.need;
    const pairs: PairArc[] = [];
    for (const p of d.candidates) {
      const end = endFor(p, d.session);
      if (end === undefined) continue;
      pairs.push({ person: p, arc: net.addArc(model.persons[p].trained ? trainedNode : anyNode, end, 1) });
    }
    return { demand: d, source, pairs };
  });
  return { net, sessions, persons, sinkArcs, demand };
}

export function flowInto(c: ComponentNetwork, s: SessionArcs): number {
  return s.source.reduce((n, arc) => n + c.net.flowOn(arc), 0);
}

export function maxFlow(c: ComponentNetwork): number {
  return c.net.maxFlow(SOURCE, SINK);
}

/** Takes every unit of flow out of a session and closes its source arcs. */
export function closeSession(c: ComponentNetwork, s: SessionArcs): number {
  let removed = 0;
  for (const arc of s.source) {
    for (let units = c.net.flowOn(arc); units > 0; units--) {
      c.net.pushBack(arc, 1);
      let node = c.net.target(arc);
      while (node !== SINK) {
        let step = -1;
        for (const e of c.net.arcsFrom(node)) {
          if (c.net.flowOn(e) > 0) {
            step = e;
            break;
          }
        }
        c.net.pushBack(step, 1);
        node = c.net.target(step);
      }
      removed++;
    }
    c.net.setCapacity(arc, 0);
  }
  return removed;
}

export function openSession(c: ComponentNetwork, s: SessionArcs): void {
  const trainedNeed = s.demand.trained ? 1 : 0;
  c.net.setCapacity(s.source[0], trainedNeed);
  c.net.setCapacity(s.source[1], s.demand.need - trainedNeed);
}

/** People carrying flow into each session. */
export function assignedPeople(c: ComponentNetwork, s: SessionArcs): number[] {
  return s.pairs.filter((pair) => c.net.flowOn(pair.arc) > 0).map((pair) => pair.person);
}
