/**
 * Bounded rebalance: from a valid rota, hand single seats from the person with the larger share to
 * one with a smaller share, one session at a time, only while that lowers the largest share or evens
 * the others (the sum of squared shares drops), never making repeated pairs worse, never touching
 * a locked session, and at most `maxChanges` sessions. Each step takes the move that gains most, so
 * the first changes are the ones worth most. Every rule is checked on the exact ledger.
 */
import { buildModel, type RotaModel } from './planner-model';
import { hasTrained } from './planner-rules';
import type { PlannerInput, RoleAssignment } from './planner.types';

export interface RebalanceGain {
  maxShareBefore: number;
  maxShareAfter: number;
  /** Largest minus smallest share among the ward's active pool members who could work at all. */
  spreadBefore: number;
  spreadAfter: number;
}

export interface RebalanceResult {
  assignments: Record<string, RoleAssignment[]>;
  /** Sessions the rebalance changed, in the order it changed them. */
  moved: string[];
  gain: RebalanceGain;
}

const EPS = 1e-12;

interface Move {
  session: number;
  out: number;
  into: number;
  max: number;
  squares: number;
}

function figures(shares: number[], counted: number[]): { max: number; min: number; squares: number } {
  let max = 0;
  let min = Infinity;
  let squares = 0;
  for (const p of counted) {
    max = Math.max(max, shares[p]);
    min = Math.min(min, shares[p]);
    squares += shares[p] * shares[p];
  }
  return { max, min: min === Infinity ? 0 : min, squares };
}

/** A squared-share sum updated for two people differs from the full sum by rounding only, far below this. */
const ROUNDING = 1e-9;

/** The three largest counted shares: the largest one without two given people, in constant time. */
class TopShares {
  private readonly top: number[];

  constructor(
    private readonly shares: number[],
    counted: number[],
  ) {
    this.top = [...counted].sort((a, b) => shares[b] - shares[a]).slice(0, 3);
  }

  maxWithout(a: number, b: number): number {
    for (const p of this.top) if (p !== a && p !== b) return Math.max(0, this.shares[p]);
    return 0;
  }
}

function pairDelta(model: RotaModel, counts: Map<string, number>, s: number, out: number, into: number): number {
  const key = (a: number, b: number): string => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const repeats = (c: number): number => Math.max(0, c - 1);
  let delta = 0;
  for (const other of model.members[s]) {
    if (other === out) continue;
    const lost = counts.get(key(out, other)) ?? 0;
    delta += repeats(lost - 1) - repeats(lost);
    const gained = counts.get(key(into, other)) ?? 0;
    delta += repeats(gained + 1) - repeats(gained);
  }
  return delta;
}

