/**
 * Calendar feed benchmark: the real app (Nest on Fastify, temp SQLite) serving a facilitator feed
 * of about 150 events, against a bare node:http server sending the same bytes and headers. Runs
 * alternate in one process (autocannon in a worker thread, 20 connections, 127.0.0.1 only), then
 * the 304 path (If-None-Match) is measured on its own. Bounded to well under 90 s.
 *
 *   npx ts-node --transpile-only test/bench/calendar.bench.ts
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { In } from 'typeorm';
import { SessionAssignmentEntity } from '../../src/database/schema/assignment.entity';
import { SessionEntity } from '../../src/database/schema/session.entity';
import { bearer, startTestApp, TestApp } from '../support/test-app';

/** The part of autocannon's result this bench reads (the package ships no typings). */
interface AutocannonResult {
  requests: { average: number };
  latency: { p99: number };
  errors: number;
  timeouts: number;
  '1xx': number;
  '2xx': number;
  '3xx': number;
  '4xx': number;
  '5xx': number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- typed here by the part of the result this bench reads
const autocannon: (options: Record<string, unknown>) => Promise<AutocannonResult> = require('autocannon');

const ROUNDS = 3;
const SECONDS = 5;
const CONNECTIONS = 20;

interface RunResult {
  rps: number;
  p99: number;
  ok: number;
  notModified: number;
  other: number;
}

async function load(url: string, headers: Record<string, string> = {}): Promise<RunResult> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers, workers: 1 });
  return {
    rps: r.requests.average,
    p99: r.latency.p99,
    ok: r['2xx'],
    notModified: r['3xx'],
    other: r['1xx'] + r['4xx'] + r['5xx'] + r.errors + r.timeouts,
  };
}

