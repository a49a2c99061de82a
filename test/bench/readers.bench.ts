/**
 * Low-privilege readers benchmark (issue 14, acceptance 3): 16 facilitator keys read, in parallel and
 * as fast as the service answers, the heaviest reads a facilitator key is allowed: 91-day session
 * windows anywhere within a year of today (most of them outside the window the jobs keep, so they are
 * computed, never stored), the ward's rota.ics and rota summary over 91 days, and admission progress
 * (a forecast up to a year ahead). Meanwhile /health is probed every 50 ms.
 *
 * Pass: /health p99 under 200 ms, server RSS under 400 MB, and not one row written by the reads (every
 * table compared before and after). The server runs in a child process (this file with --serve), so
 * the readers do not share its event loop and the RSS is the server's own; its clock moves with real
 * time, and the per-key request budget stays at its default (600 a minute).
 *
 *   npm run bench -- readers          BENCH_SECONDS (30), BENCH_READERS (16)
 */
import { performance } from 'node:perf_hooks';
import { addDays } from '../../src/common/time';
import { Api, fmt, listenLocal, mb, nextMessage, quantile, RssSampler, seeded, seedRealisticWard, spawnTs, summaryLine, tellParent, waitForExit } from './bench-support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const READERS = Number(process.env.BENCH_READERS ?? 16);
const NOW = '2027-03-01T07:00:00.000Z';
const WINDOW = 91;
const LIMITS = { healthP99Ms: 200, rssMb: 400 };

interface Fixture {
  base: string;
  wardId: string;
  today: string;
  keys: string[];
  admissionIds: string[];
  seeded: string;
}

/** Heavier than the load bench's ward: six more groups running for a year before today. */
const EXTRA_GROUPS = Array.from({ length: 6 }, (_, i) => ({
  name: `Gruppe ${i + 1}`,
  recurrence: ['FREQ=WEEKLY;BYDAY=MO,WE,FR', 'FREQ=WEEKLY;BYDAY=TU,TH', 'FREQ=DAILY'][i % 3],
  startTime: `${String(8 + i).padStart(2, '0')}:30`,
  durationMinutes: 45,
  startsOn: '2026-03-02',
  curriculum: i % 2 ? 'full' : 'core',
  sessionsPerModule: 1 + (i % 3),
}));

/** Spreads requests over several keys, round robin. */
class RotatingApi extends Api {
  private next = 0;

  constructor(
    base: string,
    private readonly keys: string[],
  ) {
    super(base, keys[0]);
  }

  override call<T = any>(method: string, path: string, body?: unknown, expect?: number) {
    return new Api(this.base, this.keys[this.next++ % this.keys.length]).call<T>(method, path, body, expect);
  }
}

async function serve(): Promise<void> {
  const { startTestApp } = await import('../support/test-app');
  const { snapshotDb, changedTables } = await import('../security/db-snapshot.support');
  const { JobsService } = await import('../../src/jobs/jobs.service');
  const t = await startTestApp({ now: NOW, env: { IMR_KEY_REQUESTS_PER_MINUTE: '600' } });
  const base = await listenLocal(t.app);
  // Seeding takes more than one key's minute of requests; the readers below run at the default budget.
  const seedKeys: string[] = [];
  for (let i = 0; i < 8; i++) seedKeys.push(await t.key('coordinator'));
  const coordinator = new RotatingApi(base, seedKeys);
  const ward = await seedRealisticWard(coordinator, NOW);
  for (const group of EXTRA_GROUPS) await coordinator.post(`/api/wards/${ward.wardId}/groups`, { ...group, room: 'Stua' });
  await t.app.get(JobsService).runJob('materialise-horizon', 'bench');
  await t.app.get(JobsService).runJob('rota-upkeep', 'bench');
  const keys: string[] = [];
  for (let i = 0; i < READERS; i++) {
    const own = ward.facilitatorIds[i % ward.facilitatorIds.length];
    keys.push(await t.key('facilitator', [ward.wardId], i < ward.facilitatorIds.length ? own : undefined));
  }
  const sessions = await t.db.dataSource.query('SELECT COUNT(*) AS n FROM sessions');
  const realStart = performance.now();
  setInterval(() => t.clock.set(new Date(Date.parse(NOW) + performance.now() - realStart)), 200).unref();
  const before = await snapshotDb(t.db);
  const fixture: Fixture = {
    base,
    wardId: ward.wardId,
    today: NOW.slice(0, 10),
    keys,
    admissionIds: ward.admissionIds,
    seeded: `${ward.summary}; ${EXTRA_GROUPS.length} more groups since 2026-03-02; ${sessions[0].n} session rows stored`,
  };
  await tellParent({ type: 'ready', fixture });
  const sampler = new RssSampler();
  process.on('message', async (m: { type: string }) => {
    if (m.type === 'measure') {
      sampler.start(500);
      await tellParent({ type: 'measuring' });
    } else if (m.type === 'stop') {
      const rss = sampler.stop();
      const written = changedTables(before, await snapshotDb(t.db));
      await t.close();
      await tellParent({ type: 'stopped', rss, written });
      process.exit(0);
    }
  });
}

