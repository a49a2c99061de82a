import fc from 'fast-check';
import { GroupSchedule, planSessions, ScheduleVersion } from './group-schedule';

const SEED = Number(process.env.FC_SEED ?? 42);

const version = (effectiveFrom: string, change: Partial<ScheduleVersion> = {}): ScheduleVersion => ({
  effectiveFrom,
  recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE',
  startTime: '10:00',
  durationMinutes: 60,
  curriculum: [2, 4, 5, 7],
  sessionsPerModule: 1,
  facilitatorsPerSession: 2,
  room: null,
  ...change,
});

const schedule = (...versions: ScheduleVersion[]): GroupSchedule => ({
  groupId: 'g1',
  timezone: 'Europe/Oslo',
  startsOn: versions[0].effectiveFrom,
  endsOn: null,
  excludedDates: [],
  versions,
});

const modulesOf = (plans: ReturnType<typeof planSessions>) =>
  plans.map((p) => `${p.occurrenceDate} ${p.moduleNumber}${p.cancelled ? 'x' : ''}`);

describe('planSessions', () => {
  it('cycles the curriculum over held sessions; a cancelled one shows the module the next held one teaches', () => {
    const plans = planSessions(schedule(version('2027-03-01')), '2027-03-01', '2027-03-17', { cancelled: new Set(['2027-03-08']) });
    expect(modulesOf(plans)).toEqual(['2027-03-01 2', '2027-03-03 4', '2027-03-08 5x', '2027-03-10 5', '2027-03-15 7', '2027-03-17 2']);
    expect(plans[0]).toMatchObject({ id: expect.any(String), startsAt: '2027-03-01T09:00:00.000Z', moduleParts: 1, room: null });
  });

  it('continues the cycle across a version that only moves the time, and starts it again when the curriculum changes', () => {
    const moved = schedule(version('2027-03-01'), version('2027-03-08', { startTime: '12:00', room: 'B2' }));
    expect(modulesOf(planSessions(moved, '2027-03-01', '2027-03-10', { cancelled: new Set() }))).toEqual([
      '2027-03-01 2',
      '2027-03-03 4',
      '2027-03-08 5',
      '2027-03-10 7',
    ]);
    const changed = schedule(version('2027-03-01'), version('2027-03-08', { curriculum: [9, 10], sessionsPerModule: 2 }));
    const plans = planSessions(changed, '2027-03-01', '2027-03-17', { cancelled: new Set() });
    expect(plans.map((p) => `${p.moduleNumber}.${p.modulePart}/${p.moduleParts}`)).toEqual([
      '2.1/1',
      '4.1/1',
      '9.1/2',
      '9.2/2',
      '10.1/2',
      '10.2/2',
    ]);
  });

  it('a window read on its own agrees with the same dates read from the start of the run', () => {
    const dates = fc.integer({ min: 0, max: 200 });
    fc.assert(
      fc.property(
        dates,
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.integer({ min: 0, max: 260 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 3 }),
        (offset, length, cancelledDays, perModule) => {
          const day = (n: number) => new Date(Date.UTC(2027, 0, 4 + n)).toISOString().slice(0, 10);
          const s = schedule(version(day(0), { sessionsPerModule: perModule }), version(day(90), { startTime: '14:00' }));
          const cancelled = new Set(cancelledDays.map(day));
          const from = day(offset);
          const to = day(offset + length);
          const whole = planSessions(s, day(0), to, { cancelled }).filter((p) => p.occurrenceDate >= from);
          expect(planSessions(s, from, to, { cancelled })).toEqual(whole);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });
});
