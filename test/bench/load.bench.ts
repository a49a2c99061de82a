/**
 * Load benchmark (issue 8, acceptance 7): autocannon drives mixed traffic, 90% reads and 10%
 * writes, against the real app on 127.0.0.1, once on SQLite and once on PostgreSQL, in a soak of
 * BENCH_SECONDS (default 120) after a short warm-up.
 *
 * The app is the compiled service as `npm start` runs it, in a child process, so autocannon does not
 * share its event loop and the resident memory sampled every second (from /proc) is the server's
 * alone. The bench seeds a ward through the API (12 facilitators, 3 groups since 8 weeks ago, a
 * planned and published 12-week rota, 30 admissions with attendance) on the real clock. Each request
 * is drawn by weighted random (seeded) from DRAWS below; an absence created under load is deleted
 * by the next request drawn. The server's CPU per request comes from /proc as well.
 *
 *   BENCH_SECONDS=10 npx ts-node --transpile-only test/bench/load.bench.ts
 *   env: BENCH_SECONDS, BENCH_WARMUP_SECONDS (5), BENCH_CONNECTIONS (10), BENCH_DATABASES (sqlite,postgres),
 *   BENCH_HEAP_DIR (heap snapshots of the server after the warm-up and at the end, and a sampled profile of
 *   what it allocated during the soak that survived the young generation, or everything with BENCH_HEAP_ALL=1;
 *   read them with support/heap-summary.ts; writing a snapshot leaves ~180 MB in the server's malloc
 *   heap, so RSS figures of such a run do not count), BENCH_NODE_ARGS (more node flags for the server)
 */
import autocannon from 'autocannon';
import { loadavg, tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { addDays } from '../../src/common/time';
import { Api, fmt, postgresReachable, quantile, RssSummary } from './bench-support';
import { seeded, seedRealisticWard, summaryLine, WardFixture } from './bench-support';
import { buildRef, cpuOf, rssOf, startCompiledServer } from './support/compiled-server';
import { describeGc, describeHeap, residentByMapping } from './support/heap-summary';
import { printTimeline, sampleRss, ServerSample, watchServerLog } from './support/soak-watch';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 120);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

type Kind =
  'sessions' | 'facilitators' | 'progress' | 'calendar' | 'modules' | 'attendance' | 'absence-add' | 'absence-remove' | 'facilitator-patch';
/** Draw weights (percent of requests); absence-remove follows each absence-add, so writes are 5 + 1.5 + 1.5 + 2 = 10%. */
const DRAWS: [Kind, number][] = [
  ['sessions', 30],
  ['progress', 20],
  ['calendar', 18],
  ['facilitators', 12],
  ['modules', 10],
  ['attendance', 5],
  ['absence-add', 1.5],
  ['facilitator-patch', 2],
];
const WRITES = new Set<Kind>(['attendance', 'absence-add', 'absence-remove', 'facilitator-patch']);
const WINDOW_DAYS = [7, 28, 84];

interface Fixture extends WardFixture {
  base: string;
  coordinatorKey: string;
  dischargeKey: string;
}
interface Stopped {
  rssBeforeLoadMb: number;
  rss: RssSummary;
  /** Server CPU time over the soak as a share of one core. */
  cpu: number;
  cpuUsPerRequest: number;
  serverErrors: Record<string, number>;
  closeMs: number;
}