/** One reader: a seeded draw of the heaviest reads its facilitator key may make, back to back. */
async function reader(f: Fixture, key: string, seed: number, until: number, stats: Map<string, number[]>, statuses: Map<string, number>) {
  const random = seeded(seed);
  const api = new Api(f.base, key);
  const windowAt = () => {
    const from = addDays(f.today, -365 + Math.floor(random() * (2 * 365 - WINDOW)));
    return `from=${from}&to=${addDays(from, WINDOW - 1)}`;
  };
  const draws: [string, () => string][] = [
    ['sessions', () => `/api/wards/${f.wardId}/sessions?${windowAt()}`],
    ['rota.ics', () => `/api/wards/${f.wardId}/rota.ics?${windowAt()}`],
    ['summary', () => `/api/wards/${f.wardId}/rota/summary?${windowAt()}`],
    ['progress', () => `/api/admissions/${f.admissionIds[Math.floor(random() * f.admissionIds.length)]}/progress`],
  ];
  while (performance.now() < until) {
    const [kind, path] = draws[Math.floor(random() * draws.length)];
    const res = await api.call('GET', path());
    const label = `${kind} ${res.status}`;
    statuses.set(label, (statuses.get(label) ?? 0) + 1);
    if (res.status === 200) stats.set(kind, [...(stats.get(kind) ?? []), res.ms]);
    if (res.status === 429) await new Promise((r) => setTimeout(r, 250));
  }
}

async function probeHealth(base: string, until: number): Promise<number[]> {
  const latencies: number[] = [];
  while (performance.now() < until) {
    const started = performance.now();
    const res = await fetch(`${base}/health`);
    await res.text();
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 50));
  }
  return latencies;
}

async function main(): Promise<void> {
  const child = spawnTs(__filename, ['--serve'], {}, 'inherit');
  const { fixture } = await nextMessage<{ type: 'ready'; fixture: Fixture }>(child, 'ready');
  process.stdout.write(`seeded: ${fixture.seeded}\n${READERS} facilitator keys for ${SECONDS} s\n`);
  child.send({ type: 'measure' });
  await nextMessage(child, 'measuring');
  const until = performance.now() + SECONDS * 1000;
  const stats = new Map<string, number[]>();
  const statuses = new Map<string, number>();
  const [health] = await Promise.all([
    probeHealth(fixture.base, until),
    ...fixture.keys.map((key, i) => reader(fixture, key, 1000 + i, until, stats, statuses)),
  ]);
  child.send({ type: 'stop' });
  const stopped = await nextMessage<{ type: 'stopped'; rss: { startMb: number; maxMb: number; endMb: number }; written: string[] }>(child, 'stopped');
  await waitForExit(child);

  process.stdout.write('\nread        count   p50 ms   p99 ms\n');
  for (const [kind, ms] of [...stats].sort()) {
    process.stdout.write(`${kind.padEnd(10)}${fmt(ms.length, 0, 7)}${fmt(quantile(ms, 0.5), 1, 9)}${fmt(quantile(ms, 0.99), 1, 9)}\n`);
  }
  process.stdout.write(`statuses: ${[...statuses].sort().map(([k, n]) => `${k}: ${n}`).join(', ')}\n`);
  const p99 = quantile(health, 0.99);
  const ok = p99 < LIMITS.healthP99Ms && stopped.rss.maxMb < LIMITS.rssMb && stopped.written.length === 0;
  const served = [...stats.values()].reduce((n, ms) => n + ms.length, 0);
  summaryLine(
    `readers: /health p50 ${quantile(health, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...health).toFixed(1)} ms ` +
      `(${health.length} probes); server RSS ${stopped.rss.startMb} → max ${stopped.rss.maxMb} MB; ${served} reads answered 200 ` +
      `(${(served / SECONDS).toFixed(1)}/s), ${[...statuses].filter(([k]) => k.endsWith(' 429')).reduce((n, [, c]) => n + c, 0)} × 429; ` +
      `rows written by reads: ${stopped.written.length ? stopped.written.join(', ') : 'none'} → ${ok ? 'PASS' : 'FAIL'}`,
  );
  process.stdout.write(`process RSS of the readers: ${mb(process.memoryUsage().rss)} MB\n`);
  process.exit(ok ? 0 : 1);
}

if (process.argv.includes('--serve')) void serve();
else void main();
