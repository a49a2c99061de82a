/**
 * Test kit for the planner, written apart from it on purpose: an independent checker of the
 * hard rules, and exact MIP models (CPLEX LP text for the highs solver) of the largest number of
 * sessions that can be filled and of the smallest largest share. Used by specs and the bench only.
 */
import type { PlannerFacilitator, PlannerInput, PlannerResult, PlannerSession } from './planner.types';

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function mayWork(f: PlannerFacilitator, s: PlannerSession): boolean {
  if (!f.active || !f.wardIds.includes(s.wardId)) return false;
  if (f.absences.some((a) => a.from <= s.localDate && s.localDate <= a.to)) return false;
  if (f.availability === null) return true;
  const start = toMinutes(s.localStart);
  const end = toMinutes(s.localEnd) <= start ? 1440 : toMinutes(s.localEnd);
  return f.availability.some((w) => w.weekday === s.localWeekday && toMinutes(w.from) <= start && end <= (toMinutes(w.to) <= toMinutes(w.from) ? 1440 : toMinutes(w.to)));
}

interface Slot {
  start: number;
  end: number;
  weekKey: string;
  sessionId?: string;
  locked: boolean;
}

function overlapWithBuffer(a: Slot, b: Slot, bufferMs: number): boolean {
  return a.start < b.end + bufferMs && b.start < a.end + bufferMs;
}

export interface LockOutcome {
  /** Pinned people who stay: they may work the session and nothing booked before them is in the way. */
  pinned: string[];
  /** Everyone pinned stays, in full, led by a trained person: the session must not change. */
  intact: boolean;
}

/**
 * What a lock keeps, re-derived apart from the planner: locked sessions in time order, each pinned
 * person (lead first) stays if they may work it, clash with no fixed booking or earlier pinned
 * session (buffer included) and have room under their weekly cap; a full team without a trained
 * person gives up its last people until a trained one can join.
 */
export function lockOutcomes(input: PlannerInput): Map<string, LockOutcome> {
  const people = new Map(input.facilitators.map((f) => [f.id, f]));
  const planned = new Set(input.sessions.map((x) => x.id));
  const bufferMs = input.bufferMinutes * 60_000;
  const busy = new Map<string, Slot[]>();
  for (const b of input.fixedBookings) {
    if (b.sessionId !== undefined && planned.has(b.sessionId)) continue;
    busy.set(b.facilitatorId, [...(busy.get(b.facilitatorId) ?? []), { start: Date.parse(b.startsAt), end: Date.parse(b.endsAt), weekKey: b.weekKey, locked: true }]);
  }
  const out = new Map<string, LockOutcome>();
  const locked = input.sessions.filter((x) => x.locked).sort((x, y) => Date.parse(x.startsAt) - Date.parse(y.startsAt) || (x.id < y.id ? -1 : 1));
  for (const s of locked) {
    const slot: Slot = { start: Date.parse(s.startsAt), end: Date.parse(s.endsAt), weekKey: s.weekKey, locked: true };
    const ordered = [...s.current].sort((a, b) => (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1));
    const pinned: string[] = [];
    for (const a of ordered) {
      const f = people.get(a.facilitatorId);
      if (!f || pinned.includes(f.id) || pinned.length >= s.facilitatorsPerSession || !mayWork(f, s)) continue;
      const mine = busy.get(f.id) ?? [];
      if (mine.some((b) => overlapWithBuffer(b, slot, bufferMs))) continue;
      if (f.maxSessionsPerWeek !== null && mine.filter((b) => b.weekKey === s.weekKey).length >= f.maxSessionsPerWeek) continue;
      pinned.push(f.id);
    }
    while (pinned.length > 0 && pinned.length >= s.facilitatorsPerSession && !pinned.some((id) => people.get(id)?.imrTrained)) pinned.pop();
    for (const id of pinned) busy.set(id, [...(busy.get(id) ?? []), slot]);
    const lead = ordered[0] ? people.get(ordered[0].facilitatorId) : undefined;
    const intact = ordered.length === s.facilitatorsPerSession && pinned.length === ordered.length && lead?.imrTrained === true;
    out.set(s.id, { pinned, intact });
  }
  return out;
}

