import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from '../migrations';
import { bearer, freshDatabase, startTestApp, TestApp, TestDatabase } from './support/test-app';

describe('two instances on one database: materialisation and assignment under races (e2e)', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    database = await freshDatabase();
    a = await startTestApp({ database, now: '2027-03-01T06:00:00.000Z' });
    b = await startTestApp({ database, now: '2027-03-01T06:00:00.000Z' });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await database.drop();
  });

  it('materialises each session exactly once when both instances read the same windows at once', async () => {
    const keyA = bearer(await a.key('coordinator'));
    const ward = (await a.http().post('/api/wards').set(keyA).send({ code: 'RACE', name: 'Race ward' })).body.id;
    for (const [i, days] of ['MO,WE,FR', 'TU,TH', 'MO,TU,WE,TH,FR'].entries()) {
      await a
        .http()
        .post(`/api/wards/${ward}/groups`)
        .set(keyA)
        .send({
          name: `g${i}`,
          recurrence: `FREQ=WEEKLY;BYDAY=${days}`,
          startTime: `1${i}:00`,
          durationMinutes: 45,
          startsOn: '2027-03-01',
          curriculum: 'full',
        })
        .expect(201);
    }
    const reads = await Promise.all(
      [a, b, a, b, a, b].map((t) => t.http().get(`/api/wards/${ward}/sessions?from=2027-03-01&to=2027-08-31`).set(bearer(t.adminKey))),
    );
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const ids = reads.map((r) => r.body.map((s: { id: string }) => s.id).join(','));
    expect(new Set(ids).size).toBe(1);
    // Stored once each: the part of the window the jobs keep (to 12 weeks after 1 March); reads compute the rest.
    const count = await a.db.dataSource.query('SELECT COUNT(*) AS n FROM sessions');
    expect(Number(count[0].n)).toBe(reads[0].body.filter((s: { date: string }) => s.date <= '2027-05-24').length);
    // 1 March to 31 August 2027: 79 Mon/Wed/Fri, 53 Tue/Thu and 132 weekdays.
    expect(reads[0].body.length).toBe(79 + 53 + 132);
  });

  it('lets only one of two instances put one person into two overlapping sessions', async () => {
    const keyA = bearer(await a.key('coordinator'));
    const wards: string[] = [];
    for (const code of ['RACE-A', 'RACE-B']) wards.push((await a.http().post('/api/wards').set(keyA).send({ code, name: code })).body.id);
    const shared = (
      await a.http().post('/api/facilitators').set(keyA).send({ name: 'Shared', profession: 'doctor', imrTrained: true, wardIds: wards })
    ).body.id;
    const sessions: string[] = [];
    const partners: string[] = [];
    for (const w of wards) {
      partners.push(
        (
          await a
            .http()
            .post('/api/facilitators')
            .set(keyA)
            .send({ name: `P${w}`, profession: 'nurse', imrTrained: true, wardIds: [w] })
        ).body.id,
      );
      await a
        .http()
        .post(`/api/wards/${w}/groups`)
        .set(keyA)
        .send({
          name: 'g',
          recurrence: 'FREQ=WEEKLY;BYDAY=WE',
          startTime: '10:00',
          durationMinutes: 60,
          startsOn: '2027-03-01',
          curriculum: 'core',
        })
        .expect(201);
      sessions.push((await a.http().get(`/api/wards/${w}/sessions?from=2027-03-03&to=2027-03-03`).set(keyA)).body[0].id);
    }
    const [first, second] = await Promise.all([
      a
        .http()
        .put(`/api/sessions/${sessions[0]}/facilitators`)
        .set(bearer(a.adminKey))
        .send({ facilitatorIds: [shared, partners[0]] }),
      b
        .http()
        .put(`/api/sessions/${sessions[1]}/facilitators`)
        .set(bearer(b.adminKey))
        .send({ facilitatorIds: [shared, partners[1]] }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
  });
});

describe('instances starting together on an empty database (e2e)', () => {
  it('migrates once and both come up', async () => {
    const database = await freshDatabase();
    const apps = await Promise.all([startTestApp({ database }), startTestApp({ database }), startTestApp({ database })]);
    try {
      for (const app of apps) expect((await app.http().get('/health')).status).toBe(200);
      const rows = await apps[0].db.dataSource.query('SELECT COUNT(*) AS n FROM migrations');
      expect(Number(rows[0].n)).toBe((process.env.TEST_DATABASE === 'postgres' ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS).length);
    } finally {
      for (const app of apps) await app.close();
      await database.drop();
    }
  });
});
