import { makeSmallWard } from '../../../test/bench/fixtures-rota';
import { planRota } from './planner';
import { hardRuleViolations, maxFillModel, minMaxShareModel, solveExact } from './planner-oracle.testkit';

/** One ward, 36 sessions, 9 to 13 facilitators with caps, windows and leave: the exact MIP's optimum. */
const CASES = [
  { seed: 11, people: 9 },
  { seed: 12, people: 10 },
  { seed: 13, people: 11 },
  { seed: 14, people: 12 },
  { seed: 15, people: 13 },
  { seed: 16, people: 9 },
  { seed: 17, people: 11 },
  { seed: 18, people: 13 },
];

describe('planRota against an exact MIP (highs) on one ward, 36 sessions', () => {
  it.each(CASES)(
    'seed $seed, $people facilitators: fills the most sessions and its largest share is the optimum',
    async ({ seed, people }) => {
      const input = makeSmallWard(seed, people);
      expect(input.sessions).toHaveLength(36);
      const result = planRota(input);
      expect(hardRuleViolations(input, result)).toEqual([]);
      const bestFill = Math.round(await solveExact(maxFillModel(input).lp));
      expect(input.sessions.length - result.unfilled.length).toBe(bestFill);
      const bestShare = await solveExact(minMaxShareModel(input, bestFill).lp);
      expect(result.fairness.maxShare).toBeCloseTo(bestShare, 6);
    },
  );

  it('the MIP itself sees a known optimum: 6 people, 12 two-person sessions, share 4/12', async () => {
    const input = makeSmallWard(1, 6, 4);
    const everyone = {
      ...input,
      facilitators: input.facilitators.map((f) => ({ ...f, imrTrained: true, maxSessionsPerWeek: null, availability: null, absences: [] })),
    };
    expect(await solveExact(maxFillModel(everyone).lp)).toBeCloseTo(12, 6);
    expect(await solveExact(minMaxShareModel(everyone, 12).lp)).toBeCloseTo(4 / 12, 6);
    expect(planRota(everyone).fairness.maxShare).toBeCloseTo(4 / 12, 6);
  });
});
