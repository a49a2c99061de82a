/**
 * Rota stability benchmark (issue 12): `npx ts-node --transpile-only test/bench/churn.bench.ts`.
 * 1. After one new absence, how many sessions the re-plan changes against the exact minimum (highs)
 *    on hospitals larger than the spec's (5–20 wards, 180–720 sessions).
 * 2. Bounded rebalance: a rota planned while three people were away, rebalanced once they are back,
 *    with maxChanges 5, 10 and unbounded: sessions changed per 0.1 of largest share gained.
 */
import { planRota } from '../../src/rota/planner/planner';
import { hardRuleViolations, minChurnModel, solveExact } from '../../src/rota/planner/planner-oracle.testkit';
import { rebalanceRota } from '../../src/rota/planner/rebalance';
import { summariseRota } from '../../src/rota/planner/summary';
import { afterOneAbsence, makeHospital } from './fixtures-rota';

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

async function churn(): Promise<void> {
  process.stdout.write('churn after one new absence (12 weeks, 6 people a ward)\n');
  for (const { seed, wards } of [
    { seed: 501, wards: 5 },
    { seed: 502, wards: 10 },
    { seed: 503, wards: 20 },
  ]) {
    const { replan } = afterOneAbsence(seed, wards);
    const start = process.hrtime.bigint();
    const after = planRota(replan);
    const planMs = ms(start);
    const filled = replan.sessions.length - after.unfilled.length;
    const violations = hardRuleViolations(replan, after).length;
    const mipStart = process.hrtime.bigint();
    let minimum: number | string;
    try {
      minimum = Math.round(await solveExact(minChurnModel(replan, filled).lp));
    } catch (error) {
      minimum = `not solved (${error instanceof Error ? error.message : 'error'})`;
    }
    process.stdout.write(
      `  ${wards} wards, ${replan.sessions.length} sessions: re-plan changed ${after.changed.length} (${planMs.toFixed(0)} ms), ` +
        `MIP minimum ${minimum} (${ms(mipStart).toFixed(0)} ms), ${filled} filled, ${violations} rule violations\n`,
    );
  }
}

function rebalance(): void {
  process.stdout.write('bounded rebalance after three people return (one ward and a 5-ward hospital, 12 weeks)\n');
  for (const wards of [1, 5]) {
    const base = makeHospital({ seed: 600 + wards, wards, weeks: 12, perWard: 6 });
    const away = new Set(base.facilitators.filter((_, i) => i % Math.ceil(base.facilitators.length / 3) === 0).map((f) => f.id));
    const skewed = planRota({ ...base, facilitators: base.facilitators.map((f) => (away.has(f.id) ? { ...f, active: false } : f)) });
    const input = { ...base, sessions: base.sessions.map((s) => ({ ...s, current: skewed.assignments[s.id] })) };
    const kept = planRota(input);
    const before = summariseRota(input, kept.assignments);
    for (const maxChanges of [5, 10, Infinity]) {
      const start = process.hrtime.bigint();
      const r = rebalanceRota(input, kept.assignments, maxChanges);
      const elapsed = ms(start);
      const after = summariseRota(input, r.assignments);
      const gained = r.gain.maxShareBefore - r.gain.maxShareAfter;
      const perTenth = gained > 0 ? (r.moved.length / (gained * 10)).toFixed(1) : '–';
      process.stdout.write(
        `  ${wards} ward(s), maxChanges ${maxChanges}: ${r.moved.length} sessions changed, maxShare ${r.gain.maxShareBefore.toFixed(3)} → ` +
          `${r.gain.maxShareAfter.toFixed(3)}, spread ${r.gain.spreadBefore.toFixed(3)} → ${r.gain.spreadAfter.toFixed(3)}, ` +
          `repeated pairs ${before.fairness.repeatedPairs} → ${after.fairness.repeatedPairs}, ${perTenth} changes per 0.1 share, ` +
          `${after.conflicts.length} conflicts, ${elapsed.toFixed(0)} ms\n`,
      );
    }
  }
}

void (async () => {
  await churn();
  rebalance();
})();
