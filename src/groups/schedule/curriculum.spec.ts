import { assignModules, CurriculumEdition, moduleForHeldIndex, resolveCurriculum } from './curriculum';
import { countOccurrencesBetween, expandOccurrences, RecurrenceSpec } from './recurrence';

const edition: CurriculumEdition = {
  modules: Array.from({ length: 11 }, (_, i) => ({ number: i + 1 })),
  core: [2, 4, 5, 7],
};

describe('resolveCurriculum', () => {
  it('full is every module of the edition in number order', () => {
    expect(resolveCurriculum('full', { modules: [{ number: 3 }, { number: 1 }, { number: 2 }], core: [2] })).toEqual([1, 2, 3]);
    expect(resolveCurriculum('full', edition)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("core is the edition's core set in its order", () => {
    expect(resolveCurriculum('core', edition)).toEqual([2, 4, 5, 7]);
    expect(resolveCurriculum('core', { ...edition, core: [7, 2] })).toEqual([7, 2]);
  });

  it('a list keeps its teaching order', () => {
    expect(resolveCurriculum([1, 2, 4, 5, 7], edition)).toEqual([1, 2, 4, 5, 7]);
    expect(resolveCurriculum([5, 4], edition)).toEqual([5, 4]);
  });

  it.each([
    [[12], /unknown module 12/],
    [[2, 0], /unknown module 0/],
    [[2.5], /whole numbers/],
    [[], /at least one/],
    [Array.from({ length: 51 }, () => 1), /at most 50/],
    ['some' as unknown as number[], /"core", "full" or a list/],
  ])('refuses %j with a reason', (value, reason) => {
    expect(resolveCurriculum(value, edition)).toMatch(reason);
  });

  it('refuses core or full when the edition has none', () => {
    expect(resolveCurriculum('core', { ...edition, core: [] })).toMatch(/no core modules/);
    expect(resolveCurriculum('core', { ...edition, core: [12] })).toMatch(/core module 12/);
    expect(resolveCurriculum('full', { modules: [], core: [] })).toMatch(/no modules/);
  });

  it('returns a copy, never the edition itself', () => {
    const resolved = resolveCurriculum('core', edition) as number[];
    resolved.push(99);
    expect(edition.core).toEqual([2, 4, 5, 7]);
  });
});

describe('moduleForHeldIndex', () => {
  it('full with 2 sessions per module runs 1,1,2,2,…,11,11 and then starts again (acceptance 4)', () => {
    const full = resolveCurriculum('full', edition) as number[];
    const taught = Array.from({ length: 26 }, (_, i) => moduleForHeldIndex(i, full, 2));
    expect(taught.map((t) => t.module)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 1, 1, 2, 2]);
    expect(taught.map((t) => t.part)).toEqual(Array.from({ length: 26 }, (_, i) => (i % 2) + 1));
    expect(taught.filter((t) => t.parts !== 2)).toEqual([]);
    expect(moduleForHeldIndex(22 * 1000 + 3, full, 2)).toEqual({ module: 2, part: 2, parts: 2 });
  });

  it('counts parts from 1 to sessionsPerModule', () => {
    expect([0, 1, 2, 3].map((i) => moduleForHeldIndex(i, [2, 4], 3))).toEqual([
      { module: 2, part: 1, parts: 3 },
      { module: 2, part: 2, parts: 3 },
      { module: 2, part: 3, parts: 3 },
      { module: 4, part: 1, parts: 3 },
    ]);
  });

  it('refuses impossible inputs', () => {
    expect(() => moduleForHeldIndex(-1, [2], 1)).toThrow(RangeError);
    expect(() => moduleForHeldIndex(1.5, [2], 1)).toThrow(RangeError);
    expect(() => moduleForHeldIndex(0, [], 1)).toThrow(RangeError);
    expect(() => moduleForHeldIndex(0, [2], 0)).toThrow(RangeError);
  });
});

describe('assignModules', () => {
  const dates = ['2027-03-01', '2027-03-03', '2027-03-05', '2027-03-08', '2027-03-10', '2027-03-12'];

  it('a cancelled session reports the module it would have taught, and the next held one teaches it (acceptance 2)', () => {
    const occurrences = dates.map((date) => ({ date, cancelled: date === '2027-03-05' }));
    expect(assignModules(occurrences, [2, 4, 5, 7], 1, 0).map((o) => [o.date, o.cancelled, o.module])).toEqual([
      ['2027-03-01', false, 2],
      ['2027-03-03', false, 4],
      ['2027-03-05', true, 5],
      ['2027-03-08', false, 5],
      ['2027-03-10', false, 7],
      ['2027-03-12', false, 2],
    ]);
  });

  it('keeps the part too: a cancelled part 2 of 2 is taught at the next held session', () => {
    const occurrences = dates.map((date, i) => ({ date, cancelled: i === 1 || i === 2 }));
    expect(assignModules(occurrences, [2, 4], 2, 0).map((o) => `${o.module}.${o.part}${o.cancelled ? 'x' : ''}`)).toEqual([
      '2.1',
      '2.2x',
      '2.2x',
      '2.2',
      '4.1',
      '4.2',
    ]);
  });

  it('continues from heldBefore and keeps the caller fields', () => {
    const occurrences = dates.slice(0, 2).map((date) => ({ date, cancelled: false, id: `s-${date}` }));
    expect(assignModules(occurrences, [2, 4, 5, 7], 1, 6)).toEqual([
      { date: '2027-03-01', cancelled: false, id: 's-2027-03-01', module: 5, part: 1, parts: 1 },
      { date: '2027-03-03', cancelled: false, id: 's-2027-03-03', module: 7, part: 1, parts: 1 },
    ]);
  });

  it('refuses unsorted or repeated dates and a negative heldBefore', () => {
    expect(() =>
      assignModules(
        [
          { date: '2027-03-03', cancelled: false },
          { date: '2027-03-01', cancelled: false },
        ],
        [2],
        1,
        0,
      ),
    ).toThrow(RangeError);
    expect(() =>
      assignModules(
        [
          { date: '2027-03-03', cancelled: false },
          { date: '2027-03-03', cancelled: false },
        ],
        [2],
        1,
        0,
      ),
    ).toThrow(RangeError);
    expect(() => assignModules([], [2], 1, -1)).toThrow(RangeError);
    expect(assignModules([], [2], 1, 0)).toEqual([]);
  });
});

describe('curriculum over an expanded schedule', () => {
  const spec: RecurrenceSpec = {
    recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR',
    startTime: '10:00',
    durationMinutes: 60,
    startsOn: '2027-03-01',
    excludedDates: ['2027-03-26', '2027-03-29'],
    timezone: 'Europe/Oslo',
  };
  const cancelled = new Set(['2027-03-24']);

  it('excluded dates are not sessions and take no module; cancelled ones shift the cycle', () => {
    const sessions = expandOccurrences(spec, { from: '2027-03-19', to: '2027-04-02' }).map((o) => ({
      ...o,
      cancelled: cancelled.has(o.date),
    }));
    const heldBefore = countOccurrencesBetween(spec, spec.startsOn, '2027-03-18');
    expect(heldBefore).toBe(8);
    expect(assignModules(sessions, [2, 4, 5, 7], 1, heldBefore).map((o) => [o.date, o.module, o.cancelled])).toEqual([
      ['2027-03-19', 2, false],
      ['2027-03-22', 4, false],
      ['2027-03-24', 5, true],
      ['2027-03-31', 5, false],
      ['2027-04-02', 7, false],
    ]);
  });

  it('a window read on its own agrees with the whole run read from the start', () => {
    const all = expandOccurrences(spec, { from: spec.startsOn, to: '2027-12-31' }).map((o) => ({ ...o, cancelled: cancelled.has(o.date) }));
    const whole = assignModules(all, [1, 2, 3], 2, 0);
    const from = '2027-06-01';
    const cancelledBefore = [...cancelled].filter((d) => d < from).length;
    const heldBefore = countOccurrencesBetween(spec, spec.startsOn, '2027-05-31') - cancelledBefore;
    const window = assignModules(
      all.filter((o) => o.date >= from),
      [1, 2, 3],
      2,
      heldBefore,
    );
    expect(window).toEqual(whole.filter((o) => o.date >= from));
  });
});

describe('assignModules with what started sessions taught', () => {
  const day = (n: number) => `2027-02-${String(n).padStart(2, '0')}`;
  const past = (n: number, module: number, held: boolean | null) => ({
    date: day(n),
    cancelled: false,
    started: true,
    fact: { held, module, part: 1, parts: 1 },
  });
  const coming = (n: number, cancelled = false) => ({ date: day(n), cancelled });
  const taught = (list: { module: number }[]) => list.map((s) => s.module);

  it('a session not held owes its module to the next session not started; later started sessions keep theirs', () => {
    const sessions = [
      past(1, 2, true),
      past(3, 4, false),
      past(5, 5, true),
      past(8, 7, null),
      coming(10),
      coming(12),
      coming(15),
      coming(17),
    ];
    expect(taught(assignModules(sessions, [2, 4, 5, 7], 1, 0))).toEqual([2, 4, 5, 7, 4, 2, 4, 5]);
  });

  it('a cancelled coming session carries the owed module on; two owed modules come in order', () => {
    const sessions = [past(1, 2, false), past(3, 4, false), past(5, 5, true), coming(8, true), coming(10), coming(12), coming(15)];
    expect(taught(assignModules(sessions, [2, 4, 5, 7], 1, 0))).toEqual([2, 4, 5, 2, 2, 4, 7]);
  });

  it('a later held session that teaches the owed module pays it; a module outside the curriculum moves nothing', () => {
    const paid = [past(1, 2, false), past(3, 2, true), coming(5), coming(8)];
    expect(taught(assignModules(paid, [2, 4, 5, 7], 1, 0))).toEqual([2, 2, 4, 5]);
    const outside = [past(1, 2, true), past(3, 1, true), coming(5)];
    expect(taught(assignModules(outside, [2, 4, 5, 7], 1, 0))).toEqual([2, 1, 4]);
  });

  it('a started session without stored facts advances the cycle and never takes an owed module', () => {
    const sessions = [past(1, 2, false), { date: day(3), cancelled: false, started: true }, coming(5), coming(8)];
    expect(taught(assignModules(sessions, [2, 4, 5, 7], 1, 0))).toEqual([2, 4, 2, 5]);
  });
});
