import type { PlannerFacilitator, PlannerSession } from '../../rota/planner/planner.types';
import { checkReplacement, teamsToTry } from './replacement';

const session: PlannerSession = {
  id: 's1',
  wardId: 'w',
  startsAt: '2027-03-15T09:00:00.000Z',
  endsAt: '2027-03-15T10:00:00.000Z',
  localDate: '2027-03-15',
  localWeekday: 1,
  localStart: '10:00',
  localEnd: '11:00',
  weekKey: '2027-W11',
  facilitatorsPerSession: 2,
  locked: false,
  current: [
    { facilitatorId: 'lead', role: 'lead' },
    { facilitatorId: 'co', role: 'co' },
  ],
};
const person = (id: string, over: Partial<PlannerFacilitator> = {}): PlannerFacilitator => ({
  id,
  name: id,
  imrTrained: true,
  active: true,
  wardIds: ['w'],
  maxSessionsPerWeek: null,
  availability: null,
  absences: [],
  ...over,
});
const check = (inId: string, facilitators: PlannerFacilitator[], otherBookings = []) =>
  checkReplacement({ session, outId: 'lead', inId, facilitators, otherBookings, bufferMinutes: 15 });

describe('handing a place on a session to a colleague', () => {
  it('gives the newcomer the leaver’s role', () => {
    expect(check('new', [person('co'), person('new')])).toEqual({
      ok: true,
      after: [
        { facilitatorId: 'new', role: 'lead' },
        { facilitatorId: 'co', role: 'co' },
      ],
    });
  });

  it('lets the trained colleague lead when the newcomer is a trainee', () => {
    expect(check('trainee', [person('co'), person('trainee', { imrTrained: false })])).toEqual({
      ok: true,
      after: [
        { facilitatorId: 'co', role: 'lead' },
        { facilitatorId: 'trainee', role: 'co' },
      ],
    });
  });

  it('refuses a trainee beside a trainee, an absent newcomer, and one at their weekly cap', () => {
    expect(check('t', [person('co', { imrTrained: false }), person('t', { imrTrained: false })])).toMatchObject({
      ok: false,
      violation: { reason: 'trainee-alone' },
    });
    expect(check('away', [person('co'), person('away', { absences: [{ from: '2027-03-15', to: '2027-03-15' }] })])).toMatchObject({
      ok: false,
      violation: { reason: 'absent', facilitatorId: 'away' },
    });
    const busy = [
      {
        facilitatorId: 'capped',
        startsAt: '2027-03-16T09:00:00.000Z',
        endsAt: '2027-03-16T10:00:00.000Z',
        weekKey: '2027-W11',
        sessionId: 'x',
      },
    ];
    expect(check('capped', [person('co'), person('capped', { maxSessionsPerWeek: 1 })], busy as never)).toMatchObject({
      ok: false,
      violation: { reason: 'at-weekly-cap' },
    });
  });

  it('tries the trained-lead order only when the first order has an untrained lead', () => {
    expect(
      teamsToTry(
        [
          { facilitatorId: 'a', role: 'lead' },
          { facilitatorId: 'b', role: 'co' },
        ],
        () => true,
      ),
    ).toEqual([['a', 'b']]);
    expect(
      teamsToTry(
        [
          { facilitatorId: 'a', role: 'lead' },
          { facilitatorId: 'b', role: 'co' },
        ],
        (id) => id === 'b',
      ),
    ).toEqual([
      ['a', 'b'],
      ['b', 'a'],
    ]);
  });
});
