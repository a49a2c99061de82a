/**
 * Seeded planner instances for the exact judge (planner-oracle.testkit.ts), in the four tiers of
 * the audit in issue 15, shrunk so the lexicographic MIP decides most of them in a few seconds;
 * and the issue's four shrunken counterexamples as fixed inputs. Written from the rule text alone.
 *
 * Everything is UTC (ward-local = UTC), dates frozen in January and February 2027, buffer 15
 * minutes, nothing locked, no fixed bookings, no availability windows unless a tier adds them.
 * The generator is mulberry32, so an instance is the same on every run and machine.
 */
import type { DateRange, PlannerFacilitator, PlannerInput, PlannerSession } from './planner.types';

/** mulberry32: a small, fast, seeded generator. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 86_400_000;

export function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday 1..7 and ISO week key ('2027-W03') of a UTC date. */
export function isoWeek(date: string): { weekday: number; weekKey: string } {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = ((d.getUTCDay() + 6) % 7) + 1;
  const thursday = new Date(d.getTime() + (4 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return { weekday, weekKey: `${year}-W${String(week).padStart(2, '0')}` };
}

const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const toMin = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** A UTC session from 'HH:mm' to 'HH:mm' on a date. */
export function utcSession(id: string, wardId: string, date: string, start: string, end: string, need: number): PlannerSession {
  const { weekday, weekKey } = isoWeek(date);
  return {
    id,
    wardId,
    startsAt: `${date}T${start}:00.000Z`,
    endsAt: `${date}T${end}:00.000Z`,
    localDate: date,
    localWeekday: weekday,
    localStart: start,
    localEnd: end,
    weekKey,
    facilitatorsPerSession: need,
    locked: false,
    current: [],
  };
}

export function person(
  id: string,
  wardIds: string[],
  trained: boolean,
  cap: number | null = null,
  absences: DateRange[] = [],
): PlannerFacilitator {
  return { id, name: `Person ${id}`, imrTrained: trained, active: true, wardIds, maxSessionsPerWeek: cap, availability: null, absences };
}

const input = (sessions: PlannerSession[], facilitators: PlannerFacilitator[]): PlannerInput => ({
  sessions,
  facilitators,
  fixedBookings: [],
  bufferMinutes: 15,
  rebalance: false,
});

// ---------------------------------------------------------------------------------------------
// The four shrunken counterexamples of issue 15 (the optimum each must reach is beside it).
// ---------------------------------------------------------------------------------------------

export interface Counterexample {
  name: string;
  input: PlannerInput;
  /** The optimum: sessions filled and the largest share (and, for 4, the sorted shares), as the exact judge finds them. */
  fill: number;
  maxShare: number;
  shares?: number[];
}

/** 1. Fill choice: only one session can be filled; s0 (share 1/2) beats s1 (p0 at share 1). */
export const COUNTEREXAMPLE_FILL_CHOICE: Counterexample = {
  name: 'fill choice',
  input: input(
    [utcSession('s0', 'A', '2027-02-02', '11:45', '12:45', 2), utcSession('s1', 'A', '2027-02-03', '11:00', '12:00', 3)],
    [person('p0', ['A'], true, null, [{ from: '2027-01-31', to: '2027-02-02' }]), person('p1', ['A'], true), person('p2', ['A'], true, 1)],
  ),
  fill: 1,
  maxShare: 1 / 2,
};

/** 2. Chain s0–s1–s2 (s0 and s2 do not clash): s0 {p2,p4}, s1 {p0,p1}, s2 {p3,p4}, s3 {p3,p4} reaches 0.75. */
export const COUNTEREXAMPLE_CHAIN: Counterexample = {
  name: 'clash chain',
  input: input(
    [
      utcSession('s0', 'A', '2027-01-20', '09:30', '10:30', 2),
      utcSession('s1', 'B', '2027-01-20', '10:30', '11:30', 2),
      utcSession('s2', 'A', '2027-01-20', '11:00', '12:00', 2),
      utcSession('s3', 'B', '2027-01-20', '14:00', '15:00', 2),
    ],
    [
      person('p0', ['B'], true),
      person('p1', ['B'], true),
      person('p2', ['A'], true),
      person('p3', ['A', 'B'], true),
      person('p4', ['A', 'B'], true),
    ],
  ),
  fill: 4,
  maxShare: 0.75,
};

/** 3. Fill, no chains: 5 of 7 sessions can be filled (s0 {p0,p1,p6}, s2 {p0,p1}, s4 {p2,p4}, s5 {p3,p6}, s6 {p2,p5}). */
export const COUNTEREXAMPLE_FILL: Counterexample = {
  name: 'fill without chains',
  input: input(
    [
      utcSession('s0', 'A', '2027-01-25', '09:30', '10:30', 3),
      utcSession('s1', 'A', '2027-01-27', '09:30', '10:30', 2),
      utcSession('s2', 'A', '2027-01-27', '09:30', '10:30', 2),
      utcSession('s3', 'B', '2027-01-27', '11:45', '12:45', 3),
      utcSession('s4', 'B', '2027-01-28', '09:30', '10:30', 2),
      utcSession('s5', 'B', '2027-01-28', '14:00', '15:00', 2),
      utcSession('s6', 'B', '2027-01-28', '14:00', '15:00', 2),
    ],
    [
      person('p0', ['A'], true),
      person('p1', ['A'], true),
      person('p2', ['B'], false, 2),
      person('p3', ['B'], false, 1),
      person('p4', ['B'], true, 1),
      person('p5', ['A', 'B'], true, 1),
      person('p6', ['A', 'B'], true, 2),
    ],
  ),
  fill: 5,
  /** The issue names the fill only; the judge's optimum at fill 5 (checked in planner.exact.spec.ts). */
  maxShare: 2 / 3,
};

/**
 * 4. Evening out: everything is filled, the largest share is the optimum, the rest is not
 * lexicographic. The issue gives only the vectors of its instance ([1, 0.5, 0.375, 1/3 x4] where
 * [1, 0.5, 1/3 x5] is possible), not the data; this is an instance of the same kind from the
 * shared-wards tier (seed 18), on which the planner of the time gave
 * [0.5 x5, 0.375, 1/3, 0.25, 0.25] where [0.5 x5, 0.25 x3, 0] is possible (the shared p3 and p6
 * carry ward B's sessions so that the untrained p4 works one instead of two).
 */
export const COUNTEREXAMPLE_EVENING_OUT: Counterexample = {
  name: 'evening out',
  input: input(
    [
      utcSession('s00', 'A', '2027-01-19', '10:30', '11:30', 2),
      utcSession('s01', 'A', '2027-01-20', '11:15', '12:15', 2),
      utcSession('s02', 'B', '2027-01-19', '11:15', '12:15', 2),
      utcSession('s03', 'B', '2027-01-25', '11:15', '12:15', 2),
      utcSession('s04', 'B', '2027-01-19', '11:15', '12:15', 2),
      utcSession('s05', 'B', '2027-01-25', '09:00', '10:00', 1),
      utcSession('s06', 'C', '2027-01-19', '09:45', '10:45', 2),
      utcSession('s07', 'C', '2027-01-20', '10:30', '11:30', 2),
    ],
    [
      person('p0', ['A'], false),
      person('p1', ['B'], true),
      person('p2', ['C'], false, null, [{ from: '2027-01-25', to: '2027-01-27' }]),
      person('p3', ['A', 'C', 'B'], true),
      person('p4', ['B'], false),
      person('p5', ['C'], false),
      person('p6', ['A', 'B'], true),
      person('p7', ['B'], true, 2),
      person('p8', ['C', 'B'], true, 2, [{ from: '2027-01-22', to: '2027-01-23' }]),
    ],
  ),
  fill: 8,
  maxShare: 0.5,
  shares: [0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0],
};

export const COUNTEREXAMPLES: Counterexample[] = [
  COUNTEREXAMPLE_FILL_CHOICE,
  COUNTEREXAMPLE_CHAIN,
  COUNTEREXAMPLE_FILL,
  COUNTEREXAMPLE_EVENING_OUT,
];

// ---------------------------------------------------------------------------------------------
// Seeded tiers.
// ---------------------------------------------------------------------------------------------

export type Tier = 'one-ward' | 'shared-wards' | 'crowded' | 'trainees' | 'one-ward-36';

export const TIERS: { tier: Tier; label: string }[] = [
  { tier: 'one-ward', label: 'one ward' },
  { tier: 'shared-wards', label: '3-6 wards, 20-40 % shared, clash chains' },
  { tier: 'crowded', label: 'crowded, not everything fillable' },
  { tier: 'trainees', label: 'half trainees, caps of 1, absences' },
];

/** The audit's first tier at its own size (a ward-quarter): fewer instances, as each takes the judge seconds. */
export const ISSUE_SIZE_TIER = { tier: 'one-ward-36' as Tier, label: 'one ward, 36 sessions (issue size)' };

const FIRST_MONDAY = '2027-01-18';

interface Rng {
  next: () => number;
  int: (lo: number, hi: number) => number;
  pick: <T>(xs: readonly T[]) => T;
  chance: (p: number) => boolean;
}

function rng(seed: number): Rng {
  const next = prng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  return { next, int, pick: (xs) => xs[int(0, xs.length - 1)], chance: (p) => next() < p };
}

/** A working day of the two-week window (Mon-Fri of the weeks starting 18 and 25 January 2027). */
const workday = (r: Rng, weeks: number): string => plusDays(FIRST_MONDAY, 7 * r.int(0, weeks - 1) + r.int(0, 4));

function absence(r: Rng, weeks: number): DateRange {
  const from = plusDays(FIRST_MONDAY, r.int(-1, 7 * weeks - 2));
  return { from, to: plusDays(from, r.int(0, 3)) };
}

function sessionAt(id: string, wardId: string, date: string, startMin: number, minutes: number, need: number): PlannerSession {
  return utcSession(id, wardId, date, hhmm(startMin), hhmm(startMin + minutes), need);
}

/** One ward over two weeks: 10-16 sessions at a few fixed times (same-time clashes only), 5-8 people. */
function oneWard(r: Rng): PlannerInput {
  const n = r.int(10, 16);
  const times = [9 * 60, 10 * 60 + 30, 13 * 60];
  const sessions = Array.from({ length: n }, (_, i) =>
    sessionAt(`s${String(i).padStart(2, '0')}`, 'A', workday(r, 2), r.pick(times), 60, r.pick([1, 2, 2, 2, 3])),
  );
  const people = Array.from({ length: r.int(5, 8) }, (_, i) =>
    person(`p${i}`, ['A'], r.chance(0.65), r.chance(0.4) ? r.int(2, 3) : null, r.chance(0.3) ? [absence(r, 2)] : []),
  );
  return input(sortById(sessions), people);
}

/** 3-6 wards, 2-4 sessions each on four days, staggered starts every 45 minutes so clashes chain; 20-40 % of people in two or three wards. */
function sharedWards(r: Rng): PlannerInput {
  const wards = r.int(3, 6);
  const names = ['A', 'B', 'C', 'D', 'E', 'F'].slice(0, wards);
  const days = [0, 1, 2, 7].map((d) => plusDays(FIRST_MONDAY, d));
  const sessions: PlannerSession[] = [];
  let total = 0;
  for (const w of names) {
    const count = r.int(2, 4);
    for (let i = 0; i < count && total < 20; i++, total++)
      sessions.push(sessionAt(`s${String(total).padStart(2, '0')}`, w, r.pick(days), 9 * 60 + 45 * r.int(0, 4), 60, r.pick([1, 2, 2])));
  }
  const share = 0.2 + 0.2 * r.next();
  const people = Array.from({ length: r.int(6, 10) }, (_, i) => {
    const home = names[i % wards];
    const others = names.filter((x) => x !== home);
    const wardsOf = r.chance(share) ? [home, ...pickSome(r, others, r.int(1, Math.min(2, others.length)))] : [home];
    return person(`p${i}`, wardsOf, r.chance(0.7), r.chance(0.3) ? 2 : null, r.chance(0.2) ? [absence(r, 2)] : []);
  });
  return input(sessions, people);
}

/** Crowded: 10-16 sessions needing 2-3 over two weeks, 4-7 people with caps of 1-3, some absences: not everything fillable. */
function crowded(r: Rng): PlannerInput {
  const n = r.int(10, 16);
  const wards = r.chance(0.5) ? ['A'] : ['A', 'B'];
  const sessions = Array.from({ length: n }, (_, i) =>
    sessionAt(`s${String(i).padStart(2, '0')}`, r.pick(wards), workday(r, 2), 9 * 60 + 45 * r.int(0, 5), 60, r.pick([2, 2, 3])),
  );
  const people = Array.from({ length: r.int(4, 7) }, (_, i) => {
    const wardsOf = wards.length === 1 || r.chance(0.4) ? wards : [wards[i % 2]];
    return person(`p${i}`, wardsOf, i < 2 || r.chance(0.5), r.chance(0.7) ? r.int(1, 3) : null, r.chance(0.35) ? [absence(r, 2)] : []);
  });
  return input(sortById(sessions), people);
}

/** Half trainees, caps of 1, absences: 8-14 sessions in one or two wards over two weeks, 6-10 people. */
function trainees(r: Rng): PlannerInput {
  const n = r.int(8, 14);
  const wards = r.chance(0.5) ? ['A'] : ['A', 'B'];
  const sessions = Array.from({ length: n }, (_, i) =>
    sessionAt(
      `s${String(i).padStart(2, '0')}`,
      r.pick(wards),
      workday(r, 2),
      r.pick([9 * 60, 10 * 60, 11 * 60, 13 * 60]),
      60,
      r.pick([1, 2, 2]),
    ),
  );
  const people = Array.from({ length: r.int(6, 10) }, (_, i) => {
    const wardsOf = wards.length === 1 || r.chance(0.3) ? wards : [wards[i % 2]];
    const absences = r.chance(0.5) ? [absence(r, 2), ...(r.chance(0.3) ? [absence(r, 2)] : [])] : [];
    return person(`p${i}`, wardsOf, i % 2 === 0, r.chance(0.6) ? 1 : r.chance(0.5) ? 2 : null, absences);
  });
  return input(sortById(sessions), people);
}

function pickSome<T>(r: Rng, xs: readonly T[], k: number): T[] {
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < k && pool.length) out.push(pool.splice(r.int(0, pool.length - 1), 1)[0]);
  return out;
}

/** Ids in time order, so a reader of a failing case sees the sessions as a rota would list them. */
function sortById(sessions: PlannerSession[]): PlannerSession[] {
  return [...sessions]
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.wardId.localeCompare(b.wardId))
    .map((s, i) => ({ ...s, id: `s${String(i).padStart(2, '0')}` }));
}

