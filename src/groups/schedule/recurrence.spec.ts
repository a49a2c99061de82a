import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  countOccurrencesBetween,
  expandOccurrences,
  occurrenceDatesBetween,
  RecurrenceSpec,
  validateRecurrence,
  validateSchedule,
  wallTimeToInstant,
} from './recurrence';

const mwf = (timezone: string, extra: Partial<RecurrenceSpec> = {}): RecurrenceSpec => ({
  recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR',
  startTime: '10:00',
  durationMinutes: 60,
  startsOn: '2027-01-01',
  timezone,
  ...extra,
});

const starts = (spec: RecurrenceSpec, from: string, to: string) => expandOccurrences(spec, { from, to }).map((o) => [o.date, o.startsAt]);

/** Local wall time and offset of an instant, read back with luxon independently of our code. */
const wardClock = (instant: string, zone: string) => DateTime.fromISO(instant, { zone }).toFormat('HH:mm ZZ');

/** Mon/Wed/Fri dates of a year by plain calendar arithmetic, the oracle for "nothing doubled or dropped". */
function mondayWednesdayFridays(year: number): string[] {
  const dates: string[] = [];
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 86_400_000) {
    if ([1, 3, 5].includes(new Date(ms).getUTCDay())) dates.push(new Date(ms).toISOString().slice(0, 10));
  }
  return dates;
}

describe('expandOccurrences in Europe/Oslo (acceptance 1)', () => {
  const oslo = mwf('Europe/Oslo');

  it('keeps 10:00 local across the spring change on 28 March 2027: +01:00 before, +02:00 after', () => {
    expect(starts(oslo, '2027-03-22', '2027-04-04')).toEqual([
      ['2027-03-22', '2027-03-22T09:00:00.000Z'],
      ['2027-03-24', '2027-03-24T09:00:00.000Z'],
      ['2027-03-26', '2027-03-26T09:00:00.000Z'],
      ['2027-03-29', '2027-03-29T08:00:00.000Z'],
      ['2027-03-31', '2027-03-31T08:00:00.000Z'],
      ['2027-04-02', '2027-04-02T08:00:00.000Z'],
    ]);
  });

  it('keeps 10:00 local across the autumn change on 31 October 2027: back to +01:00', () => {
    expect(starts(oslo, '2027-10-25', '2027-11-05')).toEqual([
      ['2027-10-25', '2027-10-25T08:00:00.000Z'],
      ['2027-10-27', '2027-10-27T08:00:00.000Z'],
      ['2027-10-29', '2027-10-29T08:00:00.000Z'],
      ['2027-11-01', '2027-11-01T09:00:00.000Z'],
      ['2027-11-03', '2027-11-03T09:00:00.000Z'],
      ['2027-11-05', '2027-11-05T09:00:00.000Z'],
    ]);
  });

  it('lists every Mon/Wed/Fri of 2027 exactly once, at 10:00 on the ward clock, one hour long', () => {
    const year = expandOccurrences(oslo, { from: '2027-01-01', to: '2027-12-31' });
    expect(year.map((o) => o.date)).toEqual(mondayWednesdayFridays(2027));
    for (const o of year) {
      const offset = o.date >= '2027-03-28' && o.date < '2027-10-31' ? '+02:00' : '+01:00';
      expect(wardClock(o.startsAt, 'Europe/Oslo')).toBe(`10:00 ${offset}`);
      expect(Date.parse(o.endsAt) - Date.parse(o.startsAt)).toBe(60 * 60_000);
    }
  });
});