/** A ward with three groups (8 sessions a week), 20 weeks of sessions, all on one facilitator's published rota. */
async function seedFeed(t: TestApp): Promise<string> {
  const coordinator = bearer(await t.key('coordinator'));
  const ward = (await t.http().post('/api/wards').set(coordinator).send({ code: 'BENCH', name: 'Sengepost Ø' })).body;
  const facilitator = async (name: string) =>
    (
      await t
        .http()
        .post('/api/facilitators')
        .set(coordinator)
        .send({ name, profession: 'nurse', imrTrained: true, wardIds: [ward.id] })
    ).body.id as string;
  const ola = await facilitator('Ola Nordmann');
  const kari = await facilitator('Kari Nordmann');
  const groups = [
    { name: 'Morgengruppe', recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR', startTime: '10:00' },
    { name: 'Ettermiddagsgruppe', recurrence: 'FREQ=WEEKLY;BYDAY=TU,TH', startTime: '13:00' },
    { name: 'Kveldsgruppe', recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR', startTime: '17:00' },
  ];
  for (const g of groups) {
    const res = await t
      .http()
      .post(`/api/wards/${ward.id}/groups`)
      .set(coordinator)
      .send({ ...g, durationMinutes: 60, startsOn: '2027-01-04', curriculum: 'full', sessionsPerModule: 2, room: 'Peisestua' });
    if (res.status !== 201) throw new Error(`group: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const sessions = await t.http().get(`/api/wards/${ward.id}/sessions?from=2027-01-04&to=2027-05-23`).set(coordinator);
  const ids: string[] = sessions.body.map((s: { id: string }) => s.id);
  // Assign and publish straight in the database: the bench measures the feed, not the planner.
  await t.db.transaction(async (em) => {
    const rows = await em.find(SessionEntity, { where: { id: In(ids) } });
    for (const s of rows) {
      const base = { sessionId: s.id, wardId: s.wardId, startsAt: s.startsAt, endsAt: s.endsAt, assignedAt: s.changedAt };
      await em.insert(SessionAssignmentEntity, [
        { ...base, facilitatorId: ola, role: 'lead' },
        { ...base, facilitatorId: kari, role: 'co' },
      ]);
    }
    await em.update(SessionEntity, { id: In(ids) }, { published: true });
  });
  const link = await t.http().post(`/api/facilitators/${ola}/calendar`).set(coordinator);
  return new URL(link.body.url).pathname;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

const fmt = (n: number, digits = 0) => n.toFixed(digits).padStart(8);

export async function main(): Promise<void> {
  const started = Date.now();
  const t = await startTestApp({ env: { IMR_CALENDAR_RATE_LIMIT: '100000' } });
  try {
    const path = await seedFeed(t);
    await t.app.listen(0, '127.0.0.1');
    const appUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}${path}`;
    const sample = await fetch(appUrl);
    const body = Buffer.from(await sample.arrayBuffer());
    const etag = sample.headers.get('etag')!;
    const events = (body.toString('utf8').match(/BEGIN:VEVENT/g) ?? []).length;
    if (sample.status !== 200 || events < 140) throw new Error(`seeding failed: ${sample.status}, ${events} events`);

    const headers = {
      'content-type': sample.headers.get('content-type')!,
      etag,
      'last-modified': sample.headers.get('last-modified')!,
      'cache-control': sample.headers.get('cache-control')!,
    };
    const bare = createServer((_req, res) => {
      res.writeHead(200, { ...headers, 'content-length': body.length });
      res.end(body);
    });
    const bareUrl = `http://127.0.0.1:${await listen(bare)}${path}`;

    process.stdout.write(
      `calendar feed: ${events} events, ${body.length} bytes; ${ROUNDS} x ${SECONDS} s each, ${CONNECTIONS} connections\n`,
    );
    process.stdout.write('round  server        req/s   p99 ms      2xx  other\n');
    const nest: RunResult[] = [];
    const plain: RunResult[] = [];
    await load(appUrl); // warm-up, not counted
    for (let round = 1; round <= ROUNDS; round++) {
      // Each run starts a fresh rate-limit window (the app runs on a fixed test clock).
      t.clock.set(new Date(t.clock.now().getTime() + 61_000));
      const a = await load(appUrl);
      const b = await load(bareUrl);
      nest.push(a);
      plain.push(b);
      for (const [name, r] of [
        ['nest', a],
        ['bare', b],
      ] as const) {
        process.stdout.write(
          `${String(round).padStart(5)}  ${name.padEnd(8)} ${fmt(r.rps)} ${fmt(r.p99, 1)} ${fmt(r.ok)} ${String(r.other).padStart(6)}\n`,
        );
      }
    }
    t.clock.set(new Date(t.clock.now().getTime() + 61_000));
    const cached = await load(appUrl, { 'if-none-match': etag });
    bare.close();

    const mean = (rs: RunResult[], f: (r: RunResult) => number) => rs.reduce((s, r) => s + f(r), 0) / rs.length;
    const ratio = mean(nest, (r) => r.rps) / mean(plain, (r) => r.rps);
    process.stdout.write(
      `\nfeed (200):  nest ${mean(nest, (r) => r.rps).toFixed(0)} req/s vs bare ${mean(plain, (r) => r.rps).toFixed(0)} req/s`,
    );
    process.stdout.write(` -> ratio ${ratio.toFixed(2)}x (aim >= 0.5x)\n`);
    process.stdout.write(
      `p99 under load: nest ${mean(nest, (r) => r.p99).toFixed(1)} ms, bare ${mean(plain, (r) => r.p99).toFixed(1)} ms\n`,
    );
    process.stdout.write(
      `304 path (If-None-Match): ${cached.rps.toFixed(0)} req/s, p99 ${cached.p99.toFixed(1)} ms, ` +
        `${cached.notModified} x 304, ${cached.ok} x 2xx, ${cached.other} other\n`,
    );
    const failures = [...nest, ...plain].reduce((s, r) => s + r.other, 0) + cached.other + cached.ok;
    process.stdout.write(`unexpected responses: ${failures}; total time ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await t.close();
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