/** One ward, 12 weeks of three sessions a week (Mon 10:00, Wed 13:00 for 90 minutes, Fri 10:00), need 2, 9-13 people with caps and leave. */
function oneWard36(r: Rng): PlannerInput {
  const sessions: PlannerSession[] = [];
  for (let w = 0; w < 12; w++) {
    for (const [day, start, minutes] of [
      [0, 600, 60],
      [2, 780, 90],
      [4, 600, 60],
    ]) {
      sessions.push(sessionAt(`s${String(sessions.length).padStart(2, '0')}`, 'A', plusDays('2027-01-04', 7 * w + day), start, minutes, 2));
    }
  }
  const people = Array.from({ length: r.int(9, 13) }, (_, i) => {
    const leave = Array.from({ length: r.int(0, 2) }, () => {
      const from = plusDays('2027-01-04', r.int(0, 83));
      return { from, to: plusDays(from, r.int(4, 13)) };
    });
    return person(`p${String(i).padStart(2, '0')}`, ['A'], i < 2 || r.chance(0.5), r.chance(0.5) ? r.int(2, 3) : null, leave);
  });
  return input(sessions, people);
}

const MAKERS: Record<Tier, (r: Rng) => PlannerInput> = {
  'one-ward': oneWard,
  'shared-wards': sharedWards,
  crowded,
  trainees,
  'one-ward-36': oneWard36,
};