describe('wall times the clock skips or repeats (DAILY 02:30, 90 minutes)', () => {
  const nightly = (timezone: string): RecurrenceSpec => ({
    recurrence: 'FREQ=DAILY',
    startTime: '02:30',
    durationMinutes: 90,
    startsOn: '2027-01-01',
    timezone,
  });

  it('Oslo spring: 02:30 on 28 March does not exist and moves forward to 03:30 +02:00, keeping 90 minutes', () => {
    const days = expandOccurrences(nightly('Europe/Oslo'), { from: '2027-03-27', to: '2027-03-29' });
    expect(days).toEqual([
      { date: '2027-03-27', startsAt: '2027-03-27T01:30:00.000Z', endsAt: '2027-03-27T03:00:00.000Z' },
      { date: '2027-03-28', startsAt: '2027-03-28T01:30:00.000Z', endsAt: '2027-03-28T03:00:00.000Z' },
      { date: '2027-03-29', startsAt: '2027-03-29T00:30:00.000Z', endsAt: '2027-03-29T02:00:00.000Z' },
    ]);
    expect(wardClock(days[1].startsAt, 'Europe/Oslo')).toBe('03:30 +02:00');
  });

  it('Oslo autumn: 02:30 on 31 October happens twice and takes the first (summer-time) one', () => {
    const days = expandOccurrences(nightly('Europe/Oslo'), { from: '2027-10-30', to: '2027-11-01' });
    expect(days).toEqual([
      { date: '2027-10-30', startsAt: '2027-10-30T00:30:00.000Z', endsAt: '2027-10-30T02:00:00.000Z' },
      { date: '2027-10-31', startsAt: '2027-10-31T00:30:00.000Z', endsAt: '2027-10-31T02:00:00.000Z' },
      { date: '2027-11-01', startsAt: '2027-11-01T01:30:00.000Z', endsAt: '2027-11-01T03:00:00.000Z' },
    ]);
    expect(wardClock(days[1].startsAt, 'Europe/Oslo')).toBe('02:30 +02:00');
  });

  it('Auckland: 02:30 on 26 September 2027 moves to 03:30 +13:00; on 4 April 2027 it takes +13:00', () => {
    const spring = expandOccurrences(nightly('Pacific/Auckland'), { from: '2027-09-26', to: '2027-09-26' });
    expect(spring[0].startsAt).toBe('2027-09-25T14:30:00.000Z');
    expect(wardClock(spring[0].startsAt, 'Pacific/Auckland')).toBe('03:30 +13:00');
    const autumn = expandOccurrences(nightly('Pacific/Auckland'), { from: '2027-04-04', to: '2027-04-04' });
    expect(autumn[0].startsAt).toBe('2027-04-03T13:30:00.000Z');
    expect(wardClock(autumn[0].startsAt, 'Pacific/Auckland')).toBe('02:30 +13:00');
  });

  it('never doubles or drops a night through a whole year', () => {
    const year = expandOccurrences(nightly('Europe/Oslo'), { from: '2027-01-01', to: '2027-12-31' });
    expect(year).toHaveLength(365);
    expect(new Set(year.map((o) => o.date)).size).toBe(365);
    expect(new Set(year.map((o) => o.startsAt)).size).toBe(365);
  });
});

describe('zones without daylight saving and in the southern hemisphere', () => {
  it.each(['Asia/Tokyo', 'UTC'])('%s: the same offset all year', (zone) => {
    const year = expandOccurrences(mwf(zone), { from: '2027-01-01', to: '2027-12-31' });
    expect(year).toHaveLength(mondayWednesdayFridays(2027).length);
    const expected = zone === 'UTC' ? '10:00 +00:00' : '10:00 +09:00';
    for (const o of year) expect(wardClock(o.startsAt, zone)).toBe(expected);
    expect(year[0].startsAt).toBe(zone === 'UTC' ? '2027-01-01T10:00:00.000Z' : '2027-01-01T01:00:00.000Z');
  });

  it('Australia/Sydney: +11:00 until 4 April 2027, +10:00 until 3 October, then +11:00 (UTC day differs)', () => {
    const sydney = mwf('Australia/Sydney');
    expect(starts(sydney, '2027-04-02', '2027-04-05')).toEqual([
      ['2027-04-02', '2027-04-01T23:00:00.000Z'],
      ['2027-04-05', '2027-04-05T00:00:00.000Z'],
    ]);
    expect(starts(sydney, '2027-10-01', '2027-10-04')).toEqual([
      ['2027-10-01', '2027-10-01T00:00:00.000Z'],
      ['2027-10-04', '2027-10-03T23:00:00.000Z'],
    ]);
    const year = expandOccurrences(sydney, { from: '2027-01-01', to: '2027-12-31' });
    expect(year.map((o) => o.date)).toEqual(mondayWednesdayFridays(2027));
    for (const o of year) expect(wardClock(o.startsAt, 'Australia/Sydney').slice(0, 5)).toBe('10:00');
  });

  it('Pacific/Auckland: +13:00 until 4 April 2027, +12:00 until 26 September, then +13:00', () => {
    const auckland = mwf('Pacific/Auckland');
    expect(starts(auckland, '2027-04-02', '2027-04-05')).toEqual([
      ['2027-04-02', '2027-04-01T21:00:00.000Z'],
      ['2027-04-05', '2027-04-04T22:00:00.000Z'],
    ]);
    expect(starts(auckland, '2027-09-24', '2027-09-27')).toEqual([
      ['2027-09-24', '2027-09-23T22:00:00.000Z'],
      ['2027-09-27', '2027-09-26T21:00:00.000Z'],
    ]);
  });
});

