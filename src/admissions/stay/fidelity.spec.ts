import { computeFidelity, FIDELITY_ITEMS, groupSizeScore } from './fidelity';

const MODULES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const empty = { heldSessions: [], editionModules: MODULES, longStays: [], referrals: [] };
const itemOf = (result: ReturnType<typeof computeFidelity>, key: string) => result.items.find((i) => i.item === key)!;

describe('computeFidelity', () => {
  it('scores group size on the anchors: 8 or fewer 5, 9–10 4, 11–12 3, 13–15 2, above 15 1', () => {
    expect([8, 9, 10, 11, 12, 13, 15, 16].map(groupSizeScore)).toEqual([5, 4, 4, 3, 3, 2, 2, 1]);
  });

  it('lets the largest held session decide the group size', () => {
    const result = computeFidelity({ ...empty, heldSessions: [3, 16, 5].map((participants) => ({ moduleNumber: 2, participants })) });
    expect(itemOf(result, 'group-size')).toMatchObject({ value: 16, score: 1 });
  });

  it('counts distinct modules of the edition taught for the curriculum', () => {
    const taught = (ns: number[]) =>
      itemOf(computeFidelity({ ...empty, heldSessions: ns.map((moduleNumber) => ({ moduleNumber, participants: 4 })) }), 'curriculum');
    expect([
      taught([2, 2, 4]).score,
      taught([1, 2, 3, 4, 5]).score,
      taught([1, 2, 3, 4, 5, 6, 7]).score,
      taught(MODULES.slice(0, 9)).score,
    ]).toEqual([1, 3, 4, 5]);
    expect(taught([2, 99]).value).toBe(1);
  });

  it('scores program length of long stays in months, median over stays', () => {
    const stay = (days: number) => ({
      firstAttended: '2027-01-01T09:00:00.000Z',
      lastAttended: new Date(Date.parse('2027-01-01T09:00:00.000Z') + days * 86_400_000).toISOString(),
    });
    expect(itemOf(computeFidelity({ ...empty, longStays: [stay(30), stay(200), stay(190)] }), 'program-length')).toMatchObject({
      value: 6.2,
      score: 5,
    });
    expect(itemOf(computeFidelity({ ...empty, longStays: [{ firstAttended: null, lastAttended: null }] }), 'program-length')).toMatchObject(
      { value: 0, score: 1 },
    );
  });

  it('scores goal setting and follow-up in 20-point bands, and leaves follow-up unmeasured without goals', () => {
    const referrals = [{ goals: [{ hasProgress: true }, { hasProgress: false }] }, { goals: [] }, { goals: [{ hasProgress: false }] }];
    const result = computeFidelity({ ...empty, referrals });
    expect(itemOf(result, 'goal-setting')).toMatchObject({ value: 0.67, score: 4 });
    expect(itemOf(result, 'goal-follow-up')).toMatchObject({ value: 0.33, score: 2 });
    expect(itemOf(computeFidelity({ ...empty, referrals: [{ goals: [] }] }), 'goal-follow-up').measured).toBe(false);
  });

  it('lists all 13 items in the scale’s order; unmeasured ones carry no score and no mean', () => {
    const result = computeFidelity(empty);
    expect(result.items.map((i) => i.item)).toEqual(FIDELITY_ITEMS);
    expect(result.items.filter((i) => i.measured || i.score !== null)).toEqual([]);
    expect([result.measuredMean, result.measuredCount]).toEqual([null, 0]);
  });
});
