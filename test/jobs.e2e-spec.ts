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

    // 12 weeks of Mon/Wed/Fri from 1 March, materialised without anyone asking for them.
    const rows = await a.db.dataSource.query('SELECT COUNT(*) AS n FROM sessions');
    expect(Number(rows[0].n)).toBe(36 + 1);

    expect(await b.app.get(JobsService).runJob('materialise-horizon', '2027-03-02T02:00')).toBe('ran');
    const again = await a.db.dataSource.query('SELECT COUNT(*) AS n FROM sessions');
    expect(Number(again[0].n)).toBe(Number(rows[0].n));
  });
});
