/**
 * Lexicographic evening-out on the exact rules: exchange chains that move one session of load
 * from a person j to a person i when that lowers the sorted vector of shares (see improves), while
 * everyone between keeps their load: j leaves session s1, k1 takes s1 and leaves s2, k2 takes s2
 * and leaves s3, ..., i takes the last one. Every step is checked on the ledger (clash with the
 * buffer, weekly cap, the trained rule); sessions on a chain are distinct, and so are people but
 * for the one who ends it, who may be on it already (checked with their own changes on the chain
 * applied: that is how a person comes to work both ends of a clash chain), so the chain as a whole
 * keeps every hard rule. Kept, pinned and locked seats never move.
 *
 * Each such move strictly lowers the vector of shares sorted largest first. Where the load
 * vectors a part can reach form an integral polymatroid base set (clashes nested in cliques inside
 * weeks: the flow network's case), a vector with no improving move is the lexicographic optimum,
 * and the chains found here are the flow's residual paths, so the fixed point is exact there.
 * With clash chains the set is not a polymatroid and the fixed point is a local optimum.
 *
 * The search is a breadth-first search over "session s is being handed on by person g".
 */
import type { RotaModel } from './planner-model';
import { hasTrained } from './planner-rules';

interface State {
  session: number;
  giver: number;
  parent: number;
  depth: number;
}

/** The plan being changed: members, ledger and loads move together, and every change is journalled so it can be undone. */
export class Plan {
  readonly load: number[];
  /** While set, chains use only sessions with an index in [from, to) (sessions are in time order). */
  scope: { from: number; to: number } | null = null;
  private readonly journal: { add: boolean; p: number; s: number }[] = [];

  constructor(readonly model: RotaModel) {
    this.load = model.persons.map((p) => model.ledger.plannedCount(p.index));
  }

  /** A seat the plan may move: not pinned by a lock, and not kept from the current rota unless rebalancing. */
  movable(p: number, s: number): boolean {
    const m = this.model;
    if (this.scope && (s < this.scope.from || s >= this.scope.to)) return false;
    return !m.intact[s] && !m.pinned[s].has(p) && (m.rebalance || !m.kept[s].has(p));
  }

  add(p: number, s: number): void {
    const m = this.model;
    m.members[s].push(p);
    m.ledger.add(p, m.sessions[s], s);
    this.load[p]++;
    this.journal.push({ add: true, p, s });
  }

  remove(p: number, s: number): void {
    const m = this.model;
    m.members[s].splice(m.members[s].indexOf(p), 1);
    m.ledger.remove(p, s);
    this.load[p]--;
    this.journal.push({ add: false, p, s });
  }

  mark(): number {
    return this.journal.length;
  }

  /** Undoes every change made since the mark. */
  undo(mark: number): void {
    while (this.journal.length > mark) {
      const { add, p, s } = this.journal.pop() as { add: boolean; p: number; s: number };
      if (add) this.remove(p, s);
      else this.add(p, s);
      this.journal.pop();
    }
  }

  /** (load_a + da) / avail_a compared with (load_b + db) / avail_b: negative when a's is smaller. */
  compare(a: number, da: number, b: number, db: number): number {
    const av = this.model.available;
    return (this.load[a] + da) * av[b] - (this.load[b] + db) * av[a];
  }

  /** Shares of everyone who could work at all, largest first, as [load, available] pairs. */
  sortedShares(): [number, number][] {
    const av = this.model.available;
    const out: [number, number][] = [];
    for (let p = 0; p < this.load.length; p++) if (av[p] > 0) out.push([this.load[p], av[p]]);
    return out.sort((x, y) => y[0] * x[1] - x[0] * y[1]);
  }
}

