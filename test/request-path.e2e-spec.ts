/**
 * Issue 19: what every request pays for. Security headers precomputed yet the same bytes in the same
 * order as helmet wrote them; one access line per request (the request id once, a feed fetch
 * included); API keys cached, revocation immediate here and within IMR_CACHE_SECONDS elsewhere.
 */
import { Writable } from 'node:stream';
import { IsNull } from 'typeorm';
import { ApiKeyEntity } from '../src/database/schema/api-key.entity';
import { SECURITY_HEADERS } from '../src/http/security-headers';
import { bearer, startTestApp, TestApp } from './support/test-app';

describe('the request path', () => {
  const lines: string[] = [];
  let t: TestApp;

  beforeAll(async () => {
    const sink = new Writable({ write: (chunk, _e, done) => (lines.push(...String(chunk).split('\n').filter(Boolean)), done()) });
    const quiet = { log: () => undefined, error: () => undefined, warn: () => undefined };
    t = await startTestApp({ logStream: sink, logger: quiet, env: { IMR_CACHE_SECONDS: '1' } });
  });
  afterAll(() => t.close());

  it('sends helmet’s security headers first, in helmet’s order and spelling, then the request id', async () => {
    for (const path of ['/health', '/api/modules', '/no-such-route']) {
      const res = await t.http().get(path).set('x-request-id', 'req-19').set(bearer(t.adminKey));
      const raw = (res as unknown as { res: { rawHeaders: string[] } }).res.rawHeaders;
      const pairs = raw.flatMap((v, i) => (i % 2 === 0 ? [[v, raw[i + 1]]] : []));
      expect(pairs.slice(0, SECURITY_HEADERS.length + 1)).toEqual([...SECURITY_HEADERS, ['x-request-id', 'req-19']]);
    }
  });

  it('writes one access line per request, with the request id once and no URL', async () => {
    lines.length = 0;
    await t.http().get('/api/modules?lang=nb').set('x-request-id', 'one-line').set(bearer(t.adminKey));
    const mine = lines.filter((l) => l.includes('one-line'));
    expect(mine).toHaveLength(1);
    expect(mine[0].match(/"reqId"/g)).toHaveLength(1);
    expect(JSON.parse(mine[0])).toMatchObject({ reqId: 'one-line', method: 'GET', route: '/api/modules', status: 200, msg: 'request' });
    expect(mine[0]).not.toContain('lang=nb');
  });

  it('takes a revoked key away at once on this instance', async () => {
    const created = (await t.http().post('/api/keys').set(bearer(t.adminKey)).send({ role: 'coordinator', label: 'revoke here' })).body;
    expect((await t.http().get('/api/wards').set(bearer(created.key))).status).toBe(200);
    expect((await t.http().delete(`/api/keys/${created.id}`).set(bearer(t.adminKey))).status).toBe(204);
    expect((await t.http().get('/api/wards').set(bearer(created.key))).status).toBe(401);
  });

  it('sees a revocation made by another instance within IMR_CACHE_SECONDS', async () => {
    const created = (await t.http().post('/api/keys').set(bearer(t.adminKey)).send({ role: 'coordinator', label: 'revoke elsewhere' }))
      .body;
    expect((await t.http().get('/api/wards').set(bearer(created.key))).status).toBe(200);
    // Another instance revokes: the row changes in the shared database, this instance is not told.
    await t.db.dataSource
      .getRepository(ApiKeyEntity)
      .update({ id: created.id, revokedAt: IsNull() }, { revokedAt: new Date().toISOString() });
    const statuses: number[] = [];
    const started = Date.now();
    while (Date.now() - started < 3000 && statuses[statuses.length - 1] !== 401) {
      statuses.push((await t.http().get('/api/wards').set(bearer(created.key))).status);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(statuses[statuses.length - 1]).toBe(401);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('looks a facilitator’s key up again once the facilitator changes', async () => {
    const coordinator = bearer(await t.key('coordinator'));
    const ward = (await t.http().post('/api/wards').set(coordinator).send({ code: 'KEYS', name: 'Keys' })).body;
    const facilitator = (
      await t
        .http()
        .post('/api/facilitators')
        .set(coordinator)
        .send({ name: 'Ola Nordmann', profession: 'nurse', imrTrained: true, wardIds: [ward.id] })
    ).body;
    const created = (
      await t
        .http()
        .post('/api/keys')
        .set(bearer(t.adminKey))
        .send({ role: 'facilitator', label: 'own', wardIds: [ward.id], facilitatorId: facilitator.id })
    ).body;
    expect((await t.http().get('/api/modules').set(bearer(created.key))).status).toBe(200);
    // The key row changes behind this instance's back; the facilitator's change makes it look again at once.
    await t.db.dataSource.getRepository(ApiKeyEntity).update({ id: created.id }, { revokedAt: new Date().toISOString() });
    expect((await t.http().patch(`/api/facilitators/${facilitator.id}`).set(coordinator).send({ maxSessionsPerWeek: 2 })).status).toBe(200);
    expect((await t.http().get('/api/modules').set(bearer(created.key))).status).toBe(401);
  });

  it('compresses JSON of 2 KB or more when asked, and leaves small answers alone', async () => {
    const plain = await t.http().get('/docs-json').set('accept-encoding', 'identity');
    const zipped = await t.http().get('/docs-json').set('accept-encoding', 'gzip');
    const brotli = await t.http().get('/docs-json').set('accept-encoding', 'br;q=1, gzip;q=0.5');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect([zipped.headers['content-encoding'], brotli.headers['content-encoding']]).toEqual(['gzip', 'br']);
    expect(zipped.headers.vary).toContain('accept-encoding');
    expect(zipped.body).toEqual(plain.body);
    expect(brotli.body).toEqual(plain.body);
    const small = await t.http().get('/health').set('accept-encoding', 'gzip');
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});
