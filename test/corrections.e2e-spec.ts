import { AuditEntity } from '../src/database/schema/audit.entity';
import { startTestApp, TestApp } from './support/test-app';
import { admit, createWorld, DISCHARGE_NOW, expectStatus, fullDischarge, ReferralWorld, sessionsOn } from './referrals.e2e-support';

/*
 * Issue 13, acceptance 4 and 5: the forecast, at-risk and discharge cases of the story, and every correction
 * route with its audit row. The world's ward offers one core group (Mon/Wed/Fri 10:00 from 2027-02-01, 2 4 5 7);
 * "now" is Tuesday 2027-02-09 13:00 in Oslo.
 */
describe('forecasts inside the stay, and corrections (e2e)', () => {
  let t: TestApp;
  let w: ReferralWorld;
  const byDate = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp();
    w = await createWorld(t);
    for (const s of await sessionsOn(t, w, '2027-02-01', '2027-02-12')) byDate.set(s.startsAt.slice(0, 10), s.id);
    t.clock.set(DISCHARGE_NOW);
  });
  afterAll(() => t.close());

  const attendOn = (date: string, admissionId: string) =>
    expectStatus(
      t
        .http()
        .post(`/api/sessions/${byDate.get(date)}/attendance`)
        .set(w.coordinator)
        .send({ admissionId }),
      201,
    );
  const progress = (id: string) => expectStatus(t.http().get(`/api/admissions/${id}/progress`).set(w.coordinator), 200);
  const discharge = (id: string, body: object) => t.http().post(`/api/admissions/${id}/discharge`).set(w.discharge).send(body);
  const undo = (id: string) => t.http().delete(`/api/admissions/${id}/discharge`).set(w.discharge);
  const audited = async (action: string, targetId: string) =>
    (await t.db.repo(AuditEntity).find({ where: { targetId } })).filter((a) => a.action === action).length;

  describe('forecasts (acceptance 4)', () => {
    it('an admission entered ahead of time is planned, and its forecast names no session before it', async () => {
      const res = await expectStatus(
        t
          .http()
          .post(`/api/wards/${w.ward.id}/admissions`)
          .set(w.coordinator)
          .send({ patientRef: 'P-ahead', admittedOn: '2027-02-19', expectedDischargeOn: '2027-03-31' }),
        201,
      );
      expect(res.status).toBe('planned');
      const p = await progress(res.id);
      expect(p.forecast.filter((f: { startsAt: string }) => f.startsAt.slice(0, 10) < '2027-02-19')).toEqual([]);
      expect(p.forecast.map((f: { module: number }) => f.module).sort()).toEqual([2, 4, 5, 7]);
      expect(p.atRisk).toBe(false);
    });

    it('a long stay on a ward that offers only the core modules is at risk only for those; the rest come after discharge', async () => {
      const res = await expectStatus(
        t
          .http()
          .post(`/api/wards/${w.ward.id}/admissions`)
          .set(w.coordinator)
          .send({ patientRef: 'P-long', admittedOn: '2027-02-01', expectedDischargeOn: '2027-02-12' }),
        201,
      );
      await expectStatus(t.http().patch(`/api/admissions/${res.id}`).set(w.coordinator).send({ expectedDischargeOn: '2027-09-01' }), 200);
      const p = await progress(res.id);
      expect(p.plannedModules).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(p.atRiskModules.filter((m: number) => ![2, 4, 5, 7].includes(m))).toEqual([]);
      expect(p.atRisk).toBe(false);
      expect(p.afterDischarge).toEqual([1, 3, 6, 8, 9, 10, 11]);
    });

    it('a discharged stay is never at risk; what remains is for after discharge', async () => {
      const id = await admit(t, w, 'P-done');
      await attendOn('2027-02-01', id);
      await expectStatus(discharge(id, { dischargedOn: '2027-02-09', continueImr: false }), 201);
      const p = await progress(id);
      expect(p).toMatchObject({ completedModules: [2], forecast: [], atRisk: false, atRiskModules: [], afterDischarge: [4, 5, 7] });
    });

    it('refuses a discharge dated before recorded attendance, naming the days (409)', async () => {
      const id = await admit(t, w, 'P-late');
      await attendOn('2027-02-05', id);
      await attendOn('2027-02-08', id);
      const early = await discharge(id, { dischargedOn: '2027-02-03', continueImr: false });
      expect(early.status).toBe(409);
      expect(early.body.message).toEqual([expect.stringMatching(/before attendance recorded on 2027-02-05, 2027-02-08/)]);
      await expectStatus(discharge(id, { dischargedOn: '2027-02-08', continueImr: false }), 201);
    });
  });

  describe('corrections (acceptance 5)', () => {
    it('undoes a discharge made without a referral by mistake, then one with a draft referral (withdrawn, kept)', async () => {
      const id = await admit(t, w, 'P-undo');
      await expectStatus(discharge(id, { dischargedOn: '2027-02-09', continueImr: false }), 201);
      const undone = await expectStatus(undo(id), 200);
      expect(undone).toMatchObject({ admission: { status: 'admitted', dischargedOn: null }, referral: null });
      expect(await audited('admission.discharge.undo', id)).toBe(1);
      const first = await expectStatus(discharge(id, fullDischarge), 201);
      expect(first.referral.status).toBe('draft');
      t.clock.set('2027-02-09T12:05:00.000Z');
      const again = await expectStatus(undo(id), 200);
      expect(again.referral).toMatchObject({ id: first.referral.id, status: 'withdrawn' });
      const kept = await expectStatus(t.http().get(`/api/referrals/${first.referral.id}`).set(w.discharge), 200);
      expect(kept.status).toBe('withdrawn');
      const history = await expectStatus(t.http().get(`/api/referrals/${first.referral.id}/history`).set(w.discharge), 200);
      expect(history.map((e: { status: string }) => e.status)).toEqual(['draft', 'withdrawn']);
      expect((await undo(id)).status).toBe(409);
      const second = await expectStatus(discharge(id, fullDischarge), 201);
      expect(second.referral.id).not.toBe(first.referral.id);
      expect(await expectStatus(discharge(id, fullDischarge), 201)).toMatchObject({ referral: { id: second.referral.id } });
      await expectStatus(t.http().post(`/api/referrals/${second.referral.id}/status`).set(w.discharge).send({ status: 'sent' }), 200);
      const sent = await undo(id);
      expect([sent.status, sent.body.message]).toEqual([
        409,
        [expect.stringMatching(/is sent; a discharge can be undone only while its referral is a draft/)],
      ]);
    });

    it('edits a draft referral with history; 400 naming the field; 409 once sent', async () => {
      const id = await admit(t, w, 'P-edit');
      const { referral } = await expectStatus(discharge(id, fullDischarge), 201);
      const patch = (body: object) => t.http().patch(`/api/referrals/${referral.id}`).set(w.discharge).send(body);
      const edited = await expectStatus(
        patch({
          receivingService: { kind: 'municipal-service', name: '  Fjordby kommune, psykisk helse ' },
          recoveryGoals: ['Komme i jobb'],
        }),
        200,
      );
      expect(edited.receivingService).toMatchObject({ kind: 'municipal-service', name: 'Fjordby kommune, psykisk helse' });
      expect(edited.recoveryGoals).toEqual([expect.objectContaining({ text: 'Komme i jobb' })]);
      const edits = await expectStatus(t.http().get(`/api/referrals/${referral.id}/edits`).set(w.discharge), 200);
      expect(edits).toEqual([
        expect.objectContaining({
          fields: ['receivingService', 'recoveryGoals'],
          before: expect.objectContaining({ receivingService: expect.objectContaining({ name: 'Nordre Fjordby DPS' }) }),
          after: expect.objectContaining({ receivingService: expect.objectContaining({ name: 'Fjordby kommune, psykisk helse' }) }),
        }),
      ]);
      expect(await audited('referral.edit', referral.id)).toBe(1);
      t.clock.set('2027-02-09T12:10:00.000Z');
      const letter = await expectStatus(patch({ gp: { name: 'Lege Lise Fastlege', practice: 'Torget legesenter' } }), 200);
      expect(letter.gp).toEqual({ name: 'Lege Lise Fastlege', practice: 'Torget legesenter' });
      const again = await expectStatus(t.http().get(`/api/referrals/${referral.id}/edits`).set(w.discharge), 200);
      expect(again.map((e: { fields: string[] }) => e.fields)).toEqual([['receivingService', 'recoveryGoals'], ['gp']]);
      const bad = await patch({ receivingService: { kind: 'hospital', name: 'X' } });
      expect([bad.status, bad.body.message]).toEqual([400, [expect.stringMatching(/^receivingService\.kind must be one of/)]]);
      const fhir = await t.http().get(`/api/referrals/${referral.id}/fhir`).set(w.discharge);
      expect(fhir.text).toContain('Fjordby kommune, psykisk helse');
      await expectStatus(t.http().post(`/api/referrals/${referral.id}/status`).set(w.discharge).send({ status: 'sent' }), 200);
      expect((await patch({ recoveryGoals: ['x'] })).status).toBe(409);
    });

    it('deletes an admission entered by mistake; refuses one with recorded facts, naming them', async () => {
      const mistake = await admit(t, w, 'P-oops');
      const res = await t.http().delete(`/api/admissions/${mistake}`).set(w.coordinator);
      expect(res.status).toBe(204);
      expect((await t.http().get(`/api/admissions/${mistake}`).set(w.coordinator)).status).toBe(404);
      expect(await audited('admission.delete', mistake)).toBe(1);
      const attended = await admit(t, w, 'P-kept');
      await attendOn('2027-02-03', attended);
      const refused = await t.http().delete(`/api/admissions/${attended}`).set(w.discharge);
      expect([refused.status, refused.body.message]).toEqual([409, [expect.stringMatching(/attendance on 2027-02-03/)]]);
    });

    it('deletes a ward made by mistake; refuses one that holds groups or admissions, naming them', async () => {
      const admin = { Authorization: `Bearer ${t.adminKey}` };
      const oops = await expectStatus(t.http().post('/api/wards').set(w.coordinator).send({ code: 'OOPS', name: 'Made by mistake' }), 201);
      expect((await t.http().delete(`/api/wards/${oops.id}`).set(w.coordinator)).status).toBe(204);
      expect((await t.http().get(`/api/wards/${oops.id}`).set(admin)).status).toBe(404);
      expect(await audited('ward.delete', oops.id)).toBe(1);
      const full = await t.http().delete(`/api/wards/${w.ward.id}`).set(w.coordinator);
      expect([full.status, full.body.message]).toEqual([409, [expect.stringMatching(/holds \d+ groups?, \d+ admissions/)]]);
    });

    it('deletes a group made by mistake, ends one before its start, and refuses a group with recorded facts', async () => {
      const create = (startsOn: string) =>
        expectStatus(
          t
            .http()
            .post(`/api/wards/${w.ward.id}/groups`)
            .set(w.coordinator)
            .send({
              name: `Mistake ${startsOn}`,
              recurrence: 'FREQ=WEEKLY;BYDAY=TU',
              startTime: '14:00',
              durationMinutes: 60,
              startsOn,
              curriculum: 'core',
            }),
          201,
        );
      const later = await create('2027-03-02');
      const listed = async (groupId: string) =>
        (await sessionsOn(t, w, '2027-02-01', '2027-03-31')).filter((s: any) => s.groupId === groupId).length;
      expect(await listed(later.id)).toBeGreaterThan(0);
      const ended = await expectStatus(
        t.http().post(`/api/wards/${w.ward.id}/groups/${later.id}/end`).set(w.coordinator).send({ endsOn: '2027-02-20' }),
        200,
      );
      expect(ended.endsOn).toBe('2027-02-20');
      expect(await listed(later.id)).toBe(0);
      const past = await create('2027-02-02');
      expect(await listed(past.id)).toBeGreaterThan(0);
      expect((await t.http().delete(`/api/wards/${w.ward.id}/groups/${past.id}`).set(w.coordinator)).status).toBe(204);
      expect(await listed(past.id)).toBe(0);
      expect(await audited('group.delete', past.id)).toBe(1);
      const groups = await expectStatus(t.http().get(`/api/wards/${w.ward.id}/groups`).set(w.coordinator), 200);
      const main = groups.find((g: { name: string }) => g.name === 'IMR open group');
      await expectStatus(
        t
          .http()
          .put(`/api/sessions/${byDate.get('2027-02-01')}/outcome`)
          .set(w.coordinator)
          .send({ held: true }),
        200,
      );
      const refused = await t.http().delete(`/api/wards/${w.ward.id}/groups/${main.id}`).set(w.coordinator);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toEqual([
        expect.stringMatching(/sessions held on 2027-02-01; attendance on 2027-02-01, 2027-02-03, 2027-02-05/),
      ]);
    });
  });
});
