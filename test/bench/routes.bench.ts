/**
 * Route benchmark (issue 19): the compiled service (as `npm start` runs it) against a bare
 * node:http server that answers each path with the very bytes and headers the service sent,
 * in the same run, alternating, 10 connections on 127.0.0.1. For every route: throughput ratio,
 * CPU per request of each server process (from /proc) and their ratio, p99; then start-up time and
 * resident memory, statements per request, the same week read in a group's first and fiftieth week,
 * the 12-week rota plan (time, statements, changed sessions), fsyncs per write request (strace),
 * and the top functions per route from a CPU profile of the server.
 *
 * With BENCH_BEFORE_REF=<commit> a build of that commit is seeded and measured alongside, so the
 * before/after figures come from one run on one machine state.
 *
 *   npm run bench -- routes
 *   env: BENCH_SECONDS (4 per run), BENCH_ROUNDS (2), BENCH_CONNECTIONS (10), BENCH_BEFORE_REF, BENCH_PROFILE_DIR,
 *        BENCH_ROUTES (comma-separated route names, default all), BENCH_ROUTES_ONLY=1 (skip the plan, fsync and week sections)
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { addDays } from '../../src/common/time';
import { Api, median, summaryLine } from './bench-support';
import { AgedWard, seedAgedWard } from './support/aged-ward';
import { buildRef, CompiledServer, cpuOf, rssOf, startCompiledServer } from './support/compiled-server';
import { formatTop, topFunctions } from './support/profile-summary';
import { planStatements } from '../support/plan-statements';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (o: Record<string, unknown>, cb?: unknown) => any;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const scratch = mkdtempSync(join(tmpdir(), 'imr-routes-'));
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR ?? join(scratch, 'profiles');

interface Req {
  path: string;
  headers: Record<string, string>;
}
interface Route {
  name: string;
  about: string;
  requests: Req[];
}
interface Run {
  rps: number;
  p99: number;
  total: number;
  non2xx: number;
  cpuUsPerReq: number;
}

function routesFor(w: AgedWard, etag: string): Route[] {
  const coordinator = { authorization: `Bearer ${w.coordinatorKey}` };
  const discharge = { authorization: `Bearer ${w.dischargeKey}` };
  const week = `/api/wards/${w.wardId}/sessions?from=${w.thisMonday}&to=${addDays(w.thisMonday, 6)}`;
  const quarter = `/api/wards/${w.wardId}/sessions?from=${w.thisMonday}&to=${addDays(w.thisMonday, 83)}`;
  const progress = (i: number) => `/api/admissions/${w.admissionIds[i]}/progress`;
  return [
    {
      name: 'feed-small',
      about: `facilitator feeds, ${w.smallFeeds.length} tokens in turn`,
      requests: w.smallFeeds.map((path) => ({ path, headers: {} })),
    },
    { name: 'feed-large', about: 'one facilitator feed of 20 weeks', requests: [{ path: w.largeFeed, headers: {} }] },
    { name: 'feed-304', about: 'the large feed with If-None-Match', requests: [{ path: w.largeFeed, headers: { 'if-none-match': etag } }] },
    { name: 'modules', about: 'GET /api/modules', requests: [{ path: '/api/modules', headers: coordinator }] },
    { name: 'sessions-week', about: 'one week of sessions (week 50)', requests: [{ path: week, headers: coordinator }] },
    { name: 'sessions-quarter', about: '12 weeks of sessions', requests: [{ path: quarter, headers: coordinator }] },
    {
      name: 'progress',
      about: 'admission progress, 12 admissions in turn',
      requests: w.admissionIds.map((_, i) => ({ path: progress(i), headers: discharge })),
    },
    {
      name: 'read-mix',
      about: 'a ward: a week and a quarter of sessions, two progress reads, the module list',
      requests: [
        { path: week, headers: coordinator },
        { path: quarter, headers: coordinator },
        { path: progress(0), headers: discharge },
        { path: progress(1), headers: discharge },
        { path: '/api/modules', headers: coordinator },
      ],
    },
  ];
}

const DROP = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

/** What the service answers on each path: recorded for the bare server. */
async function record(
  base: string,
  routes: Route[],
): Promise<Record<string, { status: number; headers: Record<string, string>; body: string }>> {
  const out: Record<string, { status: number; headers: Record<string, string>; body: string }> = {};
  for (const r of routes) {
    for (const q of r.requests) {
      if (out[q.path] || q.headers['if-none-match']) continue;
      const res = await fetch(`${base}${q.path}`, { headers: q.headers });
      const body = Buffer.from(await res.arrayBuffer());
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => void (DROP.has(k) || (headers[k] = v)));
      out[q.path] = { status: res.status, headers, body: body.toString('base64') };
    }
  }
  return out;
}