describe('bounds, exclusions and rule shapes', () => {
  const oslo = mwf('Europe/Oslo', { startsOn: '2027-03-23', endsOn: '2027-04-09', excludedDates: ['2027-03-29', '2027-04-02'] });

  it('starts on the first matching day on or after startsOn, stops at endsOn, skips excluded dates', () => {
    expect(occurrenceDatesBetween(oslo, '2027-01-01', '2027-12-31')).toEqual([
      '2027-03-24',
      '2027-03-26',
      '2027-03-31',
      '2027-04-05',
      '2027-04-07',
      '2027-04-09',
    ]);
    expect(countOccurrencesBetween(oslo, '2027-01-01', '2027-12-31')).toBe(6);
  });

  it('clips to the window, inclusive at both ends', () => {
    expect(occurrenceDatesBetween(oslo, '2027-03-26', '2027-04-05')).toEqual(['2027-03-26', '2027-03-31', '2027-04-05']);
    expect(expandOccurrences(oslo, { from: '2027-04-10', to: '2027-05-01' })).toEqual([]);
    expect(expandOccurrences(oslo, { from: '2027-03-01', to: '2027-03-22' })).toEqual([]);
    expect(expandOccurrences(oslo, { from: '2027-04-05', to: '2027-04-01' })).toEqual([]);
    expect(expandOccurrences({ ...oslo, endsOn: '2027-03-22' }, { from: '2027-01-01', to: '2027-12-31' })).toEqual([]);
  });

  it('an excluded date never appears, whatever the window', () => {
    for (const [from, to] of [
      ['2027-03-29', '2027-03-29'],
      ['2027-03-28', '2027-04-03'],
      ['2027-01-01', '2027-12-31'],
    ]) {
      const dates = occurrenceDatesBetween(oslo, from, to);
      expect(dates).not.toContain('2027-03-29');
      expect(dates).not.toContain('2027-04-02');
    }
  });

  it('accepts a leading RRULE: and lower case, and reads them the same', () => {
    const plain = occurrenceDatesBetween(mwf('UTC'), '2027-01-01', '2027-02-01');
    expect(occurrenceDatesBetween(mwf('UTC', { recurrence: 'RRULE:freq=weekly;byday=mo,we,fr' }), '2027-01-01', '2027-02-01')).toEqual(
      plain,
    );
  });

  it('WEEKLY without BYDAY meets on the weekday of startsOn; INTERVAL counts from startsOn', () => {
    const tuesdays = mwf('UTC', { recurrence: 'FREQ=WEEKLY', startsOn: '2027-03-02' });
    expect(occurrenceDatesBetween(tuesdays, '2027-03-01', '2027-03-20')).toEqual(['2027-03-02', '2027-03-09', '2027-03-16']);
    const fortnightly = mwf('UTC', { recurrence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH', startsOn: '2027-03-02' });
    expect(occurrenceDatesBetween(fortnightly, '2027-03-01', '2027-04-10')).toEqual(['2027-03-04', '2027-03-18', '2027-04-01']);
  });

  it('MONTHLY: the first Monday, and day 31 only in months that have one', () => {
    const firstMonday = mwf('UTC', { recurrence: 'FREQ=MONTHLY;BYDAY=1MO' });
    expect(occurrenceDatesBetween(firstMonday, '2027-01-01', '2027-04-30')).toEqual([
      '2027-01-04',
      '2027-02-01',
      '2027-03-01',
      '2027-04-05',
    ]);
    const thirtyFirst = mwf('UTC', { recurrence: 'FREQ=MONTHLY;BYMONTHDAY=31' });
    expect(occurrenceDatesBetween(thirtyFirst, '2027-01-01', '2027-06-30')).toEqual(['2027-01-31', '2027-03-31', '2027-05-31']);
  });

  it('refuses to expand an invalid spec', () => {
    const window = { from: '2027-01-01', to: '2027-01-31' };
    expect(() => expandOccurrences(mwf('Mars/Olympus'), window)).toThrow(RangeError);
    expect(() => expandOccurrences(mwf('UTC', { startTime: '24:00' }), window)).toThrow(RangeError);
    expect(() => expandOccurrences(mwf('UTC', { startsOn: '2027-02-30' }), window)).toThrow(RangeError);
    expect(() => expandOccurrences(mwf('UTC', { recurrence: 'FREQ=HOURLY' }), window)).toThrow(/sub|once a day/);
    expect(() => expandOccurrences(mwf('UTC'), { from: '2027-1-1', to: '2027-01-31' })).toThrow(RangeError);
  });
});

describe('validateRecurrence', () => {
  it.each([
    'FREQ=DAILY',
    'FREQ=WEEKLY;BYDAY=MO,WE,FR',
    'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
    'FREQ=MONTHLY;BYDAY=-1FR',
    'FREQ=MONTHLY;BYMONTHDAY=1,15',
    'FREQ=WEEKLY;BYDAY=MO;WKST=SU',
    'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
    'FREQ=DAILY;BYMONTH=1,2,3;',
    'freq=weekly;byday=mo',
  ])('accepts %s', (rule) => {
    expect(validateRecurrence(rule)).toBeNull();
  });

  it.each([
    ['FREQ=HOURLY', /at most once a day/],
    ['FREQ=MINUTELY;INTERVAL=5', /at most once a day/],
    ['FREQ=YEARLY', /YEARLY is not allowed/],
    ['FREQ=DAILY;BYHOUR=9,15', /BYHOUR/],
    ['FREQ=DAILY;BYMINUTE=0,30', /BYMINUTE/],
    ['FREQ=WEEKLY;TZID=Europe/Oslo', /TZID is not allowed/],
    ['FREQ=WEEKLY;DTSTART=20270101T100000Z', /DTSTART/],
    ['DTSTART:20270101T100000Z\nRRULE:FREQ=DAILY', /single RRULE value/],
    ['FREQ=WEEKLY;COUNT=10', /endsOn/],
    ['FREQ=WEEKLY;UNTIL=20271231', /endsOn/],
    ['FREQ=WEEKLY;INTERVAL=0', /INTERVAL/],
    ['FREQ=WEEKLY;INTERVAL=53', /INTERVAL/],
    ['FREQ=WEEKLY;BYDAY=XX', /weekday "XX"/],
    ['FREQ=WEEKLY;BYDAY=1MO', /only MONTHLY/],
    ['FREQ=WEEKLY;BYMONTHDAY=3', /BYMONTHDAY/],
    ['FREQ=MONTHLY;BYMONTHDAY=32', /BYMONTHDAY/],
    ['FREQ=MONTHLY;BYSETPOS=1', /BYSETPOS/],
    ['FREQ=WEEKLY;FREQ=DAILY', /twice/],
    ['FREQ=FORTNIGHTLY', /not a frequency/],
    ['BYDAY=MO', /FREQ is missing/],
    ['FREQ=WEEKLY;FOO=BAR', /unknown rule part FOO/],
    ['every monday', /cannot read/],
    ['garbage', /cannot read/],
    ['', /empty/],
    ['   ', /empty/],
  ])('refuses %j with a reason', (rule, reason) => {
    expect(validateRecurrence(rule)).toMatch(reason);
  });

  it('refuses a value that is not a string', () => expect(validateRecurrence(42 as unknown as string)).toMatch(/RRULE value/));
});

describe('rules that could leave a group without sessions', () => {
  it.each([
    ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', /5 years/],
    ['FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31', /5 years/],
    ['FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2', /5 years/],
    ['FREQ=MONTHLY;BYMONTH=2;BYDAY=5MO', /5 years/],
    ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO', /5 years/],
    ['FREQ=DAILY;INTERVAL=7;BYDAY=MO', /INTERVAL above 1/],
    ['FREQ=MONTHLY;INTERVAL=12;BYMONTH=2;BYMONTHDAY=1', /INTERVAL above 1/],
    ['FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=31', /INTERVAL above 1/],
    ['FREQ=MONTHLY;INTERVAL=3;BYDAY=5FR', /INTERVAL above 1/],
    ['FREQ=WEEKLY;INTERVAL=52;BYMONTH=3', /INTERVAL above 1/],
    ['FREQ=MONTHLY;BYDAY=1MO;BYMONTHDAY=15', /not both/],
    ['FREQ=MONTHLY;BYMONTH=6', /needs BYDAY or BYMONTHDAY/],
  ])('refuses %s quickly', (rule, reason) => {
    const began = performance.now();
    expect(validateRecurrence(rule)).toMatch(reason);
    expect(performance.now() - began).toBeLessThan(1000);
  });

  it.each([
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH',
    'FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU',
    'FREQ=DAILY;INTERVAL=3',
    'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYMONTH=1,2,3,4,5,6,8,9,10,11,12',
    'FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13',
    'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=5',
  ])('accepts %s', (rule) => {
    expect(validateRecurrence(rule)).toBeNull();
  });

  it('every accepted rule meets within 5 years of any start date (fast-check over random rules)', () => {
    const days = fc.uniqueArray(fc.constantFrom(...['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']), { minLength: 1, maxLength: 7 });
    const ordinal = fc.constantFrom('', '', '', '1', '2', '4', '5', '-1', '-2');
    const part = fc.oneof(
      fc.integer({ min: 1, max: 52 }).map((n) => `INTERVAL=${n}`),
      fc.tuple(days, ordinal).map(([d, n]) => `BYDAY=${d.map((x) => n + x).join(',')}`),
      fc
        .uniqueArray(
          fc.integer({ min: -31, max: 31 }).filter((n) => n !== 0),
          { minLength: 1, maxLength: 3 },
        )
        .map((n) => `BYMONTHDAY=${n.join(',')}`),
      fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 }).map((n) => `BYMONTH=${n.join(',')}`),
      fc.constantFrom('BYSETPOS=1', 'BYSETPOS=-1', 'BYSETPOS=2', 'BYSETPOS=6'),
    );
    const rule = fc
      .tuple(fc.constantFrom('DAILY', 'WEEKLY', 'MONTHLY'), fc.uniqueArray(part, { maxLength: 3, selector: (p) => p.split('=')[0] }))
      .map(([freq, parts]) => [`FREQ=${freq}`, ...parts].join(';'));
    const startsOn = fc
      .integer({ min: 0, max: 15 * 365 })
      .map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    let accepted = 0;
    fc.assert(
      fc.property(rule, startsOn, (recurrence, start) => {
        if (validateRecurrence(recurrence) !== null) return;
        accepted++;
        const horizon = new Date(Date.parse(start) + 5 * 365 * 86_400_000).toISOString().slice(0, 10);
        expect([recurrence, start, countOccurrencesBetween(mwf('UTC', { recurrence, startsOn: start }), start, horizon) > 0]).toEqual([
          recurrence,
          start,
          true,
        ]);
      }),
      { seed: Number(process.env.FC_SEED ?? 42), numRuns: 250 },
    );
    expect(accepted).toBeGreaterThan(60);
  });
});

