import { AttendedSession, computeProgress, ProgressInput, sortWorklist, UpcomingSession } from './progress';

const at = (localDate: string, hour = 8) => `${localDate}T${String(hour).padStart(2, '0')}:00:00.000Z`;

function attended(sessionId: string, localDate: string, module: number, part: number, parts: number): AttendedSession {
  return { sessionId, startsAt: at(localDate), module, part, parts };
}

function upcoming(sessionId: string, localDate: string, module: number, part: number, parts: number, hour = 8): UpcomingSession {
  return { sessionId, startsAt: at(localDate, hour), localDate, module, part, parts };
}

// A short stay: admitted 1 Feb 2027, expected out 15 Mar, core modules 2 (3 parts), 4 (2), 5 (2), 7 (1).
function shortStay(overrides: Partial<ProgressInput> = {}): ProgressInput {
  return {
    plannedModules: [2, 4, 5, 7],
    admittedOn: '2027-02-01',
    expectedDischargeOn: '2027-03-15',
    dischargedOn: null,
    now: at('2027-03-01', 12),
    attended: [],
    upcoming: [],
    ...overrides,
  };
}

describe('computeProgress: completion', () => {
  it('completes a module whose parts were attended out of order, in different groups', () => {
    const progress = computeProgress(
      shortStay({
        attended: [
          attended('g1-s3', '2027-02-03', 2, 3, 3),
          attended('g2-s1', '2027-02-05', 2, 1, 3),
          attended('g1-s9', '2027-02-17', 2, 2, 3),
        ],
      }),
    );
    expect(progress.completedModules).toEqual([2]);
    expect(progress.remainingModules).toEqual([4, 5, 7]);
  });

  it('leaves a module open while one part is missing, however often the others were attended', () => {
    const progress = computeProgress(
      shortStay({
        attended: [
          attended('a', '2027-02-03', 2, 1, 3),
          attended('b', '2027-02-10', 2, 1, 3),
          attended('c', '2027-02-17', 2, 3, 3),
          attended('d', '2027-02-24', 2, 3, 3),
        ],
      }),
    );
    expect(progress.completedModules).toEqual([]);
    expect(progress.remainingModules).toEqual([2, 4, 5, 7]);
    expect(progress.attended).toHaveLength(4);
  });

  it('counts a session listed twice once', () => {
    const once = attended('s1', '2027-02-03', 7, 1, 1);
    const progress = computeProgress(shortStay({ attended: [once, { ...once }] }));
    expect(progress.attended).toEqual([{ module: 7, part: 1, sessionId: 's1', startsAt: at('2027-02-03') }]);
    expect(progress.completedModules).toEqual([7]);
  });

  it('lists attended parts of modules outside the plan without counting them as planned', () => {
    const progress = computeProgress(
      shortStay({
        attended: [attended('m1', '2027-02-02', 1, 1, 1), attended('m3a', '2027-02-04', 3, 1, 2), attended('m7', '2027-02-06', 7, 1, 1)],
      }),
    );
    expect(progress.completedModules).toEqual([7]);
    expect(progress.otherCompletedModules).toEqual([1]);
    expect(progress.attended.map((session) => session.module)).toEqual([1, 3, 7]);
  });

  it('lists attended sessions in the order they took place', () => {
    const progress = computeProgress(
      shortStay({
        attended: [
          attended('late', '2027-02-20', 4, 2, 2),
          attended('early', '2027-02-02', 4, 1, 2),
          { ...attended('same-time-b', '2027-02-10', 5, 1, 2) },
          { ...attended('same-time-a', '2027-02-10', 5, 2, 2) },
        ],
      }),
    );
    expect(progress.attended.map((session) => session.sessionId)).toEqual(['early', 'same-time-a', 'same-time-b', 'late']);
    expect(progress.completedModules).toEqual([4, 5]);
  });

  it('needs every part of the longest curriculum among the sessions attended', () => {
    const progress = computeProgress(
      shortStay({
        plannedModules: [4],
        attended: [attended('three-parts', '2027-02-02', 4, 1, 3), attended('two-parts', '2027-02-09', 4, 2, 2)],
      }),
    );
    expect(progress.completedModules).toEqual([]);
    expect(progress.remainingModules).toEqual([4]);
  });

  it('judges completion by the parts of the sessions actually attended', () => {
    const progress = computeProgress(
      shortStay({
        attended: [attended('x1', '2027-02-02', 4, 1, 2), attended('x2', '2027-02-09', 4, 2, 2)],
        upcoming: [upcoming('y3', '2027-03-02', 4, 3, 3)],
      }),
    );
    expect(progress.completedModules).toEqual([4]);
    expect(progress.forecast.filter((session) => session.module === 4)).toEqual([]);
  });
});