/** The seeded instance `seed` of a tier (the same on every run and machine). */
export function tierInstance(tier: Tier, seed: number): PlannerInput {
  const salt = { 'one-ward': 1, 'shared-wards': 2, crowded: 3, trainees: 4, 'one-ward-36': 5 }[tier];
  return MAKERS[tier](rng(seed * 7919 + salt * 104_729));
}

/**
 * A planned instance after one new absence: `first` is a plan of `base` (people per session, lead
 * first), and someone who works a session reports an absence of 1-3 days covering it. The result
 * is a re-plan input (rebalance false, `current` = the first plan), or null when nobody works anything.
 */
export function withOneNewAbsence(
  base: PlannerInput,
  first: Record<string, { facilitatorId: string; role: 'lead' | 'co' }[]>,
  seed: number,
): PlannerInput | null {
  const r = rng(seed * 31 + 7);
  const worked = base.sessions.flatMap((s) => (first[s.id] ?? []).map((a) => ({ s, id: a.facilitatorId })));
  if (worked.length === 0) return null;
  const pick = r.pick(worked);
  const from = plusDays(pick.s.localDate, -r.int(0, 1));
  const leave = { from, to: plusDays(from, r.int(1, 3)) };
  return {
    ...base,
    rebalance: false,
    sessions: base.sessions.map((s) => ({ ...s, current: first[s.id] ?? [] })),
    facilitators: base.facilitators.map((f) => (f.id === pick.id ? { ...f, absences: [...f.absences, leave] } : f)),
  };
}

