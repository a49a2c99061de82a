/**
 * Issue 19: a feed whose bytes are cached is answered from an onRequest hook, before Nest's
 * pipeline. Every answer must be the one the controller gives: here each is fetched twice on the
 * wire, once through the controller (right after the cached feed was dropped) and once from the
 * hook, and the two are compared byte for byte, status line, header block in order and body; only
 * the Date header is masked.
 */
import { Controller, Get } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { AddressInfo, connect } from 'node:net';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import { CalendarFeedService } from '../src/calendar/calendar-feed.service';
import { hashToken } from '../src/calendar/calendar-token';
import { FixedClock } from '../src/common/clock';
import { CalendarTokenEntity } from '../src/database/schema/calendar-token.entity';
import { RotaFixture, setUpRota } from './calendar.e2e-support';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { HostApp, startHostApp } from './support/host-app';

interface Wire {
  head: string;
  body: Buffer;
}

/** One request on its own keep-alive connection, the answer exactly as the server wrote it. */
async function onTheWire(
  server: { address(): AddressInfo | string | null },
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<Wire> {
  const { port } = server.address() as AddressInfo;
  const socket = connect(port, '127.0.0.1');
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  let received = Buffer.alloc(0);
  return new Promise((resolve, reject) => {
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = received.subarray(0, end).toString('latin1');
      const length = method === 'HEAD' ? 0 : Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
      if (received.length < end + 4 + length) return;
      socket.destroy();
      resolve({ head: head.replace(/\r\nDate: [^\r]*/, '\r\nDate: (masked)'), body: received.subarray(end + 4, end + 4 + length) });
    });
  });
}

/** Counts the requests that reached the controller (the feed service's fetch); the hook never calls it. */
function controllerCalls(app: NestFastifyApplication): () => number {
  const spy = jest.spyOn(app.get(CalendarFeedService), 'fetch');
  const start = spy.mock.calls.length;
  return () => spy.mock.calls.length - start;
}

