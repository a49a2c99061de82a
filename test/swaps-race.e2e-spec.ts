import { bearer, startTestApp, TestApp } from './support/test-app';

/**
 * Issue 17, acceptance 2: 20 parallel claims of one offer. Exactly one wins, 19 get 409, and the rota
 * breaks no rule: the session has its two people, the winner was eligible (five of the claimants
 * are absent that day and must never win), and nobody is in two overlapping sessions anywhere.
 * Runs on SQLite and (TEST_DATABASE=postgres) PostgreSQL.
 */
describe('20 parallel claims of one offer (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-03-01T09:00:00.000Z' });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('one wins, 19 get 409, no rule broken', async () => {
    const coordinator = bearer(await t.key('coordinator'));
    const http = () => t.http();
    const ward = (await http().post('/api/wards').set(coordinator).send({ code: 'RACE', name: 'Race ward' }).expect(201)).body;
    const other = (await http().post('/api/wards').set(coordinator).send({ code: 'RACE2', name: 'Other ward' }).expect(201)).body;
    const person = async (name: string, wardIds = [ward.id]) =>
      (await http().post('/api/facilitators').set(coordinator).send({ name, profession: 'nurse', imrTrained: true, wardIds }).expect(201))
        .body.id as string;
    const kari = await person('Kari');
    const ola = await person('Ola');
    const claimants: { id: string; key: Record<string, string>; absent: boolean; elsewhere: boolean }[] = [];
    for (let i = 0; i < 20; i++) {
      const id = await person(`Claimant ${i}`, [ward.id, other.id]);
      claimants.push({ id, key: bearer(await t.key('facilitator', [ward.id], id)), absent: i % 4 === 0, elsewhere: i % 4 === 1 });
    }
    for (const [wardId, name] of [
      [ward.id, 'Open group'],
      [other.id, 'Other group'],
    ]) {
      await http()
        .post(`/api/wards/${wardId}/groups`)
        .set(coordinator)
        .send({
          name,
          recurrence: 'FREQ=WEEKLY;BYDAY=WE',
          startTime: '10:00',
          durationMinutes: 60,
          startsOn: '2027-03-01',
          curriculum: 'core',
        })
        .expect(201);
    }
    const sessionOf = async (wardId: string) =>
      (await http().get(`/api/wards/${wardId}/sessions?from=2027-03-03&to=2027-03-03`).set(coordinator).expect(200)).body[0].id as string;
    const sessionId = await sessionOf(ward.id);
    const otherSession = await sessionOf(other.id);
    await http()
      .put(`/api/sessions/${sessionId}/facilitators`)
      .set(coordinator)
      .send({ facilitatorIds: [kari, ola] })
      .expect(200);
    // Five claimants are absent that day; five are booked at the same hour on the other ward (two per session there: pairs).
    for (const c of claimants.filter((c) => c.absent)) {
      await http().post(`/api/facilitators/${c.id}/absences`).set(coordinator).send({ from: '2027-03-03', to: '2027-03-03' }).expect(201);
    }
    const busy = claimants.filter((c) => c.elsewhere).slice(0, 2);
    await http()
      .put(`/api/sessions/${otherSession}/facilitators`)
      .set(coordinator)
      .send({ facilitatorIds: busy.map((c) => c.id) })
      .expect(200);
    const offer = (await http().post(`/api/sessions/${sessionId}/offers`).set(coordinator).send({ facilitatorId: kari }).expect(201)).body;

    const started = Date.now();
    const results = await Promise.all(
      claimants.map(async (c) => {
        const res = await http().post(`/api/offers/${offer.id}/claim`).set(c.key).send({});
        return { c, status: res.status, message: String(res.body.message) };
      }),
    );
    const ms = Date.now() - started;
    const winners = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 409);
    expect(results.filter((r) => r.status !== 200 && r.status !== 409)).toEqual([]);
    expect(winners.length).toBe(1);
    expect(refused.length).toBe(19);
    const winner = winners[0].c;
    expect([winner.absent, busy.some((b) => b.id === winner.id)]).toEqual([false, false]);
    for (const r of refused.filter((r) => r.c.absent))
      expect([r.c.id, r.message]).toEqual([r.c.id, expect.stringMatching(/absent that day|already been taken/)]);

    const team: { facilitatorId: string; role: string }[] = await t.db.dataSource.query(
      t.db.isPostgres
        ? 'SELECT "facilitatorId", role FROM session_assignments WHERE "sessionId" = $1 ORDER BY role DESC'
        : 'SELECT facilitatorId, role FROM session_assignments WHERE sessionId = ? ORDER BY role DESC',
      [sessionId],
    );
    expect(team).toEqual([
      { facilitatorId: winner.id, role: 'lead' },
      { facilitatorId: ola, role: 'co' },
    ]);
    const q = t.db.isPostgres
      ? `SELECT a."facilitatorId" AS f, a."sessionId" AS s1, b."sessionId" AS s2 FROM session_assignments a JOIN session_assignments b
           ON a."facilitatorId" = b."facilitatorId" AND a."sessionId" < b."sessionId"
           AND a."startsAt" < b."endsAt" AND b."startsAt" < a."endsAt"`
      : `SELECT a.facilitatorId AS f, a.sessionId AS s1, b.sessionId AS s2 FROM session_assignments a JOIN session_assignments b
           ON a.facilitatorId = b.facilitatorId AND a.sessionId < b.sessionId AND a.startsAt < b.endsAt AND b.startsAt < a.endsAt`;
    expect(await t.db.dataSource.query(q)).toEqual([]);
    const offers = (await http().get(`/api/offers?wardId=${ward.id}`).set(coordinator).expect(200)).body;
    expect(offers.map((o: { status: string; claimedBy: string }) => [o.status, o.claimedBy])).toEqual([['approved', winner.id]]);
    process.stdout.write(
      `parallel claims (${t.db.isPostgres ? 'postgres' : 'sqlite'}): 20 claims in ${ms} ms, 1 × 200, ${refused.length} × 409\n`,
    );
  }, 60_000);
});
