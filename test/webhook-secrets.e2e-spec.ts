/**
 * Webhook secrets at rest: with IMR_SECRETS_KEY the stored secret is sealed (AES-256-GCM), so a
 * copy of the database cannot sign deliveries; secrets stored before the key was set are sealed
 * when the service starts with it; deliveries are signed with the secret shown once, either way.
 * On SQLite and PostgreSQL (the column was widened for the sealed form).
 */
import { openSecret } from '../src/common/secret-box';
import { WebhookDispatcher } from '../src/events/webhooks/webhook-dispatcher.service';
import { bearer, freshDatabase, startTestApp, TestApp, TestDatabase } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

const KEY = 'c0ffee'.repeat(10) + 'c0ff';

describe('webhook secrets sealed at rest (e2e)', () => {
  let database: TestDatabase;
  const receiver = new WebhookReceiver();
  let hookUrl: string;
  const env = { IMR_WEBHOOK_ALLOW_PRIVATE: 'true' };

  beforeAll(async () => {
    database = await freshDatabase();
    hookUrl = await receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await database.drop();
  });

  const storedSecrets = async (t: TestApp): Promise<string[]> =>
    ((await t.db.dataSource.query('SELECT secret FROM webhooks ORDER BY "createdAt", id')) as { secret: string }[]).map((r) => r.secret);

  async function publishSomething(t: TestApp, code: string): Promise<void> {
    const admin = bearer(t.adminKey);
    const ward = (
      await t
        .http()
        .post('/api/wards')
        .set(admin)
        .send({ code, name: `Ward ${code}` })
        .expect(201)
    ).body;
    const group = {
      name: 'Open group',
      recurrence: 'FREQ=WEEKLY;BYDAY=MO',
      startTime: '10:00',
      durationMinutes: 60,
      startsOn: '2027-03-01',
      curriculum: 'core',
    };
    await t.http().post(`/api/wards/${ward.id}/groups`).set(admin).send(group).expect(201);
    await t.http().post(`/api/wards/${ward.id}/rota/publish`).set(admin).send({ from: '2027-03-01', to: '2027-03-31' }).expect(200);
  }

  async function deliveredSigned(t: TestApp, secret: string): Promise<boolean[]> {
    receiver.secret = secret;
    receiver.received.length = 0;
    const dispatcher = t.app.get(WebhookDispatcher);
    while ((await dispatcher.run()).attempted > 0);
    return receiver.received.map((e) => e.signatureValid);
  }

  it('stores a secret made without a key as it is, seals it when the service starts with one, and keeps signing with it', async () => {
    const before = await startTestApp({ database, env });
    const made = (
      await before
        .http()
        .post('/api/webhooks')
        .set(bearer(before.adminKey))
        .send({ url: hookUrl, events: ['*'] })
        .expect(201)
    ).body;
    expect(await storedSecrets(before)).toEqual([made.secret]);
    await before.close();

    const t = await startTestApp({ database, env: { ...env, IMR_SECRETS_KEY: KEY } });
    try {
      const [stored] = await storedSecrets(t);
      expect(stored.startsWith('sealed:v1:')).toBe(true);
      expect(stored).not.toContain(made.secret.slice(6));
      expect(openSecret(stored, Buffer.from(KEY, 'hex'))).toBe(made.secret);
      await publishSomething(t, 'SEAL1');
      const signed = await deliveredSigned(t, made.secret);
      expect(signed.length).toBeGreaterThan(0);
      expect(signed.every(Boolean)).toBe(true);

      // A webhook made with the key is sealed from the start; its deliveries carry the secret shown once.
      const fresh = (
        await t
          .http()
          .post('/api/webhooks')
          .set(bearer(t.adminKey))
          .send({ url: hookUrl, events: ['rota.published'] })
          .expect(201)
      ).body;
      const secrets = await storedSecrets(t);
      expect(secrets).toHaveLength(2);
      expect(secrets.every((s) => s.startsWith('sealed:v1:'))).toBe(true);
      expect(secrets.some((s) => s.includes(fresh.secret.slice(6)))).toBe(false);
      await t.http().delete(`/api/webhooks/${made.id}`).set(bearer(t.adminKey)).expect(204);
      await publishSomething(t, 'SEAL2');
      const freshSigned = await deliveredSigned(t, fresh.secret);
      expect(freshSigned.length).toBeGreaterThan(0);
      expect(freshSigned.every(Boolean)).toBe(true);
    } finally {
      await t.close();
    }
  }, 60_000);

  it('keeps deliveries pending, saying why, when the service runs without the key that sealed them', async () => {
    const t = await startTestApp({ database, env });
    try {
      await publishSomething(t, 'SEAL3');
      receiver.received.length = 0;
      const run = await t.app.get(WebhookDispatcher).run();
      expect(run).toMatchObject({ delivered: 0 });
      expect(run.failed).toBeGreaterThan(0);
      expect(receiver.received).toEqual([]);
      const hooks = (await t.http().get('/api/webhooks').set(bearer(t.adminKey)).expect(200)).body;
      const log = (await t.http().get(`/api/webhooks/${hooks[0].id}/deliveries?status=pending`).set(bearer(t.adminKey)).expect(200)).body;
      expect(log[0].lastError).toMatch(/IMR_SECRETS_KEY/);
    } finally {
      await t.close();
    }
  }, 60_000);
});
