import { readFileSync } from 'node:fs';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { bearer, startTestApp, TestApp, TestAppOptions } from '../support/test-app';

/**
 * Launch flags from /work/shared/stack.md ("For the board"): no sandbox, no background networking. Playwright gives
 * every launch a fresh temporary profile itself (it refuses --user-data-dir on launch()).
 */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

export interface BoardWorld {
  t: TestApp;
  url: string;
  wardA: { id: string; name: string };
  wardB: { id: string; name: string };
  people: { kari: string; ola: string; siri: string; per: string };
  groups: { weekday: string; weekend: string; post5: string };
  admissions: { short: string; long: string; post5: string };
  keys: { coordinator: string; scoped: string; facilitator: string; discharge: string };
  close(): Promise<void>;
}

const WEEKDAYS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '16:00' }));

/**
 * A seeded hospital on a frozen clock (Wednesday 24 March 2027, 09:00 in Oslo; the spring clock change is Sunday
 * the 28th): Post 3 with a weekday group and a weekend group, Post 5 with its own group and a shared facilitator.
 */
export async function startBoardWorld(options: TestAppOptions = {}): Promise<BoardWorld> {
  const t = await startTestApp({ now: '2027-03-24T08:00:00.000Z', ...options });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const admin = bearer(t.adminKey);
  const post = async (path: string, body: unknown) => {
    const res = await t
      .http()
      .post(path)
      .set(admin)
      .send(body as object);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const wardA = await post('/api/wards', { code: 'P3', name: 'Post 3', timezone: 'Europe/Oslo' });
  const wardB = await post('/api/wards', { code: 'P5', name: 'Post 5', timezone: 'Europe/Oslo' });
  const person = (name: string, profession: string, imrTrained: boolean, wardIds: string[], availability?: unknown) =>
    post('/api/facilitators', { name, profession, imrTrained, wardIds, ...(availability ? { availability } : {}) });
  const kari = await person('Kari Nordmann', 'nurse', true, [wardA.id, wardB.id], WEEKDAYS);
  const ola = await person('Ola Hansen', 'psychologist', true, [wardA.id], WEEKDAYS);
  const siri = await person('Siri Berg', 'peer-specialist', false, [wardA.id], WEEKDAYS);
  const per = await person('Per Lie', 'social-worker', true, [wardB.id]);
  const group = (wardId: string, body: object) =>
    post(`/api/wards/${wardId}/groups`, { durationMinutes: 60, startsOn: '2027-03-01', curriculum: 'core', ...body });
  const weekday = await group(wardA.id, {
    name: 'IMR formiddag',
    recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR',
    startTime: '10:00',
    room: 'Peisestua',
  });
  const weekend = await group(wardA.id, { name: 'Helgegruppe', recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU', startTime: '10:00', room: 'Stua' });
  const post5 = await group(wardB.id, {
    name: 'IMR Post 5',
    recurrence: 'FREQ=WEEKLY;BYDAY=TU,TH',
    startTime: '13:00',
    room: 'Grupperom 2',
  });
  const admit = (wardId: string, patientRef: string, admittedOn: string, expectedDischargeOn: string) =>
    post(`/api/wards/${wardId}/admissions`, { patientRef, admittedOn, expectedDischargeOn });
  const short = await admit(wardA.id, 'P3-014', '2027-03-01', '2027-04-02');
  const long = await admit(wardA.id, 'P3-020', '2027-02-15', '2027-08-30');
  const post5Adm = await admit(wardB.id, 'P5-003', '2027-03-10', '2027-04-20');
  const keys = {
    coordinator: await t.key('coordinator'),
    scoped: await t.key('coordinator', [wardB.id]),
    facilitator: await t.key('facilitator', undefined, kari.id),
    discharge: await t.key('discharge', [wardA.id]),
  };
  return {
    t,
    url,
    wardA,
    wardB,
    people: { kari: kari.id, ola: ola.id, siri: siri.id, per: per.id },
    groups: { weekday: weekday.id, weekend: weekend.id, post5: post5.id },
    admissions: { short: short.id, long: long.id, post5: post5Adm.id },
    keys,
    close: () => t.close(),
  };
}

export async function signIn(page: Page, url: string, key: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.fill('#key', key);
  await Promise.all([page.waitForURL(/\/board\/(week|mine)/), page.click('form.sign-in button[type=submit]')]);
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core inside the page. It is evaluated through the DevTools protocol, which the page's CSP does not govern,
 * so the check needs no weakening of the policy it runs under.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const page = globalThis as unknown as {
      axe: { run: (ctx: unknown, opts: object) => Promise<{ violations: any[] }> };
      document: unknown;
    };
    const { violations } = await page.axe.run(page.document, { resultTypes: ['violations'] });
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n: { target: string[] }) => n.target.join(' ')).slice(0, 3),
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.join(', ')}`);
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ locale: 'nb-NO', viewport: { width: 1400, height: 900 } });
}
