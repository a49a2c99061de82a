/**
 * Deterministic rota fixtures (no database): wards with three sessions a week, pools of about
 * twelve facilitators with some shared between neighbouring wards, weekly caps, availability
 * windows and leave. A seeded generator makes the same instance on every run and machine.
 */
import { DateTime } from 'luxon';
import { planRota } from '../../src/rota/planner/planner';
import type { PlannerFacilitator, PlannerInput, PlannerSession } from '../../src/rota/planner/planner.types';
import { prng } from '../../src/rota/planner/planner-tiers.testkit';

export const ZONE = 'Europe/Oslo';
export const FIRST_MONDAY = '2027-01-04';

/** mulberry32, the planner test kit's seeded generator (one home for it). */
export const seeded = prng;

export interface SessionPattern {
  weekday: number;
  start: string;
  minutes: number;
}

export function makeSession(id: string, wardId: string, localDate: string, start: string, minutes: number, need: number): PlannerSession {
  const begin = DateTime.fromISO(`${localDate}T${start}`, { zone: ZONE });
  const end = begin.plus({ minutes });
  return {
    id,
    wardId,
    startsAt: begin.toUTC().toISO() as string,
    endsAt: end.toUTC().toISO() as string,
    localDate: begin.toISODate() as string,
    localWeekday: begin.weekday,
    localStart: begin.toFormat('HH:mm'),
    localEnd: end.toFormat('HH:mm'),
    weekKey: `${begin.weekYear}-W${String(begin.weekNumber).padStart(2, '0')}`,
    facilitatorsPerSession: need,
    locked: false,
    current: [],
  };
}

export function wardSessions(wardId: string, weeks: number, patterns: SessionPattern[], need: number): PlannerSession[] {
  const monday = DateTime.fromISO(FIRST_MONDAY, { zone: ZONE });
  const sessions: PlannerSession[] = [];
  for (let w = 0; w < weeks; w++) {
    for (const p of patterns) {
      const date = monday.plus({ days: 7 * w + p.weekday - 1 }).toISODate() as string;
      sessions.push(makeSession(`${wardId}-s${String(sessions.length).padStart(4, '0')}`, wardId, date, p.start, p.minutes, need));
    }
  }
  return sessions;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() as string;
}

export interface PersonOptions {
  trainedShare: number;
  cappedShare: number;
  windowShare: number;
  leavesPer26Weeks: number;
}

const DEFAULT_PERSON: PersonOptions = { trainedShare: 0.6, cappedShare: 0.5, windowShare: 0.4, leavesPer26Weeks: 1 };

export function makeFacilitator(
  id: string,
  wardIds: string[],
  weeks: number,
  rnd: () => number,
  o: PersonOptions = DEFAULT_PERSON,
): PlannerFacilitator {
  const availability =
    rnd() < o.windowShare
      ? [1, 2, 3, 4, 5]
          .filter(() => rnd() < 0.75)
          .map((weekday) => (rnd() < 0.7 ? { weekday, from: '08:00', to: '16:00' } : { weekday, from: '12:00', to: '20:00' }))
      : null;
  const absences = [];
  const leaves = Math.round((weeks / 26) * o.leavesPer26Weeks + (rnd() < 0.5 ? 0 : 1) - 0.5);
  for (let i = 0; i < leaves; i++) {
    const from = addDays(FIRST_MONDAY, Math.floor(rnd() * weeks * 7));
    absences.push({ from, to: addDays(from, 4 + Math.floor(rnd() * 10)) });
  }
  return {
    id,
    name: `Facilitator ${id}`,
    imrTrained: rnd() < o.trainedShare,
    active: true,
    wardIds,
    maxSessionsPerWeek: rnd() < o.cappedShare ? 2 + Math.floor(rnd() * 2) : null,
    availability,
    absences,
  };
}

const STARTS = ['09:00', '10:30', '13:00', '14:30'];
const DAYS = [
  [1, 3, 5],
  [2, 4, 5],
  [1, 2, 4],
  [3, 4, 5],
];

