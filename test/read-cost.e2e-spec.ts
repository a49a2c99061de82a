/**
 * Issue 19: a window's read costs the same in a group's first and fiftieth week (its expansion is
 * remembered), and what it remembers never outlives a change made here: a cancellation, a group
 * edit, a new group and an outcome each show in the next read.
 */
import { bearer, startTestApp, TestApp } from './support/test-app';
import { logStatements } from './support/statement-log';

describe('session reads whose cost does not grow with a group’s age', () => {
  let t: TestApp;
  let coordinator: { Authorization: string };
  let wardId: string;
  const statements: string[] = [];
  const week = (monday: string) => `/api/wards/${wardId}/sessions?from=${monday}&to=${addDays(monday, 6)}`;
  const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-03-01T09:00:00.000Z' });
    logStatements(t.db, statements);
    coordinator = bearer(await t.key('coordinator'));
    wardId = (await t.http().post('/api/wards').set(coordinator).send({ code: 'AGE', name: 'Aged' })).body.id;
    const group = {
      recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR',
      startTime: '10:00',
      durationMinutes: 60,
      curriculum: 'full',
      startsOn: '2026-03-16',
    };
    expect(
      (
        await t
          .http()
          .post(`/api/wards/${wardId}/groups`)
          .set(coordinator)
          .send({ ...group, name: 'Morgengruppe' })
      ).status,
    ).toBe(201);
    // 50 weeks materialised; 2027-03-01 is the group's fiftieth week.
    expect((await t.http().get(`/api/wards/${wardId}/sessions?from=2026-03-16&to=2027-03-31`).set(coordinator)).status).toBe(200);
  });
  afterAll(() => t.close());

  async function read(path: string) {
    const before = statements.length;
    const res = await t.http().get(path).set(coordinator);
    expect(res.status).toBe(200);
    return {
      body: res.body as { id: string; status: string; startsAt: string; module: { number: number } }[],
      statements: statements.length - before,
    };
  }

  it('reads week 1 and week 50 again with the same few statements', async () => {
    await read(week('2026-03-16'));
    await read(week('2027-03-01'));
    const first = await read(week('2026-03-16'));
    const fiftieth = await read(week('2027-03-01'));
    expect([first.body.length, fiftieth.body.length]).toEqual([3, 3]);
    expect(fiftieth.statements).toBe(first.statements);
    expect(fiftieth.statements).toBeLessThanOrEqual(4);
  });

  it('shows a cancellation, and the modules moving up after it, in the next read', async () => {
    const before = (await read(week('2027-03-08'))).body;
    const cancelled = await t.http().post(`/api/sessions/${before[0].id}/cancel`).set(coordinator).send({ reason: 'Helligdag' });
    expect(cancelled.status).toBe(200);
    const after = (await read(week('2027-03-08'))).body;
    expect(after.map((s) => s.status)).toEqual(['cancelled', 'scheduled', 'scheduled']);
    expect(after[1].module.number).toBe(before[0].module.number);
  });

  it('shows a group edit and a new group in the next read', async () => {
    const [group] = (await t.http().get(`/api/wards/${wardId}/groups`).set(coordinator)).body;
    await read(week('2027-03-15'));
    const edit = await t
      .http()
      .patch(`/api/wards/${wardId}/groups/${group.id}`)
      .set(coordinator)
      .send({ effectiveFrom: '2027-03-15', startTime: '11:00' });
    expect(edit.status).toBe(200);
    expect((await read(week('2027-03-15'))).body.map((s) => s.startsAt.slice(11, 16))).toEqual(['11:00', '11:00', '11:00']);
    const added = await t.http().post(`/api/wards/${wardId}/groups`).set(coordinator).send({
      name: 'Kveldsgruppe',
      recurrence: 'FREQ=WEEKLY;BYDAY=TU',
      startTime: '17:00',
      durationMinutes: 60,
      curriculum: 'core',
      startsOn: '2027-03-01',
    });
    expect(added.status).toBe(201);
    expect((await read(week('2027-03-15'))).body).toHaveLength(4);
  });

  it('shows a conflict that an absence makes in the next read', async () => {
    const facilitator = await t
      .http()
      .post('/api/facilitators')
      .set(coordinator)
      .send({ name: 'Kari Nordmann', profession: 'nurse', imrTrained: true, wardIds: [wardId] });
    await t
      .http()
      .post('/api/facilitators')
      .set(coordinator)
      .send({ name: 'Ola Nordmann', profession: 'nurse', imrTrained: true, wardIds: [wardId] });
    expect(
      (await t.http().post(`/api/wards/${wardId}/rota/plan`).set(coordinator).send({ from: '2027-03-22', to: '2027-03-28' })).status,
    ).toBe(200);
    const before = (await t.http().get(week('2027-03-22')).set(coordinator)).body as { conflicts: { rule: string }[] }[];
    expect(before.flatMap((s) => s.conflicts)).toEqual([]);
    const absence = await t
      .http()
      .post(`/api/facilitators/${facilitator.body.id}/absences`)
      .set(coordinator)
      .send({ from: '2027-03-22', to: '2027-03-28' });
    expect(absence.status).toBe(201);
    const after = (await t.http().get(week('2027-03-22')).set(coordinator)).body as { conflicts: { rule: string }[] }[];
    expect(after.flatMap((s) => s.conflicts.map((c) => c.rule))).toContain('absent');
  });
});
