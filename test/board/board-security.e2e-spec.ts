import { Browser } from 'playwright-core';
import { bearer } from '../support/test-app';
import { BoardWorld, launchChromium, newContext, signIn, startBoardWorld } from './board.support';

const cookieOf = (res: { headers: Record<string, unknown> }) => String((res.headers['set-cookie'] as string[] | undefined)?.[0] ?? '');

/** The board's CSP, cookie and session rules over HTTP, and in the browser that page scripts never see the key. */
describe('Board security', () => {
  let world: BoardWorld;
  let chromium: { browser: Browser; close: () => Promise<void> };
  const origin = () => world.url;
  const host = () => new URL(world.url).host;

  beforeAll(async () => {
    world = await startBoardWorld();
    chromium = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
    await world?.close();
  });
  beforeEach(() => world.t.clock.set('2027-03-24T08:00:00.000Z'));

  const signInHttp = async (key: string, headers: Record<string, string> = {}) =>
    world.t
      .http()
      .post('/board/sign-in')
      .set({ Origin: origin(), Host: host(), ...headers })
      .type('form')
      .send({ key });

  it('serves every board page under a strict CSP: own scripts, styles and requests only, nothing inline or evaluated', async () => {
    const signed = await signInHttp(world.keys.coordinator);
    const cookie = cookieOf(signed).split(';')[0];
    const pages = ['/', '/board/week', '/board/plan', '/board/facilitators', '/board/admissions', '/board/mine'];
    const policies = await Promise.all(
      pages.map(async (p) => [p, (await world.t.http().get(p).set('Cookie', cookie)).headers['content-security-policy']]),
    );
    const expected =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; " +
      "frame-ancestors 'none'; base-uri 'none'";
    expect(policies.filter(([, csp]) => csp !== expected)).toEqual([]);
    const week = await world.t.http().get('/board/week').set('Cookie', cookie);
    expect(week.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(week.text).not.toMatch(/\sstyle=|\son[a-z]+=/i);
    expect(week.text).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
  });

  it('allows the letter only its own stylesheet, by hash, never unsafe-inline', async () => {
    const signed = await signInHttp(world.t.adminKey);
    const cookie = cookieOf(signed).split(';')[0];
    const api = bearer(world.t.adminKey);
    const discharged = await world.t
      .http()
      .post(`/api/admissions/${world.admissions.long}/discharge`)
      .set(api)
      .send({
        dischargedOn: '2027-03-24',
        continueImr: true,
        receivingService: { kind: 'municipal-service', name: 'Bydel Sagene' },
      });
    expect(discharged.status).toBe(201);
    const letter = await world.t.http().get(`/board/referrals/${discharged.body.referral.id}/letter?lang=nb`).set('Cookie', cookie);
    expect(letter.status).toBe(200);
    expect(letter.headers['content-security-policy']).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(letter.headers['content-security-policy']).not.toContain('unsafe');
  });

  it('sets the session cookie HttpOnly, SameSite=Strict, scoped to the board, with Secure over https', async () => {
    const plain = cookieOf(await signInHttp(world.keys.coordinator));
    expect(plain).toMatch(/^imr_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/);
    // The public URL is https://imr.example.test: a request to that host is over https behind the proxy.
    const secure = cookieOf(await signInHttp(world.keys.coordinator, { Host: 'imr.example.test', Origin: 'https://imr.example.test' }));
    expect(secure).toMatch(/; HttpOnly; Secure; SameSite=Strict$/);
  });

  it('keeps only a hash of the session token, and the key is never part of the cookie', async () => {
    const token = cookieOf(await signInHttp(world.keys.coordinator))
      .split(';')[0]
      .split('=')[1];
    const rows: { id: string; keyHash: string }[] = await world.t.db.manager.query('SELECT "id", "keyHash" FROM "web_sessions"');
    expect(rows.filter((r) => r.id === token || r.keyHash === world.keys.coordinator)).toEqual([]);
    expect(token).not.toContain(world.keys.coordinator.slice(4, 20));
  });

  it('refuses a wrong key without starting a session', async () => {
    const res = await signInHttp('imr_' + 'x'.repeat(43));
    expect(res.status).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.text).toContain('Nøkkelen er ikke gyldig eller er trukket tilbake.');
  });

  it('refuses state-changing requests from another origin, with the cookie or without an Origin', async () => {
    const cookie = cookieOf(await signInHttp(world.keys.coordinator)).split(';')[0];
    const evil = await world.t
      .http()
      .post('/api/wards')
      .set({ Cookie: cookie, Origin: 'https://evil.example', Host: host() })
      .send({ code: 'X', name: 'X' });
    expect(evil.status).toBe(403);
    const none = await world.t.http().post('/api/wards').set({ Cookie: cookie, Host: host() }).send({ code: 'X', name: 'X' });
    expect(none.status).toBe(403);
    const own = await world.t
      .http()
      .post('/api/wards')
      .set({ Cookie: cookie, Origin: origin(), Host: host() })
      .send({ code: 'P9', name: 'Post 9' });
    expect(own.status).toBe(201);
    const signIn = await world.t
      .http()
      .post('/board/sign-in')
      .set({ Origin: 'https://evil.example', Host: host() })
      .type('form')
      .send({ key: world.keys.coordinator });
    expect(signIn.status).toBe(403);
    expect(signIn.headers['set-cookie']).toBeUndefined();
  });

  it('gives the cookie exactly the key’s role and wards, and bearer keys keep working', async () => {
    const cookie = cookieOf(await signInHttp(world.keys.scoped)).split(';')[0];
    const wards = await world.t.http().get('/api/wards').set('Cookie', cookie);
    expect(wards.body.map((w: { name: string }) => w.name)).toEqual(['Post 5']);
    expect((await world.t.http().get(`/api/wards/${world.wardA.id}`).set('Cookie', cookie)).status).toBe(404);
    const facilitatorCookie = cookieOf(await signInHttp(world.keys.facilitator)).split(';')[0];
    const denied = await world.t
      .http()
      .post('/api/wards')
      .set({ Cookie: facilitatorCookie, Origin: origin(), Host: host() })
      .send({ code: 'Y', name: 'Y' });
    expect(denied.status).toBe(403);
    expect((await world.t.http().get('/api/wards').set(bearer(world.keys.scoped))).status).toBe(200);
  });

  it('ends sessions at the absolute timeout however active, and when the key is revoked', async () => {
    const start = Date.parse('2027-03-24T08:00:00.000Z');
    const cookie = cookieOf(await signInHttp(world.keys.coordinator)).split(';')[0];
    const statuses: [number, number][] = [];
    for (let minutes = 25; minutes < 12 * 60; minutes += 25) {
      world.t.clock.set(new Date(start + minutes * 60_000));
      statuses.push([minutes, (await world.t.http().get('/api/wards').set('Cookie', cookie)).status]);
    }
    expect(statuses.filter(([, status]) => status !== 200)).toEqual([]);
    world.t.clock.set(new Date(start + 12 * 3_600_000));
    expect((await world.t.http().get('/api/wards').set('Cookie', cookie)).status).toBe(401);
    const created = await world.t
      .http()
      .post('/api/keys')
      .set(bearer(world.t.adminKey))
      .send({ role: 'coordinator', label: 'revoked soon' });
    const second = cookieOf(await signInHttp(created.body.key)).split(';')[0];
    expect((await world.t.http().get('/api/wards').set('Cookie', second)).status).toBe(200);
    expect((await world.t.http().delete(`/api/keys/${created.body.id}`).set(bearer(world.t.adminKey))).status).toBe(204);
    expect((await world.t.http().get('/api/wards').set('Cookie', second)).status).toBe(401);
  });

  it('never lets page scripts read the key or the session', async () => {
    const context = await newContext(chromium.browser);
    const page = await context.newPage();
    await signIn(page, world.url, world.keys.coordinator);
    const seen = await page.evaluate(async () => {
      const g = globalThis as any;
      const storage = JSON.stringify({ ...g.localStorage }) + JSON.stringify({ ...g.sessionStorage });
      const html = g.document.documentElement.outerHTML;
      const again = await (await g.fetch(g.location.href)).text();
      return { cookie: g.document.cookie as string, storage, html, again };
    });
    const [session] = (await context.cookies()).filter((c) => c.name === 'imr_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(seen.cookie).not.toContain('imr_session');
    const leaks = Object.entries(seen).filter(([, text]) => text.includes(world.keys.coordinator) || text.includes(session.value));
    expect(leaks.map(([where]) => where)).toEqual([]);
    await context.close();
  });
});