/** Wards in a hospital: numbered from wardOffset, about `perWard` people each, some shared with the next ward. */
export function makeHospital(opts: {
  seed: number;
  wards: number;
  weeks: number;
  perWard?: number;
  sharedShare?: number;
  prefix?: string;
}): PlannerInput {
  const rnd = seeded(opts.seed);
  const perWard = opts.perWard ?? 12;
  const prefix = opts.prefix ?? 'h';
  const sessions: PlannerSession[] = [];
  const facilitators: PlannerFacilitator[] = [];
  for (let w = 0; w < opts.wards; w++) {
    const wardId = `${prefix}-w${String(w).padStart(3, '0')}`;
    const start = STARTS[w % STARTS.length];
    const minutes = w % 3 === 0 ? 90 : 60;
    const need = w % 10 === 3 ? 3 : w % 10 === 7 ? 1 : 2;
    sessions.push(
      ...wardSessions(
        wardId,
        opts.weeks,
        DAYS[w % DAYS.length].map((weekday) => ({ weekday, start, minutes })),
        need,
      ),
    );
    const nextWard = `${prefix}-w${String((w + 1) % opts.wards).padStart(3, '0')}`;
    for (let i = 0; i < perWard; i++) {
      const shared = opts.wards > 1 && rnd() < (opts.sharedShare ?? 0.15);
      facilitators.push(
        makeFacilitator(`${wardId}-f${String(i).padStart(2, '0')}`, shared ? [wardId, nextWard] : [wardId], opts.weeks, rnd),
      );
    }
  }
  return { sessions, facilitators, fixedBookings: [], bufferMinutes: 15, rebalance: false };
}

/** A region: hospitals of twenty wards (the last one smaller), sharing people only inside a hospital. */
export function makeRegion(opts: { seed: number; wards: number; weeks: number }): PlannerInput {
  const input: PlannerInput = { sessions: [], facilitators: [], fixedBookings: [], bufferMinutes: 15, rebalance: false };
  for (let h = 0; h * 20 < opts.wards; h++) {
    const part = makeHospital({ seed: opts.seed + h, wards: Math.min(20, opts.wards - h * 20), weeks: opts.weeks, prefix: `r${h}` });
    input.sessions.push(...part.sessions);
    input.facilitators.push(...part.facilitators);
  }
  return input;
}

/** One ward, three sessions a week, `people` facilitators: the size the exact optimum is checked on. */
export function makeSmallWard(seed: number, people: number, weeks = 12): PlannerInput {
  const rnd = seeded(seed);
  const patterns = [
    { weekday: 1, start: '10:00', minutes: 60 },
    { weekday: 3, start: '13:00', minutes: 90 },
    { weekday: 5, start: '10:00', minutes: 60 },
  ];
  const sessions = wardSessions('ward-a', weeks, patterns, 2);
  const facilitators = Array.from({ length: people }, (_, i) =>
    makeFacilitator(`f${String(i).padStart(2, '0')}`, ['ward-a'], weeks, rnd, {
      trainedShare: 0.5,
      cappedShare: 0.5,
      windowShare: 0.5,
      leavesPer26Weeks: 2,
    }),
  );
  return { sessions, facilitators, fixedBookings: [], bufferMinutes: 15, rebalance: true };
}

/** A hospital planned once, then one person who works a session in weeks 3–10 reports 5–11 days of leave covering it. */
export function afterOneAbsence(seed: number, wards: number, perWard = 6) {
  const input = makeHospital({ seed, wards, weeks: 12, perWard });
  const first = planRota(input);
  const rnd = seeded(seed * 7 + 1);
  // Someone working a session in weeks 3–10 reports leave that covers it.
  const worked = input.sessions
    .filter(
      (s) => s.localDate >= addDays(FIRST_MONDAY, 14) && s.localDate < addDays(FIRST_MONDAY, 70) && first.assignments[s.id].length > 0,
    )
    .flatMap((s) => first.assignments[s.id].map((a) => ({ s, facilitatorId: a.facilitatorId })));
  const pick = worked[Math.floor(rnd() * worked.length)];
  const from = addDays(pick.s.localDate, -Math.floor(rnd() * 4));
  const absence = { from, to: addDays(from, 4 + Math.floor(rnd() * 7)) };
  const who = { id: pick.facilitatorId };
  const replan: PlannerInput = {
    ...input,
    sessions: input.sessions.map((s) => ({ ...s, current: first.assignments[s.id] })),
    facilitators: input.facilitators.map((f) => (f.id === who.id ? { ...f, absences: [...f.absences, absence] } : f)),
  };
  return { input, first, replan, who: who.id, absence };
}
