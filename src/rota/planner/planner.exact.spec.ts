import { planRota } from './planner';
import {
  changedSessionsOf,
  hardRuleViolations,
  isReplan,
  lexJudge,
  mayWork,
  peopleOf,
  rebalanceJudge,
  sameShares,
  sortedSharesOf,
  type LexJudgement,
} from './planner-oracle.testkit';
import { COUNTEREXAMPLES, ISSUE_SIZE_TIER, TIERS, tierInstance, tinyInstance, withOneNewAbsence, type Tier } from './planner-tiers.testkit';
import type { PlannerInput, PlannerResult } from './planner.types';

/**
 * Issue 15, acceptance 1-3: the planner against an exact lexicographic judge (highs, written from
 * the rule text in planner-oracle.testkit.ts; the judge is itself checked by brute force below).
 *
 * Budget: the whole file stays under a minute and a half on the 2-core machine even when it is
 * shared (measured: 56 s wall, 43 s CPU at load average 6), so each tier has PROPERTY_SEEDS
 * instances for acceptance 2 and STABILITY_SEEDS for acceptance 3 (more with EXACT_SEEDS=n for a
 * longer local run). Each MIP solve has TIME_LIMIT seconds; an instance where
 * any solve hits it is "undecided" and counted apart (its fill is still compared when known).
 *
 * Rebalance slack (acceptance 3): a rebalance may change at most REBALANCE_SLACK more sessions
 * than the fewest an exact plan needs to fill as many and reach shares place by place no larger.
 *
 * Asserted: acceptance 2 on every tier instance (no rule broken, fill = maximum, largest share =
 * optimum at that fill, sorted shares = the judge's lexicographic vector where decided); after one
 * new absence, the re-plan fills the maximum and changes exactly the MIP minimum (a change is any
 * difference from `current`, people or roles; the MIP counts people, and a session that keeps its
 * people can keep its roles, so the minima agree), `changed` lists exactly those sessions, and a
 * rebalance is no worse than keeping (fill, then largest share) and within the slack. Counted in
 * the table only: whether the re-plan's and the rebalance's shares are lexicographic too.
 */
const PROPERTY_SEEDS = Number(process.env.EXACT_SEEDS ?? 12);
const STABILITY_SEEDS = Number(process.env.EXACT_SEEDS ?? 6);
const TIME_LIMIT = 2;
const ISSUE_SIZE_SEEDS = Number(process.env.EXACT_SEEDS ?? 2);
const ISSUE_SIZE_TIME_LIMIT = 5;
const REBALANCE_SLACK = (sessions: number): number => Math.max(2, Math.ceil(0.1 * sessions));

const filledOf = (input: PlannerInput, result: PlannerResult): number =>
  input.sessions.filter((s) => (result.assignments[s.id] ?? []).length > 0).length;
const sharesOf = (input: PlannerInput, result: PlannerResult): number[] => sortedSharesOf(input, peopleOf(result));
const fmt = (xs: number[]): string => `[${xs.map((x) => x.toFixed(3)).join(' ')}]`;

// ---------------------------------------------------------------------------------------------
// Brute force: every valid plan of a tiny instance, the rules re-checked here in a few lines.
// ---------------------------------------------------------------------------------------------

interface Brute {
  fill: number;
  changes: number | null;
  shares: number[];
  /** Rebalance: the fewest changes among plans at the fill maximum with the lex-smallest shares (current aside). */
  rebalanceShares: number[];
  rebalanceChanges: number;
  /** A lexicographically worst plan at the fill maximum, and the fewest changes of a plan place by place no worse. */
  worstShares: number[];
  worstChanges: number;
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 1e-9) return a[i] < b[i];
  return false;
}

