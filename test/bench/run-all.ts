/**
 * `npm run bench` runs every benchmark, `npm run bench -- groups load` a subset. Each bench runs in
 * its own child process, one after another, so its peak memory is its own; output streams through
 * as it comes, and a summary closes the run: exit status, wall time and peak RSS per bench, then
 * the `[summary]` lines the benches printed. Peak RSS comes from /usr/bin/time (the largest process
 * in the bench's tree, since benches may fork) or, without it, from the bench process's own
 * process.resourceUsage(). Environment (BENCH_SECONDS, BENCH_PG, ...) passes through.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SUMMARY_PREFIX } from './bench-support';

interface Bench {
  name: string;
  file: string;
  about: string;
}

const GNU_TIME = process.env.BENCH_TIME_BIN ?? '/usr/bin/time';
const KNOWN: Bench[] = [
  { name: 'groups', file: 'groups.bench.ts', about: 'a year of 20 groups through the sessions API (issue 3)' },
  { name: 'admissions', file: 'admissions.bench.ts', about: 'progress, worklist and ward figures over a year (issue 5)' },
  { name: 'calendar', file: 'calendar.bench.ts', about: 'calendar feed against a bare HTTP server (issue 7)' },
  { name: 'rota', file: 'rota.bench.ts', about: 'rota planner from one ward to a region (issue 4)' },
  { name: 'load', file: 'load.bench.ts', about: 'mixed 90/10 load on SQLite and PostgreSQL (issue 8)' },
  { name: 'board', file: 'board.bench.ts', about: 'the ward board’s week view in headless Chromium, 20-ward hospital (issue 16)' },
  {
    name: 'routes',
    file: 'routes.bench.ts',
    about: 'each route of the compiled service against bare node:http, plans, fsyncs, profiles (issue 19)',
  },
];

/** The known benches in order, then any other *.bench.ts found beside them. */
function benches(): Bench[] {
  const others = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts') && !KNOWN.some((b) => b.file === f))
    .sort()
    .map((file) => ({ name: basename(file, '.bench.ts'), file, about: '' }));
  return [...KNOWN, ...others];
}

interface Outcome {
  bench: Bench;
  status: string;
  seconds: number;
  peakRssMb: number | null;
  /** 1-minute load average when the bench started: other work on the machine skews the figures. */
  loadAtStart: number;
  summaries: string[];
}

/** Copies a child's stream through as it comes, and keeps the [summary] lines. */
function relay(stream: NodeJS.ReadableStream, to: NodeJS.WritableStream, summaries: string[]): void {
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    to.write(chunk);
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith(SUMMARY_PREFIX)) summaries.push(line.slice(SUMMARY_PREFIX.length));
  });
}

/** Peak RSS in MB from GNU time's "%M %e" output file, or from the preload's kilobyte count. */
function readPeakRss(file: string): number | null {
  if (!existsSync(file)) return null;
  const last = readFileSync(file, 'utf8').trim().split('\n').pop() ?? '';
  const kb = Number(last.split(' ')[0]);
  return Number.isFinite(kb) && kb > 0 ? Math.round(kb / 102.4) / 10 : null;
}

async function run(bench: Bench, scratch: string): Promise<Outcome> {
  const path = join(__dirname, bench.file);
  const loadAtStart = loadavg()[0];
  if (!existsSync(path)) return { bench, status: 'skipped (no file)', seconds: 0, peakRssMb: null, loadAtStart, summaries: [] };
  const rssFile = join(scratch, `${bench.name}.rss`);
  const node = [process.execPath, '-r', 'ts-node/register/transpile-only'];
  const useTime = existsSync(GNU_TIME);
  const [command, ...args] = useTime
    ? [GNU_TIME, '-f', '%M %e', '-o', rssFile, ...node, path]
    : [...node, '-r', join(__dirname, 'bench-support.ts'), path];
  const env = { ...process.env, ...(useTime ? {} : { BENCH_MAXRSS_FILE: rssFile }) };

  process.stdout.write(
    `\n=== ${bench.name}: ${bench.about || bench.file} (load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} CPUs) ===\n`,
  );
  const started = performance.now();
  const child = spawn(command, args, { cwd: join(__dirname, '..', '..'), env, stdio: ['ignore', 'pipe', 'pipe'] });
  const summaries: string[] = [];
  relay(child.stdout, process.stdout, summaries);
  relay(child.stderr, process.stderr, []);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  const seconds = (performance.now() - started) / 1000;
  const status = code === 0 ? 'ok' : signal ? `killed (${signal})` : `failed (exit ${code})`;
  const peakRssMb = readPeakRss(rssFile);
  process.stdout.write(`=== ${bench.name}: ${status} in ${seconds.toFixed(1)} s, peak RSS ${peakRssMb ?? '?'} MB ===\n`);
  return { bench, status, seconds, peakRssMb, loadAtStart, summaries };
}

async function main(): Promise<number> {
  const all = benches();
  const wanted = process.argv.slice(2).filter((a) => a.trim());
  const unknown = wanted.filter((w) => !all.some((b) => b.name === w));
  if (unknown.length) {
    process.stderr.write(`unknown bench: ${unknown.join(', ')}; available: ${all.map((b) => b.name).join(', ')}\n`);
    return 2;
  }
  const selected = wanted.length ? all.filter((b) => wanted.includes(b.name)) : all;
  process.stdout.write(
    `benchmarks: ${selected.map((b) => b.name).join(', ')} (node ${process.version}, ${process.platform}/${process.arch})\n`,
  );
  const scratch = mkdtempSync(join(tmpdir(), 'imr-bench-'));
  const outcomes: Outcome[] = [];
  try {
    for (const bench of selected) outcomes.push(await run(bench, scratch));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const rssSource = existsSync(GNU_TIME) ? 'largest process in the bench, /usr/bin/time' : 'bench process, resourceUsage';
  process.stdout.write(`\n=== summary ===\nbench        status                wall s   load at start   peak RSS MB (${rssSource})\n`);
  for (const o of outcomes) {
    const load = o.loadAtStart.toFixed(1).padStart(13);
    process.stdout.write(
      `${o.bench.name.padEnd(12)} ${o.status.padEnd(20)} ${o.seconds.toFixed(1).padStart(7)}   ${load}   ${o.peakRssMb ?? '-'}\n`,
    );
  }
  const lines = outcomes.flatMap((o) => o.summaries);
  if (lines.length) process.stdout.write(`${lines.map((l) => `  ${l}`).join('\n')}\n`);
  return outcomes.some((o) => !o.status.startsWith('ok') && !o.status.startsWith('skipped')) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
