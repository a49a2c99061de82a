import { JobsService } from '../src/jobs/jobs.service';
import { JobLockService } from '../src/jobs/job-lock.service';
import { OutboxEventEntity, WebhookDeliveryEntity } from '../src/database/schema/outbox.entity';
import { bearer, freshDatabase, startTestApp, TestApp, TestDatabase } from './support/test-app';

describe('scheduled jobs run once per tick across instances (e2e)', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    database = await freshDatabase();
    a = await startTestApp({ database, now: '2027-03-01T01:00:00.000Z' });
    b = await startTestApp({ database, now: '2027-03-01T01:00:00.000Z' });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await database.drop();
  });

  it('runs each tick of a job once when two instances share the database, and materialises the horizon', async () => {
    const coordinator = bearer(await a.key('coordinator'));
    const ward = await a.http().post('/api/wards').set(coordinator).send({ code: 'JOBS', name: 'Jobs ward' });
    await a
      .http()
      .post(`/api/wards/${ward.body.id}/groups`)
      .set(coordinator)
      .send({
        name: 'g',
        recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR',
        startTime: '10:00',
        durationMinutes: 60,
        startsOn: '2027-01-04',
        curriculum: 'core',
      })
      .expect(201);

    const outcomes = await Promise.all([a, b, a, b].map((t) => t.app.get(JobsService).runJob('materialise-horizon', '2027-03-01T02:00')));
    expect(outcomes.filter((o) => o === 'ran')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'skipped')).toHaveLength(3);
    const runs = await a.app.get(JobLockService).runsOf('materialise-horizon');
    expect(runs.map((r) => [r.tick, r.outcome])).toEqual([['2027-03-01T02:00', 'done']]);

    // The window the jobs keep: 8 weeks back (from 4 January) and 12 weeks of Mon/Wed/Fri from 1 March,
    // materialised without anyone asking for them.
    const rows = await a.db.dataSource.query('SELECT COUNT(*) AS n FROM sessions');
    expect(Number(rows[0].n)).toBe(24 + 36 + 1);

    expect(await b.app.get(JobsService).runJob('materialise-horizon', '2027-03-02T02:00')).toBe('ran');
    const again = await a.db.dataSource.query('SELECT COUNT(*) AS n FROM sessions');
    expect(Number(again[0].n)).toBe(Number(rows[0].n));
  });
});

describe('nightly rota upkeep (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2027-03-01T01:00:00.000Z' });
  });
  afterAll(() => t.close());

  it('fills the coming horizon and repairs sessions hit by a new absence, leaving the rest', async () => {
    const coordinator = bearer(await t.key('coordinator'));
    const ward = (await t.http().post('/api/wards').set(coordinator).send({ code: 'UPKEEP', name: 'Upkeep' })).body.id;
    const people: string[] = [];
    for (let i = 0; i < 5; i++) {
      const f = await t
        .http()
        .post('/api/facilitators')
        .set(coordinator)
        .send({ name: `F${i}`, profession: 'nurse', imrTrained: true, wardIds: [ward] });
      people.push(f.body.id);
    }
    await t
      .http()
      .post(`/api/wards/${ward}/groups`)
      .set(coordinator)
      .send({
        name: 'g',
        recurrence: 'FREQ=WEEKLY;BYDAY=TU,TH',
        startTime: '13:00',
        durationMinutes: 60,
        startsOn: '2027-03-01',
        curriculum: 'core',
      })
      .expect(201);
    const jobs = t.app.get(JobsService);
    expect(await jobs.runJob('rota-upkeep')).toBe('ran');
    const planned = (await t.http().get(`/api/wards/${ward}/sessions?from=2027-03-01&to=2027-05-23`).set(coordinator)).body;
    expect(planned).toHaveLength(24);
    expect(planned.filter((s: { facilitators: unknown[] }) => s.facilitators.length !== 2)).toEqual([]);

    const away = planned[4].facilitators[0].id as string;
    await t
      .http()
      .post(`/api/facilitators/${away}/absences`)
      .set(coordinator)
      .send({ from: planned[4].date, to: planned[5].date })
      .expect(201);
    t.clock.set('2027-03-02T01:00:00.000Z');
    expect(await jobs.runJob('rota-upkeep')).toBe('ran');
    const repaired = (await t.http().get(`/api/wards/${ward}/sessions?from=2027-03-01&to=2027-05-23`).set(coordinator)).body;
    for (const [i, s] of repaired.entries()) {
      const ids = s.facilitators.map((f: { id: string }) => f.id);
      if (i === 4 || i === 5) expect(ids).not.toContain(away);
      else expect(s.facilitators).toEqual(planned[i].facilitators);
      expect(ids).toHaveLength(2);
    }
  });
});

