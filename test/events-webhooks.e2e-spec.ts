import { filter, firstValueFrom, take, toArray } from 'rxjs';
import { DomainEvents } from '../src/events/domain-events';
import { WebhookDispatcher } from '../src/events/webhooks/webhook-dispatcher.service';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * Issue 17, events: the outbox, webhooks (signature, order per ward, retry with back-off, delivery
 * log, private targets) and the in-process stream. The dispatcher is run by hand here; the
 * kill -9 case with the real service and its job is test/events-crash.e2e-spec.ts.
 */
describe('events outbox and webhooks (e2e)', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let dispatcher: WebhookDispatcher;
  const receiver = new WebhookReceiver();
  let hookUrl: string;

  async function seedWard(code: string) {
    const ward = (
      await t
        .http()
        .post('/api/wards')
        .set(admin)
        .send({ code, name: `Ward ${code}` })
        .expect(201)
    ).body;
    const people = [];
    for (const name of ['Kari', 'Ola', 'Per']) {
      people.push(
        (
          await t
            .http()
            .post('/api/facilitators')
            .set(admin)
            .send({ name: `${name} ${code}`, profession: 'nurse', imrTrained: true, wardIds: [ward.id] })
            .expect(201)
        ).body,
      );
    }
    await t
      .http()
      .post(`/api/wards/${ward.id}/groups`)
      .set(admin)
      .send({
        name: 'Open group',
        recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR',
        startTime: '10:00',
        durationMinutes: 60,
        startsOn: '2027-03-01',
        curriculum: 'core',
      })
      .expect(201);
    await t.http().post(`/api/wards/${ward.id}/rota/plan`).set(admin).send({ from: '2027-03-02', to: '2027-03-31' }).expect(200);
    return { ward, people };
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { IMR_WEBHOOK_ALLOW_PRIVATE: 'true', IMR_EVENTS_POLL_MS: '20' } });
    admin = bearer(t.adminKey);
    dispatcher = t.app.get(WebhookDispatcher);
    hookUrl = await receiver.start();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  it('refuses loopback and private targets unless IMR_WEBHOOK_ALLOW_PRIVATE=true, naming the field', async () => {
    const strict = await startTestApp();
    try {
      for (const url of [
        'http://127.0.0.1:9/x',
        'http://10.0.0.5/x',
        'http://[::1]/x',
        'http://localhost/x',
        'http://169.254.169.254/latest',
      ]) {
        const res = await strict
          .http()
          .post('/api/webhooks')
          .set(bearer(strict.adminKey))
          .send({ url, events: ['*'] });
        expect([url, res.status, String(res.body.message)]).toEqual([url, 400, expect.stringMatching(/^url .*(private|resolve)/)]);
      }
      const bad = await strict
        .http()
        .post('/api/webhooks')
        .set(bearer(strict.adminKey))
        .send({ url: 'ftp://x.example/', events: ['nope'] });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/events/)]));
    } finally {
      await strict.close();
    }
  });

  it('signs each delivery, keeps order per ward, retries a failing receiver with back-off and logs every attempt', async () => {
    const created = await t
      .http()
      .post('/api/webhooks')
      .set(admin)
      .send({ url: hookUrl, events: ['*'] })
      .expect(201);
    expect(created.body).toMatchObject({ id: expect.any(String), secret: expect.stringMatching(/^whsec_/) });
    receiver.secret = created.body.secret;
    const listed = await t.http().get('/api/webhooks').set(admin).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);

    const u = await seedWard('EVU');
    const v = await seedWard('EVV');
    receiver.failWith = 500;
    await t.http().post(`/api/wards/${u.ward.id}/rota/publish`).set(admin).send({ from: '2027-03-01', to: '2027-03-31' }).expect(200);
    await t.http().post(`/api/wards/${v.ward.id}/rota/publish`).set(admin).send({ from: '2027-03-01', to: '2027-03-31' }).expect(200);
    const sessions = (await t.http().get(`/api/wards/${u.ward.id}/sessions?from=2027-03-15&to=2027-03-19`).set(admin).expect(200)).body;
    await t.http().post(`/api/sessions/${sessions[0].id}/cancel`).set(admin).send({ reason: 'Ward outing' }).expect(200);
    const other = u.people.find((p: { id: string }) => !sessions[1].facilitators.some((f: { id: string }) => f.id === p.id));
    await t
      .http()
      .put(`/api/sessions/${sessions[1].id}/facilitators`)
      .set(admin)
      .send({ facilitatorIds: [other.id, sessions[1].facilitators[1].id] })
      .expect(200);

    const first = await dispatcher.run();
    expect(first).toMatchObject({ delivered: 0 });
    expect(first.failed).toBe(2); // one head per ward lane, each blocked
    const log = (await t.http().get(`/api/webhooks/${created.body.id}/deliveries?status=pending`).set(admin).expect(200)).body;
    expect(log.filter((d: { attempts: number; lastStatus: number }) => d.attempts === 1 && d.lastStatus === 500).length).toBe(2);
    // Not due yet: nothing is sent before the back-off has passed.
    await dispatcher.run();
    expect(receiver.failures).toBe(2);

    receiver.failWith = null;
    t.clock.set(new Date(t.clock.now().getTime() + 5_000));
    let runs = 0;
    while ((await dispatcher.run()).attempted > 0) runs++;
    expect(runs).toBeGreaterThan(0);

    const got = receiver.distinct();
    expect(got.filter((e) => !e.signatureValid)).toEqual([]);
    expect(receiver.received.length).toBe(got.length);
    const types = got.map((e) => `${e.wardId === u.ward.id ? 'U' : 'V'} ${e.type} ${e.data.change ?? ''}`.trim());
    // Cancelling moves the group's later modules up one: each later published session changes too.
    expect(types.filter((x) => x.startsWith('U')).filter((x, i, all) => x !== all[i - 1])).toEqual([
      'U rota.published',
      'U session.changed cancelled',
      'U session.changed updated',
      'U facilitator.session-removed',
      'U facilitator.session-added',
    ]);
    expect(types.filter((x) => x.startsWith('V'))).toEqual(['V rota.published']);
    const cancelled = got.find((e) => e.type === 'session.changed')!;
    expect(cancelled.data).toMatchObject({ sessionId: sessions[0].id, change: 'cancelled', status: 'cancelled' });
    expect(Object.keys(cancelled).sort()).toEqual(['data', 'id', 'occurredAt', 'signatureValid', 'type', 'wardId']);
    const removed = got.find((e) => e.type === 'facilitator.session-removed')!;
    expect(removed.data).toMatchObject({ sessionId: sessions[1].id, action: 'manual' });

    const delivered = (await t.http().get(`/api/webhooks/${created.body.id}/deliveries`).set(admin).expect(200)).body;
    expect(delivered.filter((d: { status: string }) => d.status !== 'delivered')).toEqual([]);
    expect(delivered.filter((d: { attempts: number }) => d.attempts === 2).length).toBe(2);
  });

  it('lets a host app subscribe in-process to the same events, in commit order', async () => {
    const events = t.app.get(DomainEvents);
    const wanted = firstValueFrom(
      events.published$.pipe(
        filter((e) => e.data.change !== 'updated'),
        take(2),
        toArray(),
      ),
    );
    await new Promise((r) => setTimeout(r, 100)); // the stream starts after the events so far
    const ward = (await t.http().get('/api/wards').set(admin).expect(200)).body.find((w: { code: string }) => w.code === 'EVU');
    const sessions = (await t.http().get(`/api/wards/${ward.id}/sessions?from=2027-03-22&to=2027-03-26`).set(admin).expect(200)).body;
    await t.http().post(`/api/sessions/${sessions[0].id}/cancel`).set(admin).send({ reason: 'Fire drill' }).expect(200);
    await t.http().post(`/api/sessions/${sessions[0].id}/uncancel`).set(admin).expect(200);
    const got = (await wanted).filter((e) => e.data.sessionId === sessions[0].id);
    expect(got.map((e) => [e.type, e.data.change, e.data.sessionId])).toEqual([
      ['session.changed', 'cancelled', sessions[0].id],
      ['session.changed', 'uncancelled', sessions[0].id],
    ]);
  });

  it('never puts patient data into events', async () => {
    const rows: { data: string }[] = await t.db.dataSource.query('SELECT data FROM outbox_events');
    expect(rows.length).toBeGreaterThan(3);
    const keys = new Set(rows.flatMap((r) => Object.keys(JSON.parse(r.data))));
    const allowed = [
      'action',
      'change',
      'endsAt',
      'facilitatorId',
      'facilitatorIds',
      'from',
      'groupId',
      'role',
      'sessionId',
      'sessionIds',
      'startsAt',
      'status',
      'to',
    ];
    expect([...keys].filter((k) => !allowed.includes(k))).toEqual([]);
  });
});
