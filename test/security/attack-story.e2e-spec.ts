import { createHash } from 'node:crypto';
import { JobsService } from '../../src/jobs/jobs.service';
import { bearer, startTestApp, TestApp } from '../support/test-app';
import { changedTables, snapshotDb } from './db-snapshot.support';
import { expectStatus } from './world.support';

type Headers = Record<string, string>;
const NOW = '2027-03-10T12:00:00.000Z';

/**
 * Issue 14, the attack on the running service, case by case (shared facilitators, ward settings,
 * feed floods, discharge conflicts and the fuzzed inputs have their own files).
 */
describe('the attack of issue 14, case by case', () => {
  let t: TestApp;
  let coordinator: Headers;
  let facilitatorKey: Headers;
  let dischargeKey: Headers;
  let ward: string;
  let referralId: string;
  let person: string;

  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    coordinator = bearer(await t.key('coordinator'));
    ward = (await expectStatus(t.http().post('/api/wards').set(coordinator).send({ code: 'ATTACK', name: 'Attack' }), 201, 'ward')).id;
    const created = await expectStatus(
      t
        .http()
        .post('/api/facilitators')
        .set(coordinator)
        .send({ name: 'Kari', profession: 'nurse', imrTrained: true, wardIds: [ward] }),
      201,
      'facilitator',
    );
    person = created.id;
    facilitatorKey = bearer(await t.key('facilitator', [ward], person));
    dischargeKey = bearer(await t.key('discharge', [ward]));
    await expectStatus(
      t.http().post(`/api/wards/${ward}/groups`).set(coordinator).send({
        name: 'Daily',
        recurrence: 'FREQ=DAILY',
        startTime: '10:00',
        durationMinutes: 60,
        startsOn: '2026-01-05',
        curriculum: 'full',
      }),
      201,
      'group',
    );
    const admission = await expectStatus(
      t.http().post(`/api/wards/${ward}/admissions`).set(coordinator).send({ patientRef: 'ATT-1', admittedOn: '2027-03-01' }),
      201,
      'admission',
    );
    const discharged = await expectStatus(
      t
        .http()
        .post(`/api/admissions/${admission.id}/discharge`)
        .set(coordinator)
        .send({
          dischargedOn: '2027-03-09',
          continueImr: true,
          receivingService: { kind: 'municipal-service', name: 'Fjordby kommune' },
        }),
      201,
      'discharge',
    );
    referralId = discharged.referral.id;
  }, 60_000);

  afterAll(() => t?.close());

  it('refuses patientRefs that hold a valid fødselsnummer behind separators and letters', async () => {
    for (const patientRef of ['P-15038512363', '15038512363X', 'p_1503851236_3', '0-15038512363-0']) {
      const res = await t.http().post(`/api/wards/${ward}/admissions`).set(coordinator).send({ patientRef, admittedOn: '2027-03-01' });
      expect([patientRef, res.status, JSON.stringify(res.body.message)]).toEqual([patientRef, 400, expect.stringContaining('patientRef')]);
    }
  });

  it('limits facilitator and discharge windows, on sessions, rota.ics and rota/summary', async () => {
    const refused = [
      [facilitatorKey, `/api/wards/${ward}/sessions?from=2026-01-01&to=2027-12-31`],
      [facilitatorKey, `/api/wards/${ward}/sessions?from=2012-01-01&to=2012-03-01`],
      [facilitatorKey, `/api/wards/${ward}/rota.ics?from=2027-01-01&to=2027-12-31`],
      [facilitatorKey, `/api/wards/${ward}/rota/summary?from=2025-03-10&to=2027-03-10`],
      [dischargeKey, `/api/wards/${ward}/sessions?from=2027-01-01&to=2027-12-31`],
    ] as const;
    for (const [key, url] of refused) {
      const res = await t.http().get(url).set(key);
      expect([url, res.status, JSON.stringify(res.body.message)]).toEqual([url, 400, expect.stringMatching(/from|to/)]);
    }
    expect((await t.http().get(`/api/wards/${ward}/sessions?from=2027-03-01&to=2027-05-31`).set(facilitatorKey)).status).toBe(200);
  });

  it('writes no session row for reads outside the window the jobs keep, earlier or later, whoever reads', async () => {
    const reads = [
      [facilitatorKey, `/api/wards/${ward}/sessions?from=2026-04-01&to=2026-06-30`],
      [facilitatorKey, `/api/wards/${ward}/sessions?from=2027-07-01&to=2027-09-29`],
      [facilitatorKey, `/api/wards/${ward}/rota.ics?from=2027-08-01&to=2027-10-30`],
      [facilitatorKey, `/api/wards/${ward}/rota/summary?from=2026-10-01&to=2026-12-30`],
      [coordinator, `/api/wards/${ward}/sessions?from=2026-01-01&to=2027-12-31`],
      [coordinator, `/api/wards/${ward}/sessions?from=2028-01-01&to=2029-12-31`],
    ] as const;
    // The nightly job stores the kept window (8 weeks back to the horizon); reads add nothing to it.
    await t.app.get(JobsService).runJob('materialise-horizon', 'story');
    for (const [key, url] of reads) {
      const before = await snapshotDb(t.db);
      const res = await t.http().get(url).set(key);
      expect([url, res.status]).toEqual([url, 200]);
      if (url.includes('/sessions')) expect(res.body.length).toBeGreaterThan(80);
      expect([url, changedTables(before, await snapshotDb(t.db))]).toEqual([url, []]);
    }
    const count = await t.db.dataSource.query('SELECT MIN("occurrenceDate") AS lo, MAX("occurrenceDate") AS hi FROM sessions');
    expect([count[0].lo >= '2027-01-13', count[0].hi <= '2027-06-02']).toEqual([true, true]);
  });

  it('answers Cache-Control: no-store on every /api response, errors included, but not on feeds', async () => {
    const answers = [
      await t.http().get('/api/wards').set(coordinator),
      await t.http().get(`/api/referrals/${referralId}`).set(dischargeKey),
      await t.http().get(`/api/referrals/${referralId}/letter`).set(dischargeKey),
      await t.http().get(`/api/referrals/${referralId}/fhir`).set(dischargeKey),
      await t.http().get(`/api/wards/${ward}/rota.ics`).set(coordinator),
      await t.http().get('/api/wards'),
      await t.http().get('/api/wards/00000000-0000-4000-8000-000000000000').set(coordinator),
      await t.http().get('/api/no-such-route').set(coordinator),
      await t.http().post('/api/wards').set(coordinator).set('Content-Type', 'application/json').send('{"broken":'),
    ];
    expect(answers.map((r, i) => [i, r.status, r.headers['cache-control']]).filter(([, , cc]) => cc !== 'no-store')).toEqual([]);
    const feed = await t.http().post(`/api/facilitators/${person}/calendar`).set(coordinator);
    expect((await t.http().get(new URL(feed.body.url).pathname)).headers['cache-control']).toMatch(/^private, max-age=/);
  });

  it('sends the letter with its own CSP: no unsafe-inline, the inline style allowed by its hash', async () => {
    const res = await t.http().get(`/api/referrals/${referralId}/letter?lang=en`).set(dischargeKey);
    expect(res.status).toBe(200);
    const csp = res.headers['content-security-policy'];
    expect(csp).not.toMatch(/unsafe-inline/);
    expect(csp).toMatch(/default-src 'none'/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.text)![1];
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`);
    expect(res.text).not.toMatch(/<script|style="/);
  });

  it('answers JSON nested 20,000 deep with 400 naming the field, without a stack trace', async () => {
    const text = `{"name":${'['.repeat(20_000)}${']'.repeat(20_000)},"code":"DEEP"}`;
    const res = await t.http().post('/api/wards').set(coordinator).set('Content-Type', 'application/json').send(text);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toMatch(/name must not be nested deeper than 64 levels/);
    expect(res.text).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('refuses U+202E and lone surrogates instead of storing them', async () => {
    for (const name of ['Post \u202E3', 'Post \uD800', 'Post \uDFFF3']) {
      const res = await t.http().post('/api/wards').set(coordinator).send({ code: 'BIDI', name });
      expect([res.status, JSON.stringify(res.body.message)]).toEqual([400, expect.stringContaining('name must not contain')]);
    }
  });
});

describe('the per-key request budget (issue 14)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: NOW, env: { IMR_KEY_REQUESTS_PER_MINUTE: '5' } });
  });
  afterAll(() => t?.close());

  it('answers 429 with Retry-After once a key has spent its minute, and other keys go on', async () => {
    const spender = bearer(await t.key('facilitator'));
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await t.http().get('/api/modules').set(spender);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(last!.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(
      (
        await t
          .http()
          .get('/api/modules')
          .set(bearer(await t.key('facilitator')))
      ).status,
    ).toBe(200);
  });
});

describe('IMR_TRUST_PROXY (issue 14)', () => {
  const failAs = (t: TestApp, client: string) =>
    t.http().get('/api/modules').set('X-Forwarded-For', client).set('Authorization', 'Bearer wrong');

  it('limits by the forwarded client address behind a trusted proxy, so one client cannot lock out the rest', async () => {
    const t = await startTestApp({ env: { IMR_TRUST_PROXY: '127.0.0.1,::1,::ffff:127.0.0.1', IMR_AUTH_FAILURES_PER_MINUTE: '3' } });
    try {
      const flood = [];
      for (let i = 0; i < 5; i++) flood.push((await failAs(t, '203.0.113.5')).status);
      expect(flood).toEqual([401, 401, 401, 429, 429]);
      expect((await failAs(t, '203.0.113.9')).status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('ignores X-Forwarded-For without it, so a client cannot pick its own address', async () => {
    const t = await startTestApp({ env: { IMR_AUTH_FAILURES_PER_MINUTE: '3' } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await failAs(t, `198.51.100.${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await t.close();
    }
  });
});
