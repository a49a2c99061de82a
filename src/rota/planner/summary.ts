/**
 * The rota summary, derived in one place: for a window's sessions and an assignment of each (the
 * plan's answer, or the rota as it stands), the load and share of every person, the pair repeats,
 * the sessions left unfilled with the reason, and every session whose assignment breaks a hard rule
 * (locked ones apart, since a lock is a coordinator's choice). `POST …/rota/plan` and
 * `GET …/rota/summary` both call it on the same sessions, so they cannot disagree.
 */
import { buildModel, type RotaModel } from './planner-model';
import { pairCounts } from './planner-rotation';
import { assignmentBreaches, instantMs } from './planner-rules';
import type {
  FacilitatorLoad,
  FixedBooking,
  PlannerFacilitator,
  PlannerInput,
  PlannerSession,
  RoleAssignment,
  SessionBreach,
  UnfilledReason,
  UnfilledSession,
} from './planner.types';

export interface RotaSummary {
  /** Sessions with at least one person. */
  assigned: number;
  /** Sessions with fewer people than they need, with the reason. */
  unfilled: UnfilledSession[];
  load: FacilitatorLoad[];
  fairness: { maxShare: number; repeatedPairs: number };
  /** Locked sessions whose assignment breaks a rule, with the rule. */
  locked: SessionBreach[];
  /** Every session whose assignment breaks a rule now, locked or not. */
  conflicts: SessionBreach[];
}

export type SummaryInput = Pick<PlannerInput, 'sessions' | 'facilitators' | 'fixedBookings' | 'bufferMinutes'>;

/** One assignment equality for the whole rota: the same people in the same roles, in any order. */
export function sameAssignment(a: readonly RoleAssignment[], b: readonly RoleAssignment[]): boolean {
  if (a.length !== b.length) return false;
  // Sessions have one or two people: compared directly, without building keys.
  if (a.length === 0) return true;
  if (a.length === 1) return same(a[0], b[0]);
  if (a.length === 2) return (same(a[0], b[0]) && same(a[1], b[1])) || (same(a[0], b[1]) && same(a[1], b[0]));
  const key = (list: readonly RoleAssignment[]): string =>
    list
      .map((x) => `${x.role}:${x.facilitatorId}`)
      .sort()
      .join('|');
  return key(a) === key(b);
}

const same = (x: RoleAssignment, y: RoleAssignment): boolean => x.role === y.role && x.facilitatorId === y.facilitatorId;

export function bookingOf(session: PlannerSession, facilitatorId: string): FixedBooking {
  return { facilitatorId, startsAt: session.startsAt, endsAt: session.endsAt, weekKey: session.weekKey, sessionId: session.id };
}

/**
 * Every rule each session's assignment breaks, checked against the fixed bookings (outside these
 * sessions) and the assignments of the other sessions given.
 */
export function sessionBreaches(
  input: SummaryInput,
  sessions: readonly PlannerSession[],
  assignmentOf: (s: PlannerSession) => readonly RoleAssignment[],
): SessionBreach[] {
  const planned = new Set(sessions.map((s) => s.id));
  const index = new Map<string, PersonBookings>();
  const book = (b: FixedBooking): void => {
    let mine = index.get(b.facilitatorId);
    if (!mine) index.set(b.facilitatorId, (mine = new PersonBookings()));
    mine.add(b);
  };
  for (const b of input.fixedBookings) if (b.sessionId === undefined || !planned.has(b.sessionId)) book(b);
  for (const s of sessions) for (const a of assignmentOf(s)) book(bookingOf(s, a.facilitatorId));
  const byId = new Map(input.facilitators.map((f) => [f.id, f]));
  const bufferMs = input.bufferMinutes * 60_000;
  const out: SessionBreach[] = [];
  for (const s of sessions) {
    const assignment = assignmentOf(s);
    if (assignment.length === 0) continue;
    const otherBookings = assignment.flatMap((a) => index.get(a.facilitatorId)?.near(s, bufferMs) ?? []);
    const breaches = assignmentBreaches({
      session: s,
      assignment,
      facilitators: assignment.flatMap((a) => byId.get(a.facilitatorId) ?? []),
      otherBookings,
      bufferMinutes: input.bufferMinutes,
    });
    for (const b of breaches) out.push({ sessionId: s.id, ...b });
  }
  return out;
}

const DAY_MS = 86_400_000;

/**
 * One person's bookings by week and by UTC day, so a session's rule check reads only the bookings
 * that can matter to it (its week for the cap, the days its buffered span touches for clashes):
 * the summary's cost stays linear in the horizon.
 */
class PersonBookings {
  private readonly byWeek = new Map<string, Entry[]>();
  private readonly byDay = new Map<number, Entry[]>();
  private readonly long: Entry[] = [];
  private count = 0;
  private calls = 0;

