/**
 * Groups benchmark (issue 3, acceptance 7): one year of 20 groups meeting three times a week
 * (3,120 sessions), expanded and listed through the HTTP API of the real app on 127.0.0.1.
 *
 * Ward A: the year read cold (the first read materialises every session), then warm (median of 5),
 * then each quarter warm. Ward B, same groups: the quarters read cold one after another (as the
 * nightly horizon job would). Ward C: a quarter a year ahead read cold on its own.
 * Each database runs in its own child process, so its peak RSS is its own: SQLite always,
 * PostgreSQL too with BENCH_PG=1 (a throwaway database, as TEST_DATABASE=postgres does).
 *
 *   npx ts-node --transpile-only test/bench/groups.bench.ts
 */
import { performance } from 'node:perf_hooks';
import {
  Api,
  fmt,
  listenLocal,
  median,
  mb,
  nextMessage,
  peakRssMb,
  postgresReachable,
  spawnTs,
  summaryLine,
  tellParent,
  waitForExit,
} from './bench-support';

const FIRST_MONDAY = '2027-01-04';
const YEAR = { from: FIRST_MONDAY, to: '2028-01-02' }; // 52 whole weeks
const QUARTERS = [
  { name: 'Q1', from: '2027-01-04', to: '2027-04-04' },
  { name: 'Q2', from: '2027-04-05', to: '2027-07-04' },
  { name: 'Q3', from: '2027-07-05', to: '2027-10-03' },
  { name: 'Q4', from: '2027-10-04', to: '2028-01-02' },
];
const AHEAD = { name: 'Q1 2028', from: '2028-01-03', to: '2028-04-02' };
const GROUPS = 20;
const EXPECTED = GROUPS * 3 * 52;
const WARM_REPEATS = 5;

const WEEKDAY_SETS = [
  'MO,WE,FR',
  'TU,TH,FR',
  'MO,TU,TH',
  'MO,WE,TH',
  'TU,WE,FR',
  'MO,TU,FR',
  'WE,TH,FR',
  'MO,TH,FR',
  'TU,WE,TH',
  'MO,TU,WE',
];
const TIMES = ['09:00', '10:30', '13:00', '14:15', '17:30'];
const CURRICULA = [
  { curriculum: 'core' },
  { curriculum: 'full', sessionsPerModule: 2 },
  { curriculum: [3, 1, 6, 8, 10], sessionsPerModule: 1 },
];

interface Timed {
  sessions: number;
  ms: number;
  bytes: number;
}

interface DbResult {
  type: 'result';
  db: string;
  yearCold: Timed;
  yearWarm: Timed & { minMs: number; maxMs: number };
  quartersWarm: (Timed & { name: string })[];
  quartersCold: (Timed & { name: string })[];
  aheadCold: Timed;
  rssAfterSetupMb: number;
  rssAfterColdYearMb: number;
  /** Peak RSS (maxRSS so far) after each phase. */
  peaks: Record<string, number>;
  peakRssMb: number;
}

async function makeWard(api: Api, code: string): Promise<string> {
  const ward = await api.post('/api/wards', { code, name: `Bench ward ${code}` });
  for (let i = 0; i < GROUPS; i++) {
    await api.post(`/api/wards/${ward.body.id}/groups`, {
      name: `Group ${i + 1}`,
      recurrence: `FREQ=WEEKLY;BYDAY=${WEEKDAY_SETS[i % WEEKDAY_SETS.length]}`,
      startTime: TIMES[i % TIMES.length],
      durationMinutes: [45, 60, 90][i % 3],
      startsOn: FIRST_MONDAY,
      room: `Room ${(i % 4) + 1}`,
      ...CURRICULA[i % CURRICULA.length],
    });
  }
  return ward.body.id as string;
}

async function read(api: Api, wardId: string, window: { from: string; to: string }): Promise<Timed> {
  const res = await api.get<unknown[]>(`/api/wards/${wardId}/sessions?from=${window.from}&to=${window.to}`);
  return { sessions: res.body.length, ms: res.ms, bytes: res.bytes };
}

async function readWarm(api: Api, wardId: string, window: { from: string; to: string }) {
  const runs: Timed[] = [];
  for (let i = 0; i < WARM_REPEATS; i++) runs.push(await read(api, wardId, window));
  const times = runs.map((r) => r.ms);
  return { ...runs[0], ms: median(times), minMs: Math.min(...times), maxMs: Math.max(...times) };
}