async function startBare(file: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [join(__dirname, 'support', 'bare-server.js'), file], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve) => child.on('message', (m: any) => m?.type === 'listening' && resolve(m.port)));
  return { child, base: `http://127.0.0.1:${port}` };
}

function fire(base: string, route: Route, pid: number, seconds = SECONDS): Promise<Run> {
  let i = 0;
  const cpu0 = cpuOf(pid);
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            setupRequest: (req: any) => {
              const q = route.requests[i++ % route.requests.length];
              return { ...req, method: 'GET', path: q.path, headers: { ...req.headers, ...q.headers } };
            },
          },
        ],
      },
      (error: Error | null, r: any) => {
        if (error) return reject(error);
        const total = r.requests.total as number;
        resolve({
          rps: r.requests.average,
          p99: r.latency.p99,
          total,
          non2xx: unexpectedAnswers(route.name, r, total),
          cpuUsPerReq: (cpuOf(pid) - cpu0) / Math.max(1, total),
        });
      },
    );
  });
}

/** Answers other than the route's own: anything but 304 for feed-304 (a 200 or a 429 there is wrong too), anything outside 2xx elsewhere. */
function unexpectedAnswers(name: string, r: any, total: number): number {
  if (name !== 'feed-304') return r.non2xx;
  return total - (r.statusCodeStats?.['304']?.count ?? 0);
}

/** CPU per request of sequential requests (one connection), measured in the server process. */
async function sequentialCpu(server: CompiledServer, q: Req, n: number): Promise<{ cpuUs: number; statements: number; ms: number }> {
  for (let i = 0; i < 20; i++) await (await fetch(`${server.base}${q.path}`, { headers: q.headers })).arrayBuffer();
  const before = await server.stats();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await (await fetch(`${server.base}${q.path}`, { headers: q.headers })).arrayBuffer();
  const ms = (performance.now() - t0) / n;
  const after = await server.stats();
  return { cpuUs: (after.cpuUs - before.cpuUs) / n, statements: (after.statements - before.statements) / n, ms };
}

/**
 * fsync and fdatasync calls the server makes on its database while `work` runs (strace attached to
 * every thread, each call with its file), beside the commits it sent: `wal` syncs of the WAL (one
 * per commit with synchronous=FULL) and `database` syncs of the database file, which happen only
 * when SQLite checkpoints (copies the WAL back, syncing the WAL again first): on whichever commit
 * crosses the WAL's 1,000 pages, not on a kind of write.
 */
async function fsyncsDuring(
  server: CompiledServer,
  work: () => Promise<number>,
): Promise<{ wal: number; database: number; commits: number; requests: number } | null> {
  if (spawnSync('strace', ['-V']).status !== 0) return null;
  const out = join(scratch, `strace-${Date.now()}.txt`);
  const tracer = spawn('strace', ['-f', '-y', '-e', 'trace=fsync,fdatasync', '-o', out, '-p', String(server.process.pid!)], {
    stdio: 'ignore',
  });
  await new Promise((r) => setTimeout(r, 500));
  const before = await server.stats();
  const requests = await work();
  const after = await server.stats();
  await new Promise((r) => setTimeout(r, 300));
  const done = new Promise((r) => tracer.once('exit', r));
  tracer.kill('SIGINT');
  await done;
  const files = [...readFileSync(out, 'utf8').matchAll(/\b(?:fsync|fdatasync)\(\d+<([^>]*)>\) = 0/g)].map((m) => m[1]);
  return {
    wal: files.filter((f) => f.endsWith('.sqlite-wal')).length,
    database: files.filter((f) => f.endsWith('.sqlite')).length,
    commits: after.commits - before.commits,
    requests,
  };
}