export { toMin as minutesOf };

/**
 * A tiny instance for checking the judge by brute force: 3-5 sessions in one or two wards on two
 * days (starts 45 minutes apart, so clashes chain), 3-5 people; every other one is a re-plan with
 * current assignments (some no longer valid), every fourth a rebalance.
 */
export function tinyInstance(seed: number): PlannerInput {
  const r = rng(seed * 104_723 + 17);
  const wards = r.chance(0.5) ? ['A'] : ['A', 'B'];
  const days = ['2027-01-18', '2027-01-19', '2027-01-25'];
  const sessions = Array.from({ length: r.int(3, 5) }, (_, i) =>
    sessionAt(`s${i}`, r.pick(wards), r.pick(days), 9 * 60 + 45 * r.int(0, 3), 60, r.pick([1, 2, 2])),
  );
  const facilitators = Array.from({ length: r.int(3, 5) }, (_, i) =>
    person(
      `p${i}`,
      wards.length === 1 || r.chance(0.4) ? wards : [wards[i % 2]],
      i === 0 || r.chance(0.6),
      r.chance(0.4) ? r.int(1, 2) : null,
      r.chance(0.2) ? [{ from: days[r.int(0, 2)], to: days[r.int(0, 2)] }] : [],
    ),
  );
  const replan = seed % 2 === 0;
  for (const s of sessions) {
    if (!replan || r.chance(0.3)) continue;
    const ids = pickSome(
      r,
      facilitators.filter((f) => f.wardIds.includes(s.wardId)).map((f) => f.id),
      s.facilitatorsPerSession,
    );
    s.current = ids.map((facilitatorId, k) => ({ facilitatorId, role: k === 0 ? 'lead' : 'co' }));
  }
  return { ...input(sessions, facilitators), rebalance: seed % 4 === 0 };
}