function bruteForce(input: PlannerInput): Brute {
  const people = input.facilitators;
  const trained = new Set(people.filter((f) => f.imrTrained).map((f) => f.id));
  const options = input.sessions.map((s) => {
    const pool = people.filter((f) => mayWork(f, s)).map((f) => f.id);
    const out: string[][] = [[]];
    const choose = (from: number, team: string[]): void => {
      if (team.length === s.facilitatorsPerSession) {
        if (team.some((id) => trained.has(id))) out.push([...team]);
        return;
      }
      for (let i = from; i < pool.length; i++) choose(i + 1, [...team, pool[i]]);
    };
    choose(0, []);
    return out;
  });
  const bufferMs = input.bufferMinutes * 60_000;
  const plans: string[][][] = [];
  const walk = (i: number, plan: string[][]): void => {
    if (i === input.sessions.length) {
      plans.push(plan.map((t) => [...t]));
      return;
    }
    const s = input.sessions[i];
    for (const team of options[i]) {
      const ok = team.every((id) => {
        const f = people.find((p) => p.id === id);
        const mine = input.sessions.slice(0, i).filter((_, k) => plan[k].includes(id));
        if (
          mine.some(
            (o) => Date.parse(o.startsAt) < Date.parse(s.endsAt) + bufferMs && Date.parse(s.startsAt) < Date.parse(o.endsAt) + bufferMs,
          )
        )
          return false;
        return f?.maxSessionsPerWeek === null || mine.filter((o) => o.weekKey === s.weekKey).length < (f?.maxSessionsPerWeek ?? 0);
      });
      if (!ok) continue;
      plan.push(team);
      walk(i + 1, plan);
      plan.pop();
    }
  };
  walk(0, []);
  const scored = plans.map((plan) => {
    const record = Object.fromEntries(input.sessions.map((s, i) => [s.id, plan[i]]));
    const changes = input.sessions.filter(
      (s, i) => [...s.current.map((a) => a.facilitatorId)].sort().join() !== [...plan[i]].sort().join(),
    ).length;
    return { fill: plan.filter((t) => t.length > 0).length, changes, shares: sortedSharesOf(input, record) };
  });
  const fill = Math.max(...scored.map((p) => p.fill));
  const atFill = scored.filter((p) => p.fill === fill);
  const replan = isReplan(input);
  const changes = replan ? Math.min(...atFill.map((p) => p.changes)) : null;
  const lexMin = (xs: typeof scored): number[] => xs.reduce((best, p) => (lexLess(p.shares, best) ? p.shares : best), xs[0].shares);
  const shares = lexMin(changes === null ? atFill : atFill.filter((p) => p.changes === changes));
  const rebalanceShares = lexMin(atFill);
  const rebalanceChanges = Math.min(...atFill.filter((p) => sameShares(p.shares, rebalanceShares)).map((p) => p.changes));
  const worstShares = atFill.reduce((worst, p) => (lexLess(worst, p.shares) ? p.shares : worst), atFill[0].shares);
  const worstChanges = Math.min(...atFill.filter((p) => p.shares.every((x, i) => x <= worstShares[i] + 1e-9)).map((p) => p.changes));
  return { fill, changes, shares, rebalanceShares, rebalanceChanges, worstShares, worstChanges };
}

describe('the exact judge agrees with brute force on tiny instances', () => {
  const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
  it('fill, fewest changes, lexicographic shares (both methods), the rebalance minimum and the minimum for given shares', async () => {
    const wrong: string[] = [];
    let replans = 0;
    let distinct = 0;
    for (const seed of SEEDS) {
      const input = tinyInstance(seed);
      const brute = bruteForce(input);
      const counts = await lexJudge(input);
      const sums = await lexJudge(input, { method: 'prefix-sums' });
      const rebalance = await rebalanceJudge(input);
      const dominated = await rebalanceJudge(input, { shares: brute.worstShares, fill: brute.fill });
      if (isReplan(input)) replans++;
      if (!sameShares(brute.shares, brute.rebalanceShares) || brute.shares.some((x, i) => i > 0 && x !== brute.shares[0])) distinct++;
      const got = {
        fill: counts.fill,
        changes: counts.changes,
        shares: fmt(counts.shares),
        sums: fmt(sums.shares),
        rebalanceChanges: rebalance.changes,
        rebalanceShares: fmt(rebalance.shares),
        dominated: dominated.changes,
      };
      const want = {
        fill: brute.fill,
        changes: brute.changes,
        shares: fmt(brute.shares),
        sums: fmt(brute.shares),
        rebalanceChanges: brute.rebalanceChanges,
        rebalanceShares: fmt(brute.rebalanceShares),
        dominated: brute.worstChanges,
      };
      if (!counts.decided || !sums.decided || !rebalance.decided || !dominated.decided || JSON.stringify(got) !== JSON.stringify(want))
        wrong.push(`seed ${seed}: judge ${JSON.stringify(got)}, brute force ${JSON.stringify(want)}`);
    }
    expect(wrong).toEqual([]);
    // The check says something: re-plans and vectors that are not all one value occur.
    expect(replans).toBeGreaterThanOrEqual(3);
    expect(distinct).toBeGreaterThanOrEqual(8);
  }, 60_000);
});

