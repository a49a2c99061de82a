import { AttendedSession } from './progress';
import { attendanceSummary, attendedWithinStay, completionDates } from './stay-attendance';

const OSLO = 'Europe/Oslo';

function session(sessionId: string, startsAt: string, module: number, part: number, parts: number): AttendedSession {
  return { sessionId, startsAt, module, part, parts };
}

describe('attendedWithinStay', () => {
  const sessions = [
    session('before', '2027-01-31T09:00:00.000Z', 2, 1, 1),
    session('first-day', '2027-02-01T09:00:00.000Z', 2, 1, 1),
    // 23:30 UTC on 28 Feb is 00:30 on 1 March in Oslo: after a discharge on 28 Feb.
    session('late-evening', '2027-02-28T23:30:00.000Z', 4, 1, 1),
    session('discharge-day', '2027-02-28T09:00:00.000Z', 5, 1, 1),
  ];

  it('keeps sessions on the ward-local days from admission to discharge, both inclusive', () => {
    const kept = attendedWithinStay(sessions, { admittedOn: '2027-02-01', dischargedOn: '2027-02-28' }, OSLO);
    expect(kept.map((s) => s.sessionId)).toEqual(['first-day', 'discharge-day']);
  });

  it('is open-ended while the patient is admitted', () => {
    const kept = attendedWithinStay(sessions, { admittedOn: '2027-02-01', dischargedOn: null }, OSLO);
    expect(kept.map((s) => s.sessionId)).toEqual(['first-day', 'late-evening', 'discharge-day']);
  });
});

describe('completionDates', () => {
  it('dates a module by the session that brought its last missing part, parts attended out of order', () => {
    const attended = [
      session('c', '2027-02-10T09:00:00.000Z', 2, 1, 3),
      session('a', '2027-02-03T09:00:00.000Z', 2, 3, 3),
      session('b', '2027-02-05T09:00:00.000Z', 2, 1, 3),
      session('d', '2027-02-12T09:00:00.000Z', 2, 2, 3),
      session('e', '2027-02-20T09:00:00.000Z', 2, 2, 3),
    ];
    expect(completionDates(attended, [2], OSLO)).toEqual({ 2: '2027-02-12' });
  });

  it('leaves out unfinished modules and modules not asked for', () => {
    const attended = [
      session('x', '2027-02-03T09:00:00.000Z', 4, 1, 2),
      session('y', '2027-02-04T09:00:00.000Z', 7, 1, 1),
      session('z', '2027-02-05T09:00:00.000Z', 1, 1, 1),
    ];
    expect(completionDates(attended, [4, 7], OSLO)).toEqual({ 7: '2027-02-04' });
  });

  it('judges against the largest part count seen, as computeProgress does', () => {
    const attended = [
      session('p1', '2027-02-03T09:00:00.000Z', 5, 1, 2),
      session('p2', '2027-02-04T09:00:00.000Z', 5, 2, 2),
      session('p3', '2027-02-09T09:00:00.000Z', 5, 3, 3),
    ];
    expect(completionDates(attended, [5], OSLO)).toEqual({ 5: '2027-02-09' });
  });

  it('uses the ward-local day, not the UTC one', () => {
    const attended = [session('late', '2027-03-01T23:30:00.000Z', 7, 1, 1)];
    expect(completionDates(attended, [7], OSLO)).toEqual({ 7: '2027-03-02' });
    expect(completionDates(attended, [7], 'UTC')).toEqual({ 7: '2027-03-01' });
  });
});

describe('attendanceSummary', () => {
  it('counts sessions once and names the first and last ward-local days', () => {
    const attended = [
      session('b', '2027-02-20T09:00:00.000Z', 4, 1, 1),
      session('a', '2027-02-02T09:00:00.000Z', 2, 1, 1),
      session('a', '2027-02-02T09:00:00.000Z', 2, 1, 1),
    ];
    expect(attendanceSummary(attended, OSLO)).toEqual({ sessionsAttended: 2, firstOn: '2027-02-02', lastOn: '2027-02-20' });
  });

  it('is empty without attendance', () => {
    expect(attendanceSummary([], OSLO)).toEqual({ sessionsAttended: 0, firstOn: null, lastOn: null });
  });
});
