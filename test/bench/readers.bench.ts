/**
 * Low-privilege readers benchmark (issue 14, acceptance 3): 16 facilitator keys read, in parallel and
 * back to back, the heaviest reads a facilitator key is allowed: 91-day session windows anywhere
 * within a year of today (most of them outside the window the jobs keep, so they are computed, never
 * stored), the ward's rota.ics and rota summary over 91 days, and admission progress (a forecast up to
 * a year ahead). Meanwhile /health is probed every 50 ms.
 *
 * Pass: /health p99 under 200 ms, server RSS under 400 MB, and not one row written by the reads (every
 * table of the SQLite file compared by digest before and after; the probe's COMMIT count is printed too,
 * though the rota summary reads inside a read-only transaction, so it counts those).
 * The server is the compiled service as `npm start` runs it, in a child process, with the real clock
 * and the default per-key request budget (600 a minute).
 *
 *   npm run bench -- readers          BENCH_SECONDS (30), BENCH_READERS (16)
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Database as Sqlite, OPEN_READONLY } from 'sqlite3';
import { addDays, localDate } from '../../src/common/time';
import { Api, fmt, quantile, seeded, seedRealisticWard, summaryLine } from './bench-support';
import { CompiledServer, rssOf, startCompiledServer } from './support/compiled-server';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const READERS = Number(process.env.BENCH_READERS ?? 16);
const WINDOW = 91;
const LIMITS = { healthP99Ms: 200, rssMb: 400 };

/** Heavier than the load bench's ward: six more groups that have run for a year. */
const extraGroups = (startsOn: string) =>
  Array.from({ length: 6 }, (_, i) => ({
    name: `Gruppe ${i + 1}`,
    recurrence: ['FREQ=WEEKLY;BYDAY=MO,WE,FR', 'FREQ=WEEKLY;BYDAY=TU,TH', 'FREQ=DAILY'][i % 3],
    startTime: `${String(8 + i).padStart(2, '0')}:30`,
    durationMinutes: 45,
    startsOn,
    curriculum: i % 2 ? 'full' : 'core',
    sessionsPerModule: 1 + (i % 3),
    room: 'Stua',
  }));

/** Spreads the seeding over several keys, round robin (it needs more than one key's minute of requests). */
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

/** Rows and a digest per table of the server's SQLite file, read through a separate read-only connection. */
async function snapshot(databaseUrl: string): Promise<Record<string, string>> {
  const db = new Sqlite(databaseUrl.replace(/^sqlite:/, ''), OPEN_READONLY);
  const all = (sql: string) => new Promise<any[]>((resolve, reject) => db.all(sql, (e, rows) => (e ? reject(e) : resolve(rows))));
  const out: Record<string, string> = {};
  try {
    for (const { name } of await all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      const rows = await all(`SELECT * FROM "${name}"`);
      const digest = createHash('sha256')
        .update(
          rows
            .map((r) => JSON.stringify(r))
            .sort()
            .join('\n'),
        )
        .digest('hex');
      out[name] = `${rows.length} rows ${digest.slice(0, 12)}`;
    }
  } finally {
    db.close();
  }
  return out;
}

async function seed(server: CompiledServer) {
  const admin = new Api(server.base, server.adminKey);
  const key = async (role: string, wardIds?: string[], facilitatorId?: string) =>
    (await admin.post<{ key: string }>('/api/keys', { role, label: `bench ${role}`, wardIds, facilitatorId })).body.key;
  const seedKeys: string[] = [];
  for (let i = 0; i < 8; i++) seedKeys.push(await key('coordinator'));
  const now = new Date().toISOString();
  // The ward's day (Europe/Oslo), which decides the window the jobs keep.
  const today = localDate(new Date(now), 'Europe/Oslo');
  const ward = await seedRealisticWard(new RotatingApi(server.base, seedKeys), now, addDays(today, -55));
  for (const group of extraGroups(addDays(today, -365)))
    await new Api(server.base, seedKeys[0]).post(`/api/wards/${ward.wardId}/groups`, group);
  // What the nightly job keeps (8 weeks back to the 12-week horizon), stored as it would be.
  const kept = await new Api(server.base, seedKeys[1]).get<unknown[]>(
    `/api/wards/${ward.wardId}/sessions?from=${addDays(today, -56)}&to=${addDays(today, 84)}`,
  );
  const keys: string[] = [];
  for (let i = 0; i < READERS; i++) {
    keys.push(await key('facilitator', [ward.wardId], i < ward.facilitatorIds.length ? ward.facilitatorIds[i] : undefined));
  }
  return { ward, today, keys, summary: `${ward.summary}; 6 more groups for a year; ${kept.body.length} sessions in the kept window` };
}