describe('the two exact methods agree where shares cannot be scaled to integers', () => {
  it('a 36-session ward whose available counts have a least common multiple above 1e6', async () => {
    const input = tierInstance('one-ward-36', 1);
    const sums = await lexJudge(input, { method: 'prefix-sums' });
    const counts = await lexJudge(input, { method: 'counts' });
    expect({ scaled: sums.exactScale, decided: sums.decided && counts.decided }).toEqual({ scaled: false, decided: true });
    expect(fmt(sums.shares)).toBe(fmt(counts.shares));
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// Acceptance 1: the four counterexamples of the issue.
// ---------------------------------------------------------------------------------------------

describe('the four counterexamples of issue 15 reach the optimum', () => {
  it.each(COUNTEREXAMPLES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const judge = await lexJudge(c.input);
    expect(judge.decided).toBe(true);
    expect(judge.fill).toBe(c.fill);
    expect(judge.shares[0]).toBeCloseTo(c.maxShare, 9);
    if (c.shares) expect(fmt(judge.shares)).toBe(fmt(c.shares));
    const result = planRota(c.input);
    expect(hardRuleViolations(c.input, result)).toEqual([]);
    expect({ fill: filledOf(c.input, result), shares: fmt(sharesOf(c.input, result)) }).toEqual({
      fill: judge.fill,
      shares: fmt(judge.shares),
    });
    expect(result.fairness.maxShare).toBeCloseTo(judge.shares[0], 9);
  });
});

// ---------------------------------------------------------------------------------------------
// Acceptance 2: per tier, seeded instances against the judge.
// ---------------------------------------------------------------------------------------------

interface TierCount {
  instances: number;
  decided: number;
  violations: number;
  fillGaps: number;
  shareGaps: number;
  maxShareGap: number;
  notLex: number;
  judgeMs: number;
}

const table = new Map<Tier, TierCount>();
const stability = new Map<
  Tier,
  {
    instances: number;
    decided: number;
    churnGaps: number;
    replanNotLex: number;
    rebalanceWorse: number;
    rebalanceOverSlack: number;
    rebalanceNotLex: number;
    changed: number;
    minimum: number;
    rebalanceChanged: number;
    rebalanceMinimum: number;
  }
>();

afterAll(() => {
  const lines = ['issue 15 exact check (instances per tier; undecided = a MIP solve hit its time limit):'];
  lines.push(
    'tier | instances | decided | rule violations | fill below max | largest share above optimum (same fill) | not lexicographic (of decided)',
  );
  for (const { tier, label } of PROPERTY_TIERS) {
    const t = table.get(tier);
    if (t)
      lines.push(
        `${label} | ${t.instances} | ${t.decided} | ${t.violations} | ${t.fillGaps} | ${t.shareGaps}${t.shareGaps ? ` (up to ${t.maxShareGap.toFixed(3)})` : ''} | ${t.notLex} / ${t.decided} (judge ${(t.judgeMs / 1000).toFixed(1)} s)`,
      );
  }
  lines.push(
    'after one new absence | re-plans | decided | changed above the MIP minimum | re-plan not lexicographic | rebalance worse than keeping | rebalance over minimum + slack | rebalance not lexicographic | changed (sum) / minimum | rebalance changed / minimum for lex-optimal shares',
  );
  for (const { tier, label } of TIERS) {
    const t = stability.get(tier);
    if (t)
      lines.push(
        `${label} | ${t.instances} | ${t.decided} | ${t.churnGaps} | ${t.replanNotLex} | ${t.rebalanceWorse} | ${t.rebalanceOverSlack} | ${t.rebalanceNotLex} | ${t.changed} / ${t.minimum} | ${t.rebalanceChanged} / ${t.rebalanceMinimum}`,
      );
  }
  // Printed once per run: the per-tier counts issue 15 asks for in its closing note.
  process.stdout.write(`${lines.join('\n')}\n`);
});

/** The four tiers, then a few instances of the first tier at the audit's size, each solve given longer. */
const PROPERTY_TIERS = [
  ...TIERS.map((t) => ({ ...t, seeds: PROPERTY_SEEDS, limit: TIME_LIMIT })),
  { ...ISSUE_SIZE_TIER, seeds: ISSUE_SIZE_SEEDS, limit: ISSUE_SIZE_TIME_LIMIT },
];

describe('planRota against the exact lexicographic judge, per tier (acceptance 2)', () => {
  it.each(PROPERTY_TIERS.map((t) => [t.label, t.tier, t.seeds, t.limit] as const))(
    '%s: no rule broken, fill and largest share at the optimum, shares lexicographic',
    async (_label, tier, seeds, limit) => {
      const count: TierCount = {
        instances: 0,
        decided: 0,
        violations: 0,
        fillGaps: 0,
        shareGaps: 0,
        maxShareGap: 0,
        notLex: 0,
        judgeMs: 0,
      };
      table.set(tier, count);
      const failures: string[] = [];
      for (let seed = 1; seed <= seeds; seed++) {
        const input = tierInstance(tier, seed);
        const result = planRota(input);
        const judge = await lexJudge(input, { timeLimitSeconds: limit });
        count.instances++;
        count.judgeMs += judge.millis;
        const violations = hardRuleViolations(input, result);
        if (violations.length) {
          count.violations++;
          failures.push(`seed ${seed}: ${violations.join('; ')}`);
        }
        const fill = filledOf(input, result);
        if (Number.isFinite(judge.fill) && fill < judge.fill) {
          count.fillGaps++;
          failures.push(`seed ${seed}: fills ${fill} of at most ${judge.fill}`);
        }
        if (!judge.decided) continue;
        count.decided++;
        const shares = sharesOf(input, result);
        if (fill === judge.fill && shares[0] > judge.shares[0] + 1e-9) {
          count.shareGaps++;
          count.maxShareGap = Math.max(count.maxShareGap, shares[0] - judge.shares[0]);
          failures.push(`seed ${seed}: largest share ${shares[0].toFixed(4)}, optimum ${judge.shares[0].toFixed(4)}`);
        }
        if (!sameShares(shares, judge.shares)) {
          count.notLex++;
          failures.push(`seed ${seed}: shares ${fmt(shares)}, lexicographic optimum ${fmt(judge.shares)}`);
        }
      }
      expect(failures).toEqual([]);
    },
    120_000,
  );
});

// ---------------------------------------------------------------------------------------------
// Acceptance 3: after one new absence, the fewest changes; rebalance never worse than keeping.
// ---------------------------------------------------------------------------------------------

describe('stability after one new absence, per tier (acceptance 3)', () => {
  it.each(TIERS.map((t) => [t.label, t.tier] as const))(
    '%s: changes equal the MIP minimum; rebalance no worse than keeping and within the slack',
    async (_label, tier) => {
      const count = {
        instances: 0,
        decided: 0,
        churnGaps: 0,
        replanNotLex: 0,
        rebalanceWorse: 0,
        rebalanceOverSlack: 0,
        rebalanceNotLex: 0,
        changed: 0,
        minimum: 0,
        rebalanceChanged: 0,
        rebalanceMinimum: 0,
      };
      stability.set(tier, count);
      const failures: string[] = [];
      for (let seed = 1; seed <= STABILITY_SEEDS; seed++) {
        const base = tierInstance(tier, 100 + seed);
        const first = planRota(base);
        const replan = withOneNewAbsence(base, first.assignments, seed);
        if (!replan) continue;
        count.instances++;
        const kept = planRota(replan);
        const rebalanced = planRota({ ...replan, rebalance: true });
        for (const [what, result] of [
          ['re-plan', kept],
          ['rebalance', rebalanced],
        ] as const) {
          const violations = hardRuleViolations(replan, result);
          if (violations.length) failures.push(`seed ${seed}, ${what}: ${violations.join('; ')}`);
          const changed = changedSessionsOf(replan, result);
          if ([...result.changed].sort().join() !== changed.join())
            failures.push(
              `seed ${seed}, ${what}: reports changed ${result.changed.join(',')}, differs from current in ${changed.join(',')}`,
            );
        }
        const judge: LexJudgement = await lexJudge(replan, { timeLimitSeconds: TIME_LIMIT });
        const keptFill = filledOf(replan, kept);
        const keptShares = sharesOf(replan, kept);
        const keptChanged = changedSessionsOf(replan, kept).length;
        if (Number.isFinite(judge.fill) && keptFill < judge.fill)
          failures.push(`seed ${seed}: re-plan fills ${keptFill} of at most ${judge.fill}`);
        if (judge.changes !== null) {
          count.changed += keptChanged;
          count.minimum += judge.changes;
          if (keptChanged !== judge.changes) {
            count.churnGaps++;
            failures.push(`seed ${seed}: re-plan changed ${keptChanged} sessions, the MIP minimum is ${judge.changes}`);
          }
        }
        if (judge.decided) {
          count.decided++;
          if (!sameShares(keptShares, judge.shares)) count.replanNotLex++;
        }
        // Rebalance: never worse than keeping, and within the slack of the exact minimum for what it reached.
        const rebalancedFill = filledOf(replan, rebalanced);
        const rebalancedShares = sharesOf(replan, rebalanced);
        const rebalancedChanged = changedSessionsOf(replan, rebalanced).length;
        if (rebalancedFill < keptFill || (rebalancedFill === keptFill && rebalancedShares[0] > keptShares[0] + 1e-9)) {
          count.rebalanceWorse++;
          failures.push(
            `seed ${seed}: rebalance fills ${rebalancedFill} at largest share ${rebalancedShares[0]?.toFixed(4)}, keeping fills ${keptFill} at ${keptShares[0]?.toFixed(4)}`,
          );
        }
        // (Only for a valid rebalance: the planner's own plan is what makes this model feasible.)
        const valid = hardRuleViolations(replan, rebalanced).length === 0;
        const same = valid
          ? await rebalanceJudge(replan, { timeLimitSeconds: TIME_LIMIT, shares: rebalancedShares, fill: rebalancedFill })
          : null;
        if (same?.decided && rebalancedChanged > same.changes + REBALANCE_SLACK(replan.sessions.length)) {
          count.rebalanceOverSlack++;
          failures.push(
            `seed ${seed}: rebalance changed ${rebalancedChanged} sessions; ${same.changes} reach the same shares (slack ${REBALANCE_SLACK(replan.sessions.length)})`,
          );
        }
        const fairest = await rebalanceJudge(replan, { timeLimitSeconds: TIME_LIMIT });
        if (fairest.decided) {
          count.rebalanceChanged += rebalancedChanged;
          count.rebalanceMinimum += fairest.changes;
          if (!sameShares(rebalancedShares, fairest.shares)) count.rebalanceNotLex++;
        }
      }
      expect(count.instances).toBeGreaterThan(0);
      expect(failures).toEqual([]);
    },
    120_000,
  );
});
