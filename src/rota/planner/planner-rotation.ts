/**
 * Rotation, the last soft objective, changes nobody's load: it swaps two newly planned people
 * between two sessions of one ward at most two weeks apart when the rules still hold and the sum
 * over pairs of (times together)^2 drops. Leads then go, in time order, to the trained member
 * with the fewest leads so far, unless the session keeps its current trained lead.
 */
import type { RotaModel } from './planner-model';
import { hasTrained } from './planner-rules';
import type { RoleAssignment } from './planner.types';

const WINDOW_MS = 14 * 24 * 3_600_000;
const PASSES = 3;

export function pairCounts(model: RotaModel): Map<number, number> {
  const width = model.persons.length;
  const counts = new Map<number, number>();
  for (const members of model.members) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const key = Math.min(members[i], members[j]) * width + Math.max(members[i], members[j]);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return counts;
}

class PairRotation {
  private readonly counts: Map<number, number>;
  private readonly width: number;

  constructor(private readonly model: RotaModel) {
    this.counts = pairCounts(model);
    this.width = model.persons.length;
  }

  /** Changes the count of (person, other) for every other member but `skip`; returns the score change. */
  private shift(person: number, session: number, skip: number, by: 1 | -1): number {
    let delta = 0;
    for (const other of this.model.members[session]) {
      if (other === skip) continue;
      const key = Math.min(person, other) * this.width + Math.max(person, other);
      const c = this.counts.get(key) ?? 0;
      this.counts.set(key, c + by);
      delta += by === 1 ? 2 * c + 1 : 1 - 2 * c;
    }
    return delta;
  }

  /** Score change of moving p from a to b and q from b to a, applied to the counts. */
  private applySwap(p: number, a: number, q: number, b: number, by: 1 | -1): number {
    const forward = [
      this.shift(p, a, p, -by as 1 | -1),
      this.shift(q, b, q, -by as 1 | -1),
      this.shift(p, b, q, by),
      this.shift(q, a, p, by),
    ];
    return forward.reduce((x, y) => x + y, 0);
  }

  movable(person: number, session: number): boolean {
    return !this.model.locked[session] && !this.model.kept[session].has(person);
  }

  private trainedWithout(session: number, out: number, incoming: number): boolean {
    const { persons, members } = this.model;
    return persons[incoming].trained || hasTrained(members[session], (x) => x !== out && persons[x].trained);
  }

  private count(x: number, y: number): number {
    return this.counts.get(Math.min(x, y) * this.width + Math.max(x, y)) ?? 0;
  }

  /**
   * What applySwap(p, a, q, b, 1) would return, the counts untouched (most swaps tried do not
   * lower the score, and are then never applied): p and q leave their pairs in a and b, then join
   * the other session's people; a person in both sessions loses a pair with p (or q) and gains it
   * back, which the second half counts from the lowered figure, as applySwap does.
   */
  private swapDelta(p: number, a: number, q: number, b: number): number {
    const inA = this.model.members[a];
    const inB = this.model.members[b];
    let delta = 0;
    for (const x of inA) if (x !== p) delta += 1 - 2 * this.count(p, x);
    for (const y of inB) if (y !== q) delta += 1 - 2 * this.count(q, y);
    for (const y of inB) if (y !== q) delta += 2 * (this.count(p, y) - (inA.includes(y) ? 1 : 0)) + 1;
    for (const x of inA) if (x !== p) delta += 2 * (this.count(q, x) - (inB.includes(x) ? 1 : 0)) + 1;
    return delta;
  }

  trySwap(p: number, a: number, q: number, b: number): boolean {
    const { members, eligibleSet, ledger, sessions } = this.model;
    if (!this.movable(p, a) || !this.movable(q, b)) return false;
    if (members[b].includes(p) || members[a].includes(q)) return false;
    if (!eligibleSet[b].has(p) || !eligibleSet[a].has(q)) return false;
    if (!this.trainedWithout(a, p, q) || !this.trainedWithout(b, q, p)) return false;
    if (this.swapDelta(p, a, q, b) >= 0) return false;
    this.applySwap(p, a, q, b, 1);
    ledger.remove(p, a);
    ledger.remove(q, b);
    if (!ledger.fits(p, sessions[b]) || !ledger.fits(q, sessions[a])) {
      ledger.add(p, sessions[a], a);
      ledger.add(q, sessions[b], b);
      this.applySwap(p, a, q, b, -1);
      return false;
    }
    ledger.add(p, sessions[b], b);
    ledger.add(q, sessions[a], a);
    members[a][members[a].indexOf(p)] = q;
    members[b][members[b].indexOf(q)] = p;
    return true;
  }
}

export function rotatePairs(model: RotaModel): void {
  const rotation = new PairRotation(model);
  const wards = new Map<string, number[]>();
  for (const s of model.sessions) {
    if (model.members[s.index].length < 2 || model.locked[s.index]) continue;
    // A swap moves someone movable out of each of its two sessions and someone movable in, so a
    // session with nobody movable (all kept) takes part in none, now or after any swap: left out.
    if (!model.members[s.index].some((p) => rotation.movable(p, s.index))) continue;
    const list = wards.get(s.input.wardId);
    if (list) list.push(s.index);
    else wards.set(s.input.wardId, [s.index]);
  }
  for (let pass = 0; pass < PASSES; pass++) {
    let improved = false;
    for (const list of wards.values()) {
      for (let i = 0; i < list.length; i++) {
        const a = list[i];
        for (let j = i + 1; j < list.length && model.sessions[list[j]].start - model.sessions[a].start <= WINDOW_MS; j++) {
          const b = list[j];
          for (const p of [...model.members[a]]) {
            if (!model.members[a].includes(p)) continue;
            for (const q of [...model.members[b]]) {
              if (model.members[b].includes(q) && model.members[a].includes(p) && rotation.trySwap(p, a, q, b)) improved = true;
            }
          }
        }
      }
    }
    if (!improved) break;
  }
}

/** Roles for every non-locked, staffed session: lead first, then co-facilitators by id. */
export function assignLeads(model: RotaModel, personIds: string[]): Map<number, RoleAssignment[]> {
  const leads = model.persons.map(() => 0);
  const roles = new Map<number, RoleAssignment[]>();
  const idOf = (p: number): string => personIds[p];
  for (const s of model.sessions) {
    const members = model.members[s.index];
    if (model.intact[s.index]) {
      const lead = s.input.current.find((a) => a.role === 'lead');
      const p = lead ? personIds.indexOf(lead.facilitatorId) : -1;
      if (p >= 0) leads[p]++;
      continue;
    }
    if (members.length === 0) {
      roles.set(s.index, []);
      continue;
    }
    const trained = members.filter((p) => model.persons[p].trained);
    const currentLead = s.input.current.find((a) => a.role === 'lead')?.facilitatorId;
    const keepLead = trained.find((p) => idOf(p) === currentLead && (model.kept[s.index].has(p) || model.pinned[s.index].has(p)));
    // A locked session the plan could not complete may hold only trainees: its current lead (or first person) leads.
    const fallback = members.find((p) => idOf(p) === currentLead) ?? members[0];
    const lead = keepLead ?? [...trained].sort((x, y) => leads[x] - leads[y] || x - y)[0] ?? fallback;
    leads[lead]++;
    const co = members.filter((p) => p !== lead).sort((x, y) => x - y);
    roles.set(s.index, [{ facilitatorId: idOf(lead), role: 'lead' }, ...co.map((p) => ({ facilitatorId: idOf(p), role: 'co' as const }))]);
  }
  return roles;
}
