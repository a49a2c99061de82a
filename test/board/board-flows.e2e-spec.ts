import { Browser, BrowserContext, Page } from 'playwright-core';
import { BoardWorld, launchChromium, newContext, seriousViolations, signIn, startBoardWorld } from './board.support';

/**
 * Every board flow on a seeded hospital, in order (each test builds on the rota the previous one left).
 * One app and one Chromium for the file; a fresh browser context (no cookies) per test.
 */
describe('The ward board in a real browser (headless Chromium)', () => {
  let world: BoardWorld;
  let chromium: { browser: Browser; close: () => Promise<void> };
  let context: BrowserContext;
  let page: Page;
  const START = '2027-03-24T08:00:00.000Z';
  const week = (ward: string, date = '2027-03-22') => `${world.url}/board/week?ward=${ward}&date=${date}`;
  const card = (day: string, group = '') =>
    page
      .locator('article.card')
      .filter({ has: page.locator(`time[datetime^="${day}"]`) })
      .filter({ hasText: group });

  beforeAll(async () => {
    world = await startBoardWorld();
    chromium = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
    await world?.close();
  });
  beforeEach(async () => {
    world.t.clock.set(START);
    context = await newContext(chromium.browser);
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  });
  afterEach(async () => {
    await context?.close();
  });

  it('signs in with a key, shows the ward week in bokmål, and signs out on the server', async () => {
    await signIn(page, world.url, world.keys.coordinator);
    expect(await page.locator('h1').textContent()).toBe('Post 3: uke 12, 2027');
    expect(await page.locator('html').getAttribute('lang')).toBe('nb');
    const [cookie] = await context.cookies();
    await page.click('text=Logg ut');
    await page.waitForURL(/signedout=1/);
    expect(await page.locator('[role=status]').textContent()).toBe('Du er logget ut.');
    // The old cookie, replayed, no longer opens anything: the session ended on the server.
    const replay = await fetch(`${world.url}/api/wards`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
    expect(replay.status).toBe(401);
    await page.goto(`${world.url}/board/week`);
    await page.waitForURL(/ended=1/);
  });

  it('ends a session after 30 idle minutes', async () => {
    await signIn(page, world.url, world.keys.coordinator);
    world.t.clock.set(new Date(Date.parse(START) + 29 * 60_000));
    await page.goto(week(world.wardA.id));
    expect(await page.locator('h1').textContent()).toMatch(/^Post 3/);
    world.t.clock.set(new Date(Date.parse(START) + (29 + 31) * 60_000));
    await page.goto(week(world.wardA.id));
    await page.waitForURL(/ended=1/);
    expect(await page.locator('[role=alert]').textContent()).toBe('Økten din er avsluttet. Logg inn igjen.');
  });

  it('shows 10:00 on both sides of the spring clock change, with the ward’s offset', async () => {
    await signIn(page, world.url, world.keys.coordinator);
    await page.goto(week(world.wardA.id));
    const saturday = card('2027-03-27', 'Helgegruppe');
    const sunday = card('2027-03-28', 'Helgegruppe');
    expect(await saturday.locator('time').first().textContent()).toBe('kl. 10:00');
    expect(await sunday.locator('time').first().textContent()).toBe('kl. 10:00');
    expect(await saturday.locator('time').first().getAttribute('datetime')).toBe('2027-03-27T10:00:00+01:00');
    expect(await sunday.locator('time').first().getAttribute('datetime')).toBe('2027-03-28T10:00:00+02:00');
    expect(await page.locator('thead th:not(.ward-col)').allTextContents()).toEqual([
      'man. 22. mars',
      'tir. 23. mars',
      'ons. 24. mars',
      'tor. 25. mars',
      'fre. 26. mars',
      'lør. 27. mars',
      'søn. 28. mars',
    ]);
  });

  it('moves by week and jumps to a date', async () => {
    await signIn(page, world.url, world.keys.coordinator);
    await page.goto(week(world.wardA.id));
    await page.click('a[rel=next]');
    await page.waitForURL(/date=2027-03-29/);
    expect(await page.locator('h1').textContent()).toBe('Post 3: uke 13, 2027');
    await page.click('a[rel=prev]');
    await page.waitForURL(/date=2027-03-22/);
    await page.fill('#date-input', '2027-05-19');
    await page.click('.week-jump button');
    await page.waitForURL(/date=2027-05-1/);
    expect(await page.locator('h1').textContent()).toBe('Post 3: uke 20, 2027');
  });

  it('shows unfilled sessions with their reason, then plans (preview, apply) and the reasons are the planner’s', async () => {
    await signIn(page, world.url, world.keys.coordinator);
    await page.goto(week(world.wardA.id));
    // Before any plan: the planner's reason, in words, and the count.
    expect(await card('2027-03-26', 'IMR formiddag').locator('.state-unfilled').textContent()).toMatch(
      /^○ Ikke bemannet: .+ \(0 av 2 gruppeledere\)$/,
    );
    await page.goto(`${world.url}/board/plan?ward=${world.wardA.id}&from=2027-03-22&to=2027-03-28`);
    await page.click('.plan-form button[type=submit]');
    await page.locator('#h-preview').waitFor();
    expect(new URL(page.url()).pathname).toBe('/board/plan'); // a reload shows the plan page, not a POST-only address
    // The preview names each change and the load before and after; nothing has moved yet.
    const changes = await page.locator('table.changes tbody tr').allTextContents();
    expect(changes).toEqual(expect.arrayContaining([expect.stringMatching(/^ons\. 24\. mars kl\. 10:00 IMR formiddag–.+, .+$/)]));
    expect(await page.locator('.load-table thead th').allTextContents()).toEqual(['Gruppeleder', 'Før', 'Etter']);
    const still = await world.t
      .http()
      .get(`/api/wards/${world.wardA.id}/sessions?from=2027-03-24&to=2027-03-24`)
      .set({ Authorization: `Bearer ${world.t.adminKey}` });
    expect(still.body.map((x: { facilitators: unknown[] }) => x.facilitators)).toEqual([[]]);
    await page.click('form[action$="/board/plan/apply"] button');
    await page.locator('#h-applied').waitFor();
    expect(await page.locator('#h-applied').textContent()).toMatch(/^Planen er brukt: \d+ gruppemøter satt opp\.$/);
    expect(await page.locator('.load-table tbody th').allTextContents()).toEqual(expect.arrayContaining(['Kari Nordmann', 'Ola Hansen']));
    // The planner's reason for each session it could not fill, in words.
    expect(await page.locator('#h-applied ~ ul li, section ul li').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^lør\. 27\. mars kl\. 10:00 Helgegruppe: .+/)]),
    );
    await page.goto(week(world.wardA.id));
    const friday = card('2027-03-26', 'IMR formiddag');
    expect(await friday.locator('.people dd em').count()).toBe(0);
    expect(await friday.locator('.state-unfilled').count()).toBe(0);
    // Nobody works weekends here: the card says so in words, with the planner's reason.
    expect(await card('2027-03-27', 'Helgegruppe').locator('.state-unfilled').textContent()).toMatch(
      /^○ Ikke bemannet: .+ \(0 av 2 gruppeledere\)$/,
    );
    expect(await card('2027-03-26', 'IMR formiddag').locator('.state-unpublished').count()).toBe(1);
  });

  it('publishes the window, and the cards lose their “unpublished” mark', async () => {
    await signIn(page, world.url, world.keys.coordinator);
    await page.goto(`${world.url}/board/plan?ward=${world.wardA.id}&from=2027-03-22&to=2027-03-28`);
    await page.click('form[action$="/board/plan/publish"] button');
    await page.locator('[role=status]').waitFor();
    expect(await page.locator('[role=status]').textContent()).toMatch(/^\d+ gruppemøter publisert til kalenderne\.$/);
    await page.goto(week(world.wardA.id));
    expect(await card('2027-03-26', 'IMR formiddag').locator('.state-unpublished').count()).toBe(0);
  });

  it('assigns lead and co from the session panel, locks and unlocks, cancels and restores with a reason', async () => {
    await signIn(page, world.url, world.keys.coordinator);
    await page.goto(week(world.wardA.id));
    await card('2027-03-26', 'IMR formiddag').locator('h3 a').click();
    await page.locator('#h-cand').waitFor();
    await page.selectOption('#lead-select', { label: 'Ola Hansen' });
    await page.selectOption('#co-select', { label: 'Siri Berg' });
    await page.click('form[action$="/assign"] button');
    await page.locator('[role=status]').waitFor();
    expect(await page.locator('.session-summary .people dd').allTextContents()).toEqual(['Ola Hansen', 'Siri Berg']);
    expect(await page.locator('.session-summary .state-locked').textContent()).toContain('Låst');
    await page.click('form[action$="/unlock"] button');
    await page.locator('form[action$="/lock"]').waitFor();
    expect(await page.locator('.session-summary .state-locked').count()).toBe(0);
    await page.click('form[action$="/lock"] button');
    await page.locator('form[action$="/unlock"]').waitFor();
    await page.fill('#cancel-reason', 'Avdelingen på tur');
    await page.click('form[action$="/cancel"] button');
    await page.locator('form[action$="/uncancel"]').waitFor();
    expect(await page.locator('.session-summary .state-cancelled').textContent()).toBe('✕ Avlyst: Avdelingen på tur');
    await page.click('a:has-text("Tilbake til uka")');
    expect(await card('2027-03-26', 'IMR formiddag').locator('.state-cancelled').textContent()).toBe('✕ Avlyst: Avdelingen på tur');
    await card('2027-03-26', 'IMR formiddag').locator('h3 a').click();
    await page.click('form[action$="/uncancel"] button');
    await page.locator('form[action$="/cancel"]').waitFor();
    expect(await page.locator('.session-summary .state-cancelled').count()).toBe(0);
  });

  it('shows the API’s reason when an assignment breaks a rule', async () => {
    await signIn(page, world.url, world.keys.coordinator);
    await page.goto(week(world.wardA.id));
    await card('2027-03-27', 'Helgegruppe').locator('h3 a').click();
    // The candidates say who can take it and why not, before anyone tries.
    const ola = page.locator(`li[data-candidate="${world.people.ola}"]`);
    expect(await ola.textContent()).toMatch(/kan ikke/);
    expect(await ola.locator('li').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^utenfor tilgjengelighet: .+/)]),
    );
    await page.selectOption('#lead-select', { label: 'Ola Hansen (kan ikke)' });
    await page.selectOption('#co-select', { label: 'Kari Nordmann (kan ikke)' });
    await page.click('form[action$="/assign"] button');
    await page.locator('[role=alert]').waitFor();
    expect(await page.locator('[role=alert]').textContent()).toMatch(/^Det gikk ikke: .*(availab|unavailab)/i);
  });

  it('records the attendance register of a session that has taken place', async () => {
    await signIn(page, world.url, world.keys.coordinator);
    await page.goto(week(world.wardA.id));
    await card('2027-03-22', 'IMR formiddag').locator('h3 a').click();
    await page.locator('#h-register').waitFor();
    await page.check(`#att-${world.admissions.short}`);
    await page.click('form[action$="/attendance"] button');
    await page.locator('[role=status]').waitFor();
    expect(await page.locator('input[name=admissionIds]:checked').count()).toBe(1);
    expect(await page.locator('label[for^="att-"]').allTextContents()).toEqual(['P3-020', 'P3-014']);
  });

  it('records an outcome: held, or not held with the reason, shown on the card in words', async () => {
    await signIn(page, world.url, world.keys.coordinator);
    await page.goto(week(world.wardA.id));
    await card('2027-03-22', 'IMR formiddag').locator('h3 a').click();
    await page.check('#held-yes');
    await page.click('form[action$="/outcome"] button');
    await page.locator('[role=status]').waitFor();
    expect(await page.locator('#h-outcome + p').textContent()).toBe('Registrert: Holdt');
    await page.goto(week(world.wardA.id, '2027-03-15'));
    await card('2027-03-19', 'IMR formiddag').locator('h3 a').click();
    await page.check('#held-no');
    await page.fill('#outcome-reason', 'Brannøvelse');
    await page.click('form[action$="/outcome"] button');
    await page.locator('[role=status]').waitFor();
    expect(await page.locator('.session-summary .state-notHeld').textContent()).toBe('⊘ Ikke holdt: Brannøvelse');
    await page.goto(week(world.wardA.id, '2027-03-15'));
    expect(await card('2027-03-19', 'IMR formiddag').locator('.state-notHeld').textContent()).toBe('⊘ Ikke holdt: Brannøvelse');
  });

  it('adds and removes an absence on the facilitators screen, with training, wards, availability, cap and the load chart', async () => {
    await signIn(page, world.url, world.keys.coordinator);
    await page.goto(`${world.url}/board/facilitators?ward=${world.wardA.id}`);
    const ola = page.locator(`tr[data-facilitator="${world.people.ola}"]`);
    expect(await ola.locator('td').allTextContents()).toEqual(
      expect.arrayContaining([
        'psykolog',
        '✓ IMR-utdannet',
        'Post 3',
        'man. 08:00–16:00, tir. 08:00–16:00, ons. 08:00–16:00, tor. 08:00–16:00, fre. 08:00–16:00',
      ]),
    );
    expect(await ola.locator('.cap').textContent()).toBe('ingen grense');
    expect(await page.locator('.bar-chart li').count()).toBeGreaterThanOrEqual(3);
    await ola.locator('summary', { hasText: 'Legg til fravær' }).click();
    await ola.locator('input[name=from]').fill('2027-03-29');
    await ola.locator('input[name=to]').fill('2027-03-31');
    await ola.locator('input[name=reason]').fill('Kurs');
    await ola.locator('form[action$="/absences"] button').click();
    await page.locator('[role=status]').waitFor();
    expect(await page.locator('[role=status]').textContent()).toMatch(/^Fraværet er lagt til\./);
    expect(await page.locator(`tr[data-facilitator="${world.people.ola}"] .absences li`).count()).toBe(1);
    await page.locator(`tr[data-facilitator="${world.people.ola}"] .absences button`).click();
    await page.locator('[role=status]', { hasText: 'Lagret.' }).waitFor();
    expect(await page.locator(`tr[data-facilitator="${world.people.ola}"] .absences li`).count()).toBe(0);
    const siri = page.locator(`tr[data-facilitator="${world.people.siri}"]`);
    await siri.locator('details:has(input[name=maxSessionsPerWeek]) summary').click();
    await siri.locator('input[name=maxSessionsPerWeek]').fill('3');
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/board/facilitators/${world.people.siri}`)),
      siri.locator('form:has(input[name=maxSessionsPerWeek]) button').click(),
    ]);
    await page.locator(`tr[data-facilitator="${world.people.siri}"] .cap`, { hasText: /^3$/ }).waitFor();
  });

  it('adds leave for someone on the rota, shows the conflict with its rule, and the preview mends it before anything moves', async () => {
    await signIn(page, world.url, world.keys.coordinator);
    await page.goto(`${world.url}/board/facilitators?ward=${world.wardA.id}`);
    const ola = page.locator(`tr[data-facilitator="${world.people.ola}"]`);
    await ola.locator('summary', { hasText: 'Legg til fravær' }).click();
    await ola.locator('input[name=from]').fill('2027-03-26');
    await ola.locator('input[name=to]').fill('2027-03-26');
    await ola.locator('form[action$="/absences"] button').click();
    await page.locator('[role=status]', { hasText: 'Fraværet er lagt til. Berørte gruppemøter: 1.' }).waitFor();
    await page.goto(week(world.wardA.id));
    const friday = card('2027-03-26', 'IMR formiddag');
    expect(await friday.locator('.state-conflict').textContent()).toMatch(/^⚠ Konflikt: har fravær: .*Ola Hansen/);
    await page.goto(`${world.url}/board/plan?ward=${world.wardA.id}&from=2027-03-22&to=2027-03-28`);
    await page.click('.plan-form button[type=submit]');
    await page.locator('#h-preview').waitFor();
    const fridayChange = page.locator('table.changes tbody tr', { hasText: 'fre. 26. mars' });
    expect(await fridayChange.locator('td').first().textContent()).toContain('Ola Hansen');
    const after = (await fridayChange.locator('td').nth(1).textContent()) ?? '';
    expect(after.split(' (')[0]).not.toContain('Ola Hansen');
    expect(after).toMatch(/\(.*Ola Hansen.*\)$/);
  });

  it('shows what a rebalance would gain before it is applied', async () => {
    await signIn(page, world.url, world.keys.coordinator);
    await page.goto(`${world.url}/board/plan?ward=${world.wardA.id}&from=2027-03-29&to=2027-04-25`);
    await page.click('.plan-form button[type=submit]');
    await page.locator('form[action$="/board/plan/apply"] button').click();
    await page.locator('#h-applied').waitFor();
    await page.check('#plan-rebalance');
    await page.click('.plan-form button[type=submit]');
    await page.locator('#h-preview').waitFor();
    expect(await page.locator('table.gain tbody th').allTextContents()).toEqual(['Største andel', 'Spredning']);
    expect(await page.locator('table.gain tbody td').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\d+\s%$/)]),
    );
  });

  it('discharges from the worklist and opens the referral letter', async () => {
    await signIn(page, world.url, world.keys.discharge);
    await page.goto(`${world.url}/board/admissions?ward=${world.wardA.id}`);
    const row = page.locator(`.worklist tr[data-admission="${world.admissions.short}"]`);
    expect(await row.locator('th').textContent()).toBe('P3-014');
    expect(await page.locator('.admissions tbody tr').count()).toBe(2);
    await row.locator('a').click();
    await page.locator('.discharge-form').waitFor();
    await page.fill('#d-on', '2027-03-24');
    await page.selectOption('#d-kind', 'district-psychiatric-centre');
    await page.fill('#d-name', 'Nydalen DPS');
    await page.fill('#d-goals', 'Komme tilbake i jobb\nGå tur hver dag');
    await page.fill('#d-clinician', 'Kari Behandler');
    await page.fill('#d-gp', 'Lise Fastlege');
    await page.check('#d-interpreter');
    await page.fill('#d-interpreter-lang', 'somali');
    await page.click('.discharge-form button[type=submit]');
    await page.waitForURL(/\/board\/referrals\//);
    expect(await page.locator('.referral-status').textContent()).toBe('utkast');
    await page.click('text=Brev på norsk');
    await page.waitForURL(/letter\?lang=nb/);
    const body = await page.locator('body').textContent();
    expect(body).toContain('P3-014');
    expect(body).toContain('Nydalen DPS');
    expect(body).toContain('Komme tilbake i jobb');
    expect(body).toContain('Kari Behandler');
    expect(body).toContain('Lise Fastlege');
    expect(body).toContain('somali');
  });

  it('gives a facilitator key only its own sessions, across wards, and its calendar link to copy and rotate', async () => {
    const post5 = await world.t
      .http()
      .get(`/api/wards/${world.wardB.id}/sessions?from=2027-03-25&to=2027-03-25`)
      .set({ Authorization: `Bearer ${world.t.adminKey}` });
    const assigned = await world.t
      .http()
      .put(`/api/sessions/${post5.body[0].id}/facilitators`)
      .set({ Authorization: `Bearer ${world.t.adminKey}` })
      .send({ facilitatorIds: [world.people.per, world.people.kari] });
    expect(assigned.status).toBe(200);
    await signIn(page, world.url, world.keys.facilitator);
    expect(page.url()).toContain('/board/mine');
    expect(await page.locator('article.card .ward-label').allTextContents()).toContain('Post: Post 5');
    const names = await page.locator('article.card .people').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !n.includes('Kari Nordmann'))).toEqual([]);
    await page.click('form[action$="/board/mine/calendar"] button');
    const first = await page.locator('#cal-link').inputValue();
    expect(first).toMatch(/^https:\/\/imr\.example\.test\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    await page.click('form[action$="/board/mine/calendar"] button');
    await page.waitForFunction((old) => (globalThis as any).document.querySelector('#cal-link')?.value !== old, first);
    const second = await page.locator('#cal-link').inputValue();
    expect(second).not.toBe(first);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.url });
    await page.click('button[data-copy="cal-link"]');
    await page.locator('#cal-link-status', { hasText: 'Kopiert.' }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).navigator.clipboard.readText())).toBe(second);
    expect((await fetch(first.replace('https://imr.example.test', world.url))).status).toBe(404);
    expect((await fetch(second.replace('https://imr.example.test', world.url))).status).toBe(200);
  });

  it('gives a ward-scoped key only its wards', async () => {
    await signIn(page, world.url, world.keys.scoped);
    await page.goto(week(world.wardA.id));
    expect(await page.locator('#ward-select option').allTextContents()).toEqual(['Post 5']);
    expect(await page.locator('h1').textContent()).toBe('Post 5: uke 12, 2027');
    expect(await page.locator('article.card .group').allTextContents()).toEqual(['IMR Post 5', 'IMR Post 5']);
    const other = await page.goto(`${world.url}/board/facilitators?ward=${world.wardA.id}`);
    expect(other?.status()).toBe(200);
    expect(await page.locator('tbody th').allTextContents()).toEqual(['Kari Nordmann', 'Per Lie']);
  });

  it('shows every ward the key covers in one week, shared staff at a glance', async () => {
    await signIn(page, world.url, world.keys.coordinator);
    await page.goto(week('all'));
    expect(await page.locator('tbody th.ward-name').allTextContents()).toEqual(['Post 3', 'Post 5']);
    expect(await page.locator('h1').textContent()).toBe('Alle mine poster: Uke 12, 2027');
  });

  it('speaks bokmål on Norwegian wards and English on others, unless the switch says otherwise', async () => {
    const london = await world.t
      .http()
      .post('/api/wards')
      .set({ Authorization: `Bearer ${world.t.adminKey}` })
      .send({ code: 'LDN', name: 'London ward', timezone: 'Europe/London' });
    await signIn(page, world.url, world.keys.coordinator);
    await page.goto(week(london.body.id, '2027-03-29'));
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe('London ward: week 13, 2027');
    // A boosted navigation (htmx swaps the body) carries the new page's language too.
    await page.selectOption('#ward-select', { label: 'Post 3' });
    await page.click('.week-jump button');
    await page.locator('h1', { hasText: 'Post 3: uke 13, 2027' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('nb');
  });

  it('switches to English and remembers it', async () => {
    await signIn(page, world.url, world.keys.coordinator);
    await page.goto(week(world.wardA.id));
    await page.selectOption('#lang-select', 'en');
    await page.click('.lang-switch button');
    await page.waitForFunction(() => (globalThis as any).document.documentElement.lang === 'en');
    expect(await page.locator('h1').textContent()).toBe('Post 3: week 12, 2027');
    await page.goto(week(world.wardA.id, '2027-03-29'));
    expect(await page.locator('thead th:not(.ward-col)').first().textContent()).toBe('Mon 29 Mar');
    expect(await page.locator('article.card time').first().textContent()).toBe('10:00');
  });

  it('prints the week on A4 landscape without the controls', async () => {
    await signIn(page, world.url, world.keys.coordinator);
    await page.goto(week(world.wardA.id));
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.locator('.week-grid').isVisible()).toBe(true);
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    const [, w, h] = /MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf) ?? [];
    expect([Math.round(Number(w)), Math.round(Number(h))]).toEqual([842, 595]);
  });

  it('has no serious or critical accessibility violation on any screen (axe-core)', async () => {
    const screens: [string, string][] = [];
    await page.goto(`${world.url}/`);
    const found: Record<string, string[]> = { 'sign-in': await seriousViolations(page) };
    await signIn(page, world.url, world.keys.coordinator);
    await page.goto(week(world.wardA.id));
    const sessionHref = await page.locator('article.card h3 a').first().getAttribute('href');
    screens.push(
      ['week', week(world.wardA.id)],
      ['week-all', week('all')],
      ['session', `${world.url}${sessionHref}`],
      ['plan', `${world.url}/board/plan?ward=${world.wardA.id}`],
      ['facilitators', `${world.url}/board/facilitators?ward=${world.wardA.id}`],
      ['admissions', `${world.url}/board/admissions?ward=${world.wardA.id}`],
      ['discharge', `${world.url}/board/admissions/${world.admissions.long}/discharge`],
    );
    for (const [name, url] of screens) {
      await page.goto(url);
      found[name] = await seriousViolations(page);
    }
    await page.goto(`${world.url}/board/plan?ward=${world.wardA.id}&from=2027-03-29&to=2027-04-04`);
    await page.click('.plan-form button[type=submit]');
    await page.locator('form[action$="/board/plan/apply"]').waitFor();
    found['plan-preview'] = await seriousViolations(page);
    const referral = await world.t
      .http()
      .get('/api/referrals')
      .set({ Authorization: `Bearer ${world.t.adminKey}` });
    await page.goto(`${world.url}/board/referrals/${referral.body[0].id}`);
    found.referral = await seriousViolations(page);
    await page.goto(`${world.url}/board/referrals/${referral.body[0].id}/letter?lang=nb`);
    found.letter = await seriousViolations(page);
    const mine = await newContext(chromium.browser);
    const facilitatorPage = await mine.newPage();
    await signIn(facilitatorPage, world.url, world.keys.facilitator);
    found.mine = await seriousViolations(facilitatorPage);
    await mine.close();
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  });
});
