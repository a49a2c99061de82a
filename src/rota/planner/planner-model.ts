/**
 * The planner's working state over plain input: sessions in time order, people by id, who could
 * work which session at all, every booking (fixed, locked, kept, planned), and the current plan.
 */
import { BookingLedger, FIXED, type SessionTimes } from './planner-ledger';
import { hasTrained, instantMs, personalViolation } from './planner-rules';
import type { PlannerFacilitator, PlannerInput, PlannerSession } from './planner.types';

export interface SessionModel extends SessionTimes {
  index: number;
  input: PlannerSession;
  need: number;
  minutes: number;
}

export interface PersonModel {
  index: number;
  input: PlannerFacilitator;
  trained: boolean;
}

export interface RotaModel {
  sessions: SessionModel[];
  persons: PersonModel[];
  /** Per session: people who may work it by pool, activity, availability and absences. */
  eligible: number[][];
  eligibleSet: Set<number>[];
  /** Per session: active members of the ward's pool, and whether one is trained. */
  poolSize: number[];
  poolHasTrained: boolean[];
  /** Per person: sessions of the window they could work at all (the fairness denominator). */
  available: number[];
  ledger: BookingLedger;
  /** The plan being built: people per session (locked ones included). */
  members: number[][];
  /** Per session: people kept from the current assignment (a soft preference). */
  kept: Set<number>[];
  locked: boolean[];
  /** Per locked session: the pinned people still able to work it (they stay; a lock yields only to facts). */
  pinned: Set<number>[];
  /** Per session: locked and every pinned person still fits, so the session is kept exactly as it is. */
  intact: boolean[];
  /** Rebalancing: current seats are kept as the starting point and tie-break, but fairness may move them. */
  rebalance: boolean;
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function toSessionModels(input: PlannerSession[]): SessionModel[] {
  // Each instant parsed once, not once per comparison.
  const timed = input.map((s) => ({ input: s, start: instantMs(s.startsAt), end: instantMs(s.endsAt) }));
  timed.sort((a, b) => (a.start !== b.start ? a.start - b.start : byId(a.input, b.input)));
  return timed.map(({ input: s, start, end }, index) => ({
    index,
    input: s,
    start,
    end,
    weekKey: s.weekKey,
    need: s.facilitatorsPerSession,
    minutes: (end - start) / 60_000,
  }));
}

/**
 * `released`: 'sessionId|facilitatorId' pairs not to keep even though they are current.
 * `locks`: 'yield' (planning) keeps the pinned people of a locked session who can still work it
 * and opens the seats of those who cannot; 'hold' (the summary) books every current person as is.
 */
export function buildModel(input: PlannerInput, released: ReadonlySet<string> = new Set(), locks: 'yield' | 'hold' = 'yield'): RotaModel {
  const sessions = toSessionModels(input.sessions);
  const persons = [...input.facilitators].sort(byId).map((f, index) => ({ index, input: f, trained: f.imrTrained }));
  const personIndex = new Map(persons.map((p) => [p.input.id, p.index]));
  const ledger = new BookingLedger(
    persons.length,
    persons.map((p) => p.input.maxSessionsPerWeek),
    input.bufferMinutes * 60_000,
  );
  const planned = new Set(sessions.map((s) => s.input.id));
  for (const b of input.fixedBookings) {
    const p = personIndex.get(b.facilitatorId);
    if (p === undefined || (b.sessionId !== undefined && planned.has(b.sessionId))) continue;
    ledger.add(p, { start: instantMs(b.startsAt), end: instantMs(b.endsAt), weekKey: b.weekKey }, FIXED);
  }
  const pools = new Map<string, PersonModel[]>();
  for (const p of persons) {
    if (!p.input.active) continue;
    for (const wardId of new Set(p.input.wardIds)) {
      const pool = pools.get(wardId);
      if (pool) pool.push(p);
      else pools.set(wardId, [p]);
    }
  }
  const eligible = sessions.map((s) =>
    (pools.get(s.input.wardId) ?? []).filter((p) => personalViolation(p.input, s.input) === null).map((p) => p.index),
  );
  const pool = sessions.map((s) => pools.get(s.input.wardId) ?? []);
  const model: RotaModel = {
    sessions,
    persons,
    eligible,
    eligibleSet: eligible.map((e) => new Set(e)),
    poolSize: pool.map((p) => p.length),
    poolHasTrained: pool.map((p) => p.some((x) => x.trained)),
    available: persons.map(() => 0),
    ledger,
    members: sessions.map(() => []),
    kept: sessions.map(() => new Set<number>()),
    locked: sessions.map((s) => s.input.locked),
    pinned: sessions.map(() => new Set<number>()),
    intact: sessions.map((s) => s.input.locked),
    rebalance: input.rebalance,
  };
  for (const s of sessions) {
    if (!s.input.locked) continue;
    if (locks === 'hold') {
      for (const a of s.input.current) {
        const p = personIndex.get(a.facilitatorId);
        if (p === undefined || model.members[s.index].includes(p)) continue;
        model.members[s.index].push(p);
        ledger.add(p, s, s.index);
      }
    } else pinLocked(model, s, personIndex);
  }
  for (const s of sessions) {
    for (const p of eligible[s.index]) model.available[p]++;
    for (const p of model.members[s.index]) if (!model.eligibleSet[s.index].has(p)) model.available[p]++;
  }
  if (locks === 'yield') keepCurrent(model, personIndex, released);
  return model;
}

/** Books the pinned people of a locked session who can still work it; marks the session intact when nobody had to go. */
function pinLocked(model: RotaModel, s: SessionModel, personIndex: Map<string, number>): void {
  const ordered = leadFirst(s.input.current);
  const pinned = model.members[s.index];
  for (const a of ordered) {
    const p = personIndex.get(a.facilitatorId);
    if (p === undefined || pinned.includes(p) || pinned.length >= s.need) continue;
    if (!model.eligibleSet[s.index].has(p) || !model.ledger.fits(p, s)) continue;
    pinned.push(p);
    model.ledger.add(p, s, s.index);
  }
  while (pinned.length > 0 && pinned.length >= s.need && !hasTrained(pinned, (p) => model.persons[p].trained)) {
    model.ledger.remove(pinned.pop() as number, s.index);
  }
  for (const p of pinned) model.pinned[s.index].add(p);
  const lead = ordered.length ? personIndex.get(ordered[0].facilitatorId) : undefined;
  model.intact[s.index] = ordered.length === s.need && pinned.length === s.need && lead !== undefined && model.persons[lead].trained;
}

const leadFirst = <T extends { role: string }>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1));

/** Keeps each current, still valid person (lead first), leaving room for a trained one if needed. */
function keepCurrent(model: RotaModel, personIndex: Map<string, number>, released: ReadonlySet<string>): void {
  for (const s of model.sessions) {
    if (s.input.locked) continue;
    const ordered = leadFirst(s.input.current);
    const kept = model.members[s.index];
    for (const a of ordered) {
      const p = personIndex.get(a.facilitatorId);
      if (p === undefined || kept.includes(p) || kept.length >= s.need || released.has(`${s.input.id}|${a.facilitatorId}`)) continue;
      if (!model.eligibleSet[s.index].has(p) || !model.ledger.fits(p, s)) continue;
      kept.push(p);
      model.ledger.add(p, s, s.index);
    }
    while (kept.length > 0 && kept.length >= s.need && !hasTrained(kept, (p) => model.persons[p].trained)) {
      model.ledger.remove(kept.pop() as number, s.index);
    }
    for (const p of kept) model.kept[s.index].add(p);
  }
}
