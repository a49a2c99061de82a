/**
 * Repair: tries to complete each session the flow left open, on the exact rules (the ledger),
 * by a depth-limited search of ejection chains, shallowest first: take a free person if there is
 * one; otherwise
 * move a blocked person off the sessions that block them (a clash, or a full week) and refill
 * those sessions the same way, one level deeper. Locked and fixed bookings never move; moving a
 * kept person is tried last. A session that still cannot be completed is emptied, since the
 * rules allow no half-staffed session, and what it freed is offered to the others once more.
 * Last, an exchange: empty one staffed session whose people could work open ones, try to fill the
 * open sessions of its week (and those its people could work), and keep that only if two or more
 * then fill (each session counts once).
 */
import { Plan } from './planner-exchange';
import { FIXED } from './planner-ledger';
import type { RotaModel } from './planner-model';
import { hasTrained } from './planner-rules';

const DEPTH = 3;
const NODES_PER_SESSION = 3000;
/** A ceiling on the whole repair, so a badly understaffed region still plans quickly. */
const NODES_IN_ALL = 300_000;
const EXCHANGE_TRIES = 300;

export class Repairer {
  private readonly log: { add: boolean; person: number; session: number }[] = [];
  private readonly frozen = new Set<number>();
  private budget = 0;
  private total = NODES_IN_ALL;
  private readonly model: RotaModel;

  /** `nodes`: the search budget of each attempt (the choice search tries many, so it gives less). */
  constructor(
    private readonly plan: Plan,
    private readonly nodes = NODES_PER_SESSION,
  ) {
    this.model = plan.model;
  }

  complete(s: number): boolean {
    const members = this.model.members[s];
    return (
      members.length >= this.model.sessions[s].need && (members.length === 0 || hasTrained(members, (p) => this.model.persons[p].trained))
    );
  }

  /** Iterative deepening: the shallowest chain that completes s moves the fewest people. */
  attempt(s: number): boolean {
    const mark = this.log.length;
    for (let depth = 0; depth <= DEPTH; depth++) {
      this.budget = this.nodes;
      if (this.fill(s, depth)) return true;
      this.rollback(mark);
    }
    return false;
  }

  /** Takes everyone off s but the pinned people of a locked session. */
  empty(s: number): void {
    for (const p of [...this.model.members[s]]) if (!this.model.pinned[s].has(p)) this.change(false, p, s);
  }

  /** Empties one staffed session if that lets two or more open ones fill; true when it did. */
  exchange(open: number[], canEverFill: (s: number) => boolean, tries: { left: number }): boolean {
    const { model } = this;
    const wanted = new Set(open.filter(canEverFill).flatMap((u) => model.eligible[u]));
    const staffed = model.sessions
      .map((s) => s.index)
      .filter((x) => !model.locked[x] && model.members[x].length > 0 && model.members[x].some((p) => wanted.has(p)))
      .sort((a, b) => model.sessions[b].need - model.sessions[a].need || a - b);
    for (const x of staffed) {
      if (tries.left-- <= 0) return false;
      const freed = new Set(model.members[x]);
      const mark = this.log.length;
      this.empty(x);
      const week = model.sessions[x].weekKey;
      const targets = open
        .filter((u) => canEverFill(u) && (model.sessions[u].weekKey === week || model.eligible[u].some((p) => freed.has(p))))
        .sort((a, b) => model.sessions[a].need - model.sessions[b].need || a - b);
      let gained = 0;
      for (const u of targets) if (this.attempt(u)) gained++;
      if (gained >= 2) return true;
      this.rollback(mark);
    }
    return false;
  }

  private share(p: number): number {
    return this.plan.load[p] / Math.max(1, this.model.available[p]);
  }

  private byShare = (a: number, b: number): number => this.share(a) - this.share(b) || a - b;

  private change(add: boolean, person: number, session: number): void {
    if (add) this.plan.add(person, session);
    else this.plan.remove(person, session);
    this.log.push({ add, person, session });
  }