describe('computeProgress: forecast and risk', () => {
  const fullCoverage = [
    upcoming('u2-2', '2027-03-03', 2, 2, 3),
    upcoming('u4-1', '2027-03-04', 4, 1, 2),
    upcoming('u4-2', '2027-03-08', 4, 2, 2),
    upcoming('u5-1', '2027-03-09', 5, 1, 2),
    upcoming('u5-2', '2027-03-10', 5, 2, 2),
    upcoming('u7-1', '2027-03-11', 7, 1, 1),
  ];
  const partlyDone = [attended('d2-1', '2027-02-03', 2, 1, 3), attended('d2-3', '2027-02-10', 2, 3, 3)];

  it('names the next session for each missing part, in plan order', () => {
    const progress = computeProgress(shortStay({ attended: partlyDone, upcoming: fullCoverage }));
    expect(progress.forecast.map((session) => `${session.module}.${session.part}@${session.sessionId}`)).toEqual([
      '2.2@u2-2',
      '4.1@u4-1',
      '4.2@u4-2',
      '5.1@u5-1',
      '5.2@u5-2',
      '7.1@u7-1',
    ]);
    expect(progress.forecast[0]).toEqual({ module: 2, part: 2, sessionId: 'u2-2', startsAt: at('2027-03-03') });
    expect(progress.atRisk).toBe(false);
    expect(progress.atRiskModules).toEqual([]);
  });

  it('picks the earliest session for a part, whatever order the list comes in', () => {
    const progress = computeProgress(
      shortStay({
        plannedModules: [7],
        upcoming: [
          upcoming('later', '2027-03-10', 7, 1, 1),
          upcoming('sooner', '2027-03-05', 7, 1, 1, 9),
          upcoming('same-day-earlier', '2027-03-05', 7, 1, 1, 7),
        ],
      }),
    );
    expect(progress.forecast.map((session) => session.sessionId)).toEqual(['same-day-earlier']);
  });

  it('counts a session on the expected discharge day, not one the day after', () => {
    const onTheDay = computeProgress(shortStay({ plannedModules: [7], upcoming: [upcoming('last-day', '2027-03-15', 7, 1, 1, 14)] }));
    expect(onTheDay.forecast.map((session) => session.sessionId)).toEqual(['last-day']);
    expect(onTheDay.atRisk).toBe(false);

    const dayAfter = computeProgress(shortStay({ plannedModules: [7], upcoming: [upcoming('too-late', '2027-03-16', 7, 1, 1)] }));
    expect(dayAfter.forecast).toEqual([]);
    expect(dayAfter.atRiskModules).toEqual([7]);
    expect(dayAfter.atRisk).toBe(true);
  });

  it('judges the discharge day by the ward-local date, not the UTC instant', () => {
    const lateEveningLocal: UpcomingSession = {
      sessionId: 'evening',
      startsAt: '2027-03-15T23:30:00.000Z',
      localDate: '2027-03-16',
      module: 7,
      part: 1,
      parts: 1,
    };
    const progress = computeProgress(shortStay({ plannedModules: [7], upcoming: [lateEveningLocal] }));
    expect(progress.atRiskModules).toEqual([7]);
  });

  it('ignores sessions that started at or before now', () => {
    const progress = computeProgress(
      shortStay({
        plannedModules: [7],
        now: at('2027-03-05', 8),
        upcoming: [upcoming('started', '2027-03-05', 7, 1, 1, 8), upcoming('next', '2027-03-12', 7, 1, 1)],
      }),
    );
    expect(progress.forecast.map((session) => session.sessionId)).toEqual(['next']);
  });

  it('flags a module with one part lacking a session, and still forecasts the parts that fit', () => {
    const progress = computeProgress(
      shortStay({
        attended: partlyDone,
        upcoming: fullCoverage.filter((session) => session.sessionId !== 'u4-2'),
      }),
    );
    expect(progress.atRisk).toBe(true);
    expect(progress.atRiskModules).toEqual([4]);
    expect(progress.forecast.map((session) => session.sessionId)).toContain('u4-1');
    expect(progress.forecast.map((session) => session.sessionId)).not.toContain('u4-2');
  });

  it('flags a planned module with no session at all', () => {
    const progress = computeProgress(shortStay({ upcoming: fullCoverage.filter((session) => session.module !== 5) }));
    expect(progress.atRiskModules).toEqual([2, 5]);
    expect(progress.forecast.filter((session) => session.module === 5)).toEqual([]);
  });

  it('counts missing parts against the largest part count known for the module', () => {
    const progress = computeProgress(
      shortStay({
        plannedModules: [4],
        attended: [attended('old-1', '2027-02-02', 4, 1, 2)],
        upcoming: [upcoming('new-2', '2027-03-03', 4, 2, 3), upcoming('new-3', '2027-03-04', 4, 3, 3)],
      }),
    );
    expect(progress.forecast.map((session) => session.part)).toEqual([2, 3]);
    expect(progress.atRisk).toBe(false);
  });

  it('does not forecast parts already attended, and is not at risk when all is done', () => {
    const progress = computeProgress(
      shortStay({
        plannedModules: [7],
        attended: [attended('done', '2027-02-02', 7, 1, 1)],
        upcoming: [upcoming('again', '2027-03-03', 7, 1, 1)],
      }),
    );
    expect(progress.forecast).toEqual([]);
    expect(progress.remainingModules).toEqual([]);
    expect(progress.atRisk).toBe(false);
  });

  it('forecasts from the whole list and flags nothing when the discharge date is unknown', () => {
    const progress = computeProgress(
      shortStay({
        expectedDischargeOn: null,
        upcoming: [upcoming('far', '2027-06-01', 7, 1, 1)],
      }),
    );
    expect(progress.forecast.map((session) => session.sessionId)).toEqual(['far']);
    expect(progress.remainingModules).toEqual([2, 4, 5, 7]);
    expect(progress.atRisk).toBe(false);
    expect(progress.atRiskModules).toEqual([]);
  });

  it('flags every remaining module of an overdue stay', () => {
    const progress = computeProgress(
      shortStay({ expectedDischargeOn: '2027-02-28', upcoming: fullCoverage, attended: [attended('d7', '2027-02-02', 7, 1, 1)] }),
    );
    expect(progress.forecast).toEqual([]);
    expect(progress.atRiskModules).toEqual([2, 4, 5]);
  });

  it('after discharge forecasts nothing, risks nothing, and leaves the remaining modules for after discharge', () => {
    const progress = computeProgress(
      shortStay({
        dischargedOn: '2027-03-01',
        attended: [attended('d7', '2027-02-02', 7, 1, 1)],
        upcoming: fullCoverage,
      }),
    );
    expect(progress.forecast).toEqual([]);
    expect(progress.completedModules).toEqual([7]);
    expect(progress.atRiskModules).toEqual([]);
    expect(progress.atRisk).toBe(false);
    expect(progress.afterDischarge).toEqual([2, 4, 5]);
  });

  it('forecasts only sessions inside the stay: none before an admission entered ahead of time', () => {
    const progress = computeProgress(
      shortStay({
        admittedOn: '2027-03-08',
        plannedModules: [7],
        upcoming: [upcoming('early', '2027-03-03', 7, 1, 1), upcoming('in', '2027-03-10', 7, 1, 1)],
      }),
    );
    expect(progress.forecast.map((f) => f.sessionId)).toEqual(['in']);
    expect(progress.atRisk).toBe(false);
  });

  it('is at risk only for modules the ward offers; the others are for after discharge', () => {
    const progress = computeProgress(
      shortStay({ plannedModules: [1, 2, 3, 4], offeredModules: [2, 4, 5, 7], upcoming: [upcoming('u2', '2027-03-03', 2, 1, 1)] }),
    );
    expect(progress.atRiskModules).toEqual([4]);
    expect(progress.afterDischarge).toEqual([1, 3]);
    const covered = computeProgress(
      shortStay({ plannedModules: [1, 2, 3], offeredModules: [2, 4, 5, 7], upcoming: [upcoming('u2', '2027-03-03', 2, 1, 1)] }),
    );
    expect([covered.atRisk, covered.atRiskModules, covered.afterDischarge]).toEqual([false, [], [1, 3]]);
  });

  it('plans nothing, risks nothing for an empty plan', () => {
    const progress = computeProgress(shortStay({ plannedModules: [], upcoming: fullCoverage }));
    expect(progress).toMatchObject({ completedModules: [], remainingModules: [], forecast: [], atRisk: false });
  });

  it('carries a long stay through all eleven modules', () => {
    const all = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const everyPart = all.flatMap((module) => [1, 2].map((part) => attended(`s${module}-${part}`, '2027-02-10', module, part, 2)));
    const progress = computeProgress(
      shortStay({ plannedModules: all, expectedDischargeOn: '2027-09-01', attended: everyPart.filter((s) => s.sessionId !== 's11-2') }),
    );
    expect(progress.completedModules).toEqual(all.slice(0, 10));
    expect(progress.remainingModules).toEqual([11]);
    expect(progress.atRiskModules).toEqual([11]);
  });
});

describe('sortWorklist', () => {
  it('puts the soonest expected discharge first, ties by id, without touching the input', () => {
    const items = [
      { id: 'c', expectedDischargeOn: '2027-03-20' },
      { id: 'b', expectedDischargeOn: '2027-03-18' },
      { id: 'a', expectedDischargeOn: '2027-03-20' },
      { id: 'd', expectedDischargeOn: '2027-03-17' },
    ];
    expect(sortWorklist(items).map((item) => item.id)).toEqual(['d', 'b', 'a', 'c']);
    expect(items.map((item) => item.id)).toEqual(['c', 'b', 'a', 'd']);
  });

  it('orders numeric ids as numbers', () => {
    const items = [10, 9, 100].map((id) => ({ id, expectedDischargeOn: '2027-03-20', remaining: [2] }));
    expect(sortWorklist(items).map((item) => item.id)).toEqual([9, 10, 100]);
  });
});