/** Every broken hard rule in a planner result, as readable strings (empty when all hold). */
export function hardRuleViolations(input: PlannerInput, result: PlannerResult): string[] {
  const errors: string[] = [];
  const people = new Map(input.facilitators.map((f) => [f.id, f]));
  const planned = new Set(input.sessions.map((s) => s.id));
  const slots = new Map<string, Slot[]>();
  const book = (id: string, slot: Slot): void => {
    slots.set(id, [...(slots.get(id) ?? []), slot]);
  };
  for (const b of input.fixedBookings) {
    if (b.sessionId !== undefined && planned.has(b.sessionId)) continue;
    book(b.facilitatorId, { start: Date.parse(b.startsAt), end: Date.parse(b.endsAt), weekKey: b.weekKey, locked: true });
  }
  const unfilled = new Set(result.unfilled.map((u) => u.sessionId));
  const locks = lockOutcomes(input);
  for (const s of input.sessions) {
    const list = result.assignments[s.id];
    if (!list) {
      errors.push(`${s.id}: missing from assignments`);
      continue;
    }
    const slot = { start: Date.parse(s.startsAt), end: Date.parse(s.endsAt), weekKey: s.weekKey, sessionId: s.id, locked: false };
    // A lock yields only to facts: a pinned assignment that still holds every rule stays exactly as it is.
    const lock = locks.get(s.id);
    if (lock?.intact && JSON.stringify(list) !== JSON.stringify(s.current)) errors.push(`${s.id}: locked session changed`);
    for (const id of lock?.pinned ?? []) if (!list.some((a) => a.facilitatorId === id)) errors.push(`${s.id}: pinned ${id} dropped`);
    if (list.length === 0) {
      if (!unfilled.has(s.id) && s.facilitatorsPerSession > 0) errors.push(`${s.id}: empty but not reported unfilled`);
      continue;
    }
    const partialLock = s.locked && list.length < s.facilitatorsPerSession && unfilled.has(s.id);
    if (partialLock) {
      for (const a of list) book(a.facilitatorId, slot);
      continue;
    }
    if (unfilled.has(s.id)) errors.push(`${s.id}: staffed but reported unfilled`);
    if (list.length !== s.facilitatorsPerSession) errors.push(`${s.id}: ${list.length} people, needs ${s.facilitatorsPerSession}`);
    if (new Set(list.map((a) => a.facilitatorId)).size !== list.length) errors.push(`${s.id}: someone twice`);
    const leads = list.filter((a) => a.role === 'lead');
    if (leads.length !== 1) errors.push(`${s.id}: ${leads.length} leads`);
    else if (!people.get(leads[0].facilitatorId)?.imrTrained) errors.push(`${s.id}: lead not trained`);
    for (const a of list) {
      const f = people.get(a.facilitatorId);
      if (!f) errors.push(`${s.id}: unknown ${a.facilitatorId}`);
      else if (!mayWork(f, s)) errors.push(`${s.id}: ${f.id} not in pool, inactive, absent or unavailable`);
      book(a.facilitatorId, slot);
    }
  }
  for (const [id, list] of slots) {
    const f = people.get(id);
    const weeks = new Map<string, number>();
    for (const x of list) weeks.set(x.weekKey, (weeks.get(x.weekKey) ?? 0) + 1);
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      if (a.locked) continue;
      for (let j = 0; j < list.length; j++) {
        if (i !== j && overlapWithBuffer(a, list[j], input.bufferMinutes * 60_000)) errors.push(`${id}: ${a.sessionId} clashes with ${list[j].sessionId ?? 'a fixed booking'}`);
      }
      const cap = f?.maxSessionsPerWeek ?? null;
      if (cap !== null && (weeks.get(a.weekKey) ?? 0) > cap) errors.push(`${id}: over the weekly cap in ${a.weekKey}`);
    }
  }
  return errors;
}