  private rollback(mark: number): void {
    while (this.log.length > mark) {
      const { add, person, session } = this.log.pop() as { add: boolean; person: number; session: number };
      this.change(!add, person, session);
      this.log.pop();
    }
  }

  private fill(s: number, depth: number): boolean {
    const wasFrozen = this.frozen.has(s);
    this.frozen.add(s);
    try {
      return this.extend(s, depth);
    } finally {
      if (!wasFrozen) this.frozen.delete(s);
    }
  }

  /** Adds one person to s (free, or freed by ejection), then the rest; backtracks on failure. */
  private extend(s: number, depth: number): boolean {
    if (this.complete(s)) return true;
    if (--this.budget < 0 || --this.total < 0) return false;
    const { members, persons, eligible, ledger, sessions } = this.model;
    const needTrained = !hasTrained(members[s], (p) => persons[p].trained);
    const options = eligible[s].filter((p) => !members[s].includes(p) && (!needTrained || persons[p].trained)).sort(this.byShare);
    const blocked: number[] = [];
    for (const p of options) {
      if (!ledger.fits(p, sessions[s])) {
        blocked.push(p);
        continue;
      }
      const mark = this.log.length;
      this.change(true, p, s);
      if (this.extend(s, depth)) return true;
      this.rollback(mark);
      if (this.budget < 0) return false;
    }
    if (depth === 0) return false;
    for (const p of blocked) {
      for (const blockers of this.blockerSets(p, s)) {
        const mark = this.log.length;
        for (const b of blockers) this.change(false, p, b);
        this.change(true, p, s);
        if (blockers.every((b) => this.fill(b, depth - 1)) && this.extend(s, depth)) return true;
        this.rollback(mark);
        if (this.budget < 0) return false;
      }
    }
    return false;
  }

  /** Sets of sessions the person would have to leave to take session s (movable ones only). */
  private blockerSets(p: number, s: number): number[][] {
    const { ledger, sessions, locked, kept } = this.model;
    const clashes = ledger.clashing(p, sessions[s]).map((b) => b.session);
    if (clashes.some((b) => b === FIXED || locked[b] || this.frozen.has(b))) return [];
    const week = sessions[s].weekKey;
    const room = ledger.weekRoom(p, week) + clashes.filter((b) => sessions[b].weekKey === week).length;
    const sets =
      room >= 1
        ? [clashes]
        : ledger
            .sessionsOf(p)
            .map((b) => b.session)
            .filter((b) => b !== FIXED && !locked[b] && !this.frozen.has(b) && sessions[b].weekKey === week && !clashes.includes(b))
            .map((b) => [...clashes, b]);
    const keptCount = (set: number[]): number => set.filter((b) => kept[b].has(p)).length;
    return sets.sort((x, y) => keptCount(x) - keptCount(y) || x.length - y.length || x[x.length - 1] - y[y.length - 1]);
  }
}

/** Completes what it can of the given sessions; returns those left empty. */
export function repairUnfilled(model: RotaModel, open: number[]): number[] {
  const repairer = new Repairer(new Plan(model));
  const canEverFill = (s: number): boolean => model.poolSize[s] >= model.sessions[s].need && model.poolHasTrained[s];
  // Sessions that hold someone now come first: leaving one empty is a change, leaving an empty one empty is not.
  const held = (s: number): number => (model.sessions[s].input.current.length > 0 ? 0 : 1);
  let pending = open;
  for (let pass = 0; pass < 3 && pending.length > 0; pass++) {
    for (const s of [...pending].sort((a, b) => held(a) - held(b) || a - b))
      if (canEverFill(s) && !repairer.complete(s)) repairer.attempt(s);
    const still = pending.filter((s) => !repairer.complete(s));
    const freed = still.filter((s) => model.members[s].length > model.pinned[s].size);
    for (const s of freed) repairer.empty(s);
    pending = still;
    if (freed.length === 0) break;
  }
  const tries = { left: EXCHANGE_TRIES };
  while (pending.length > 0 && repairer.exchange(pending, canEverFill, tries)) {
    pending = model.sessions.map((s) => s.index).filter((s) => !model.intact[s] && !repairer.complete(s));
  }
  return pending;
}