async function measure(db: string): Promise<DbResult> {
  const { startTestApp } = await import('../support/test-app'); // only the measuring child loads the app
  const t = await startTestApp({ now: '2027-01-01T08:00:00.000Z' });
  try {
    const api = new Api(await listenLocal(t.app), await t.key('coordinator'));
    const [wardA, wardB, wardC] = [await makeWard(api, 'A'), await makeWard(api, 'B'), await makeWard(api, 'C')];
    await api.get('/api/modules'); // one request through every layer before the clock starts
    const rssAfterSetupMb = mb(process.memoryUsage().rss);
    const peaks: Record<string, number> = { setup: peakRssMb() };

    const yearCold = await read(api, wardA, YEAR);
    const rssAfterColdYearMb = mb(process.memoryUsage().rss);
    peaks['cold year'] = peakRssMb();
    if (yearCold.sessions !== EXPECTED) throw new Error(`expected ${EXPECTED} sessions in the year, got ${yearCold.sessions}`);
    const yearWarm = await readWarm(api, wardA, YEAR);
    peaks['warm years'] = peakRssMb();
    const quartersWarm = [];
    for (const q of QUARTERS) quartersWarm.push({ name: q.name, ...(await readWarm(api, wardA, q)) });
    const quartersCold = [];
    for (const q of QUARTERS) quartersCold.push({ name: q.name, ...(await read(api, wardB, q)) });
    const coldTotal = quartersCold.reduce((s, q) => s + q.sessions, 0);
    if (coldTotal !== EXPECTED) throw new Error(`quarters of ward B hold ${coldTotal} sessions, expected ${EXPECTED}`);
    const aheadCold = await read(api, wardC, AHEAD);
    peaks.quarters = peakRssMb();
    return {
      type: 'result',
      db,
      yearCold,
      yearWarm,
      quartersWarm,
      quartersCold,
      aheadCold,
      rssAfterSetupMb,
      rssAfterColdYearMb,
      peaks,
      peakRssMb: peakRssMb(),
    };
  } finally {
    await t.close();
  }
}

function report(r: DbResult): void {
  const line = (label: string, x: Timed, extra = '') =>
    console.log(
      `  ${label.padEnd(36)} ${String(x.sessions).padStart(5)} sessions ${fmt(x.ms, 1)} ms ${fmt(x.bytes / 1024, 0, 6)} KB${extra}`,
    );
  console.log(`groups bench on ${r.db}: ${GROUPS} groups x 3 a week, year ${YEAR.from}..${YEAR.to}`);
  line('year, cold (first read materialises)', r.yearCold);
  line(`year, warm (median of ${WARM_REPEATS})`, r.yearWarm, `  (min ${r.yearWarm.minMs.toFixed(1)}, max ${r.yearWarm.maxMs.toFixed(1)})`);
  for (const q of r.quartersWarm) line(`${q.name}, warm (median of ${WARM_REPEATS})`, q);
  for (const q of r.quartersCold) line(`${q.name}, cold (ward B, quarters in turn)`, q);
  line(`${AHEAD.name}, cold (ward C, a year ahead)`, r.aheadCold);
  console.log(`  RSS after setup ${r.rssAfterSetupMb} MB, after the cold year ${r.rssAfterColdYearMb} MB; peak RSS ${r.peakRssMb} MB`);
  console.log(
    `  peak RSS after each phase: ${Object.entries(r.peaks)
      .map(([k, v]) => `${k} ${v} MB`)
      .join(', ')}`,
  );
  const qWarm = median(r.quartersWarm.map((q) => q.ms));
  const qCold = median(r.quartersCold.map((q) => q.ms));
  summaryLine(
    `groups/${r.db}: ${r.yearCold.sessions} sessions in a year: cold ${r.yearCold.ms.toFixed(0)} ms, warm ${r.yearWarm.ms.toFixed(0)} ms ` +
      `(median of ${WARM_REPEATS}); a quarter: cold ${qCold.toFixed(0)} ms, warm ${qWarm.toFixed(0)} ms (medians); peak RSS ${r.peakRssMb} MB`,
  );
}

async function inChild(db: string): Promise<DbResult> {
  const child = spawnTs(__filename, [`--db=${db}`], db === 'postgres' ? { TEST_DATABASE: 'postgres' } : { TEST_DATABASE: 'sqlite' });
  const [result, code] = await Promise.all([nextMessage<DbResult>(child, 'result'), waitForExit(child)]);
  if (code !== 0) throw new Error(`groups bench on ${db} exited with ${code}`);
  return result;
}

async function main(): Promise<void> {
  const only = process.argv.find((a) => a.startsWith('--db='))?.slice('--db='.length);
  if (only) {
    await tellParent(await measure(only));
    return;
  }
  const databases = ['sqlite'];
  if (process.env.BENCH_PG === '1') {
    if (!(await postgresReachable())) throw new Error('BENCH_PG=1 but PostgreSQL does not answer on 127.0.0.1:5432');
    databases.push('postgres');
  }
  console.log(`groups bench (node ${process.version}, TZ=${process.env.TZ ?? 'unset'}; databases: ${databases.join(', ')})`);
  for (const db of databases) {
    const started = performance.now();
    report(await inChild(db));
    console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s including start-up and seeding)`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
