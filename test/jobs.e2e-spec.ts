import { JobsService } from '../src/jobs/jobs.service';
import { JobLockService } from '../src/jobs/job-lock.service';
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
      .send({ name: 'g', recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR', startTime: '10:00', durationMinutes: 60, startsOn: '2027-01-04', curriculum: 'core' })
      .expect(201);

    const outcomes = await Promise.all(
      [a, b, a, b].map((t) => t.app.get(JobsService).runJob('materialise-horizon', '2027-03-01T02:00')),
    );
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
      const f = await t.http().post('/api/facilitators').set(coordinator).send({ name: `F${i}`, profession: 'nurse', imrTrained: true, wardIds: [ward] });
      people.push(f.body.id);
    }
    await t
      .http()
      .post(`/api/wards/${ward}/groups`)
      .set(coordinator)
      .send({ name: 'g', recurrence: 'FREQ=WEEKLY;BYDAY=TU,TH', startTime: '13:00', durationMinutes: 60, startsOn: '2027-03-01', curriculum: 'core' })
      .expect(201);
    const jobs = t.app.get(JobsService);
    expect(await jobs.runJob('rota-upkeep')).toBe('ran');
    const planned = (await t.http().get(`/api/wards/${ward}/sessions?from=2027-03-01&to=2027-05-23`).set(coordinator)).body;
    expect(planned).toHaveLength(24);
    expect(planned.filter((s: { facilitators: unknown[] }) => s.facilitators.length !== 2)).toEqual([]);

    const away = planned[4].facilitators[0].id as string;
    await t.http().post(`/api/facilitators/${away}/absences`).set(coordinator).send({ from: planned[4].date, to: planned[5].date }).expect(201);
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