/** `assignments`: a valid plan of `input.sessions` (what planRota returned); missing ones: the session's current. */
export function rebalanceRota(input: PlannerInput, assignments: Record<string, RoleAssignment[]>, maxChanges: number): RebalanceResult {
  const held = input.sessions.map((s) => ({ ...s, locked: true, current: (assignments[s.id] ?? s.current).map((a) => ({ ...a })) }));
  const model = buildModel({ ...input, sessions: held, rebalance: true }, new Set(), 'hold');
  const wards = new Set(input.sessions.map((s) => s.wardId));
  const counted = model.persons
    .filter((p) => p.input.active && p.input.wardIds.some((w) => wards.has(w)) && model.available[p.index] > 0)
    .map((p) => p.index);
  const load = model.persons.map(() => 0);
  for (const members of model.members) for (const p of members) load[p]++;
  const shares = load.map((l, p) => (model.available[p] > 0 ? l / model.available[p] : 0));
  const pairCounts = new Map<string, number>();
  for (const members of model.members) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const k = members[i] < members[j] ? `${members[i]}|${members[j]}` : `${members[j]}|${members[i]}`;
        pairCounts.set(k, (pairCounts.get(k) ?? 0) + 1);
      }
    }
  }
  const trainedIds = new Set(model.persons.filter((p) => p.trained).map((p) => p.input.id));
  const start = figures(shares, counted);
  const movable = new Set(input.sessions.filter((s) => !s.locked).map((s) => s.id));
  const roles = new Map(model.sessions.map((s) => [s.index, s.input.current.map((a) => ({ ...a }))]));
  const moved: string[] = [];
  const done = new Set<number>();
  let current = start;
  const share = (p: number, l: number): number => (model.available[p] > 0 ? l / model.available[p] : 0);
  const isCounted = model.persons.map(() => false);
  for (const p of counted) isCounted[p] = true;
  const squareChange = (p: number, next: number): number => (isCounted[p] ? next * next - shares[p] * shares[p] : 0);
  const wins = (max: number, squares: number, best: Move | null): boolean =>
    (max < current.max - EPS || (max <= current.max + EPS && squares < current.squares - EPS)) &&
    !(best && (max > best.max + EPS || (max >= best.max - EPS && squares >= best.squares - EPS)));
  while (moved.length < maxChanges) {
    let best: Move | null = null;
    // Who may take a seat from whom at all this step (the figures depend on the two people only, not
    // on the session), receivers in index order as in every session's eligible list.
    const top = new TopShares(shares, counted);
    const people = model.persons.length;
    const pairMax: number[] = [];
    const pairSquares: number[] = [];
    const receivers = model.persons.map((_, out) => {
      const list: number[] = [];
      for (let into = 0; into < people; into++) {
        if (shares[into] >= shares[out]) continue;
        const outShare = share(out, load[out] - 1);
        const intoShare = share(into, load[into] + 1);
        // Screened on the figures updated for two people (exact max, squares within ROUNDING),
        // then judged on the figures summed in full, as before.
        const max = Math.max(top.maxWithout(out, into), isCounted[out] ? outShare : 0, isCounted[into] ? intoShare : 0);
        const squares = current.squares + squareChange(out, outShare) + squareChange(into, intoShare);
        if (!wins(max, squares - ROUNDING, null)) continue;
        pairMax[out * people + into] = max;
        pairSquares[out * people + into] = squares;
        list.push(into);
      }
      return list;
    });
    for (const s of model.sessions) {
      if (done.has(s.index) || !movable.has(s.input.id)) continue;
      const members = model.members[s.index];
      const eligible = model.eligibleSet[s.index];
      for (const out of members) {
        for (const into of receivers[out]) {
          if (!eligible.has(into) || members.includes(into)) continue;
          if (!wins(pairMax[out * people + into], pairSquares[out * people + into] - ROUNDING, best)) continue;
          const outShare = share(out, load[out] - 1);
          const intoShare = share(into, load[into] + 1);
          const team = members.map((p) => (p === out ? into : p));
          if (!hasTrained(team, (p) => model.persons[p].trained)) continue;
          const before = [shares[out], shares[into]];
          shares[out] = outShare;
          shares[into] = intoShare;
          const next = figures(shares, counted);
          [shares[out], shares[into]] = before;
          if (!wins(next.max, next.squares, best)) continue;
          if (pairDelta(model, pairCounts, s.index, out, into) > 0) continue;
          model.ledger.remove(out, s.index);
          const fits = model.ledger.fits(into, s);
          model.ledger.add(out, s, s.index);
          if (fits) best = { session: s.index, out, into, max: next.max, squares: next.squares };
        }
      }
    }
    if (!best) break;
    const { session: s, out, into } = best;
    const sessionModel = model.sessions[s];
    for (const other of model.members[s]) {
      if (other === out) continue;
      const lost = out < other ? `${out}|${other}` : `${other}|${out}`;
      const gained = into < other ? `${into}|${other}` : `${other}|${into}`;
      pairCounts.set(lost, (pairCounts.get(lost) ?? 1) - 1);
      pairCounts.set(gained, (pairCounts.get(gained) ?? 0) + 1);
    }
    model.ledger.remove(out, s);
    model.ledger.add(into, sessionModel, s);
    model.members[s][model.members[s].indexOf(out)] = into;
    load[out]--;
    load[into]++;
    shares[out] = share(out, load[out]);
    shares[into] = share(into, load[into]);
    current = figures(shares, counted);
    const outId = model.persons[out].input.id;
    const intoId = model.persons[into].input.id;
    const list = roles.get(s)!.map((a) => (a.facilitatorId === outId ? { ...a, facilitatorId: intoId } : a));
    const lead = list.find((a) => a.role === 'lead');
    if (lead && !model.persons[into].trained && lead.facilitatorId === intoId) {
      // The lead's seat went to a trainee: a trained colleague leads instead.
      const trained = list.find((a) => a.facilitatorId !== intoId && trainedIds.has(a.facilitatorId));
      if (trained) {
        lead.role = 'co';
        trained.role = 'lead';
      }
    }
    roles.set(s, [...list.filter((a) => a.role === 'lead'), ...list.filter((a) => a.role !== 'lead')]);
    done.add(s);
    moved.push(sessionModel.input.id);
  }
  const out: Record<string, RoleAssignment[]> = {};
  for (const s of model.sessions) out[s.input.id] = roles.get(s.index)!;
  return {
    assignments: out,
    moved,
    gain: {
      maxShareBefore: start.max,
      maxShareAfter: current.max,
      spreadBefore: start.max - start.min,
      spreadAfter: current.max - current.min,
    },
  };
}
