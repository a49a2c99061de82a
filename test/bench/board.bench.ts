/**
 * Board benchmark (issue 16, acceptance 5): the week view of one ward of a 20-ward hospital, in headless
 * Chromium on 127.0.0.1. Each ward has 12 facilitators and the load bench's three groups (about 7 sessions a
 * week), a planned and published rota. The coordinator key covers all 20 wards.
 *
 * For every ward, three rounds: navigation start to the week grid in the DOM (domContentLoaded, which the
 * server-rendered page reaches with its content), first contentful paint, and load. Also counted: the API calls
 * the board made for each view (wrapping the board's one API client) and the browser's requests.
 *
 *   npx ts-node --transpile-only test/bench/board.bench.ts
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { BoardApi } from '../../src/board/board-api';
import { launchChromium, signIn } from '../board/board.support';
import { bearer, startTestApp } from '../support/test-app';
import { fmt, median, peakRssMb, quantile, summaryLine } from './bench-support';

const WARDS = 20;
const ROUNDS = 3;
const MONDAY = '2027-03-22';
const SUNDAY = '2027-03-28';
const NAMES = ['Kari', 'Ola', 'Ingrid', 'Lars', 'Sigrid', 'Nils', 'Astrid', 'Jonas', 'Marit', 'Erik', 'Solveig', 'Håkon'];
const GROUPS = [
  { name: 'Morgengruppe', recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR', startTime: '10:00', durationMinutes: 60, curriculum: 'core' },
  {
    name: 'Ettermiddagsgruppe',
    recurrence: 'FREQ=WEEKLY;BYDAY=TU,TH',
    startTime: '13:00',
    durationMinutes: 60,
    curriculum: 'full',
    sessionsPerModule: 2,
  },
  { name: 'Kveldsgruppe', recurrence: 'FREQ=WEEKLY;BYDAY=MO,TH', startTime: '17:00', durationMinutes: 45, curriculum: [1, 3, 6, 9] },
];

async function main(): Promise<void> {
  const t = await startTestApp({ now: `${MONDAY}T06:00:00.000Z` });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
  const admin = bearer(t.adminKey);
  const seedStart = performance.now();
  const wardIds: string[] = [];
  let sessions = 0;
  for (let w = 0; w < WARDS; w++) {
    const ward = (
      await t
        .http()
        .post('/api/wards')
        .set(admin)
        .send({ code: `W${w + 1}`, name: `Sengepost ${w + 1}` })
    ).body;
    wardIds.push(ward.id);
    for (let i = 0; i < NAMES.length; i++) {
      await t
        .http()
        .post('/api/facilitators')
        .set(admin)
        .send({
          name: `${NAMES[i]} ${w + 1}`,
          profession: 'nurse',
          imrTrained: i % 4 !== 3,
          wardIds: [ward.id],
          ...(i % 3 === 0 && { maxSessionsPerWeek: 2 }),
        });
    }
    for (const g of GROUPS)
      await t
        .http()
        .post(`/api/wards/${ward.id}/groups`)
        .set(admin)
        .send({ ...g, startsOn: '2027-01-04', room: 'Peisestua' });
    const plan = await t.http().post(`/api/wards/${ward.id}/rota/plan`).set(admin).send({ from: MONDAY, to: SUNDAY });
    sessions += plan.body.sessions.length;
    await t.http().post(`/api/wards/${ward.id}/rota/publish`).set(admin).send({ from: MONDAY, to: SUNDAY });
  }
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const coordinator = await t.key('coordinator');

  // Count the board's API calls per page view.
  const api = t.app.get(BoardApi);
  let calls = 0;
  const callMs = new Map<string, number[]>();
  const original = api.call.bind(api);
  api.call = (async (...args: Parameters<BoardApi['call']>) => {
    calls++;
    const started = performance.now();
    const result = await original(...args);
    const route = args[2].split('?')[0].replace(/[0-9a-f-]{36}/g, ':id');
    callMs.set(route, [...(callMs.get(route) ?? []), performance.now() - started]);
    return result;
  }) as BoardApi['call'];

  const chromium = await launchChromium();
  const context = await chromium.browser.newContext({ locale: 'nb-NO', viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await signIn(page, url, coordinator);
  let requests = 0;
  page.on('request', () => requests++);

  const dcl: number[] = [];
  const fcp: number[] = [];
  const load: number[] = [];
  const apiCalls = new Set<number>();
  const browserRequests = new Set<number>();
  let cards = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const wardId of wardIds) {
      calls = 0;
      requests = 0;
      await page.goto(`${url}/board/week?ward=${wardId}&date=${MONDAY}`, { waitUntil: 'load' });
      await page.locator('.week-grid').waitFor();
      const timing = await page.evaluate(() => {
        const perf = (globalThis as any).performance;
        const nav = perf.getEntriesByType('navigation')[0];
        const paint = perf.getEntriesByType('paint').find((p: { name: string }) => p.name === 'first-contentful-paint');
        return { dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, fcp: paint ? paint.startTime : nav.domContentLoadedEventEnd };
      });
      dcl.push(timing.dcl);
      fcp.push(timing.fcp);
      load.push(timing.load);
      apiCalls.add(calls);
      browserRequests.add(requests);
      cards = await page.locator('article.card').count();
    }
  }
  await chromium.close();
  await t.close();

  const row = (name: string, xs: number[]) =>
    `${name.padEnd(26)}${fmt(median(xs), 1)} ms median${fmt(quantile(xs, 0.95), 1)} ms p95${fmt(Math.max(...xs), 1)} ms max`;
  console.log(
    `board bench: ${WARDS} wards, ${sessions} sessions in the week planned and published (seeded in ${seedSeconds.toFixed(1)} s)`,
  );
  console.log(`week view of one ward (${cards} cards), ${WARDS * ROUNDS} views in headless Chromium:`);
  console.log(row('  time to content (DCL)', dcl));
  console.log(row('  first contentful paint', fcp));
  console.log(row('  load event', load));
  console.log(`  API calls per view: ${[...apiCalls].join(', ')}; browser requests per view: ${[...browserRequests].join(', ')}`);
  for (const [route, xs] of callMs) if (xs.length >= WARDS) console.log(row(`  server ${route}`, xs));
  console.log(
    `  load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  );
  console.log(`  peak RSS of the bench process ${peakRssMb()} MB`);
  summaryLine(
    `board: week view of 1 of ${WARDS} wards, time to content median ${median(dcl).toFixed(0)} ms, p95 ${quantile(dcl, 0.95).toFixed(0)} ms ` +
      `(FCP median ${median(fcp).toFixed(0)} ms); ${[...apiCalls].join('/')} API calls per view`,
  );
  // The target is the typical view (median); the p95 is printed, and moves with the machine's load.
  if (median(dcl) >= 500 || Math.max(...apiCalls) > 3) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