describe('job ticks that failed are taken again (e2e)', () => {
  it('runs a failed tick again, but a finished one only once', async () => {
    const t = await startTestApp({ now: '2027-03-01T01:00:00.000Z' });
    try {
      const lock = t.app.get(JobLockService);
      let calls = 0;
      const failing = async () => {
        calls++;
        throw new Error('database was briefly away');
      };
      expect(await lock.runOnce('probe', '2027-03-01', failing)).toBe('failed');
      expect(await lock.runOnce('probe', '2027-03-01', async () => calls++)).toBe('ran');
      expect(await lock.runOnce('probe', '2027-03-01', async () => calls++)).toBe('skipped');
      expect(calls).toBe(2);
    } finally {
      await t.close();
    }
  });
});

describe('the outbox keeps what it still needs (e2e)', () => {
  it('prunes events and delivered deliveries past IMR_EVENTS_RETENTION_DAYS, keeps those a webhook has still to deliver, and never reuses a seq', async () => {
    const t = await startTestApp({ now: '2027-06-01T04:00:00.000Z', env: { IMR_EVENTS_RETENTION_DAYS: '30' } });
    try {
      const events = t.db.dataSource.getRepository(OutboxEventEntity);
      const deliveries = t.db.dataSource.getRepository(WebhookDeliveryEntity);
      const event = async (id: string, occurredAt: string) => {
        await events.insert({ id, type: 'sessions.changed', wardId: WARD, occurredAt, data: {} as never });
        return (await events.findOneByOrFail({ id })).seq;
      };
      const delivery = (id: string, eventId: string, eventSeq: number, status: 'pending' | 'delivered', at: string) =>
        deliveries.insert({
          id,
          webhookId: HOOK,
          eventSeq,
          eventId,
          eventType: 'sessions.changed',
          wardId: WARD,
          status,
          attempts: status === 'delivered' ? 1 : 3,
          // A pending one waits for its next attempt long after this test.
          nextAttemptAt: status === 'pending' ? '2030-01-01T00:00:00.000Z' : at,
          deliveredAt: status === 'delivered' ? at : null,
        });
      await event(E.old, '2027-04-01T10:00:00.000Z');
      await delivery(
        D.oldDelivered,
        E.oldDelivered,
        await event(E.oldDelivered, '2027-04-02T10:00:00.000Z'),
        'delivered',
        '2027-04-02T10:00:01.000Z',
      );
      await delivery(
        D.oldPending,
        E.oldPending,
        await event(E.oldPending, '2027-04-03T10:00:00.000Z'),
        'pending',
        '2027-04-03T10:00:00.000Z',
      );
      const newest = await event(E.recent, '2027-05-20T10:00:00.000Z');
      await delivery(D.recent, E.recent, newest, 'delivered', '2027-05-20T10:00:01.000Z');

      expect(await t.app.get(JobsService).runJob('prune-outbox')).toBe('ran');

      expect((await events.find({ order: { seq: 'ASC' } })).map((e) => e.id)).toEqual([E.oldPending, E.recent]);
      expect((await deliveries.find({ order: { eventSeq: 'ASC' } })).map((d) => [d.id, d.status])).toEqual([
        [D.oldPending, 'pending'],
        [D.recent, 'delivered'],
      ]);
      // Two months on the newest event goes too; the next one still numbers after it.
      t.clock.set('2027-08-01T04:00:00.000Z');
      expect(await t.app.get(JobsService).runJob('prune-outbox')).toBe('ran');
      expect((await events.find()).map((e) => e.id)).toEqual([E.oldPending]);
      expect(await event(E.next, '2027-08-01T04:00:01.000Z')).toBeGreaterThan(newest);
    } finally {
      await t.close();
    }
  });
});

const WARD = '00000000-0000-4000-8000-0000000000aa';
const HOOK = '00000000-0000-4000-8000-0000000000bb';
const E = {
  old: '00000000-0000-4000-8000-000000000e01',
  oldDelivered: '00000000-0000-4000-8000-000000000e02',
  oldPending: '00000000-0000-4000-8000-000000000e03',
  recent: '00000000-0000-4000-8000-000000000e04',
  next: '00000000-0000-4000-8000-000000000e05',
};
const D = {
  oldDelivered: '00000000-0000-4000-8000-000000000d02',
  oldPending: '00000000-0000-4000-8000-000000000d03',
  recent: '00000000-0000-4000-8000-000000000d04',
};