interface ExactModel {
  lp: string;
  ids: { sessions: string[] };
}

/** Variables and constraints shared by both MIPs: x_s_p works, y_s filled. */
function baseModel(input: PlannerInput): { rows: string[]; binaries: string[]; loads: Map<string, string[]>; filled: string[]; held: Map<string, number> } {
  const bufferMs = input.bufferMinutes * 60_000;
  const rows: string[] = [];
  const binaries: string[] = [];
  const loads = new Map<string, string[]>();
  const held = new Map<string, number>();
  const filled: string[] = [];
  const busy = new Map<string, Slot[]>();
  const weekUse = new Map<string, number>();
  const planned = new Set(input.sessions.map((s) => s.id));
  const take = (id: string, slot: Slot): void => {
    busy.set(id, [...(busy.get(id) ?? []), slot]);
    weekUse.set(`${id}|${slot.weekKey}`, (weekUse.get(`${id}|${slot.weekKey}`) ?? 0) + 1);
  };
  for (const b of input.fixedBookings) {
    if (b.sessionId === undefined || !planned.has(b.sessionId)) take(b.facilitatorId, { start: Date.parse(b.startsAt), end: Date.parse(b.endsAt), weekKey: b.weekKey, locked: true });
  }
  const slotOf = (s: PlannerSession): Slot => ({ start: Date.parse(s.startsAt), end: Date.parse(s.endsAt), weekKey: s.weekKey, locked: true });
  const locks = lockOutcomes(input);
  // Pinned people who stay hold their sessions whatever else happens; intact locked sessions are not planned at all.
  for (const s of input.sessions.filter((x) => x.locked)) {
    for (const id of locks.get(s.id)?.pinned ?? []) {
      take(id, slotOf(s));
      held.set(id, (held.get(id) ?? 0) + 1);
    }
  }
  const trainedIds = new Set(input.facilitators.filter((f) => f.imrTrained).map((f) => f.id));
  const perPerson = new Map<string, { s: PlannerSession; v: string }[]>();
  input.sessions.forEach((s, i) => {
    const lock = locks.get(s.id);
    if (lock?.intact) return;
    const pinned = lock?.pinned ?? [];
    const y = `y${i}`;
    binaries.push(y);
    filled.push(y);
    const all: string[] = [];
    const trained: string[] = [];
    input.facilitators.forEach((f, j) => {
      if (pinned.includes(f.id)) return;
      if (!mayWork(f, s) || (busy.get(f.id) ?? []).some((b) => overlapWithBuffer(b, slotOf(s), bufferMs))) return;
      const v = `x${i}_${j}`;
      binaries.push(v);
      all.push(v);
      if (f.imrTrained) trained.push(v);
      loads.set(f.id, [...(loads.get(f.id) ?? []), v]);
      perPerson.set(f.id, [...(perPerson.get(f.id) ?? []), { s, v }]);
    });
    rows.push(`${all.length ? all.join(' + ') : '0 x_none'} - ${s.facilitatorsPerSession - pinned.length} ${y} = 0`);
    if (!pinned.some((id) => trainedIds.has(id))) rows.push(`${trained.length ? trained.join(' + ') : '0 x_none'} - ${y} >= 0`);
  });
  for (const f of input.facilitators) {
    const mine = perPerson.get(f.id) ?? [];
    for (let a = 0; a < mine.length; a++) {
      for (let b = a + 1; b < mine.length; b++) {
        if (overlapWithBuffer(slotOf(mine[a].s), slotOf(mine[b].s), bufferMs)) rows.push(`${mine[a].v} + ${mine[b].v} <= 1`);
      }
    }
    if (f.maxSessionsPerWeek === null) continue;
    for (const week of new Set(mine.map((m) => m.s.weekKey))) {
      const vars = mine.filter((m) => m.s.weekKey === week).map((m) => m.v);
      rows.push(`${vars.join(' + ')} <= ${Math.max(0, f.maxSessionsPerWeek - (weekUse.get(`${f.id}|${week}`) ?? 0))}`);
    }
  }
  return { rows, binaries, loads, filled, held };
}