/** Monday eight weeks before today: the groups' first day, so today is in their ninth week. */
function firstMonday(): string {
  const today = new Date().toISOString().slice(0, 10);
  const weekday = (new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(today, -weekday - 8 * 7);
}

interface KindStats {
  count: number;
  non2xx: Record<string, number>;
  latencies: number[];
  examples: string[];
}

interface RequestSpec {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The request mix over one seeded ward: a seeded draw per request, per-kind statistics from onResponse. */
class Mix {
  private readonly random = seeded(20270301);
  private readonly pendingAbsences: { facilitatorId: string; id: string }[] = [];
  stats = new Map<Kind, KindStats>();
  recording = false;

  constructor(private readonly f: Fixture) {}

  private pick<T>(items: T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private draw(): Kind {
    if (this.pendingAbsences.length) return 'absence-remove';
    let x = this.random() * DRAWS.reduce((s, [, w]) => s + w, 0);
    for (const [kind, weight] of DRAWS) if ((x -= weight) < 0) return kind;
    return 'modules';
  }

  private build(kind: Kind): RequestSpec {
    const f = this.f;
    const auth = { authorization: `Bearer ${f.coordinatorKey}` };
    const json = (method: string, path: string, body: unknown): RequestSpec => ({
      method,
      path,
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    switch (kind) {
      case 'sessions': {
        const days = this.pick(WINDOW_DAYS);
        const from = addDays(f.firstDay, Math.floor(this.random() * (f.days - days + 1)));
        return { method: 'GET', path: `/api/wards/${f.wardId}/sessions?from=${from}&to=${addDays(from, days - 1)}`, headers: auth };
      }
      case 'progress':
        return {
          method: 'GET',
          path: `/api/admissions/${this.pick(f.admissionIds)}/progress`,
          headers: { authorization: `Bearer ${f.dischargeKey}` },
        };
      case 'calendar':
        return { method: 'GET', path: this.pick(f.calendarPaths), headers: {} };
      case 'facilitators':
        return { method: 'GET', path: `/api/facilitators?wardId=${f.wardId}`, headers: auth };
      case 'modules':
        return { method: 'GET', path: '/api/modules', headers: auth };
      case 'attendance': {
        const [sessionId, admissionId] = this.pick(f.attendancePairs);
        return json('POST', `/api/sessions/${sessionId}/attendance`, { admissionId });
      }
      case 'absence-add': {
        const from = addDays(f.rotaFrom, Math.floor(this.random() * 70));
        return json('POST', `/api/facilitators/${this.pick(f.facilitatorIds)}/absences`, {
          from,
          to: addDays(from, Math.floor(this.random() * 5)),
          reason: 'course',
        });
      }
      case 'absence-remove': {
        const { facilitatorId, id } = this.pendingAbsences.shift()!;
        return { method: 'DELETE', path: `/api/facilitators/${facilitatorId}/absences/${id}`, headers: auth };
      }
      case 'facilitator-patch':
        return json('PATCH', `/api/facilitators/${this.pick(f.facilitatorIds)}`, { maxSessionsPerWeek: 2 + Math.floor(this.random() * 4) });
    }
  }

  setupRequest = (request: any, context: any) => {
    const kind = this.draw();
    const spec = this.build(kind);
    context.kind = kind;
    context.started = performance.now();
    return { ...request, ...spec, headers: { ...request.headers, ...spec.headers } };
  };

  onResponse = (status: number, body: string, context: any) => {
    const kind = context.kind as Kind;
    if (kind === 'absence-add' && status === 201) {
      const created = JSON.parse(body);
      this.pendingAbsences.push({ facilitatorId: created.facilitatorId, id: created.id });
    }
    if (!this.recording) return;
    const s = this.stats.get(kind) ?? { count: 0, non2xx: {}, latencies: [], examples: [] };
    this.stats.set(kind, s);
    s.count++;
    s.latencies.push(performance.now() - context.started);
    if (status < 200 || status >= 300) {
      s.non2xx[status] = (s.non2xx[status] ?? 0) + 1;
      if (s.examples.length < 3) s.examples.push(`${status} ${body.slice(0, 160)}`);
    }
  };
}

function fire(base: string, mix: Mix, seconds: number, onTick?: (count: number) => void): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [{ setupRequest: mix.setupRequest, onResponse: mix.onResponse }],
      } as autocannon.Options,
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    let ticks = 0; // autocannon ticks once more as it stops; that tick is not a second of load
    if (onTick)
      (instance as unknown as NodeJS.EventEmitter).on('tick', ({ counter }: { counter: number }) => ++ticks <= seconds && onTick(counter));
  });
}

interface DbReport {
  db: string;
  rps: number;
  total: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  stopped: Stopped;
}

async function runOn(db: string, build?: { label: string; root: string }): Promise<DbReport> {
  const started = performance.now();
  const server = await startCompiledServer({ db: db === 'postgres' ? 'postgres' : 'sqlite', root: build?.root });
  const label = build ? `${db} [${build.label}]` : db;
  const serverErrors: Record<string, number> = {};
  const log = watchServerLog(server.process, db, serverErrors);
  const samples: ServerSample[] = [];
  try {
    const seedStart = performance.now();
    const admin = new Api(server.base, server.adminKey);
    const key = async (role: string) => (await admin.post('/api/keys', { role, label: `load ${role}` })).body.key as string;
    const coordinatorKey = await key('coordinator');
    const ward = await seedRealisticWard(new Api(server.base, coordinatorKey), new Date().toISOString(), firstMonday());
    const fixture: Fixture = { ...ward, base: server.base, coordinatorKey, dischargeKey: await key('discharge') };
    const seedMs = performance.now() - seedStart;
    const mix = new Mix(fixture);
    console.log(
      `load bench on ${label}: ${CONNECTIONS} connections, ${SECONDS} s after a ${WARMUP} s warm-up; 127.0.0.1; load average ${loadavg()[0].toFixed(1)}`,
    );
    console.log(
      `  compiled service up in ${server.startupMs.toFixed(0)} ms; seeded through the API in ${(seedMs / 1000).toFixed(1)} s: ${ward.summary}`,
    );
    if (WARMUP > 0) await fire(fixture.base, mix, WARMUP);
    const heapDir = process.env.BENCH_HEAP_DIR;
    if (heapDir) await server.heapSnapshot(`${heapDir}/load-${db}-early.heapsnapshot`);
    const heapBefore = await server.heap();
    console.log(`  server before the soak: ${describeHeap(heapBefore)}`);
    const pid = server.process.pid!;
    const rssBeforeLoadMb = rssOf(pid);
    const stopSampling = sampleRss(server, samples);
    const cpu0 = cpuOf(pid);
    const t0 = performance.now();
    const perSecond: number[] = [];
    mix.recording = true;
    // BENCH_SQL_TRACE=1: every statement of the soak (start, ms until answered, SQL) in BENCH_SQL_TRACE_DIR (default the temp directory).
    const traceFile = `${process.env.BENCH_SQL_TRACE_DIR ?? tmpdir()}/load-${db}.sqltrace`;
    if (process.env.BENCH_SQL_TRACE === '1') await server.sqlTrace(traceFile);
    // BENCH_PROFILE_DIR: a CPU profile of the server over the soak, one file per database.
    if (process.env.BENCH_PROFILE_DIR) await server.profileStart();
    if (heapDir) await server.allocationsStart(process.env.BENCH_HEAP_ALL !== '1');
    const result = await fire(fixture.base, mix, SECONDS, (count) => perSecond.push(count));
    if (process.env.BENCH_PROFILE_DIR) await server.profileStop(`${process.env.BENCH_PROFILE_DIR}/load-${db}.cpuprofile`);
    mix.recording = false;
    if (process.env.BENCH_SQL_TRACE === '1') await server.sqlTrace(traceFile);
    if (heapDir) await server.allocationsStop(`${heapDir}/load-${db}.heapprofile`);
    const cpuUs = cpuOf(pid) - cpu0;
    const wallUs = (performance.now() - t0) * 1000;
    const soakRss = stopSampling();
    const heapAfter = await server.heap();
    console.log(
      `  server at the end of the soak: ${describeHeap(heapAfter)}; resident by mapping (MB) ${JSON.stringify(residentByMapping(pid))}`,
    );
    console.log(`  server ${describeGc(heapBefore, heapAfter, result.requests.total)}`);
    if (heapDir) await server.heapSnapshot(`${heapDir}/load-${db}-late.heapsnapshot`);
    // Requests the client abandoned as it stopped still run on the server: let them finish before closing.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const health = await fetch(`${fixture.base}/health`);
    const closing = performance.now();
    await server.stop();
    const stopped: Stopped = {
      rssBeforeLoadMb,
      rss: soakRss,
      cpu: cpuUs / wallUs,
      cpuUsPerRequest: cpuUs / Math.max(1, result.requests.total),
      serverErrors,
      closeMs: performance.now() - closing,
    };

    const r = result;
    console.log(
      `  throughput ${r.requests.average.toFixed(0)} req/s (${r.requests.total} requests; per second min ${r.requests.min}, max ${r.requests.max}); ` +
        `latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms`,
    );
    console.log(
      `  non-2xx ${r.non2xx} (4xx ${r['4xx']}, 5xx ${r['5xx']}); socket errors ${r.errors}, timeouts ${r.timeouts}; /health after the run: ${health.status}`,
    );
    console.log('  kind                share   count   p50 ms   p99 ms   non-2xx');
    const measured = [...mix.stats.values()].reduce((s, k) => s + k.count, 0);
    for (const [kind, s] of [...mix.stats.entries()].sort((a, b) => b[1].count - a[1].count)) {
      const bad =
        Object.entries(s.non2xx)
          .map(([st, n]) => `${n} x ${st}`)
          .join(', ') || '0';
      console.log(
        `  ${(WRITES.has(kind) ? 'W ' : 'R ') + kind.padEnd(18)}${fmt((100 * s.count) / measured, 1, 5)}% ${fmt(s.count, 0, 7)} ${fmt(quantile(s.latencies, 0.5), 1)} ${fmt(quantile(s.latencies, 0.99), 1)}   ${bad}`,
      );
      for (const example of s.examples) console.log(`      e.g. ${example}`);
    }
    const writes = [...mix.stats.entries()].filter(([k]) => WRITES.has(k)).reduce((s, [, k]) => s + k.count, 0);
    console.log(`  writes ${((100 * writes) / measured).toFixed(1)}% of ${measured} measured responses (client-side latency per kind)`);
    const { rss } = stopped;
    console.log(
      `  server RSS: ${stopped.rssBeforeLoadMb} MB before load; during the soak start ${rss.startMb}, max ${rss.maxMb}, end ${rss.endMb} MB ` +
        `(${rss.samples} samples)`,
    );
    const errorLines =
      Object.entries(stopped.serverErrors)
        .map(([k, n]) => `${n} x ${k}`)
        .join(', ') || 'none';
    console.log(
      `  server: CPU ${(stopped.cpu * 100).toFixed(0)}% of a core over the soak, ${stopped.cpuUsPerRequest.toFixed(0)} us per request; ` +
        `5xx/error log lines: ${errorLines}`,
    );
    console.log(`  server: Nest log ${log.warnings} warnings, ${log.errors} errors; shutdown took ${stopped.closeMs.toFixed(0)} ms`);
    printTimeline(perSecond, samples);
    console.log(
      `  (${((performance.now() - started) / 1000).toFixed(0)} s in all for ${db}; load average at the end ${loadavg()[0].toFixed(1)})`,
    );
    summaryLine(
      `load/${label}: ${r.requests.average.toFixed(0)} req/s over ${SECONDS} s (${CONNECTIONS} conns, 90/10 read/write), p50 ${r.latency.p50} ms, ` +
        `p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors + r.timeouts}; server RSS start ${rss.startMb} / max ${rss.maxMb} / end ${rss.endMb} MB`,
    );
    return {
      db: label,
      rps: r.requests.average,
      total: r.requests.total,
      p50: r.latency.p50,
      p99: r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors + r.timeouts,
      stopped,
    };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const databases = (process.env.BENCH_DATABASES ?? 'sqlite,postgres')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (databases.includes('postgres') && !(await postgresReachable())) throw new Error('PostgreSQL does not answer on 127.0.0.1:5432');
  console.log(`load bench (node ${process.version}, autocannon 8; databases: ${databases.join(', ')})`);
  const reports: DbReport[] = [];
  // BENCH_BEFORE_REF: the same soak on a build of that commit, just before each database's run.
  const ref = process.env.BENCH_BEFORE_REF;
  const before = ref ? { label: `before ${ref.slice(0, 8)}`, ...buildRef(ref) } : null;
  try {
    for (const db of databases) {
      if (before) reports.push(await runOn(db, before));
      reports.push(await runOn(db));
    }
  } finally {
    before?.cleanup();
  }
  console.log('database                req/s    p50 ms   p99 ms   non-2xx  errors  RSS start/max/end MB');
  for (const r of reports) {
    const { rss } = r.stopped;
    console.log(
      `${r.db.padEnd(21)} ${fmt(r.rps)} ${fmt(r.p50, 0)} ${fmt(r.p99, 0)} ${fmt(r.non2xx, 0, 9)} ${fmt(r.errors, 0, 7)}  ${rss.startMb}/${rss.maxMb}/${rss.endMb}`,
    );
  }
  if (before) {
    for (const db of databases) {
      const [old, now] = [reports.find((r) => r.db === `${db} [${before.label}]`), reports.find((r) => r.db === db)];
      if (old && now)
        summaryLine(
          `load/${db}: ${(now.rps / old.rps).toFixed(2)}x the throughput of ${before.label} in the same run (${now.rps.toFixed(0)} vs ${old.rps.toFixed(0)} req/s), p99 ${now.p99} vs ${old.p99} ms`,
        );
    }
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
