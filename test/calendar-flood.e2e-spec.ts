import { randomBytes } from 'node:crypto';
import { bearer, freshDatabase, startTestApp, TestApp } from './support/test-app';

describe('a flood of made-up calendar tokens (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { IMR_CALENDAR_RATE_LIMIT: '5' } });
  });
  afterAll(() => t.close());

  it('is stopped per client without locking a real subscriber out', async () => {
    const coordinator = bearer(await t.key('coordinator'));
    const ward = (await t.http().post('/api/wards').set(coordinator).send({ code: 'FLOOD', name: 'Flood' })).body.id;
    const f = (
      await t
        .http()
        .post('/api/facilitators')
        .set(coordinator)
        .send({ name: 'Kari', profession: 'nurse', imrTrained: true, wardIds: [ward] })
    ).body.id;
    const link = (await t.http().post(`/api/facilitators/${f}/calendar`).set(coordinator)).body.url as string;
    const path = new URL(link).pathname;
    expect((await t.http().get(path)).status).toBe(200);

    const statuses: number[] = [];
    for (let i = 0; i < 80; i++) statuses.push((await t.http().get(`/calendar/${randomBytes(32).toString('base64url')}.ics`)).status);
    // 60 lookups that find nothing a minute per client; the real link's fetches never count.
    expect(statuses).toEqual([...Array(60).fill(404), ...Array(20).fill(429)]);

    expect((await t.http().get(path)).status).toBe(200);
    // Story (issue 14): 40+ made-up tokens from one address used to lock a freshly rotated valid link out there.
    const rotated = new URL((await t.http().post(`/api/facilitators/${f}/calendar`).set(coordinator)).body.url as string).pathname;
    expect((await t.http().get(rotated)).status).toBe(200);
  });
});

describe('a link revoked on another instance (e2e)', () => {
  it('stops working here within half a minute, although this instance had the feed cached', async () => {
    const database = await freshDatabase();
    const a = await startTestApp({ database });
    const b = await startTestApp({ database });
    try {
      const coordinator = bearer(await a.key('coordinator'));
      const ward = (await a.http().post('/api/wards').set(coordinator).send({ code: 'TWO', name: 'Two' })).body.id;
      const f = (
        await a
          .http()
          .post('/api/facilitators')
          .set(coordinator)
          .send({ name: 'Ola', profession: 'nurse', imrTrained: true, wardIds: [ward] })
      ).body.id;
      const path = new URL((await a.http().post(`/api/facilitators/${f}/calendar`).set(coordinator)).body.url).pathname;
      expect((await b.http().get(path)).status).toBe(200);
      await a.http().delete(`/api/facilitators/${f}/calendar`).set(coordinator).expect(204);
      expect((await a.http().get(path)).status).toBe(404);
      b.clock.set(new Date(b.clock.now().getTime() + 31_000));
      expect((await b.http().get(path)).status).toBe(404);
    } finally {
      await a.close();
      await b.close();
      await database.drop();
    }
  });
});