function lpText(sense: 'Maximize' | 'Minimize', objective: string, rows: string[], binaries: string[], extraBounds = '', relaxed = false): string {
  const named = rows.map((r, i) => ` c${i}: ${r}`).join('\n');
  const integrality = relaxed ? binaries.map((v) => ` 0 <= ${v} <= 1\n`).join('') : '';
  const tail = relaxed ? '' : `Binaries\n ${binaries.join('\n ')}\n`;
  return `${sense}\n obj: ${objective}\nSubject To\n${named}\nBounds\n x_none = 0\n${extraBounds}${integrality}${tail}End\n`;
}

/** LP text for the largest number of sessions (intact locked ones aside) that can be filled. */
export function maxFillModel(input: PlannerInput): ExactModel {
  const m = baseModel(input);
  return { lp: lpText('Maximize', m.filled.join(' + ') || '0 x_none', m.rows, m.binaries), ids: { sessions: input.sessions.map((s) => s.id) } };
}

/** Sessions in the window each person could work at all (a lock keeps nobody who could not). */
export function availableSessions(input: PlannerInput): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of input.facilitators) {
    const n = input.sessions.filter((s) => mayWork(f, s)).length;
    counts.set(f.id, n);
  }
  return counts;
}

/** LP text for the smallest largest share, given that `filled` sessions are filled (relaxed: its LP bound). */
export function minMaxShareModel(input: PlannerInput, filled: number, relaxed = false): ExactModel {
  const m = baseModel(input);
  const available = availableSessions(input);
  const rows = [...m.rows, `${m.filled.join(' + ') || '0 x_none'} >= ${filled}`];
  for (const f of input.facilitators) {
    const a = available.get(f.id) ?? 0;
    const vars = m.loads.get(f.id) ?? [];
    if (a === 0) continue;
    rows.push(`${vars.length ? vars.join(' + ') : '0 x_none'} - ${a} t <= ${-(m.held.get(f.id) ?? 0)}`);
  }
  return { lp: lpText('Minimize', 't', rows, m.binaries, ' t >= 0\n', relaxed), ids: { sessions: input.sessions.map((s) => s.id) } };
}

interface HighsSolver {
  solve(lp: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number };
}

let solver: Promise<HighsSolver> | undefined;

export async function solveExact(lp: string): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- highs is loaded only when a spec needs the exact MIP
  solver ??= (require('highs') as () => Promise<HighsSolver>)();
  const result = (await solver).solve(lp, { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0, time_limit: 60 });
  if (result.Status !== 'Optimal') throw new Error(`highs: ${result.Status}`);
  return result.ObjectiveValue;
}

/**
 * LP text for the fewest sessions a re-plan must change, from `current` (what each session holds
 * now, as in `input.sessions[].current`), to restore every hard rule while filling at least `fill`
 * sessions. A session counts as changed when it loses a current person or gains a new one (roles
 * aside); a current person who may no longer work it forces the change.
 */
export function minChurnModel(input: PlannerInput, fill: number): ExactModel {
  const m = baseModel(input);
  const vars = new Set(m.binaries);
  const rows = [...m.rows, `${m.filled.join(' + ') || '0 x_none'} >= ${fill}`];
  const changed: string[] = [];
  const locks = lockOutcomes(input);
  input.sessions.forEach((s, i) => {
    if (locks.get(s.id)?.intact) return;
    const c = `c${i}`;
    changed.push(c);
    const current = new Set(s.current.map((a) => a.facilitatorId));
    input.facilitators.forEach((f, j) => {
      const x = `x${i}_${j}`;
      if (current.has(f.id)) rows.push(vars.has(x) ? `${c} + ${x} >= 1` : `${c} >= 1`);
      else if (vars.has(x)) rows.push(`${c} - ${x} >= 0`);
    });
  });
  return { lp: lpText('Minimize', changed.join(' + ') || '0 x_none', rows, [...m.binaries, ...changed]), ids: { sessions: input.sessions.map((s) => s.id) } };
}
