/**
 * Rota planner benchmark: `npx ts-node --transpile-only test/bench/rota.bench.ts`.
 * Each scenario runs in its own child process, so its peak memory (maxRSS) is its own; the
 * fixture is built before the clock starts. Fairness is compared with the exact optimum (highs)
 * where the MIP is small enough.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { planRota } from '../../src/rota/planner/planner';
import { hardRuleViolations, maxFillModel, minMaxShareModel, solveExact } from '../../src/rota/planner/planner-oracle.testkit';
import type { PlannerInput } from '../../src/rota/planner/planner.types';
import { makeHospital, makeRegion, makeSmallWard } from './fixtures-rota';

const SCENARIOS: Record<string, { label: string; build: () => PlannerInput; warmRuns: number }> = {
  ward12: { label: 'one ward, 12 weeks', build: () => makeSmallWard(7, 12), warmRuns: 20 },
  hospital12: { label: '20-ward hospital, 12 weeks', build: () => makeHospital({ seed: 1, wards: 20, weeks: 12 }), warmRuns: 5 },
  hospital52: { label: '20-ward hospital, 52 weeks', build: () => makeHospital({ seed: 1, wards: 20, weeks: 52 }), warmRuns: 5 },
  region12: { label: '150-ward region, 12 weeks', build: () => makeRegion({ seed: 1, wards: 150, weeks: 12 }), warmRuns: 3 },
  understaffed12: { label: 'understaffed 20-ward hospital (4 people a ward), 12 weeks', build: () => makeHospital({ seed: 3, wards: 20, weeks: 12, perWard: 4 }), warmRuns: 1 },
};

interface Measured {
  label: string;
  sessions: number;
  facilitators: number;
  coldMs: number;
  warmMs: number | null;
  bestMs: number;
  maxRssMb: number;
  rssBeforeMb: number;
  heapDeltaMb: number;
  unfilled: number;
  violations: number;
  maxShare: number;
}

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

function runScenario(name: string): Measured {
  const scenario = SCENARIOS[name];
  const input = scenario.build();
  global.gc?.();
  const rssBefore = process.resourceUsage().maxRSS * 1024;
  const heapBefore = process.memoryUsage().heapUsed;
  let start = process.hrtime.bigint();
  const result = planRota(input);
  const coldMs = ms(start);
  const heapDelta = process.memoryUsage().heapUsed - heapBefore;
  const maxRss = process.resourceUsage().maxRSS * 1024;
  const warm: number[] = [];
  for (let i = 0; i < scenario.warmRuns; i++) {
    start = process.hrtime.bigint();
    planRota(input);
    warm.push(ms(start));
  }
  warm.sort((a, b) => a - b);
  return {
    label: scenario.label,
    sessions: input.sessions.length,
    facilitators: input.facilitators.length,
    coldMs,
    warmMs: warm.length ? warm[Math.floor(warm.length / 2)] : null,
    bestMs: Math.min(coldMs, ...warm),
    maxRssMb: mb(maxRss),
    rssBeforeMb: mb(rssBefore),
    heapDeltaMb: mb(heapDelta),
    unfilled: result.unfilled.length,
    violations: hardRuleViolations(input, result).length,
    maxShare: result.fairness.maxShare,
  };
}

function inChild(name: string): Measured {
  const out = execFileSync(process.execPath, ['--expose-gc', '-r', 'ts-node/register/transpile-only', __filename, name], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop() as string) as Measured;
}

async function fairnessAgainstOptimum(seeds: number[]): Promise<string[]> {
  const lines: string[] = [];
  for (const seed of seeds) {
    const input = makeSmallWard(seed, 9 + (seed % 5));
    const result = planRota(input);
    const fill = Math.round(await solveExact(maxFillModel(input).lp));
    const optimum = await solveExact(minMaxShareModel(input, fill).lp);
    const filled = input.sessions.length - result.unfilled.length;
    const verdict = Math.abs(result.fairness.maxShare - optimum) < 1e-6 && filled === fill ? 'equal' : 'DIFFERENT';
    lines.push(`  seed ${seed} (${input.facilitators.length} people): largest share ${result.fairness.maxShare.toFixed(4)} vs optimum ${optimum.toFixed(4)}, filled ${filled}/${fill}: ${verdict}`);
  }
  return lines;
}

async function main(): Promise<void> {
  const only = process.argv[2];
  if (only) {
    process.stdout.write(`${JSON.stringify(runScenario(only))}\n`);
    return;
  }
  const results: Record<string, Measured> = {};
  const load = loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  console.log(`rota planner benchmark (node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} cores, load average ${load})`);
  for (const name of Object.keys(SCENARIOS)) {
    const m = inChild(name);
    results[name] = m;
    const warm = m.warmMs === null ? '' : `, then median ${m.warmMs.toFixed(1)} ms, best ${m.bestMs.toFixed(1)} ms`;
    console.log(
      `${m.label}: ${m.sessions} sessions, ${m.facilitators} facilitators: ${m.coldMs.toFixed(1)} ms (first run in a fresh process${warm}); ` +
        `peak RSS ${m.maxRssMb} MB (${m.rssBeforeMb} MB before planning), heap +${m.heapDeltaMb} MB; unfilled ${m.unfilled}, rule violations ${m.violations}, largest share ${m.maxShare.toFixed(4)}`,
    );
  }
  const h12 = results.hospital12;
  const h52 = results.hospital52;
  console.log(
    `hospital 52 / 12 weeks: sessions x${(h52.sessions / h12.sessions).toFixed(2)}, time x${(h52.bestMs / h12.bestMs).toFixed(2)} (best runs), x${(h52.coldMs / h12.coldMs).toFixed(2)} (first runs)`,
  );
  console.log('fairness, one ward of 36 sessions, against the exact MIP optimum (highs):');
  const fairness = await fairnessAgainstOptimum([1, 2, 3, 4, 5, 6]);
  for (const line of fairness) console.log(line);
  const hospital = SCENARIOS.hospital12.build();
  const bound = await solveExact(minMaxShareModel(hospital, hospital.sessions.length - h12.unfilled, true).lp);
  console.log(`fairness, 20-ward hospital, 12 weeks: largest share ${h12.maxShare.toFixed(4)}; LP lower bound ${bound.toFixed(4)} (the exact MIP does not finish in 60 s)`);
  const { summaryLine } = await import('./bench-support');
  const brief = (m: Measured): string => `${m.coldMs.toFixed(0)} ms first run / ${m.bestMs.toFixed(0)} ms best, peak RSS ${m.maxRssMb} MB`;
  summaryLine(`rota one ward 12 weeks: ${brief(results.ward12)}`);
  summaryLine(`rota hospital 12 weeks: ${brief(h12)}; 52 weeks: ${brief(h52)} (time x${(h52.bestMs / h12.bestMs).toFixed(2)} for x${(h52.sessions / h12.sessions).toFixed(2)} sessions)`);
  summaryLine(`rota region 150 wards 12 weeks: ${brief(results.region12)}`);
  summaryLine(`rota fairness: largest share equal to the MIP optimum in ${fairness.filter((l) => l.endsWith(': equal')).length}/${fairness.length} small wards`);
}

void main();
