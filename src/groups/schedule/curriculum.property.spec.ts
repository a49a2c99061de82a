import fc from 'fast-check';
import { assignModules, moduleForHeldIndex } from './curriculum';
import { countOccurrencesBetween, expandOccurrences, RecurrenceSpec } from './recurrence';

const SEED = Number(process.env.FC_SEED ?? 42);
const CORE = [2, 4, 5, 7];
const ZONES = ['Europe/Oslo', 'Australia/Sydney', 'Pacific/Auckland', 'Asia/Tokyo', 'America/New_York', 'UTC'];
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const DAY = 86_400_000;

const dateAt = (base: string, days: number) => new Date(Date.parse(`${base}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const daysFrom2026 = (maxYears: number) => fc.integer({ min: 0, max: Math.floor(maxYears * 365.25) - 1 });

const threeTimesWeekly = fc.record({
  weekdays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 3, maxLength: 3 }),
  startDay: daysFrom2026(5),
  windowDelay: fc.integer({ min: 0, max: 1500 }),
  timezone: fc.constantFrom(...ZONES),
  startTime: fc.constantFrom('08:30', '10:00', '13:15', '18:00'),
});

function specOf(group: { weekdays: number[]; startDay: number; timezone: string; startTime: string }): RecurrenceSpec {
  return {
    recurrence: `FREQ=WEEKLY;BYDAY=${group.weekdays.map((d) => WEEKDAYS[d]).join(',')}`,
    startTime: group.startTime,
    durationMinutes: 60,
    startsOn: dateAt('2026-01-01', group.startDay),
    timezone: group.timezone,
  };
}

describe('curriculum properties (fast-check)', () => {
  it('a core group meeting three times a week covers 2, 4, 5 and 7 within any 21 days of its sessions (acceptance 3)', () => {
    fc.assert(
      fc.property(threeTimesWeekly, (group) => {
        const spec = specOf(group);
        const from = dateAt(spec.startsOn, group.windowDelay);
        const to = dateAt(from, 20);
        const heldBefore = group.windowDelay === 0 ? 0 : countOccurrencesBetween(spec, spec.startsOn, dateAt(from, -1));
        const sessions = expandOccurrences(spec, { from, to }).map((o) => ({ ...o, cancelled: false }));
        const taught = new Set(assignModules(sessions, CORE, 1, heldBefore).map((s) => s.module));
        expect(sessions).toHaveLength(9);
        expect([...taught].sort((a, b) => a - b)).toEqual(CORE);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('reading a window with heldBefore agrees with reading the whole run from its start', () => {
    fc.assert(
      fc.property(threeTimesWeekly, fc.integer({ min: 1, max: 4 }), (group, sessionsPerModule) => {
        const spec = specOf(group);
        const from = dateAt(spec.startsOn, group.windowDelay);
        const to = dateAt(from, 20);
        const whole = assignModules(
          expandOccurrences(spec, { from: spec.startsOn, to }).map((o) => ({ ...o, cancelled: false })),
          CORE,
          sessionsPerModule,
          0,
        ).filter((s) => s.date >= from);
        const heldBefore = countOccurrencesBetween(spec, spec.startsOn, dateAt(from, -1));
        const window = expandOccurrences(spec, { from, to }).map((o) => ({ ...o, cancelled: false }));
        expect(assignModules(window, CORE, sessionsPerModule, heldBefore)).toEqual(whole);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('cancellations never skip a module: held sessions teach the cycle in order, a cancelled one what the next held one teaches', () => {
    const curriculum = fc.uniqueArray(fc.integer({ min: 1, max: 11 }), { minLength: 1, maxLength: 11 });
    fc.assert(
      fc.property(
        curriculum,
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 120 }),
        fc.nat(500),
        (modules, perModule, cancels, heldBefore) => {
          const occurrences = cancels.map((cancelled, i) => ({ date: dateAt('2027-01-01', i), cancelled }));
          const assigned = assignModules(occurrences, modules, perModule, heldBefore);
          const held = assigned.filter((s) => !s.cancelled);
          held.forEach((s, k) => expect(s).toMatchObject(moduleForHeldIndex(heldBefore + k, modules, perModule)));
          assigned.forEach((s, i) => {
            if (!s.cancelled) return;
            const next = assigned.slice(i + 1).find((later) => !later.cancelled);
            const expected = next ?? moduleForHeldIndex(heldBefore + held.length, modules, perModule);
            expect([s.module, s.part]).toEqual([expected.module, expected.part]);
          });
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});