interface Target {
  server: CompiledServer;
  ward: AgedWard;
  idleRssMb: number;
  routes: Route[];
}

async function prepare(label: string, root?: string): Promise<Target> {
  const server = await startCompiledServer({ label, root });
  await new Promise((r) => setTimeout(r, 2000));
  const idleRssMb = rssOf(server.process.pid!);
  const t0 = performance.now();
  const ward = await seedAgedWard(server.base, server.adminKey);
  const feed = await fetch(`${server.base}${ward.largeFeed}`);
  const etag = feed.headers.get('etag') ?? '';
  console.log(
    `[${label}] up in ${server.startupMs.toFixed(0)} ms, idle RSS ${idleRssMb} MB; seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${ward.summary}`,
  );
  return { server, ward, idleRssMb, routes: routesFor(ward, etag) };
}

const f = (n: number, d = 0, w = 8) => (Number.isFinite(n) ? n.toFixed(d) : '-').padStart(w);

async function main(): Promise<void> {
  mkdirSync(PROFILE_DIR, { recursive: true });
  const beforeRef = process.env.BENCH_BEFORE_REF;
  const built = beforeRef ? buildRef(beforeRef) : null;
  const targets: Target[] = [];
  try {
    if (built) targets.push(await prepare(`before ${beforeRef!.slice(0, 8)}`, built.root));
    targets.push(await prepare('after'));
    const main = targets[targets.length - 1];
    const recorded = await record(main.server.base, main.routes);
    writeFileSync(join(scratch, 'bare.json'), JSON.stringify(recorded));
    const bare = await startBare(join(scratch, 'bare.json'));
    console.log(
      `\nroutes: ${ROUNDS} rounds x ${SECONDS} s per server, ${CONNECTIONS} connections; bare node:http sends the recorded bytes`,
    );
    for (const [path, r] of Object.entries(recorded))
      if (path.includes('calendar')) console.log(`  ${path.slice(0, 24)}…  ${Buffer.from(r.body, 'base64').length} bytes`);
    console.log('route              server        req/s  x bare   p99 ms  CPU us/req  x bare CPU  non-2xx');
    const results: Record<string, Record<string, Run[]>> = {};
    const wanted = (process.env.BENCH_ROUTES ?? '').split(',').filter(Boolean);
    const selected = main.routes.map((r, i) => [i, r] as const).filter(([, r]) => !wanted.length || wanted.includes(r.name));
    for (const [ri, route] of selected) {
      const per: Record<string, Run[]> = {};
      results[route.name] = per;
      for (let round = 0; round < ROUNDS; round++) {
        for (const t of targets) (per[t.server.label] ??= []).push(await fire(t.server.base, t.routes[ri], t.server.process.pid!));
        (per.bare ??= []).push(await fire(bare.base, route, bare.child.pid!));
      }
      // Profiled in a round of its own, left out of the figures: the profiler slows the service and the bare server runs without it.
      for (const t of targets) {
        await t.server.profileStart();
        await fire(t.server.base, t.routes[ri], t.server.process.pid!);
        await t.server.profileStop(join(PROFILE_DIR, `${t.server.label.split(' ')[0]}-${route.name}.cpuprofile`));
      }
      const bareRps = median(per.bare.map((r) => r.rps));
      const bareCpu = median(per.bare.map((r) => r.cpuUsPerReq));
      for (const [label, runs] of Object.entries(per)) {
        const rps = median(runs.map((r) => r.rps));
        const cpu = median(runs.map((r) => r.cpuUsPerReq));
        const bad = runs.reduce((s, r) => s + r.non2xx, 0);
        console.log(
          `${route.name.padEnd(18)} ${label.padEnd(10)} ${f(rps)} ${f(rps / bareRps, 3)} ${f(median(runs.map((r) => r.p99)), 1)} ${f(cpu, 0, 11)} ${f(cpu / bareCpu, 2, 11)} ${f(bad, 0)}`,
        );
        if (label !== 'bare') {
          summaryLine(
            `routes/${route.name} [${label}]: ${(rps / bareRps).toFixed(3)}x bare throughput (${rps.toFixed(0)} vs ${bareRps.toFixed(0)} req/s), CPU/req ${(cpu / bareCpu).toFixed(2)}x bare, p99 ${median(runs.map((r) => r.p99)).toFixed(1)} ms, non-2xx ${bad}`,
          );
        }
      }
    }
    bare.child.send({ type: 'stop' });

    for (const t of process.env.BENCH_ROUTES_ONLY ? [] : targets) {
      const w = t.ward;
      const label = t.server.label;
      const auth = { authorization: `Bearer ${w.coordinatorKey}` };
      const rssAfterLoad = rssOf(t.server.process.pid!);
      console.log(
        `\n[${label}] start-up: first /health after ${t.server.startupMs.toFixed(0)} ms; RSS idle ${t.idleRssMb} MB, after the route runs ${rssAfterLoad} MB`,
      );
      summaryLine(
        `routes/startup [${label}]: first /health ${t.server.startupMs.toFixed(0)} ms, RSS idle ${t.idleRssMb} MB, after load ${rssAfterLoad} MB`,
      );
      for (const route of t.routes.filter((r) =>
        ['modules', 'sessions-week', 'sessions-quarter', 'progress', 'feed-small'].includes(r.name),
      )) {
        const s = await sequentialCpu(t.server, route.requests[0], 100);
        console.log(
          `  ${route.name.padEnd(18)} sequential: ${s.ms.toFixed(2)} ms, CPU ${s.cpuUs.toFixed(0)} us, ${s.statements.toFixed(1)} SQL statements per request`,
        );
      }
      // The same calendar week (this one) in two twin wards: groups in their fiftieth week, and in their first.
      const thisWeek = (wardId: string): Req => ({
        path: `/api/wards/${wardId}/sessions?from=${w.thisMonday}&to=${addDays(w.thisMonday, 6)}`,
        headers: auth,
      });
      // Alternating rounds, medians: /proc counts CPU in 10 ms ticks and a collection lands in one
      // round or the other, so one pair of runs of 150 requests each could differ by 10-20 % on noise.
      const young: Awaited<ReturnType<typeof sequentialCpu>>[] = [];
      const old: Awaited<ReturnType<typeof sequentialCpu>>[] = [];
      for (let round = 0; round < 7; round++) {
        young.push(await sequentialCpu(t.server, thisWeek(w.youngWardId), 200));
        old.push(await sequentialCpu(t.server, thisWeek(w.wardId), 200));
      }
      const middle = (runs: typeof young) => ({
        cpuUs: median(runs.map((r) => r.cpuUs)),
        statements: median(runs.map((r) => r.statements)),
      });
      const first = middle(young);
      const fiftieth = middle(old);
      console.log(
        `  this week's sessions, groups in their week 1: CPU ${first.cpuUs.toFixed(0)} us, ${first.statements.toFixed(1)} statements; ` +
          `in their week 50: CPU ${fiftieth.cpuUs.toFixed(0)} us, ${fiftieth.statements.toFixed(1)} statements -> ${(fiftieth.cpuUs / first.cpuUs).toFixed(2)}x`,
      );
      summaryLine(
        `routes/week-cost [${label}]: a week read costs ${(fiftieth.cpuUs / first.cpuUs).toFixed(2)}x in the groups' week 50 against their week 1 ` +
          `(${fiftieth.cpuUs.toFixed(0)} vs ${first.cpuUs.toFixed(0)} us CPU, ${fiftieth.statements.toFixed(1)} vs ${first.statements.toFixed(1)} statements)`,
      );

      const api = new Api(t.server.base, w.coordinatorKey);
      const plans: string[] = [];
      const plan = async (title: string, body: Record<string, unknown>) => {
        const before = (await api.get<any[]>(`/api/wards/${w.wardId}/sessions?from=${w.today}&to=${w.rotaTo}`)).body;
        const s0 = await t.server.stats();
        const t0 = performance.now();
        const answer = await api.post(`/api/wards/${w.wardId}/rota/plan`, { from: w.today, to: w.rotaTo, ...body }, 200);
        const ms = performance.now() - t0;
        const s1 = await t.server.stats();
        const after = (await api.get<any[]>(`/api/wards/${w.wardId}/sessions?from=${w.today}&to=${w.rotaTo}`)).body;
        const ids = (s: any) => s.facilitators.map((x: any) => x.id).join(',');
        const was = new Map(before.map((s) => [s.id, ids(s)]));
        const changed = after.filter((s) => was.get(s.id) !== ids(s)).length;
        // The bench's rota is published, so a change raises outbox events; no webhook is registered.
        const started = before.some((s) => Date.parse(s.startsAt) <= t0 + performance.timeOrigin);
        const unplanned = started || before.some((s) => s.status !== 'scheduled');
        const asserted = planStatements({ changed: answer.body.changes.length > 0, events: true, started, unplanned });
        const statements = s1.statements - s0.statements;
        const note = statements === asserted ? `as test/write-sweep.e2e-spec.ts asserts` : `write-sweep asserts ${asserted}`;
        plans.push(
          `${title}: ${ms.toFixed(1)} ms, ${statements} statements (${note}), ${s1.commits - s0.commits} commits, ${changed} sessions changed`,
        );
        return { ms, statements: s1.statements - s0.statements, changed };
      };
      await plan('warm-up plan', {});
      const quiet: number[] = [];
      let quietStatements = 0;
      for (let i = 0; i < 5; i++) {
        const r = await plan(`plan #${i + 1}, nothing to change`, {});
        quiet.push(r.ms);
        quietStatements = r.statements;
      }
      // Changed plans, three rounds: three people absent for the quarter (a repair), then back (a rebalance).
      const absentIds = w.facilitatorIds.slice(1, 4);
      const cycle = async (round: string) => {
        const absences: string[] = [];
        for (const id of absentIds)
          absences.push((await api.post(`/api/facilitators/${id}/absences`, { from: w.today, to: w.rotaTo, reason: 'course' })).body.id);
        // BENCH_SQL_TRACE=1: the statements of each repair (start, ms until answered, SQL) in the temp directory.
        const traced =
          process.env.BENCH_SQL_TRACE === '1' ? join(tmpdir(), `plan-repair-${label.split(' ')[0]}-${round.slice(6, 7)}.sqltrace`) : null;
        if (traced) await t.server.sqlTrace(traced);
        const repair = await plan(`${round}plan after 3 facilitators became absent for the quarter`, {});
        if (traced) await t.server.sqlTrace(traced);
        for (const [i, id] of absentIds.entries())
          await api.call('DELETE', `/api/facilitators/${id}/absences/${absences[i]}`, undefined, 204);
        const rebalance = await plan(`${round}plan with rebalance`, { rebalance: true });
        return { repair, rebalance };
      };
      // Five rounds: the first meets the planner's code cold (about 1.5x the others); the median is of all five.
      const rounds = [];
      for (let i = 1; i <= 5; i++) rounds.push(await cycle(`round ${i}: `));
      const repair = rounds[0].repair;
      const rebalance = rounds[0].rebalance;
      // Profiled apart (the profiler slows the service; none of the times above ran under it).
      await t.server.profileStart();
      for (let i = 0; i < 5; i++) await plan(`profiled plan #${i + 1}, nothing to change`, {});
      await t.server.profileStop(join(PROFILE_DIR, `${label.split(' ')[0]}-plan.cpuprofile`));
      await t.server.profileStart();
      await cycle('profiled: ');
      await t.server.profileStop(join(PROFILE_DIR, `${label.split(' ')[0]}-plan-changes.cpuprofile`));
      console.log(`  rota plan, ward-quarter (${w.today}..${w.rotaTo}):\n    ${plans.join('\n    ')}`);
      summaryLine(
        `routes/plan [${label}]: ward-quarter plan median ${median(quiet).toFixed(1)} ms (no changes); ` +
          `median ${median(rounds.map((r) => r.repair.ms)).toFixed(1)} ms repairing ${rounds.map((r) => r.repair.changed).join('/')} sessions, ` +
          `${median(rounds.map((r) => r.rebalance.ms)).toFixed(1)} ms rebalancing ${rounds.map((r) => r.rebalance.changed).join('/')}; ` +
          `statements ${quietStatements} (none changed) / ${repair.statements} (${repair.changed} changed) / ${rebalance.statements} (${rebalance.changed} changed, rebalance)`,
      );

      const writes = await fsyncsDuring(t.server, async () => {
        let n = 0;
        for (let i = 0; i < 10; i++) {
          const id = w.facilitatorIds[i % w.facilitatorIds.length];
          const day = addDays(w.today, 14 + i);
          const a = (await api.post(`/api/facilitators/${id}/absences`, { from: day, to: day, reason: 'course' })).body;
          await api.call('DELETE', `/api/facilitators/${id}/absences/${a.id}`, undefined, 204);
          await api.call('PATCH', `/api/facilitators/${id}`, { maxSessionsPerWeek: 2 + (i % 3) }, 200);
          n += 3;
        }
        return n;
      });
      const planRuns = 5;
      const planSync = await fsyncsDuring(t.server, async () => {
        for (let i = 0; i < planRuns; i++)
          await api.post(`/api/wards/${w.wardId}/rota/plan`, { from: w.today, to: w.rotaTo, rebalance: i % 2 === 0 }, 200);
        return planRuns;
      });
      if (writes && planSync) {
        const line = (x: NonNullable<typeof writes>, what: string) =>
          `${(x.wal / x.requests).toFixed(2)} WAL fsyncs per ${what} (${x.wal} over ${x.requests}, ${x.commits} commits; ${x.database} database-file fsyncs, from checkpoints)`;
        console.log(`  fsyncs: ${line(writes, 'write request (absence add/delete, facilitator patch)')}; ${line(planSync, 'rota plan')}`);
        summaryLine(`routes/fsync [${label}]: ${line(writes, 'write request')}; ${line(planSync, 'rota plan')}`);
      } else console.log('  fsyncs: strace not available');
    }

    console.log('\ntop functions per route (self time in the server, from a profiled round left out of the figures):');
    for (const [, route] of selected) {
      for (const t of targets) {
        const file = join(PROFILE_DIR, `${t.server.label.split(' ')[0]}-${route.name}.cpuprofile`);
        console.log(formatTop(`${route.name} [${t.server.label}]`, topFunctions(file, 8)));
      }
    }
    if (!process.env.BENCH_ROUTES_ONLY) {
      for (const t of targets) {
        const file = join(PROFILE_DIR, `${t.server.label.split(' ')[0]}-plan.cpuprofile`);
        console.log(formatTop(`rota plan, ward-quarter, 5 plans with their session reads [${t.server.label}]`, topFunctions(file, 10)));
        const changes = join(PROFILE_DIR, `${t.server.label.split(' ')[0]}-plan-changes.cpuprofile`);
        console.log(
          formatTop(
            `rota plan, ward-quarter, a repair and a rebalance (with absences and session reads) [${t.server.label}]`,
            topFunctions(changes, 10),
          ),
        );
      }
    }
    console.log(`(profiles in ${PROFILE_DIR})`);
  } finally {
    for (const t of targets) await t.server.stop();
    built?.cleanup();
    if (!process.env.BENCH_PROFILE_DIR) rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
