/**
 * Regenerates the board's screenshots in docs/ (bokmål), on the seeded hospital of the browser tests:
 *
 *   npm run board:screenshots
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bearer } from '../support/test-app';
import { launchChromium, signIn, startBoardWorld } from './board.support';

const DOCS = join(__dirname, '..', '..', 'docs');

async function main(): Promise<void> {
  mkdirSync(DOCS, { recursive: true });
  const world = await startBoardWorld();
  const admin = bearer(world.t.adminKey);
  const http = world.t.http;
  await http().post(`/api/wards/${world.wardA.id}/rota/plan`).set(admin).send({ from: '2027-03-22', to: '2027-04-04' });
  await http().post(`/api/wards/${world.wardA.id}/rota/publish`).set(admin).send({ from: '2027-03-22', to: '2027-03-28' });
  await http()
    .post(`/api/facilitators/${world.people.ola}/absences`)
    .set(admin)
    .send({ from: '2027-03-26', to: '2027-03-26', reason: 'Kurs' });
  const sessions = (await http().get(`/api/wards/${world.wardA.id}/sessions?from=2027-03-22&to=2027-03-28`).set(admin)).body;
  const monday = sessions.find((s: { date: string }) => s.date === '2027-03-22');
  await http()
    .put(`/api/sessions/${monday.id}/attendance`)
    .set(admin)
    .send({ admissionIds: [world.admissions.short, world.admissions.long] });
  const chromium = await launchChromium();
  const context = await chromium.browser.newContext({ locale: 'nb-NO', viewport: { width: 1400, height: 860 } });
  const page = await context.newPage();
  const shot = async (name: string, url: string, fullPage = false) => {
    await page.goto(url);
    await page.screenshot({ path: join(DOCS, `board-${name}.png`), fullPage });
  };
  await shot('sign-in', `${world.url}/`);
  await signIn(page, world.url, world.keys.coordinator);
  await shot('week', `${world.url}/board/week?ward=${world.wardA.id}&date=2027-03-22`);
  await shot('week-all', `${world.url}/board/week?ward=all&date=2027-03-22`);
  await shot('session', `${world.url}/board/sessions/${monday.id}?back=${encodeURIComponent('/board/week')}`, true);
  await page.goto(`${world.url}/board/plan?ward=${world.wardA.id}&from=2027-03-29&to=2027-04-11`);
  await page.check('#plan-rebalance');
  await page.click('.plan-form button[type=submit]');
  await page.locator('form[action$="/board/plan/apply"]').waitFor();
  await page.screenshot({ path: join(DOCS, 'board-plan.png'), fullPage: true });
  await shot('facilitators', `${world.url}/board/facilitators?ward=${world.wardA.id}`, true);
  await shot('admissions', `${world.url}/board/admissions?ward=${world.wardA.id}`, true);
  const mine = await chromium.browser.newContext({ locale: 'nb-NO', viewport: { width: 1400, height: 860 } });
  const own = await mine.newPage();
  await signIn(own, world.url, world.keys.facilitator);
  await own.screenshot({ path: join(DOCS, 'board-mine.png'), fullPage: true });
  await chromium.close();
  await world.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