/** Negative when share vector a (sorted largest first) is lexicographically smaller than b. */
export function compareShares(a: [number, number][], b: [number, number][]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = a[i][0] * b[i][1] - b[i][0] * a[i][1];
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Moving one session from j to k lowers the sorted vector: the pair (x_j/a_j, x_k/a_k) becomes
 * ((x_k+1)/a_k, (x_j-1)/a_j), better when the larger of the new pair is below x_j/a_j, or equal
 * to it while the smaller drops below x_k/a_k (a tie at the top, a gain below it).
 */
function improves(plan: Plan, k: number, j: number): boolean {
  const top = plan.compare(k, 1, j, 0);
  return top < 0 || (top === 0 && plan.compare(j, -1, k, 0) < 0);
}

/** k is the better receiver: a lower share after taking one, then (a tie) a higher share before. */
function receivesBetter(plan: Plan, k: number, other: number): boolean {
  const after = plan.compare(k, 1, other, 1);
  return after < 0 || (after === 0 && plan.compare(k, 0, other, 0) > 0);
}

/** Sessions a person holds on movable seats, in session order. */
function movableSessions(plan: Plan, p: number): number[] {
  const out: number[] = [];
  for (const b of plan.model.ledger.sessionsOf(p)) if (b.session >= 0 && plan.movable(p, b.session)) out.push(b.session);
  return out.sort((x, y) => x - y);
}

/**
 * When k cannot take session s on top of their bookings: the movable sessions k could leave to
 * take it, the one clashing session (its week keeps room) or any session of the full week. The
 * one rule of a hand-on, shared by the chain search and the reach estimate.
 */
function seatsToLeave(plan: Plan, k: number, s: number): { seats: number[]; clash: boolean } {
  const { ledger, sessions } = plan.model;
  const clash = ledger.clashing(k, sessions[s]);
  if (clash.length > 1) return { seats: [], clash: true };
  const week = sessions[s].weekKey;
  if (clash.length === 1) {
    const b = clash[0].session;
    const leaves = b >= 0 && plan.movable(k, b) && (sessions[b].weekKey === week || ledger.weekRoom(k, week) >= 1);
    return { seats: leaves ? [b] : [], clash: true };
  }
  return { seats: movableSessions(plan, k).filter((b) => sessions[b].weekKey === week), clash: false };
}

/** Finds and applies a shortest improving chain from person j (the best receiver at that length); true when it moved something. */
function improveFrom(plan: Plan, j: number, budget: { steps: number }): boolean {
  const { model } = plan;
  const { members, eligible, persons, ledger, sessions } = model;
  const trained = (p: number): boolean => persons[p].trained;
  const states: State[] = [];
  /** Seats (session, giver) in the search, by who handed on to them. */
  const seenSession = new Map<number, number>();
  const expanded = new Set<number>([j]);
  const width = persons.length;
  for (const s of movableSessions(plan, j)) {
    states.push({ session: s, giver: j, parent: -1, depth: 0 });
    seenSession.set((s * width + j) * width + j, 1);
  }
  const sessionOnPath = (t: number, s: number): boolean => {
    for (let x = t; x >= 0; x = states[x].parent) if (states[x].session === s) return true;
    return false;
  };
  const onPath = (t: number, k: number): boolean => {
    for (let x = t; x >= 0; x = states[x].parent) if (states[x].giver === k) return true;
    return false;
  };
  const fitsAfterChain = (t: number, k: number, s: number): boolean => {
    const drops: number[] = [];
    const takes: number[] = [];
    for (let x = t; x >= 0; x = states[x].parent) {
      if (states[x].giver !== k) continue;
      drops.push(states[x].session);
      if (states[x].parent >= 0) takes.push(states[states[x].parent].session);
    }
    for (const d of drops) ledger.remove(k, d);
    for (const x of takes) ledger.add(k, sessions[x], x);
    const fits = ledger.fits(k, sessions[s]);
    for (const x of takes) ledger.remove(k, x);
    for (const d of drops) ledger.add(k, sessions[d], d);
    return fits;
  };
  let best: { state: number; taker: number } | null = null;
  for (let t = 0; t < states.length; t++) {
    if (--budget.steps < 0) break;
    // The shortest chains first: once one improves, finish its depth and stop (fewer sessions change).
    if (best && states[t].depth > states[best.state].depth) break;
    const { session: s, giver: g, depth } = states[t];
    const team = members[s].filter((m) => m !== g);
    const needTrained = !hasTrained(team, trained);
    const push = (next: number, k: number): void => {
      // A seat is searched once per person handing on to it: that person may come back to end the chain.
      const key = (next * width + k) * width + g;
      if (seenSession.has(key) || sessionOnPath(t, next)) return;
      seenSession.set(key, 1);
      states.push({ session: next, giver: k, parent: t, depth: depth + 1 });
    };
    for (const k of eligible[s]) {
      if (k === g || k === j || members[s].includes(k) || (needTrained && !trained(k))) continue;
      if (onPath(t, k)) {
        // k is on the chain already (took one session, left another): k may still take s as its end,
        // checked with k's own changes on the chain applied (so k can work both ends of a clash chain).
        if (improves(plan, k, j) && (!best || receivesBetter(plan, k, best.taker)) && fitsAfterChain(t, k, s))
          best = { state: t, taker: k };
        continue;
      }
      if (ledger.fits(k, sessions[s])) {
        if (improves(plan, k, j) && (!best || receivesBetter(plan, k, best.taker))) best = { state: t, taker: k };
        if (!expanded.has(k)) {
          expanded.add(k);
          for (const next of movableSessions(plan, k)) if (next !== s) push(next, k);
        }
        continue;
      }
      for (const b of seatsToLeave(plan, k, s).seats) push(b, k);
    }
  }
  if (!best) return false;
  const chain: { session: number; giver: number }[] = [];
  for (let x = best.state; x >= 0; x = states[x].parent) chain.push(states[x]);
  // chain[0] is the last hand-on (taken by best.taker); each giver took the session of the state after it.
  const takers = [best.taker, ...chain.slice(0, -1).map((c) => c.giver)];
  for (const c of chain) plan.remove(c.giver, c.session);
  chain.forEach((c, i) => plan.add(takers[i], c.session));
  return true;
}

/**
 * Who may have an improving chain at all: the lowest share a receiver could reach from each seat,
 * computed for everyone at once on the chain graph without the rule that a chain's people are
 * distinct (so it only over-estimates). Nodes: seats (session, giver) and people (a person who
 * can take a session on top of what they hold, and may then hand on any of their own seats).
 * Receivers are visited from the lowest (x + 1) / a up, each marking what reaches it backwards.
 */
function mayImprove(plan: Plan, people: number[]): Set<number> {
  const { model } = plan;
  const { members, eligible, persons, ledger, sessions } = model;
  const trained = (p: number): boolean => persons[p].trained;
  const seatOf = new Map<number, number>();
  const seatGiver: number[] = [];
  const personNode = new Map<number, number>();
  const seats = new Map<number, number[]>();
  for (const p of people) {
    const mine = movableSessions(plan, p);
    seats.set(p, mine);
    for (const s of mine) {
      seatOf.set(s * persons.length + p, seatGiver.length);
      seatGiver.push(p);
    }
  }
  const seatCount = seatGiver.length;
  people.forEach((p, i) => personNode.set(p, seatCount + i));
  const from: number[] = [];
  const to: number[] = [];
  const edge = (u: number, v: number | undefined): void => {
    if (v === undefined) return;
    from.push(u);
    to.push(v);
  };
  for (const p of people) {
    for (const s of seats.get(p) as number[]) {
      const u = seatOf.get(s * persons.length + p) as number;
      edge(personNode.get(p) as number, u);
      const needTrained = !hasTrained(
        members[s].filter((m) => m !== p),
        trained,
      );
      for (const k of eligible[s]) {
        if (k === p || members[s].includes(k) || (needTrained && !trained(k)) || !personNode.has(k)) continue;
        if (ledger.fits(k, sessions[s])) {
          edge(u, personNode.get(k));
          continue;
        }
        const leave = seatsToLeave(plan, k, s);
        for (const b of leave.seats) {
          edge(u, seatOf.get(b * persons.length + k));
          // k may leave the clashing session on the way and come back to take s at the end of the chain.
          if (leave.clash && seatOf.has(b * persons.length + k)) edge(u, personNode.get(k));
        }
      }
    }
  }
  const nodes = seatCount + people.length;
  const start = new Int32Array(nodes + 1);
  for (const v of to) start[v + 1]++;
  for (let v = 0; v < nodes; v++) start[v + 1] += start[v];
  const fill = start.slice(0, nodes);
  const back = new Int32Array(to.length);
  for (let e = 0; e < to.length; e++) back[fill[to[e]]++] = from[e];
  const reach = new Int32Array(nodes).fill(-1);
  const receivers = people
    .filter((p) => model.available[p] > 0)
    .sort((a, b) => plan.compare(a, 1, b, 1) || plan.compare(b, 0, a, 0) || a - b);
  const queue = new Int32Array(nodes);
  for (const k of receivers) {
    const root = personNode.get(k) as number;
    if (reach[root] >= 0) continue;
    reach[root] = k;
    let read = 0;
    let write = 0;
    queue[write++] = root;
    while (read < write) {
      const v = queue[read++];
      for (let e = start[v]; e < start[v + 1]; e++) {
        const u = back[e];
        if (reach[u] < 0) {
          reach[u] = k;
          queue[write++] = u;
        }
      }
    }
  }
  const out = new Set<number>();
  for (const j of people) {
    for (const s of seats.get(j) as number[]) {
      const k = reach[seatOf.get(s * persons.length + j) as number];
      if (k >= 0 && improves(plan, k, j)) {
        out.add(j);
        break;
      }
    }
  }
  return out;
}

/**
 * Applies improving chains until none is left (or the budget ends): sweeps over the people who
 * may improve, from the largest share down, moving from each while it can, until a sweep moves
 * nothing.
 */
export function evenOut(plan: Plan, people: number[], budget: { steps: number } = { steps: 2_000_000 }): void {
  // Long horizons: chains inside blocks of BLOCK_WEEKS first (each search reads one block, so
  // most moves cost what a quarter costs), then over the whole window, which ends at the same
  // fixed point (every block move is an improving move of the whole) with few moves left.
  const blocks = timeBlocks(plan, people);
  if (blocks.length > 1) {
    for (const block of blocks) {
      plan.scope = block;
      sweep(plan, people, budget);
    }
    plan.scope = null;
  }
  sweep(plan, people, budget);
}

const BLOCK_WEEKS = 13;
const BLOCK_MS = BLOCK_WEEKS * 7 * 86_400_000;

/** Index ranges of the sessions the people hold, in blocks of BLOCK_WEEKS from the first. */
function timeBlocks(plan: Plan, people: number[]): { from: number; to: number }[] {
  const { sessions, ledger } = plan.model;
  let first = Infinity;
  let last = -Infinity;
  for (const p of people) {
    for (const b of ledger.sessionsOf(p)) {
      if (b.session < 0) continue;
      first = Math.min(first, b.session);
      last = Math.max(last, b.session);
    }
  }
  if (first > last || sessions[last].start - sessions[first].start < 2 * BLOCK_MS) return [];
  const blocks: { from: number; to: number }[] = [];
  let from = first;
  for (let s = first; s <= last; s++) {
    if (sessions[s].start - sessions[from].start >= BLOCK_MS) {
      blocks.push({ from, to: s });
      from = s;
    }
  }
  blocks.push({ from, to: last + 1 });
  return blocks;
}

/** Sweeps over the people who may improve, from the largest share down, until a sweep moves nothing. */
function sweep(plan: Plan, people: number[], budget: { steps: number }): void {
  const av = plan.model.available;
  const candidates = people.filter((p) => av[p] > 0);
  let moved = true;
  while (moved && budget.steps > 0) {
    moved = false;
    const hopeful = mayImprove(plan, candidates);
    const order = candidates.filter((p) => hopeful.has(p)).sort((a, b) => plan.compare(b, 0, a, 0) || a - b);
    for (const j of order) {
      while (plan.load[j] > 0 && budget.steps > 0 && improveFrom(plan, j, budget)) moved = true;
    }
  }
}
