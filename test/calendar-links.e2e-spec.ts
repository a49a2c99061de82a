import ICAL from 'ical.js';
import { Writable } from 'node:stream';
import { CALENDAR_TOKEN_LENGTH, hashToken } from '../src/calendar/calendar-token';
import { CalendarTokenEntity } from '../src/database/schema/calendar-token.entity';
import { bearer, startTestApp, TestApp } from './support/test-app';

/** Subscription links: who may create them, rotation, revocation, and the feed's HTTP behaviour. */
describe('calendar links and feed HTTP (e2e)', () => {
  let t: TestApp;
  let coordinator: Record<string, string>;
  let wardId: string;
  let otherWardId: string;
  let olaId: string;
  let kariId: string;
  let outsiderId: string;
  const logLines: string[] = [];
  let stdoutSpy: jest.SpyInstance;

  beforeAll(async () => {
    stdoutSpy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logLines.push(String(chunk));
      return true;
    });
    const sink = new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) });
    t = await startTestApp({ logStream: sink, env: { IMR_CALENDAR_RATE_LIMIT: '30' } });
    coordinator = bearer(await t.key('coordinator'));
    const ward = await t.http().post('/api/wards').set(coordinator).send({ code: 'CAL1', name: 'Sengepost Ø' });
    const other = await t.http().post('/api/wards').set(coordinator).send({ code: 'CAL2', name: 'Other ward' });
    wardId = ward.body.id;
    otherWardId = other.body.id;
    const make = async (name: string, wards: string[]) =>
      (await t.http().post('/api/facilitators').set(coordinator).send({ name, profession: 'nurse', imrTrained: true, wardIds: wards })).body
        .id as string;
    olaId = await make('Ola Nordmann', [wardId]);
    kariId = await make('Kari Nordmann', [wardId]);
    outsiderId = await make('Out Sider', [otherWardId]);
  });
  afterAll(async () => {
    await t.close();
    stdoutSpy.mockRestore();
  });

  async function link(id: string, headers = coordinator) {
    const res = await t.http().post(`/api/facilitators/${id}/calendar`).set(headers);
    expect(res.status).toBe(201);
    return res.body as { url: string; webcalUrl: string };
  }

  const pathOf = (url: string) => new URL(url).pathname;
  const tokenOf = (url: string) => /\/calendar\/([^/]+)\.ics$/.exec(url)![1];

  it('gives https and webcal URLs for the same token, of at least 128 random bits, stored only as its hash', async () => {
    const { url, webcalUrl } = await link(olaId);
    expect(url).toMatch(/^https:\/\/imr\.example\.test\/calendar\/[A-Za-z0-9_-]+\.ics$/);
    expect(webcalUrl).toBe(url.replace('https://', 'webcal://'));
    const token = tokenOf(url);
    expect(token).toHaveLength(CALENDAR_TOKEN_LENGTH);
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    const rows: { tokenHash: string }[] = await t.db.dataSource.query('SELECT * FROM calendar_tokens');
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.map((r) => r.tokenHash)).toContain(hashToken(token));
  });

  it('serves the feed over the https path with calendar headers, and HEAD without a body', async () => {
    const { url } = await link(kariId);
    const res = await t.http().get(pathOf(url));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['etag']).toMatch(/^"[0-9a-f]{64}"$/);
    expect(res.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
    expect(new Date(res.headers['last-modified']).toUTCString()).toBe(res.headers['last-modified']);
    const calendar = new ICAL.Component(ICAL.parse(res.text));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('IMR – Kari Nordmann');
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(0);

    const head = await t.http().head(pathOf(url));
    expect(head.status).toBe(200);
    expect(head.headers['etag']).toBe(res.headers['etag']);
    expect(head.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(head.text ?? '').toBe('');
  });

  it('answers 304 to If-None-Match and If-Modified-Since, and 200 to a stale ETag', async () => {
    const { url } = await link(olaId);
    const first = await t.http().get(pathOf(url));
    const again = await t.http().get(pathOf(url)).set('If-None-Match', first.headers['etag']);
    expect(again.status).toBe(304);
    expect(again.headers['etag']).toBe(first.headers['etag']);
    expect(again.text ?? '').toBe('');
    const since = await t.http().get(pathOf(url)).set('If-Modified-Since', first.headers['last-modified']);
    expect(since.status).toBe(304);
    const stale = await t.http().get(pathOf(url)).set('If-None-Match', '"0000"');
    expect(stale.status).toBe(200);
    expect(stale.text).toBe(first.text);
  });

  it('rotation: the old link gets 404 and the new one works; revocation: 404', async () => {
    const old = await link(olaId);
    expect((await t.http().get(pathOf(old.url))).status).toBe(200);
    const fresh = await link(olaId);
    expect(tokenOf(fresh.url)).not.toBe(tokenOf(old.url));
    expect((await t.http().get(pathOf(old.url))).status).toBe(404);
    expect((await t.http().get(pathOf(fresh.url))).status).toBe(200);
    expect((await t.http().delete(`/api/facilitators/${olaId}/calendar`).set(coordinator)).status).toBe(204);
    expect((await t.http().get(pathOf(fresh.url))).status).toBe(404);
    expect((await t.http().head(pathOf(fresh.url))).status).toBe(404);
    expect((await t.http().delete(`/api/facilitators/${olaId}/calendar`).set(coordinator)).status).toBe(204);
  });

  it('answers 404 for unknown and malformed tokens without a key', async () => {
    const unknown = Buffer.alloc(32, 7).toString('base64url');
    for (const path of [`/calendar/${unknown}.ics`, `/calendar/${unknown}`, '/calendar/short.ics', `/calendar/${unknown}.ics.ics`]) {
      const res = await t.http().get(path);
      expect(res.status).toBe(404);
    }
  });

  it('lets a facilitator key manage only its own link; other wards’ facilitators are 404', async () => {
    const own = bearer(await t.key('facilitator', undefined, kariId));
    const { url } = await link(kariId, own);
    expect((await t.http().get(pathOf(url))).status).toBe(200);
    expect((await t.http().post(`/api/facilitators/${olaId}/calendar`).set(own)).status).toBe(403);
    expect((await t.http().delete(`/api/facilitators/${olaId}/calendar`).set(own)).status).toBe(403);
    const unbound = bearer(await t.key('facilitator'));
    expect((await t.http().post(`/api/facilitators/${kariId}/calendar`).set(unbound)).status).toBe(403);
    const discharge = bearer(await t.key('discharge'));
    expect((await t.http().post(`/api/facilitators/${kariId}/calendar`).set(discharge)).status).toBe(403);

    const scoped = bearer(await t.key('coordinator', [wardId]));
    expect((await t.http().post(`/api/facilitators/${outsiderId}/calendar`).set(scoped)).status).toBe(404);
    expect((await t.http().post(`/api/facilitators/3f1d1f6e-0000-4000-8000-000000000000/calendar`).set(coordinator)).status).toBe(404);
    expect((await t.http().post(`/api/facilitators/not-a-uuid/calendar`).set(coordinator)).status).toBe(400);
    expect((await t.http().post(`/api/facilitators/${kariId}/calendar`)).status).toBe(401);
  });

  it('answers 429 with Retry-After once a token exceeds its limit, without touching other tokens', async () => {
    const busy = await link(outsiderId);
    const calm = await link(kariId);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await t.http().get(pathOf(busy.url))).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(200));
    const limited = await t.http().get(pathOf(busy.url));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await t.http().get(pathOf(calm.url))).status).toBe(200);
    t.clock.set(new Date(t.clock.now().getTime() + 60_000));
    expect((await t.http().get(pathOf(busy.url))).status).toBe(200);
  });

  it('logs each fetch once, in its access line, with the token’s id and never the token', async () => {
    const { url } = await link(kariId);
    const token = tokenOf(url);
    logLines.length = 0;
    await t.http().get(pathOf(url));
    await t.http().get(pathOf(url));
    const row = await t.db.repo(CalendarTokenEntity).findOneByOrFail({ tokenHash: hashToken(token) });
    const log = logLines.join('');
    expect(log.match(new RegExp(`"feedToken":"${row.id}"`, 'g'))).toHaveLength(2);
    expect(logLines.filter((l) => !l.includes('"route":"/calendar/:file"'))).toEqual([]);
    expect(log).not.toContain(token);
    expect(log).not.toContain(hashToken(token));
  });
});