describe('validateSchedule', () => {
  const ok = mwf('Europe/Oslo', { endsOn: '2027-12-31' });

  it('accepts a sound spec, with or without endsOn', () =>
    expect([validateSchedule(ok), validateSchedule({ ...ok, endsOn: null })]).toEqual([null, null]));

  it.each([
    [{ recurrence: 'FREQ=HOURLY' }, 'recurrence'],
    [{ endsOn: '2026-12-31' }, 'endsOn'],
    [{ endsOn: '2027-01-03', recurrence: 'FREQ=WEEKLY;BYDAY=TU' }, 'endsOn'],
    [{ endsOn: '2027-01-05', recurrence: 'FREQ=WEEKLY;BYDAY=TU', excludedDates: ['2027-01-05'] }, 'endsOn'],
  ] as [Partial<RecurrenceSpec>, string][])('names the field for %j', (change, field) => {
    expect(validateSchedule({ ...ok, ...change })).toEqual({ field, reason: expect.any(String) });
  });
});

describe('wallTimeToInstant agrees with luxon on every hour near a change', () => {
  const zones = [
    'Europe/Oslo',
    'America/New_York',
    'Australia/Sydney',
    'Australia/Lord_Howe',
    'Pacific/Auckland',
    'America/Sao_Paulo',
    'Asia/Gaza',
    'Pacific/Apia',
  ];

  /** The reference: luxon's reading, the earlier instant when there are two. */
  function luxonInstant(wallMs: number, zone: string): number {
    const w = new Date(wallMs);
    const local = DateTime.fromObject(
      { year: w.getUTCFullYear(), month: w.getUTCMonth() + 1, day: w.getUTCDate(), hour: w.getUTCHours(), minute: w.getUTCMinutes() },
      { zone },
    );
    return Math.min(...local.getPossibleOffsets().map((d) => d.toMillis()));
  }

  it('matches for random wall times 2000–2040 (fast-check)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: 40 * 366 * 96 }), (zone, quarterHours) => {
        const wallMs = Date.UTC(2000, 0, 1) + quarterHours * 15 * 60_000;
        expect(wallTimeToInstant(wallMs, zone)).toBe(luxonInstant(wallMs, zone));
      }),
      { seed: Number(process.env.FC_SEED ?? 42), numRuns: 1000 },
    );
  });

  it('matches for every quarter hour of each change day in 2027', () => {
    for (const [zone, date] of [
      ['Europe/Oslo', '2027-03-28'],
      ['Europe/Oslo', '2027-10-31'],
      ['Australia/Lord_Howe', '2027-04-04'],
      ['Australia/Lord_Howe', '2027-10-03'],
      ['Pacific/Auckland', '2027-09-26'],
    ]) {
      for (let q = 0; q < 96; q++) {
        const wallMs = Date.parse(`${date}T00:00:00Z`) + q * 15 * 60_000;
        expect([zone, q, wallTimeToInstant(wallMs, zone)]).toEqual([zone, q, luxonInstant(wallMs, zone)]);
      }
    }
  });
});

// Speed lives in the benchmarks (npm run bench -- groups); here only the counts those runs rely on.
describe('long windows', () => {
  it('expands a year of 20 three-times-weekly groups and counts ten years ahead', () => {
    const specs = Array.from({ length: 20 }, (_, i) => mwf('Europe/Oslo', { startsOn: `2026-01-${String(i + 1).padStart(2, '0')}` }));
    const total = specs.reduce((n, spec) => n + expandOccurrences(spec, { from: '2027-01-01', to: '2027-12-31' }).length, 0);
    expect(total).toBe(20 * 157);
    expect(countOccurrencesBetween({ ...specs[0], recurrence: 'FREQ=DAILY' }, '2026-01-01', '2035-12-31')).toBe(3652);
  });
});