  add(booking: FixedBooking): void {
    const e = { booking, n: this.count++, call: 0 };
    const week = this.byWeek.get(booking.weekKey);
    if (week) week.push(e);
    else this.byWeek.set(booking.weekKey, [e]);
    const first = Math.floor(instantMs(booking.startsAt) / DAY_MS);
    const last = Math.floor(instantMs(booking.endsAt) / DAY_MS);
    if (last - first > 2) {
      this.long.push(e);
      return;
    }
    for (let d = first; d <= last; d++) {
      const day = this.byDay.get(d);
      if (day) day.push(e);
      else this.byDay.set(d, [e]);
    }
  }

  /** Every booking in the session's week, or on a day within its buffered span, once each, in the order they were added. */
  near(s: PlannerSession, bufferMs: number): FixedBooking[] {
    // Each entry is taken once per call: marked with the call's number instead of kept in a set.
    const call = ++this.calls;
    const found: Entry[] = [];
    const take = (list: readonly Entry[] | undefined): void => {
      if (list === undefined) return;
      for (const e of list) {
        if (e.call === call) continue;
        e.call = call;
        found.push(e);
      }
    };
    take(this.byWeek.get(s.weekKey));
    take(this.long);
    const first = Math.floor((instantMs(s.startsAt) - bufferMs) / DAY_MS);
    const last = Math.floor((instantMs(s.endsAt) + bufferMs) / DAY_MS);
    for (let d = first; d <= last; d++) take(this.byDay.get(d));
    return found.sort((a, b) => a.n - b.n).map((e) => e.booking);
  }
}

interface Entry {
  booking: FixedBooking;
  n: number;
  /** The last `near` call that took it. */
  call: number;
}

export function unfilledReason(model: RotaModel, s: number): UnfilledReason {
  const session = model.sessions[s];
  if (model.poolSize[s] < session.need) return 'pool-too-small';
  const members = model.members[s];
  const others = model.eligible[s].filter((p) => !members.includes(p));
  const free = others.filter((p) => model.ledger.fits(p, session));
  const capped = others.filter((p) => model.ledger.weekRoom(p, session.weekKey) < 1 && model.ledger.clashing(p, session).length === 0);
  const trained = (p: number): boolean => model.persons[p].trained;
  const needTrained = !members.some(trained);
  // Enough people are free for it as the rota stands: it is only waiting for a plan (never so after one).
  if (members.length + free.length >= session.need && (!needTrained || free.some(trained))) return 'not-planned';
  if (needTrained && !free.some(trained)) return capped.some(trained) ? 'all-at-cap' : 'no-trained-facilitator';
  return members.length + free.length + capped.length >= session.need ? 'all-at-cap' : 'pool-too-small';
}

function loads(model: RotaModel): FacilitatorLoad[] {
  const rows = model.persons.map((p) => ({
    facilitatorId: p.input.id,
    name: p.input.name,
    sessions: 0,
    leads: 0,
    minutes: 0,
    availableSessions: model.available[p.index],
    share: 0,
  }));
  const row = new Map(rows.map((r) => [r.facilitatorId, r]));
  for (const s of model.sessions) {
    for (const a of s.input.current) {
      const r = row.get(a.facilitatorId);
      if (!r) continue;
      r.sessions++;
      r.minutes += s.minutes;
      if (a.role === 'lead') r.leads++;
    }
  }
  for (const r of rows) r.share = r.availableSessions > 0 ? r.sessions / r.availableSessions : 0;
  const wards = new Set(model.sessions.map((s) => s.input.wardId));
  const inPool = (f: PlannerFacilitator): boolean => f.active && f.wardIds.some((w) => wards.has(w));
  return rows.filter((r, i) => inPool(model.persons[i].input) || r.sessions > 0);
}

/** The summary of the sessions under the given assignments (missing ones: the session's current). */
export function summariseRota(input: SummaryInput, assignments: Record<string, readonly RoleAssignment[]> = {}): RotaSummary {
  const assignmentOf = (s: PlannerSession): readonly RoleAssignment[] => assignments[s.id] ?? s.current;
  // Every session held as it is: the model then books everyone, as the plan's final state does.
  const held = input.sessions.map((s) => ({ ...s, locked: true, current: assignmentOf(s).map((a) => ({ ...a })) }));
  const model = buildModel({ ...input, sessions: held, rebalance: true }, new Set(), 'hold');
  const load = loads(model);
  const locked = new Set(input.sessions.filter((s) => s.locked).map((s) => s.id));
  const unfilled = model.sessions
    .filter((s) => model.members[s.index].length < s.need)
    .map((s) => ({ sessionId: s.input.id, reason: unfilledReason(model, s.index) }));
  let repeatedPairs = 0;
  for (const c of pairCounts(model).values()) repeatedPairs += Math.max(0, c - 1);
  const conflicts = sessionBreaches(input, input.sessions, assignmentOf);
  return {
    assigned: input.sessions.filter((s) => assignmentOf(s).length > 0).length,
    unfilled,
    load,
    fairness: { maxShare: load.reduce((m, r) => Math.max(m, r.share), 0), repeatedPairs },
    locked: conflicts.filter((c) => locked.has(c.sessionId)),
    conflicts,
  };
}
