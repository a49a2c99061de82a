import { randomBytes } from 'node:crypto';
import { AdmissionEntity } from '../../src/database/schema/admission.entity';
import { CalendarTokenEntity } from '../../src/database/schema/calendar-token.entity';
import { hashToken } from '../../src/calendar/calendar-token';
import { hashApiKey } from '../../src/keys/key-crypto';
import { ApiKeyEntity } from '../../src/database/schema/api-key.entity';
import { personNumber } from '../admissions.fixtures';
import { bearer, TestApp } from '../support/test-app';
import { LogCapture, startLoggedApp } from './log-capture.support';
import { expectStatus, fileOf, NOW, seedWorld } from './world.support';

/**
 * Issue 8: no patient references, recovery goals, keys or tokens (nor their hashes) in the logs.
 * Runs a flow that uses all of them, including failures, and searches everything the app logged.
 */
describe('log hygiene', () => {
  const capture = new LogCapture();
  const secrets = new Map<string, string>();
  const keep = (kind: string, ...values: string[]) => values.forEach((v) => secrets.set(v, kind));
  let t: TestApp;

  async function runFlow(): Promise<void> {
    const world = await seedWorld(t);
    const admin = bearer(t.adminKey);
    keep('patientRef', ...world.A.patientRefs, ...world.B.patientRefs);
    keep('recovery goal', 'Goal of ward A: walk to the harbour every morning', 'Goal of ward B: walk to the harbour every morning');
    keep('api key', t.adminKey, world.coordinator.Authorization.replace('Bearer ', ''));
    const a = world.A;
    const coordinator = await t.key('coordinator', [a.ward]);
    const discharge = await t.key('discharge');
    const facilitator = await t.key('facilitator', [a.ward], a.facilitator);
    keep('api key', coordinator, discharge, facilitator);

    // Patient data in requests that succeed and in requests that are refused.
    const ref = 'LOGCHECK-7731';
    const goal = 'Lage middag til søsteren min hver søndag';
    const personNo = personNumber('010170');
    keep('patientRef', ref, personNo);
    keep('recovery goal', goal, 'Sove bedre uten å våkne kl 04');
    const admission = await expectStatus(
      t.http().post(`/api/wards/${a.ward}/admissions`).set(bearer(coordinator)).send({ patientRef: ref, admittedOn: '2027-03-01' }),
      201,
      'admit',
    );
    await expectStatus(
      t.http().post(`/api/wards/${a.ward}/admissions`).set(bearer(coordinator)).send({ patientRef: ref, admittedOn: '2027-03-01' }),
      409,
      'twice',
    );
    await expectStatus(
      t.http().post(`/api/wards/${a.ward}/admissions`).set(bearer(coordinator)).send({ patientRef: personNo, admittedOn: '2027-03-01' }),
      400,
      'person number',
    );
    await expectStatus(
      t.http().post(`/api/sessions/${a.pastSession}/attendance`).set(bearer(facilitator)).send({ admissionId: admission.id }),
      201,
      'attend',
    );
    await expectStatus(t.http().get(`/api/sessions/${a.pastSession}/attendance`).set(bearer(facilitator)), 200, 'attendance list');
    await expectStatus(t.http().get(`/api/admissions/${admission.id}/progress`).set(bearer(discharge)), 200, 'progress');
    await expectStatus(
      t
        .http()
        .post(`/api/admissions/${admission.id}/discharge`)
        .set(bearer(discharge))
        .send({ dischargedOn: '2027-03-09', continueImr: true, recoveryGoals: ['Sove bedre uten å våkne kl 04'] }),
      400,
      'discharge without a receiving service',
    );
    const discharged = await expectStatus(
      t
        .http()
        .post(`/api/admissions/${admission.id}/discharge`)
        .set(bearer(discharge))
        .send({
          dischargedOn: '2027-03-09',
          continueImr: true,
          receivingService: { kind: 'outpatient-clinic', name: 'Poliklinikken' },
          recoveryGoals: [{ text: goal, progress: 'Har gjort det to ganger' }],
        }),
      201,
      'discharge',
    );
    for (const suffix of ['', '/fhir', '/letter?lang=en', '/history']) {
      await expectStatus(
        t.http().get(`/api/referrals/${discharged.referral.id}${suffix}`).set(bearer(discharge)),
        200,
        `referral${suffix}`,
      );
    }
    await expectStatus(t.http().get(`/api/referrals/${world.B.referral}`).set(bearer(coordinator)), 404, 'other ward');

    // Failed authentication: unknown, malformed and revoked keys.
    const wrongKey = 'imr_' + randomBytes(32).toString('base64url');
    keep('api key', wrongKey, 'not-even-a-key-' + 'x'.repeat(20));
    await expectStatus(t.http().get('/api/wards').set(bearer(wrongKey)), 401, 'wrong key');
    await expectStatus(
      t
        .http()
        .get('/api/wards')
        .set('Authorization', 'Bearer not-even-a-key-' + 'x'.repeat(20)),
      401,
      'malformed key',
    );
    const revoked = await expectStatus(t.http().post('/api/keys').set(admin).send({ role: 'coordinator', label: 'to revoke' }), 201, 'key');
    keep('api key', revoked.key);
    await expectStatus(t.http().delete(`/api/keys/${revoked.id}`).set(admin), 204, 'revoke');
    await expectStatus(t.http().get('/api/wards').set(bearer(revoked.key)), 401, 'revoked key');

    // Calendar feeds: a fetch, a revalidation, too many fetches, a rotated-away token, an unknown one.
    const link = await expectStatus(t.http().post(`/api/facilitators/${a.facilitator}/calendar`).set(bearer(facilitator)), 201, 'link');
    const file = fileOf(link.url);
    keep(
      'calendar token',
      ...a.calendarTokens.map((f) => f.replace(/\.ics$/, '')),
      ...world.B.calendarTokens.map((f) => f.replace(/\.ics$/, '')),
      file.replace(/\.ics$/, ''),
    );
    const feed = await t.http().get(`/calendar/${file}`);
    expect(feed.status).toBe(200);
    expect((await t.http().get(`/calendar/${file}`).set('If-None-Match', feed.headers.etag)).status).toBe(304);
    let limited = 0;
    for (let i = 0; i < 6; i++) if ((await t.http().get(`/calendar/${file}`)).status === 429) limited++;
    expect(limited).toBeGreaterThan(0);
    expect((await t.http().get(`/calendar/${a.calendarTokens[0]}`)).status).toBe(404);
    const unknownToken = randomBytes(32).toString('base64url');
    keep('calendar token', unknownToken);
    expect((await t.http().get(`/calendar/${unknownToken}.ics`)).status).toBe(404);
  }

  beforeAll(async () => {
    capture.captureStdio();
    try {
      t = await startLoggedApp(capture, { IMR_CALENDAR_RATE_LIMIT: '3' }, NOW);
      await runFlow();
      for (const row of await t.db.repo(AdmissionEntity).find()) keep('patientRef', row.patientRef);
      for (const row of await t.db.repo(ApiKeyEntity).find()) keep('api key hash', row.keyHash);
      for (const row of await t.db.repo(CalendarTokenEntity).find()) keep('calendar token hash', row.tokenHash);
      for (const [value, kind] of [...secrets]) {
        if (kind === 'api key') keep('api key hash', hashApiKey(value));
        if (kind === 'calendar token') keep('calendar token hash', hashToken(value));
      }
      await t.close();
    } finally {
      capture.stopStdio();
    }
  }, 120_000);

  it('captured the request log and the service’s own log lines', () => {
    expect(capture.lines.filter((l) => l.startsWith('fastify ') && l.includes('"route":"/calendar/:file"')).length).toBeGreaterThan(5);
    expect(capture.lines).toContainEqual(expect.stringContaining('"route":"/api/admissions/:id/discharge"'));
    expect(capture.lines).toContainEqual(expect.stringMatching(/"route":"\/calendar\/:file","status":200,.*"feedToken":/));
    expect(capture.lines).toContainEqual(expect.stringMatching(/→ 429/));
  });

  it('logs no patient reference, recovery goal, key, token or hash, in whole or in part', () => {
    expect(secrets.size).toBeGreaterThan(30);
    const text = capture.text;
    const found: string[] = [];
    for (const [value, kind] of secrets) {
      const probes = value.length >= 32 ? [value, value.slice(4, 20), value.slice(-16)] : [value];
      if (probes.some((p) => text.includes(p))) found.push(`${kind}: ${value.slice(0, 12)}…`);
    }
    expect(found).toEqual([]);
  });
});
