import { bearer, startTestApp, TestApp } from './support/test-app';

/** No person in two overlapping scheduled sessions, checked over every ward (issue 12, acceptance 3). */
async function doubleBookings(t: TestApp): Promise<unknown[]> {
  return t.db.dataSource.query(`
    SELECT a1."facilitatorId", a1."sessionId" AS one, a2."sessionId" AS two
    FROM session_assignments a1
    JOIN session_assignments a2 ON a1."facilitatorId" = a2."facilitatorId" AND a1."sessionId" < a2."sessionId"
      AND a1."startsAt" < a2."endsAt" AND a2."startsAt" < a1."endsAt"
    JOIN sessions s1 ON s1.id = a1."sessionId" AND s1.status = 'scheduled'
    JOIN sessions s2 ON s2.id = a2."sessionId" AND s2.status = 'scheduled'`);
}

describe('no double booking by any path, under races (e2e; run on SQLite and with TEST_DATABASE=postgres)', () => {
  let t: TestApp;
  let coordinator: Record<string, string>;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-02-26T08:00:00.000Z' });
    coordinator = bearer(await t.key('coordinator'));
  });
  afterAll(() => t.close());

  async function ward(): Promise<string> {
    const res = await t
      .http()
      .post('/api/wards')
      .set(coordinator)
      .send({ code: `RACE${seq++}`, name: `Post R${seq}` });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  async function person(wardIds: string[], name: string): Promise<string> {
    const res = await t.http().post('/api/facilitators').set(coordinator).send({ name, profession: 'nurse', imrTrained: true, wardIds });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  async function mondays(wardId: string, startTime: string, endsOn = '2027-11-29'): Promise<{ groupId: string; ids: string[] }> {
    const res = await t.http().post(`/api/wards/${wardId}/groups`).set(coordinator).send({
      name: 'Mandagsgruppe',
      recurrence: 'FREQ=WEEKLY;BYDAY=MO',
      startTime,
      durationMinutes: 60,
      startsOn: '2027-03-01',
      endsOn,
      curriculum: 'full',
    });
    expect(res.status).toBe(201);
    // Reads store sessions only inside the window the jobs keep; a write (publish) stores the months ahead.
    await t.http().post(`/api/wards/${wardId}/rota/publish`).set(coordinator).send({ from: '2027-03-01', to: endsOn }).expect(200);
    const list = await t.http().get(`/api/wards/${wardId}/sessions?from=2027-03-01&to=${endsOn}`).set(coordinator);
    return { groupId: res.body.id, ids: list.body.map((s: { id: string }) => s.id) };
  }

  it('re-timing a group onto the hour another ward hand-assigns the same person on 40 dates leaves no double booking', async () => {
    const a = await ward();
    const b = await ward();
    const shared = await person([a, b], 'Shared');
    await person([a], 'Partner A');
    const partnerB = await person([b], 'Partner B');
    const groupA = await mondays(a, '10:00');
    const groupB = await mondays(b, '12:00');
    expect(groupA.ids).toHaveLength(40);
    expect(groupB.ids).toHaveLength(40);
    const planned = await t.http().post(`/api/wards/${a}/rota/plan`).set(coordinator).send({ from: '2027-03-01', to: '2027-11-29' });
    expect(planned.body.summary.assigned).toBe(40);

    // The assignments are spread over 200 ms so they land while the re-time's transaction runs: without the
    // per-person locks in the re-time, PostgreSQL then let both sides write and this test failed.
    const delay = 200;
    const [retime, ...assigns] = await Promise.all([
      t.http().patch(`/api/wards/${a}/groups/${groupA.groupId}`).set(coordinator).send({ effectiveFrom: '2027-03-01', startTime: '12:00' }),
      ...groupB.ids.map(async (id, i) => {
        await new Promise((r) => setTimeout(r, (delay * i) / 40));
        return t
          .http()
          .put(`/api/sessions/${id}/facilitators`)
          .set(coordinator)
          .send({ facilitatorIds: [shared, partnerB] });
      }),
    ]);
    expect(retime.status).toBe(200);
    expect(assigns.filter((r) => r.status !== 200 && r.status !== 409).map((r) => r.status)).toEqual([]);
    expect(await doubleBookings(t)).toEqual([]);
    // Every date has the shared person exactly once: in ward B where the assignment won, else still in ward A.
    const rows: { n: string | number }[] = await t.db.dataSource.query(
      `SELECT COUNT(*) AS n FROM session_assignments WHERE "facilitatorId" = ${t.db.isPostgres ? '$1' : '?'}`,
      [shared],
    );
    expect(Number(rows[0].n)).toBe(40);
    // What ward A lost shows as a conflict there until a plan mends it.
    const lost = assigns.filter((r) => r.status === 200).length;
    const conflicts = (await t.http().get(`/api/wards/${a}/rota/conflicts?from=2027-03-01&to=2027-11-29`).set(coordinator)).body;
    expect(conflicts.filter((c: { rule: string }) => c.rule === 'understaffed')).toHaveLength(lost);
  });

  it('uncancel racing a manual assignment in another ward: whoever wins, nobody is in two places', async () => {
    const u = await ward();
    const v = await ward();
    const shared = await person([u, v], 'Shared');
    const u1 = await person([u], 'U one');
    const v1 = await person([v], 'V one');
    const su = (await mondays(u, '10:00', '2027-03-01')).ids[0];
    const sv = (await mondays(v, '10:30', '2027-03-01')).ids[0];
    await t
      .http()
      .put(`/api/sessions/${su}/facilitators`)
      .set(coordinator)
      .send({ facilitatorIds: [shared, u1] })
      .expect(200);
    await t.http().post(`/api/sessions/${su}/cancel`).set(coordinator).send({ reason: 'ward outing' }).expect(200);
    const [back, put] = await Promise.all([
      t.http().post(`/api/sessions/${su}/uncancel`).set(coordinator),
      t
        .http()
        .put(`/api/sessions/${sv}/facilitators`)
        .set(coordinator)
        .send({ facilitatorIds: [shared, v1] }),
    ]);
    expect(back.status).toBe(200);
    expect([200, 409]).toContain(put.status);
    expect(await doubleBookings(t)).toEqual([]);
    const mine = back.body.facilitators.map((f: { id: string }) => f.id);
    if (put.status === 200 && !mine.includes(shared)) expect(back.body.affectedSessions).toContain(su);
    if (put.status === 409) expect(put.body.message).toMatch(/already booked/);
  });
});