/** One reader: a seeded draw of the heaviest reads its facilitator key may make, back to back. */
async function reader(
  base: string,
  f: { wardId: string; admissionIds: string[] },
  today: string,
  key: string,
  seed: number,
  until: number,
  stats: Map<string, number[]>,
  statuses: Map<string, number>,
) {
  const random = seeded(seed);
  const api = new Api(base, key);
  const windowAt = () => {
    const from = addDays(today, -365 + Math.floor(random() * (2 * 365 - WINDOW)));
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
    await (await fetch(`${base}/health`)).text();
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 50));
  }
  return latencies;
}

async function main(): Promise<void> {
  const server = await startCompiledServer({ label: 'readers' });
  try {
    const { ward, today, keys, summary } = await seed(server);
    process.stdout.write(`seeded: ${summary}\n${READERS} facilitator keys for ${SECONDS} s\n`);
    const before = await snapshot(server.databaseUrl);
    const commitsBefore = (await server.stats()).commits;
    const rss: number[] = [rssOf(server.process.pid!)];
    const sampler = setInterval(() => rss.push(rssOf(server.process.pid!)), 500);
    const until = performance.now() + SECONDS * 1000;
    const stats = new Map<string, number[]>();
    const statuses = new Map<string, number>();
    const [health] = await Promise.all([
      probeHealth(server.base, until),
      ...keys.map((key, i) => reader(server.base, ward, today, key, 1000 + i, until, stats, statuses)),
    ]);
    clearInterval(sampler);
    rss.push(rssOf(server.process.pid!));
    const commits = (await server.stats()).commits - commitsBefore;
    const after = await snapshot(server.databaseUrl);
    const written = Object.keys({ ...before, ...after })
      .filter((t) => before[t] !== after[t])
      .map((t) => `${t}: ${before[t]} → ${after[t]}`);

    process.stdout.write('\nread        count   p50 ms   p99 ms\n');
    for (const [kind, ms] of [...stats].sort()) {
      process.stdout.write(`${kind.padEnd(10)}${fmt(ms.length, 0, 7)}${fmt(quantile(ms, 0.5), 1, 9)}${fmt(quantile(ms, 0.99), 1, 9)}\n`);
    }
    process.stdout.write(
      `statuses: ${[...statuses]
        .sort()
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ')}\n`,
    );
    const p99 = quantile(health, 0.99);
    const maxRss = Math.max(...rss);
    const ok = p99 < LIMITS.healthP99Ms && maxRss < LIMITS.rssMb && written.length === 0;
    const served = [...stats.values()].reduce((n, ms) => n + ms.length, 0);
    const refused = [...statuses].filter(([k]) => k.endsWith(' 429')).reduce((n, [, c]) => n + c, 0);
    summaryLine(
      `readers: /health p50 ${quantile(health, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...health).toFixed(1)} ms ` +
        `(${health.length} probes); server RSS ${rss[0]} → max ${maxRss} MB; ${served} reads answered 200 (${(served / SECONDS).toFixed(1)}/s), ` +
        `${refused} × 429; rows written by reads: ${written.length ? written.join('; ') : 'none'} (COMMITs seen: ${commits}, the rota summary reads in a transaction) → ${ok ? 'PASS' : 'FAIL'}`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    await server.stop();
  }
}

void main();