describe('the calendar feed fast path (e2e)', () => {
  let t: TestApp;
  let fx: RotaFixture;
  let feeds: CalendarFeedService;
  let reached: () => number;
  const lines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({ write: (chunk, _e, done) => (lines.push(...String(chunk).split('\n').filter(Boolean)), done()) });
    const quiet = { log: () => undefined, error: () => undefined, warn: () => undefined };
    t = await startTestApp({ now: '2027-03-01T09:00:00.000Z', logStream: sink, logger: quiet, env: { IMR_CALENDAR_RATE_LIMIT: '100000' } });
    fx = await setUpRota(t, { from: '2027-03-01', to: '2027-05-28', publishTo: '2027-05-28' });
    await new Promise<void>((resolve) => t.app.getHttpServer().listen(0, '127.0.0.1', resolve));
    feeds = t.app.get(CalendarFeedService);
    reached = controllerCalls(t.app);
  }, 60_000);
  afterAll(() => t.close());

  const wire = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    onTheWire(t.app.getHttpServer(), method, path, { 'X-Request-Id': 'fast-path-19', ...headers });

  /** The answer through the controller (the cached feed dropped first), then from the hook. */
  async function bothPaths(who: keyof RotaFixture['feeds'], headers: Record<string, string> = {}): Promise<{ normal: Wire; fast: Wire }> {
    feeds.forgetFacilitator(fx.people[who]);
    const before = reached();
    const normal = await wire(fx.feeds[who], headers);
    expect(reached()).toBe(before + 1);
    const fast = await wire(fx.feeds[who], headers);
    expect(reached()).toBe(before + 1);
    return { normal, fast };
  }

  it('answers 200 with the same status line, headers in the same order, and body', async () => {
    const { normal, fast } = await bothPaths('ola');
    expect(normal.head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(fast.head).toBe(normal.head);
    expect(fast.body.equals(normal.body)).toBe(true);
    expect(fast.body.toString('utf8')).toMatch(/^BEGIN:VCALENDAR\r\n/);
  });

  it('answers gzip with the same bytes, under the ETag of the plain body', async () => {
    const plain = (await bothPaths('ola')).fast;
    for (const acceptEncoding of ['gzip', 'gzip, deflate, br', 'br;q=1, gzip;q=0.5', '*']) {
      const { normal, fast } = await bothPaths('ola', { 'Accept-Encoding': acceptEncoding });
      expect(normal.head).toMatch(/\r\ncontent-encoding: gzip/);
      expect(fast.head).toBe(normal.head);
      expect(fast.body.equals(normal.body)).toBe(true);
      expect(gunzipSync(fast.body).equals(plain.body)).toBe(true);
      expect(/\r\netag: (.*)/.exec(fast.head)![1]).toBe(/\r\netag: (.*)/.exec(plain.head)![1]);
    }
    for (const refused of ['identity', 'gzip;q=0', 'br']) {
      const { normal, fast } = await bothPaths('ola', { 'Accept-Encoding': refused });
      expect(fast.head).toBe(normal.head);
      expect(fast.body.equals(plain.body)).toBe(true);
    }
  });

  it('answers 304 to If-None-Match (strong, weak, a list, *) and If-Modified-Since the same way', async () => {
    const first = (await bothPaths('kari')).fast;
    const etag = /\r\netag: (.*)/.exec(first.head)![1];
    const lastModified = /\r\nlast-modified: (.*)/.exec(first.head)![1];
    const conditionals: Record<string, string>[] = [
      { 'If-None-Match': etag },
      { 'If-None-Match': `W/${etag}` },
      { 'If-None-Match': `"other", ${etag}` },
      { 'If-None-Match': '*' },
      { 'If-None-Match': etag, 'Accept-Encoding': 'gzip' },
      { 'If-Modified-Since': lastModified },
      { 'If-Modified-Since': 'Sat, 01 Jan 2100 00:00:00 GMT' },
    ];
    for (const headers of conditionals) {
      const { normal, fast } = await bothPaths('kari', headers);
      expect(normal.head).toMatch(/^HTTP\/1\.1 304 Not Modified\r\n/);
      expect(fast.head).toBe(normal.head);
      expect(fast.body.length).toBe(0);
    }
    for (const headers of [{ 'If-None-Match': '"stale"' }, { 'If-Modified-Since': 'Mon, 01 Jan 2001 00:00:00 GMT' }] as Record<
      string,
      string
    >[]) {
      const { normal, fast } = await bothPaths('kari', headers);
      expect(normal.head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(fast.head).toBe(normal.head);
      expect(fast.body.equals(normal.body)).toBe(true);
    }
  });

  it('writes the same single access line, with the token row’s id and never the token', async () => {
    await bothPaths('per');
    const tokenPath = fx.feeds.per;
    const token = tokenPath.slice('/calendar/'.length, -'.ics'.length);
    const row = await t.db.repo(CalendarTokenEntity).findOneByOrFail({ tokenHash: hashToken(token) });
    lines.length = 0;
    await wire(tokenPath, { 'X-Request-Id': 'fast-line' });
    await wire(tokenPath, { 'X-Request-Id': 'fast-line-304', 'If-None-Match': '*' });
    await new Promise((r) => setTimeout(r, 50));
    const mine = lines.filter((l) => l.includes('fast-line')).map((l) => JSON.parse(l));
    const shape = {
      reqId: 'fast-line',
      method: 'GET',
      route: '/calendar/:file',
      status: 200,
      feedToken: row.id,
      cached: true,
      msg: 'request',
    };
    expect(mine).toEqual([expect.objectContaining(shape), expect.objectContaining({ ...shape, reqId: 'fast-line-304', status: 304 })]);
    // The same keys in the same order as the line Fastify's hook writes through pino for the controller's answer.
    feeds.forgetFacilitator(fx.people.per);
    await wire(tokenPath, { 'X-Request-Id': 'normal-line' });
    await new Promise((r) => setTimeout(r, 50));
    const normal = lines.filter((l) => l.includes('normal-line')).map((l) => JSON.parse(l));
    expect(normal).toEqual([expect.objectContaining({ ...shape, reqId: 'normal-line', cached: false })]);
    expect(Object.keys(mine[0])).toEqual(Object.keys(normal[0]));
    expect(typeof mine[0].ms).toBe('number');
    expect(lines.join('\n')).not.toContain(token);
    expect(lines.join('\n')).not.toContain(hashToken(token));
  });

  it('answers in front of Fastify’s router: its request listener is the feed’s', () => {
    expect(
      t.app
        .getHttpServer()
        .listeners('request')
        .map((l: { name: string }) => l.name),
    ).toEqual(['feedFront']);
  });

  it('gives a request without a valid X-Request-Id a new UUID, as Fastify does', async () => {
    const { normal, fast } = await bothPaths('ola', { 'X-Request-Id': 'not valid!' });
    const uuid = /\r\nx-request-id: ([0-9a-f-]{36})\r\n/;
    expect(uuid.exec(normal.head)?.[1]).toBeDefined();
    expect(uuid.exec(fast.head)?.[1]).toBeDefined();
    expect(uuid.exec(fast.head)![1]).not.toBe(uuid.exec(normal.head)![1]);
  });

  it('leaves HEAD and malformed or unknown tokens to the controller, which answers as before', async () => {
    const { normal } = await bothPaths('ola');
    const before = reached();
    const withQuery = await wire(`${fx.feeds.ola}?x=1`);
    expect(withQuery.head).toBe(normal.head);
    expect(withQuery.body.equals(normal.body)).toBe(true);
    expect(reached()).toBe(before);
    const head = await wire(fx.feeds.ola, {}, 'HEAD');
    expect(head.head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    const unknown = await wire(`/calendar/${randomBytes(32).toString('base64url').slice(0, 42)}A.ics`);
    expect(unknown.head).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    expect((await wire('/calendar/not-a-token.ics')).head).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    expect(reached()).toBe(before + 3);
    // Not the feed route at all: Fastify's not-found answer, as before.
    expect((await wire(`/calendar/x${fx.feeds.ola}`)).head).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    expect(reached()).toBe(before + 3);
  });

  it('stops serving a revoked link at once, and one revoked on another instance after the token recheck', async () => {
    const coordinator = fx.coordinator;
    const person = (
      await t
        .http()
        .post('/api/facilitators')
        .set(coordinator)
        .send({ name: 'Liv Berg', profession: 'nurse', imrTrained: true, wardIds: [fx.wardId] })
    ).body.id;
    const link = async () => new URL((await t.http().post(`/api/facilitators/${person}/calendar`).set(coordinator)).body.url).pathname;
    const here = await link();
    expect((await wire(here)).head).toMatch(/^HTTP\/1\.1 200/);
    expect((await wire(here)).head).toMatch(/^HTTP\/1\.1 200/);
    const unknown = await wire(`/calendar/${randomBytes(32).toString('base64url').slice(0, 42)}A.ics`);
    await t.http().delete(`/api/facilitators/${person}/calendar`).set(coordinator).expect(204);
    const revoked = await wire(here);
    expect(revoked.head).toBe(unknown.head);
    expect(revoked.body.equals(unknown.body)).toBe(true);
    expect((await wire(here, { 'If-None-Match': '*' })).head).toMatch(/^HTTP\/1\.1 404/);

    const elsewhere = await link();
    expect((await wire(elsewhere)).head).toMatch(/^HTTP\/1\.1 200/);
    const token = elsewhere.slice('/calendar/'.length, -'.ics'.length);
    // Another instance revokes: the row changes in the shared database, this instance is not told.
    await t.db.dataSource
      .getRepository(CalendarTokenEntity)
      .update({ tokenHash: hashToken(token) }, { revokedAt: new Date().toISOString() });
    const before = reached();
    expect((await wire(elsewhere)).head).toMatch(/^HTTP\/1\.1 200/);
    expect(reached()).toBe(before);
    t.clock.set(new Date(t.clock.now().getTime() + 31_000));
    expect((await wire(elsewhere)).head).toMatch(/^HTTP\/1\.1 404/);
    expect(reached()).toBe(before + 1);
  });

  it('serves the new feed, not the cached one, as soon as the rota changes', async () => {
    const first = await wire(fx.feeds.ola);
    const etag = /\r\netag: (.*)/.exec(first.head)![1];
    const sessions = (await t.http().get(`/api/wards/${fx.wardId}/sessions?from=2027-03-01&to=2027-05-28`).set(fx.coordinator)).body;
    const olas = sessions.filter(
      (s: { status: string; facilitators: { id: string }[] }) =>
        s.status === 'scheduled' && s.facilitators.some((f) => f.id === fx.people.ola),
    );
    expect(olas.length).toBeGreaterThan(0);
    await t
      .http()
      .post(`/api/sessions/${olas[olas.length - 1].id}/cancel`)
      .set(fx.coordinator)
      .send({ reason: 'ward meeting' })
      .expect(200);
    const after = await wire(fx.feeds.ola, { 'If-None-Match': etag });
    expect(after.head).toMatch(/^HTTP\/1\.1 200/);
    expect(/\r\netag: (.*)/.exec(after.head)![1]).not.toBe(etag);
    expect(after.body.toString('utf8')).toContain('STATUS:CANCELLED');
    const renamed = await t.http().patch(`/api/facilitators/${fx.people.ola}`).set(fx.coordinator).send({ name: 'Ola Fjell' });
    expect(renamed.status).toBe(200);
    const againEtag = /\r\netag: (.*)/.exec(after.head)![1];
    const third = await wire(fx.feeds.ola, { 'If-None-Match': againEtag });
    expect(third.head).toMatch(/^HTTP\/1\.1 200/);
    expect(third.body.toString('utf8')).toContain('Ola Fjell');
  });

  it('gives the same CORS headers as the controller when origins are allowed', async () => {
    const cors = await startTestApp({ now: '2027-03-01T09:00:00.000Z', env: { IMR_CORS_ORIGINS: 'https://board.example.test' } });
    try {
      const coordinator = bearer(await cors.key('coordinator'));
      const ward = (await cors.http().post('/api/wards').set(coordinator).send({ code: 'CO', name: 'Cors' })).body.id;
      const person = (
        await cors
          .http()
          .post('/api/facilitators')
          .set(coordinator)
          .send({ name: 'Ola', profession: 'nurse', imrTrained: true, wardIds: [ward] })
      ).body.id;
      const path = new URL((await cors.http().post(`/api/facilitators/${person}/calendar`).set(coordinator)).body.url).pathname;
      await new Promise<void>((resolve) => cors.app.getHttpServer().listen(0, '127.0.0.1', resolve));
      const reachedHere = controllerCalls(cors.app);
      const origins: Record<string, string>[] = [
        {},
        { Origin: 'https://board.example.test' },
        { Origin: 'https://elsewhere.example.test' },
      ];
      for (const headers of origins) {
        cors.app.get(CalendarFeedService).forgetFacilitator(person);
        const normal = await onTheWire(cors.app.getHttpServer(), 'GET', path, { 'X-Request-Id': 'cors', ...headers });
        const fast = await onTheWire(cors.app.getHttpServer(), 'GET', path, { 'X-Request-Id': 'cors', ...headers });
        expect(fast.head).toBe(normal.head);
        expect(fast.body.equals(normal.body)).toBe(true);
      }
      expect(reachedHere()).toBe(origins.length);
      const allowed = await onTheWire(cors.app.getHttpServer(), 'GET', path, { Origin: 'https://board.example.test' });
      expect(allowed.head).toMatch(/\r\naccess-control-allow-origin: https:\/\/board\.example\.test\r\n/i);
    } finally {
      await cors.close();
    }
  });

  it('counts fast answers against the token’s rate limit and answers 429 as the controller does', async () => {
    const limited = await startTestApp({ now: '2027-03-01T09:00:00.000Z', env: { IMR_CALENDAR_RATE_LIMIT: '5' } });
    try {
      const coordinator = bearer(await limited.key('coordinator'));
      const ward = (await limited.http().post('/api/wards').set(coordinator).send({ code: 'RL', name: 'Limit' })).body.id;
      const person = (
        await limited
          .http()
          .post('/api/facilitators')
          .set(coordinator)
          .send({ name: 'Ola', profession: 'nurse', imrTrained: true, wardIds: [ward] })
      ).body.id;
      const path = new URL((await limited.http().post(`/api/facilitators/${person}/calendar`).set(coordinator)).body.url).pathname;
      const reachedHere = controllerCalls(limited.app);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await limited.http().get(path)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      // The first built the feed, the next four came from the hook, the refused ones went to the controller.
      expect(reachedHere()).toBe(3);
      const refused = await limited.http().get(path);
      expect(refused.headers['retry-after']).toBe('60');
      expect(refused.body).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: ['too many requests for this calendar link; try again later'],
      });
      (limited.clock as FixedClock).set(new Date(limited.clock.now().getTime() + 60_000));
      expect((await limited.http().get(path)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

@Controller('hello')
class HostController {
  @Get()
  hello() {
    return { host: 'ok' };
  }
}

describe('the calendar feed fast path in a host application (e2e)', () => {
  let host: HostApp;
  let app: NestFastifyApplication;
  let adminKey: string;

  beforeAll(async () => {
    host = await startHostApp({ publicUrl: 'https://host.example.test/imr', controllers: [HostController], listen: true });
    ({ app, adminKey } = host);
  });
  afterAll(async () => {
    await host?.close();
  });

  it('answers from the hook under the prefix with the bytes the host’s controller path gives', async () => {
    const auth = bearer(adminKey);
    const http = () => request(app.getHttpServer());
    const ward = (await http().post('/imr/api/wards').set(auth).send({ code: 'H1', name: 'Host ward' })).body.id;
    const person = (
      await http()
        .post('/imr/api/facilitators')
        .set(auth)
        .send({ name: 'Kari', profession: 'nurse', imrTrained: true, wardIds: [ward] })
    ).body.id;
    const path = new URL((await http().post(`/imr/api/facilitators/${person}/calendar`).set(auth)).body.url).pathname;
    expect(path).toMatch(/^\/imr\/calendar\//);
    const reached = controllerCalls(app);
    for (const headers of [{}, { 'Accept-Encoding': 'gzip' }, { 'If-None-Match': '*' }] as Record<string, string>[]) {
      app.get(CalendarFeedService).forgetFacilitator(person);
      const normal = await onTheWire(app.getHttpServer(), 'GET', path, headers);
      const fast = await onTheWire(app.getHttpServer(), 'GET', path, headers);
      expect(fast.head).toBe(normal.head);
      expect(fast.body.equals(normal.body)).toBe(true);
    }
    expect(reached()).toBe(3);
    expect((await http().get('/hello')).body).toEqual({ host: 'ok' });
    expect((await onTheWire(app.getHttpServer(), 'GET', path.replace('/imr', ''))).head).toMatch(/^HTTP\/1\.1 404/);
  });
});
