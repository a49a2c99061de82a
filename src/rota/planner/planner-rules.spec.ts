import { addDays, FIRST_MONDAY, makeSession } from '../../../test/bench/fixtures-rota';
import { checkAssignment, type ManualAssignmentCheck } from './planner';
import { instantMs } from './planner-rules';
import type { PlannerFacilitator } from './planner.types';

const session = makeSession('s1', 'a', addDays(FIRST_MONDAY, 2), '13:00', 90, 2);
const person = (id: string, opts: Partial<PlannerFacilitator> = {}): PlannerFacilitator => ({
  id,
  name: id,
  imrTrained: true,
  active: true,
  wardIds: ['a'],
  maxSessionsPerWeek: null,
  availability: null,
  absences: [],
  ...opts,
});
const people = [
  person('t1'),
  person('t2'),
  person('n1', { imrTrained: false }),
  person('n2', { imrTrained: false }),
  person('away', { absences: [{ from: session.localDate, to: session.localDate }] }),
  person('mornings', { availability: [{ weekday: 3, from: '08:00', to: '14:00' }] }),
  person('wednesdays', { availability: [{ weekday: 3, from: '12:00', to: '16:00' }] }),
  person('capped', { maxSessionsPerWeek: 1 }),
  person('left', { active: false }),
  person('elsewhere', { wardIds: ['b'] }),
];
const booking = (facilitatorId: string, start: string, minutes: number, sessionId?: string) => {
  const s = makeSession(sessionId ?? 'other', 'b', session.localDate, start, minutes, 1);
  return { facilitatorId, startsAt: s.startsAt, endsAt: s.endsAt, weekKey: s.weekKey, sessionId };
};
const check = (facilitatorIds: string[], extra: Partial<ManualAssignmentCheck> = {}): ManualAssignmentCheck => ({
  session,
  facilitatorIds,
  facilitators: people,
  otherBookings: [],
  bufferMinutes: 15,
  ...extra,
});

describe('checkAssignment (the manual assignment 409 reasons)', () => {
  it('accepts a trained lead with a trainee, and a window that contains the session', () => {
    expect(checkAssignment(check(['t1', 'n1']))).toBeNull();
    expect(checkAssignment(check(['wednesdays', 't2']))).toBeNull();
  });

  it.each([
    [['t1', 'away'], 'absent', 'away'],
    [['t1', 'mornings'], 'unavailable', 'mornings'],
    [['t1', 'left'], 'inactive', 'left'],
    [['t1', 'elsewhere'], 'not-in-pool', 'elsewhere'],
    [['n1', 't1'], 'no-trained-lead', 'n1'],
    [['n1', 'n2'], 'trainee-alone', 'n1'],
    [['t1', 't1'], 'duplicate-facilitator', 't1'],
    [['t1', 'ghost'], 'unknown-facilitator', 'ghost'],
  ])('%j breaks %s', (ids, reason, facilitatorId) => {
    expect(checkAssignment(check(ids))).toMatchObject({ reason, facilitatorId });
  });

  it('wants exactly facilitatorsPerSession people', () => {
    expect(checkAssignment(check(['t1']))).toMatchObject({ reason: 'wrong-count' });
    expect(checkAssignment(check(['t1', 't2', 'n1']))).toMatchObject({ reason: 'wrong-count' });
  });

  it('refuses a clash in another ward, buffer included, but not a booking of this same session', () => {
    expect(checkAssignment(check(['t1', 'n1'], { otherBookings: [booking('n1', '14:30', 60)] }))).toMatchObject({
      reason: 'already-booked',
      facilitatorId: 'n1',
    });
    expect(checkAssignment(check(['t1', 'n1'], { otherBookings: [booking('n1', '14:45', 60)] }))).toBeNull();
    expect(checkAssignment(check(['t1', 'n1'], { otherBookings: [booking('n1', '14:40', 60)] }))).toMatchObject({
      reason: 'already-booked',
      facilitatorId: 'n1',
    });
    expect(checkAssignment(check(['t1', 'n1'], { otherBookings: [booking('n1', '13:00', 90, 's1')] }))).toBeNull();
  });

  it('counts other bookings in the same week toward the cap', () => {
    expect(checkAssignment(check(['capped', 'n1']))).toBeNull();
    expect(checkAssignment(check(['capped', 'n1'], { otherBookings: [booking('capped', '08:00', 60)] }))).toMatchObject({
      reason: 'at-weekly-cap',
      facilitatorId: 'capped',
    });
  });
});

describe('instantMs', () => {
  it('is Date.parse of the instant, the first time and every time after', () => {
    const instants = ['2027-03-28T00:59:59.000Z', '2027-03-28T01:00:00.000Z', '2027-10-31T00:30:00.000Z', 'not an instant'];
    for (let round = 0; round < 2; round++) {
      expect(instants.map(instantMs)).toEqual(instants.map((s) => Date.parse(s)));
    }
  });
});
