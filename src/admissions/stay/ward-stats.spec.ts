import { computeWardStats, DischargedStay, StatsSession } from './ward-stats';

const NOW = '2027-03-31T12:00:00.000Z';
const core = [2, 4, 5, 7];

const HELD = { held: true, facilitatorIds: ['kari', 'ola'] };
const hourLater = (instant: string) => new Date(Date.parse(instant) + 3_600_000).toISOString();

function session(
  id: string,
  startsAt: string,
  participants: number,
  capacity = 8,
  status: StatsSession['status'] = 'scheduled',
  outcome: StatsSession['outcome'] = HELD,
): StatsSession {
  return { id, status, outcome, startsAt, endsAt: hourLater(startsAt), participants, capacity };
}

function shortStay(completedModules: number[], plannedModules = core): DischargedStay {
  return { plannedModules, completedModules, dischargedOn: '2027-03-20', stay: 'short' };
}

// The fixture ward, March 2027: nine sessions held, two cancelled, one still ahead.
const marchSessions: StatsSession[] = [
  session('s01', '2027-03-01T08:00:00.000Z', 5),
  session('s02', '2027-03-03T08:00:00.000Z', 7),
  session('s03', '2027-03-05T08:00:00.000Z', 9),
  session('s04', '2027-03-08T08:00:00.000Z', 3),
  session('s05', '2027-03-10T08:00:00.000Z', 8),
  session('s06', '2027-03-12T08:00:00.000Z', 10, 12),
  session('s07', '2027-03-15T08:00:00.000Z', 0),
  session('s08', '2027-03-17T08:00:00.000Z', 6),
  session('s09', '2027-03-31T12:00:00.000Z', 4),
  session('c01', '2027-03-19T08:00:00.000Z', 0, 8, 'cancelled'),
  session('c02', '2027-03-31T14:00:00.000Z', 0, 8, 'cancelled'),
  session('f01', '2027-03-31T14:00:00.000Z', 0, 8, 'scheduled', null),
];

// Five short stays discharged in March (two with every core module) and a long stay that is ignored.
const marchDischarges: DischargedStay[] = [
  shortStay([2, 4, 5, 7]),
  shortStay([1, 2, 4, 5, 7]),
  shortStay([2, 4]),
  shortStay([4, 5]),
  shortStay([]),
  { plannedModules: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], completedModules: [1], dischargedOn: '2027-03-21', stay: 'long' },
];

describe('computeWardStats on the fixture ward', () => {
  const stats = computeWardStats({ now: NOW, sessions: marchSessions, dischargedStays: marchDischarges });

  it('counts sessions held (started by now, not cancelled) and cancelled', () => {
    expect(stats.sessionsHeld).toBe(9);
    expect(stats.sessionsCancelled).toBe(2);
    expect([stats.sessionsNotHeld, stats.sessionsUnrecorded]).toEqual([0, 0]);
  });

  it('gives facilitator hours from who actually ran each held session', () => {
    expect(stats.facilitatorHours).toEqual([
      { facilitatorId: 'kari', sessions: 9, hours: 9 },
      { facilitatorId: 'ola', sessions: 9, hours: 9 },
    ]);
  });

  it('summarises participants over the held sessions', () => {
    // 0 3 4 5 6 7 8 9 10
    expect(stats.participantsPerSession).toEqual({ median: 6, max: 10, over8: 2, overCapacity: 1 });
  });

  it('gives the share of short stays discharged with all core modules', () => {
    expect(stats.shortStaysDischarged).toBe(5);
    expect(stats.shortStaysWithAllCore).toBe(2);
    expect(stats.shareShortStaysWithAllCore).toBeCloseTo(0.4, 10);
  });

  it('ranks the modules most often missed, ties by module number', () => {
    expect(stats.mostMissedModules).toEqual([
      { module: 7, missedBy: 3 },
      { module: 2, missedBy: 2 },
      { module: 5, missedBy: 2 },
      { module: 4, missedBy: 1 },
    ]);
  });
});

describe('computeWardStats edge cases', () => {
  it('reports nulls, not zeros, for a window with nothing in it', () => {
    expect(computeWardStats({ now: NOW, sessions: [], dischargedStays: [] })).toEqual({
      sessionsHeld: 0,
      sessionsNotHeld: 0,
      sessionsUnrecorded: 0,
      sessionsCancelled: 0,
      facilitatorHours: [],
      participantsPerSession: { median: null, max: null, over8: 0, overCapacity: 0 },
      shortStaysDischarged: 0,
      shortStaysWithAllCore: 0,
      shareShortStaysWithAllCore: null,
      mostMissedModules: [],
    });
  });

  it('takes the mean of the middle two for an even number of sessions', () => {
    const sessions = [4, 9, 5, 6].map((count, i) => session(`e${i}`, `2027-03-0${i + 1}T08:00:00.000Z`, count));
    expect(computeWardStats({ now: NOW, sessions, dischargedStays: [] }).participantsPerSession.median).toBe(5.5);
  });

  it('moves a session from ahead to held once now passes its start', () => {
    const ahead = [session('x', '2027-04-01T08:00:00.000Z', 7)];
    expect(computeWardStats({ now: NOW, sessions: ahead, dischargedStays: [] }).sessionsHeld).toBe(0);
    expect(computeWardStats({ now: '2027-04-01T08:00:00.000Z', sessions: ahead, dischargedStays: [] }).sessionsHeld).toBe(1);
  });

  it('counts held, not held and unrecorded apart; only held sessions count participants and hours', () => {
    const sessions = [
      session('h', '2027-03-01T08:00:00.000Z', 6, 8, 'scheduled', { held: true, facilitatorIds: ['per'] }),
      session('n', '2027-03-03T08:00:00.000Z', 0, 8, 'scheduled', { held: false, facilitatorIds: [] }),
      session('u1', '2027-03-05T08:00:00.000Z', 0, 8, 'scheduled', null),
      session('u2', '2027-03-08T08:00:00.000Z', 12, 8, 'scheduled', null),
    ];
    const stats = computeWardStats({ now: NOW, sessions, dischargedStays: [] });
    expect([stats.sessionsHeld, stats.sessionsNotHeld, stats.sessionsUnrecorded]).toEqual([1, 1, 2]);
    expect(stats.participantsPerSession).toEqual({ median: 6, max: 6, over8: 0, overCapacity: 0 });
    expect(stats.facilitatorHours).toEqual([{ facilitatorId: 'per', sessions: 1, hours: 1 }]);
  });

  it('judges each short stay against its own plan, a ward-configured core set included', () => {
    const stats = computeWardStats({
      now: NOW,
      sessions: [],
      dischargedStays: [shortStay([2, 5], [2, 5]), shortStay([2], [2, 5]), shortStay([2, 4, 5, 7, 7], core)],
    });
    expect(stats.shortStaysWithAllCore).toBe(2);
    expect(stats.shareShortStaysWithAllCore).toBeCloseTo(2 / 3, 10);
    expect(stats.mostMissedModules).toEqual([{ module: 5, missedBy: 1 }]);
  });
});
