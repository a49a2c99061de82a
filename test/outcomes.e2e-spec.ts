import { AuditEntity } from '../src/database/schema/audit.entity';
import { startTestApp, TestApp } from './support/test-app';
import { admit, createWorld, DISCHARGE_NOW, expectStatus, ReferralWorld, sessionsOn } from './referrals.e2e-support';

/*
 * Issue 13, acceptance 1 and 3. The world's group meets Mon/Wed/Fri 10:00 (Oslo) from 2027-02-01 with the
 * core modules 2, 4, 5, 7; "now" is Tuesday 2027-02-09 13:00, so 1, 3, 5 and 8 February have started.
 */
describe('session outcomes and the attendance register (e2e)', () => {
  let t: TestApp;
  let w: ReferralWorld;
  let facilitatorId: string;
  const byDate = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp();
    w = await createWorld(t);
    for (const s of await sessionsOn(t, w, '2027-02-01', '2027-02-19')) byDate.set(s.startsAt.slice(0, 10), s.id);
    const f = await expectStatus(
      t
        .http()
        .post('/api/facilitators')
        .set(w.coordinator)
        .send({ name: 'Kari', profession: 'nurse', imrTrained: true, wardIds: [w.ward.id] }),
      201,
    );
    facilitatorId = f.id;
    t.clock.set(DISCHARGE_NOW);
  });
  afterAll(() => t.close());

  const outcome = (date: string, body: object, key = w.coordinator) =>
    t
      .http()
      .put(`/api/sessions/${byDate.get(date)}/outcome`)
      .set(key)
      .send(body);
  const modules = async (from: string, to: string) =>
    (await sessionsOn(t, w, from, to)).map((s: any) => `${s.startsAt.slice(5, 10)} ${s.module.number} ${s.status}`);

  it('refuses an outcome before the session starts (422) and for a bad body (400 naming the field)', async () => {
    expect((await outcome('2027-02-10', { held: true })).status).toBe(422);
    const noReason = await outcome('2027-02-03', { held: false });
    expect([noReason.status, noReason.body.message]).toEqual([400, ['reason is required when held is false']]);
    const stranger = await outcome('2027-02-01', { held: true, facilitatorIds: ['00000000-0000-4000-8000-000000000000'] });
    expect([stranger.status, stranger.body.message]).toEqual([400, ['facilitatorIds[0] is not a facilitator of this ward']]);
  });

  it('a past session not held passes its module to the next session not started; held ones keep theirs (acceptance 1)', async () => {
    expect(await modules('2027-02-01', '2027-02-17')).toEqual([
      '02-01 2 scheduled',
      '02-03 4 scheduled',
      '02-05 5 scheduled',
      '02-08 7 scheduled',
      '02-10 2 scheduled',
      '02-12 4 scheduled',
      '02-15 5 scheduled',
      '02-17 7 scheduled',
    ]);
    const held = await expectStatus(outcome('2027-02-01', { held: true, facilitatorIds: [facilitatorId] }), 200);
    expect(held).toMatchObject({
      status: 'scheduled',
      outcome: { held: true, facilitatorIds: [facilitatorId], moduleNumber: 2, reason: null },
    });
    const notHeld = await expectStatus(outcome('2027-02-03', { held: false, reason: 'Facilitator ill at 09:50' }), 200);
    expect(notHeld).toMatchObject({
      status: 'not-held',
      module: { number: 4 },
      outcome: { held: false, reason: 'Facilitator ill at 09:50', moduleNumber: null },
    });
    await expectStatus(outcome('2027-02-05', { held: true, facilitatorIds: [facilitatorId] }), 200);
    const audits = await t.db.repo(AuditEntity).find({ where: { targetId: byDate.get('2027-02-03') } });
    expect(audits.map((a) => a.action)).toContain('session.outcome');
    expect(await modules('2027-02-01', '2027-02-17')).toEqual([
      '02-01 2 scheduled',
      '02-03 4 not-held',
      '02-05 5 scheduled',
      '02-08 7 scheduled',
      '02-10 4 scheduled',
      '02-12 2 scheduled',
      '02-15 4 scheduled',
      '02-17 5 scheduled',
    ]);
  });

  it('refuses attendance on the session not held, one by one or as a register (409)', async () => {
    const id = await admit(t, w, 'P-out-1');
    const one = await t
      .http()
      .post(`/api/sessions/${byDate.get('2027-02-03')}/attendance`)
      .set(w.coordinator)
      .send({ admissionId: id });
    expect(one.status).toBe(409);
    const register = await t
      .http()
      .put(`/api/sessions/${byDate.get('2027-02-03')}/attendance`)
      .set(w.coordinator)
      .send({ admissionIds: [id] });
    expect([register.status, register.body.message]).toEqual([409, [expect.stringMatching(/not held/)]]);
    const cancel = await t
      .http()
      .post(`/api/sessions/${byDate.get('2027-02-03')}/cancel`)
      .set(w.coordinator)
      .send({ reason: 'x' });
    expect(cancel.status).toBe(409);
  });

  it('stats count held, not held and unrecorded apart, with hours from who ran each session', async () => {
    const stats = await expectStatus(t.http().get(`/api/wards/${w.ward.id}/stats?from=2027-02-01&to=2027-02-09`).set(w.coordinator), 200);
    expect(stats).toMatchObject({ sessionsHeld: 2, sessionsNotHeld: 1, sessionsUnrecorded: 1, sessionsCancelled: 0 });
    expect(stats.facilitatorHours).toEqual([{ facilitatorId, name: 'Kari', sessions: 2, hours: 2 }]);
  });

  it('a facilitator may record only their own sessions; the module actually taught sticks and moves the cycle on', async () => {
    const own = { Authorization: `Bearer ${await t.key('facilitator', undefined, facilitatorId)}` };
    expect((await outcome('2027-02-08', { held: true }, w.facilitator)).status).toBe(403);
    const taught = await expectStatus(outcome('2027-02-05', { held: true, facilitatorIds: [facilitatorId], moduleNumber: 7 }, own), 200);
    expect(taught).toMatchObject({ module: { number: 7 }, outcome: { moduleNumber: 7 } });
    // 5 was taught as 7, so after the frozen 7 of 8 February the cycle goes on with 2; 4 is still owed from 3 February.
    expect(await modules('2027-02-05', '2027-02-17')).toEqual([
      '02-05 7 scheduled',
      '02-08 7 scheduled',
      '02-10 4 scheduled',
      '02-12 2 scheduled',
      '02-15 4 scheduled',
      '02-17 5 scheduled',
    ]);
    await expectStatus(outcome('2027-02-05', { held: true, facilitatorIds: [facilitatorId] }, own), 200);
    expect((await modules('2027-02-05', '2027-02-05'))[0]).toBe('02-05 5 scheduled');
  });

  describe('PUT /api/sessions/:id/attendance (the register)', () => {
    let ids: string[];
    const register = (date: string, admissionIds: string[]) =>
      t
        .http()
        .put(`/api/sessions/${byDate.get(date)}/attendance`)
        .set(w.coordinator)
        .send({ admissionIds });
    const listed = async (date: string) =>
      (
        await expectStatus(
          t
            .http()
            .get(`/api/sessions/${byDate.get(date)}/attendance`)
            .set(w.coordinator),
          200,
        )
      ).attendees
        .map((a: { admissionId: string }) => a.admissionId)
        .sort();

    beforeAll(async () => {
      ids = [];
      for (let i = 0; i < 10; i++) ids.push(await admit(t, w, `P-reg-${i}`));
    });

    it('replaces the list, idempotently, and names who is over the fidelity group size of 8', async () => {
      const all = await expectStatus(register('2027-02-08', ids), 200);
      expect(all).toEqual({ sessionId: byDate.get('2027-02-08'), admissionIds: ids, fidelityGroupSize: 8, overCapacity: ids.slice(8) });
      expect(await expectStatus(register('2027-02-08', ids), 200)).toEqual(all);
      const audits = await t.db.repo(AuditEntity).find({ where: { targetId: byDate.get('2027-02-08') } });
      expect(audits.filter((a) => a.action === 'attendance.register')).toHaveLength(2);
      const three = await expectStatus(register('2027-02-08', ids.slice(0, 3)), 200);
      expect(three.overCapacity).toEqual([]);
      expect(await listed('2027-02-08')).toEqual(ids.slice(0, 3).sort());
      const twice = await register('2027-02-08', [ids[0], ids[0]]);
      expect([twice.status, twice.body.message]).toEqual([400, ['admissionIds[1] is listed twice']]);
      const bad = await register('2027-02-08', [ids[0], 'x']);
      expect([bad.status, bad.body.message]).toEqual([400, ['admissionIds[1] must be a UUID']]);
      expect((await register('2027-02-10', [ids[0]])).status).toBe(422);
    });

    it('an injected failure half-way leaves the old list (acceptance 3)', async () => {
      await expectStatus(register('2027-02-01', [ids[0], ids[1]]), 200);
      const failOn = ids[4];
      if (t.db.isPostgres) {
        await t.db.dataSource.query(`CREATE FUNCTION fail_register() RETURNS trigger AS $$ BEGIN
          IF NEW."admissionId" = '${failOn}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
        await t.db.dataSource.query(
          `CREATE TRIGGER fail_register BEFORE INSERT ON attendance FOR EACH ROW EXECUTE FUNCTION fail_register()`,
        );
      } else {
        await t.db.dataSource.query(
          `CREATE TRIGGER fail_register BEFORE INSERT ON attendance WHEN NEW."admissionId" = '${failOn}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
        );
      }
      // Removes ids[1], adds ids[2] and ids[3], then fails on ids[4].
      const failed = await register('2027-02-01', [ids[0], ids[2], ids[3], ids[4], ids[5]]);
      expect(failed.status).toBe(500);
      expect(await listed('2027-02-01')).toEqual([ids[0], ids[1]].sort());
      await t.db.dataSource.query('DROP TRIGGER fail_register' + (t.db.isPostgres ? ' ON attendance' : ''));
      await expectStatus(register('2027-02-01', [ids[0], ids[2], ids[3], ids[4], ids[5]]), 200);
      expect(await listed('2027-02-01')).toEqual([ids[0], ids[2], ids[3], ids[4], ids[5]].sort());
    });

    it('a session with attendance cannot be recorded not held until its register is cleared', async () => {
      const refused = await outcome('2027-02-01', { held: false, reason: 'mistake' });
      expect([refused.status, refused.body.message]).toEqual([409, [expect.stringMatching(/clear its register/)]]);
      await expectStatus(register('2027-02-01', []), 200);
      await expectStatus(outcome('2027-02-01', { held: false, reason: 'Nobody came' }), 200);
    });
  });
});
