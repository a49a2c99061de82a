import fc from 'fast-check';
import { addDays, FIRST_MONDAY, makeSession } from '../../../test/bench/fixtures-rota';
import { planRota } from './planner';
import { hardRuleViolations, lockOutcomes, maxFillModel, solveExact } from './planner-oracle.testkit';
import type { FixedBooking, PlannerFacilitator, PlannerInput, PlannerSession } from './planner.types';

const STARTS = ['09:00', '09:30', '10:00', '10:45', '11:30', '13:00'];
const WARDS = ['w1', 'w2', 'w3'];

const sessionArb = fc.record({
  ward: fc.nat({ max: 2 }),
  day: fc.nat({ max: 11 }),
  start: fc.nat({ max: STARTS.length - 1 }),
  minutes: fc.constantFrom(45, 60, 90),
  need: fc.constantFrom(1, 2, 2, 2, 3),
  locked: fc.constantFrom(false, false, false, false, false, false, true),
  current: fc.array(fc.nat({ max: 9 }), { maxLength: 3 }),
});

/** A roomy ward (more, mostly trained, mostly free people) or a tight one, so both cases occur. */
const personArb = (roomy: boolean) =>
  fc.record({
    wards: fc.subarray([0, 1, 2], { minLength: roomy ? 2 : 1 }),
    trained: roomy ? fc.constantFrom(true, true, false) : fc.boolean(),
    active: roomy ? fc.constant(true) : fc.constantFrom(true, true, true, true, false),
    cap: roomy ? fc.constantFrom(null, null, 2, 3) : fc.constantFrom(null, null, 1, 2, 3),
    windows: fc.oneof(
      { arbitrary: fc.constant(null), weight: roomy ? 3 : 1 },
      {
        arbitrary: fc.array(
          fc.record({
            weekday: fc.integer({ min: 1, max: 5 }),
            from: fc.constantFrom('08:00', '09:30', '11:00'),
            to: fc.constantFrom('11:00', '12:30', '16:00'),
          }),
          { maxLength: 4 },
        ),
        weight: 1,
      },
    ),
    absences: fc.array(fc.record({ from: fc.nat({ max: 13 }), length: fc.nat({ max: 4 }) }), { maxLength: roomy ? 1 : 2 }),
  });

const instanceArb = fc.boolean().chain((roomy) =>
  fc.record({
    sessions: fc.array(sessionArb, { minLength: 1, maxLength: 14 }),
    people: fc.array(personArb(roomy), { minLength: roomy ? 6 : 2, maxLength: roomy ? 10 : 8 }),
    fixed: fc.array(fc.record({ person: fc.nat({ max: 9 }), day: fc.nat({ max: 11 }), start: fc.nat({ max: STARTS.length - 1 }) }), {
      maxLength: 3,
    }),
    buffer: fc.constantFrom(0, 15, 30),
    rebalance: fc.boolean(),
  }),
);

type Instance = typeof instanceArb extends fc.Arbitrary<infer T> ? T : never;

function toInput(raw: Instance): PlannerInput {
  const dateOf = (day: number): string => addDays(FIRST_MONDAY, (day % 5) + 7 * Math.floor(day / 5) * 1);
  const facilitators: PlannerFacilitator[] = raw.people.map((p, i) => ({
    id: `f${i}`,
    name: `F${i}`,
    imrTrained: p.trained,
    active: p.active,
    wardIds: p.wards.map((w) => WARDS[w]),
    maxSessionsPerWeek: p.cap,
    availability: p.windows,
    absences: p.absences.map((a) => ({ from: addDays(FIRST_MONDAY, a.from), to: addDays(FIRST_MONDAY, a.from + a.length) })),
  }));
  const sessions: PlannerSession[] = raw.sessions.map((s, i) => {
    const session = makeSession(`s${String(i).padStart(2, '0')}`, WARDS[s.ward], dateOf(s.day), STARTS[s.start], s.minutes, s.need);
    const ids = [...new Set(s.current.filter((c) => c < facilitators.length).map((c) => `f${c}`))].slice(0, s.need);
    return {
      ...session,
      locked: s.locked,
      current: ids.map((facilitatorId, k) => ({ facilitatorId, role: k === 0 ? ('lead' as const) : ('co' as const) })),
    };
  });
  const fixedBookings: FixedBooking[] = raw.fixed
    .filter((b) => b.person < facilitators.length)
    .map((b) => {
      const s = makeSession('x', 'elsewhere', dateOf(b.day), STARTS[b.start], 60, 1);
      return { facilitatorId: `f${b.person}`, startsAt: s.startsAt, endsAt: s.endsAt, weekKey: s.weekKey };
    });
  return { sessions, facilitators, fixedBookings, bufferMinutes: raw.buffer, rebalance: raw.rebalance };
}

describe('planRota on random instances (fast-check, fixed seed)', () => {
  it('breaks no hard rule, fills every session when an exact MIP says all can be filled, and fills the MIP maximum', async () => {
    let allFillable = 0;
    await fc.assert(
      fc.asyncProperty(instanceArb, async (raw) => {
        const input = toInput(raw);
        const result = planRota(input);
        expect(hardRuleViolations(input, result)).toEqual([]);
        expect(planRota(input)).toEqual(result);
        const locks = lockOutcomes(input);
        const open = input.sessions.filter((s) => !locks.get(s.id)?.intact && s.facilitatorsPerSession > 0);
        const filled = open.length - result.unfilled.length;
        const best = Math.round(await solveExact(maxFillModel(input).lp));
        if (best === open.length) {
          allFillable++;
          expect(result.unfilled).toEqual([]);
        }
        expect(filled).toBe(best);
      }),
      { seed: 20270329, numRuns: 120 },
    );
    expect(allFillable).toBeGreaterThan(30);
  });
});
