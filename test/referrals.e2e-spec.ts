import { bearer, startTestApp, TestApp } from './support/test-app';
import {
  admit,
  attend,
  createKey,
  createWorld,
  DISCHARGE_NOW,
  expectStatus,
  fullDischarge,
  ReferralWorld,
  sessionsOn,
} from './referrals.e2e-support';

describe('discharge and referrals (e2e)', () => {
  let t: TestApp;
  let w: ReferralWorld;

  beforeAll(async () => {
    t = await startTestApp();
    w = await createWorld(t);
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set(DISCHARGE_NOW));

  const discharge = (id: string, body: object, key = w.discharge) => t.http().post(`/api/admissions/${id}/discharge`).set(key).send(body);

  describe('POST /api/admissions/:id/discharge', () => {
    it('needs a receiving service when continuing IMR (400 naming it) and leaves the admission open', async () => {
      const id = await admit(t, w, 'P-400');
      const res = await discharge(id, { dischargedOn: '2027-02-09', continueImr: true, recoveryGoals: ['x'] });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toMatch(/receivingService is required when continueImr is true/);
      const admission = await expectStatus(t.http().get(`/api/admissions/${id}`).set(w.coordinator), 200);
      expect(admission).toMatchObject({ status: 'admitted', dischargedOn: null });
      expect(await expectStatus(t.http().get('/api/referrals').set(w.discharge), 200)).toEqual([]);
    });

    it('names other bad fields: kind, dates before admission or in the future, blank goals', async () => {
      const id = await admit(t, w, 'P-bad', '2027-02-03');
      const kind = await discharge(id, { ...fullDischarge, receivingService: { kind: 'hospital', name: 'X' } });
      expect(kind.status).toBe(400);
      expect(JSON.stringify(kind.body.message)).toMatch(/receivingService.kind must be one of outpatient-clinic/);
      const early = await discharge(id, { ...fullDischarge, dischargedOn: '2027-02-02' });
      expect(early.status).toBe(400);
      expect(early.body.message.join(' ')).toMatch(/^dischargedOn must not be earlier than admittedOn \(2027-02-03\)/);
      const future = await discharge(id, { ...fullDischarge, dischargedOn: '2027-02-10' });
      expect(future.status).toBe(400);
      expect(future.body.message.join(' ')).toMatch(/^dischargedOn must not be in the future/);
      const blank = await discharge(id, { ...fullDischarge, recoveryGoals: ['ok', '  '] });
      expect(blank.status).toBe(400);
      expect(blank.body.message.join(' ')).toMatch(/recoveryGoals\[1\]\.text/);
      const unknown = await discharge(id, { ...fullDischarge, nationalId: '01010112345' });
      expect(unknown.status).toBe(400);
      expect(JSON.stringify(unknown.body.message)).toMatch(/nationalId should not exist/);
    });

    it('makes no referral when the person does not continue; repeating is idempotent, changing it is 409', async () => {
      const id = await admit(t, w, 'P-stop');
      const body = { dischargedOn: '2027-02-08', continueImr: false };
      const first = await expectStatus(discharge(id, body), 201);
      expect(first.referral).toBeNull();
      expect(first.admission).toMatchObject({ id, status: 'discharged', dischargedOn: '2027-02-08' });
      expect(await expectStatus(discharge(id, body), 201)).toEqual(first);
      const conflict = await discharge(id, fullDischarge);
      expect(conflict.status).toBe(409);
      expect(conflict.body.message.join(' ')).toMatch(/already discharged and this request differs from what was recorded/);
      expect(JSON.stringify(conflict.body)).not.toMatch(/dischargedOn|continueImr|2027-02-08/);
    });

    it('closes the stay, snapshots progress and the handoff, and refuses attendance after the discharge', async () => {
      const id = await admit(t, w, 'P-0142');
      const attended = await attend(t, w, id, '2027-02-01', '2027-02-05');
      const done = attended.map((s) => s.module.number).sort((a, b) => a - b);
      expect(done).toHaveLength(3);
      const res = await expectStatus(discharge(id, fullDischarge), 201);
      expect(res.admission).toMatchObject({ id, status: 'discharged', dischargedOn: '2027-02-09', stay: 'short' });
      const r = res.referral;
      expect(r).toMatchObject({
        admissionId: id,
        wardId: w.ward.id,
        patientRef: 'P-0142',
        status: 'draft',
        statusReason: null,
        overdueSince: null,
        createdAt: '2027-02-09T13:00:00+01:00',
        ward: { id: w.ward.id, code: 'A3', contactPerson: 'Kari Nordmann, IMR-veileder', timezone: 'Europe/Oslo' },
        receivingService: fullDischarge.receivingService,
        stay: 'short',
        admittedOn: '2027-02-01',
        dischargedOn: '2027-02-09',
        edition: { id: 'imr-norway' },
        attendance: { sessionsAttended: 3, firstOn: '2027-02-01', lastOn: '2027-02-05' },
        recoveryGoals: [
          { text: 'Komme tilbake til jobben på verkstedet', progress: 'Møte med lederen avtalt i april' },
          { text: 'Sove bedre og ha faste rutiner', progress: null },
        ],
        preferences: { format: 'group', language: 'norsk', timeOfDay: 'Formiddag' },
        socialSituation: { housing: 'Egen leilighet', workOrEducation: null, finances: null, network: 'Nær kontakt med søster' },
        consent: { sharingConsented: true, patientGetsCopy: true },
      });
      expect(r.completedModules.map((c: { number: number }) => c.number)).toEqual(done);
      expect(r.completedModules.map((c: { completedOn: string }) => c.completedOn).sort()).toEqual([
        '2027-02-01',
        '2027-02-03',
        '2027-02-05',
      ]);
      expect(r.completedModules[0].title).toEqual(expect.any(String));
      const all = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
      expect(r.remainingModules).toEqual(all.filter((n) => !done.includes(n)));
      expect(r.coreModulesMissing).toEqual([2, 4, 5, 7].filter((n) => !done.includes(n)));
      expect(r.coreModulesMissing).toHaveLength(1);

      const later = (await sessionsOn(t, w, '2027-02-10', '2027-02-12'))[0];
      t.clock.set('2027-02-12T12:00:00.000Z');
      const refused = await t.http().post(`/api/sessions/${later.id}/attendance`).set(w.coordinator).send({ admissionId: id });
      expect(refused.status).toBe(422);
      expect(refused.body.message.join(' ')).toMatch(/after the discharge/);
    });

    it('answers the same request again with the same referral, and a different one with 409 naming no field, audited as a read', async () => {
      const id = await admit(t, w, 'P-idem');
      const first = await expectStatus(discharge(id, fullDischarge), 201);
      t.clock.set('2027-02-09T15:00:00.000Z');
      const { consent, ...rest } = fullDischarge;
      const reordered = {
        consent: { patientGetsCopy: consent.patientGetsCopy, sharingConsented: consent.sharingConsented },
        ...rest,
        recoveryGoals: [fullDischarge.recoveryGoals[0], { text: ' Sove bedre og ha faste rutiner ' }],
      };
      const again = await expectStatus(discharge(id, reordered, w.coordinator), 201);
      expect(again.referral.id).toBe(first.referral.id);
      expect(again).toEqual(first);
      const readsOf = async () =>
        (
          (await expectStatus(t.http().get(`/api/audit?referralId=${first.referral.id}`).set(bearer(t.adminKey)), 200)) as {
            action: string;
          }[]
        ).filter((e) => e.action === 'referral.read').length;
      const readsBefore = await readsOf();
      const conflict = await discharge(id, {
        ...fullDischarge,
        receivingService: { kind: 'municipal-service', name: 'Fjordby kommune' },
        strengths: [],
      });
      expect(conflict.status).toBe(409);
      // Story (issue 14): the conflict used to name the differing field, so guesses about goals could be confirmed.
      expect(conflict.body.message.join(' ')).toMatch(/already discharged and this request differs from what was recorded/);
      expect(JSON.stringify(conflict.body)).not.toMatch(/receivingService|strengths|recoveryGoals|2027-02-09/);
      expect(await readsOf()).toBe(readsBefore + 1);
      const referrals = await expectStatus(t.http().get(`/api/referrals?wardId=${w.ward.id}`).set(w.discharge), 200);
      expect(referrals.filter((x: { admissionId: string }) => x.admissionId === id)).toHaveLength(1);
    });
  });

  it('makes one referral when the same discharge arrives twice at once', async () => {
    const id = await admit(t, w, 'P-race');
    const [a, b] = await Promise.all([discharge(id, fullDischarge), discharge(id, fullDischarge, w.coordinator)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.referral.id).toBe(b.body.referral.id);
  });

  describe('lifecycle', () => {
    it('goes draft → sent → declined with a reason, refuses illegal moves with 409, and keeps the history', async () => {
      const id = await admit(t, w, 'P-life');
      const { referral } = await expectStatus(discharge(id, fullDischarge), 201);
      const status = (body: object, key = w.discharge) => t.http().post(`/api/referrals/${referral.id}/status`).set(key).send(body);

      expect((await status({ status: 'accepted' })).status).toBe(409);
      expect((await status({ status: 'draft' })).status).toBe(400);
      t.clock.set('2027-02-10T08:00:00.000Z');
      expect(await expectStatus(status({ status: 'sent' }), 200)).toMatchObject({ status: 'sent', updatedAt: '2027-02-10T09:00:00+01:00' });
      expect(await expectStatus(status({ status: 'sent' }), 200)).toMatchObject({ status: 'sent' });
      const noReason = await status({ status: 'declined' });
      expect(noReason.status).toBe(400);
      expect(noReason.body.message.join(' ')).toMatch(/^reason is required/);
      t.clock.set('2027-02-20T08:00:00.000Z');
      expect(await expectStatus(status({ status: 'declined', reason: 'No IMR group until autumn' }, w.coordinator), 200)).toMatchObject({
        status: 'declined',
        statusReason: 'No IMR group until autumn',
      });
      const final = await status({ status: 'accepted' });
      expect(final.status).toBe(409);
      expect(final.body.message).toEqual(['referral is declined; that is final, not accepted']);

      const history = await expectStatus(t.http().get(`/api/referrals/${referral.id}/history`).set(w.discharge), 200);
      expect(history.map((e: { status: string; at: string; reason: string | null }) => [e.status, e.at, e.reason])).toEqual([
        ['draft', '2027-02-09T13:00:00+01:00', null],
        ['sent', '2027-02-10T09:00:00+01:00', null],
        ['declined', '2027-02-20T09:00:00+01:00', 'No IMR group until autumn'],
      ]);
      expect(history[0].keyId).toBe(w.dischargeKeyId);
      const declined = await expectStatus(t.http().get('/api/referrals?status=declined').set(w.discharge), 200);
      expect(declined.map((x: { id: string }) => x.id)).toContain(referral.id);
      const bad = await t.http().get('/api/referrals?status=lost').set(w.discharge);
      expect(bad.status).toBe(400);
      expect(bad.body.message.join(' ')).toMatch(/^status must be one of draft, sent, accepted, declined/);
    });

    it('lists drafts unsent after the configured days once the daily job marked them; marking is idempotent', async () => {
      const oldId = await admit(t, w, 'P-old');
      const old = (await expectStatus(discharge(oldId, fullDischarge), 201)).referral;
      const service = t.app.get((await import('../src/referrals/referrals.service')).ReferralsService);
      t.clock.set('2027-02-15T12:00:00.000Z');
      const fresh = (
        await expectStatus(discharge(await admit(t, w, 'P-new', '2027-02-08'), { ...fullDischarge, dischargedOn: '2027-02-15' }), 201)
      ).referral;

      t.clock.set('2027-02-16T11:59:59.000Z');
      expect(await service.markOverdueDrafts(t.clock.now())).toBe(0);
      t.clock.set('2027-02-16T12:00:00.000Z');
      const marked = await service.markOverdueDrafts(t.clock.now());
      expect(marked).toBeGreaterThanOrEqual(1);
      expect(await service.markOverdueDrafts(t.clock.now())).toBe(0);

      const overdue = await expectStatus(t.http().get('/api/referrals/overdue').set(w.discharge), 200);
      const ids = overdue.map((x: { id: string }) => x.id);
      expect(ids).toContain(old.id);
      expect(ids).not.toContain(fresh.id);
      expect(overdue.find((x: { id: string }) => x.id === old.id).overdueSince).toBe('2027-02-16T13:00:00+01:00');
      expect(overdue.filter((x: { status: string }) => x.status !== 'draft')).toEqual([]);

      await expectStatus(t.http().post(`/api/referrals/${old.id}/status`).set(w.discharge).send({ status: 'sent' }), 200);
      const after = await expectStatus(t.http().get(`/api/referrals/overdue?wardId=${w.ward.id}`).set(w.discharge), 200);
      expect(after.map((x: { id: string }) => x.id)).not.toContain(old.id);
    });
  });

  describe('access', () => {
    let referralId: string;
    let admissionId: string;

    beforeAll(async () => {
      t.clock.set(DISCHARGE_NOW);
      admissionId = await admit(t, w, 'P-access');
      referralId = (await expectStatus(discharge(admissionId, fullDischarge), 201)).referral.id;
    });

    it('documents the routes in OpenAPI', async () => {
      const doc = await expectStatus(t.http().get('/docs-json'), 200);
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/admissions/{id}/discharge',
          '/api/referrals',
          '/api/referrals/overdue',
          '/api/referrals/{id}',
          '/api/referrals/{id}/fhir',
          '/api/referrals/{id}/letter',
          '/api/referrals/{id}/history',
          '/api/referrals/{id}/status',
          '/api/audit',
        ]),
      );
      expect(Object.keys(doc.components.schemas.DischargeDto.properties)).toEqual(
        expect.arrayContaining(['dischargedOn', 'continueImr', 'receivingService', 'recoveryGoals', 'whatHelps', 'consent']),
      );
    });

    it('gives a facilitator key 403 on every referral route and on discharge', async () => {
      const f = w.facilitator;
      for (const path of ['', `/${referralId}`, `/${referralId}/fhir`, `/${referralId}/letter`, `/${referralId}/history`, '/overdue']) {
        expect({ path, status: (await t.http().get(`/api/referrals${path}`).set(f)).status }).toEqual({ path, status: 403 });
      }
      expect((await t.http().post(`/api/referrals/${referralId}/status`).set(f).send({ status: 'sent' })).status).toBe(403);
      expect((await discharge(admissionId, fullDischarge, f)).status).toBe(403);
      expect((await t.http().get(`/api/referrals/${referralId}`)).status).toBe(401);
    });

    it('hides another ward’s referrals from a ward-scoped key (404), and lets only admins read the audit log', async () => {
      const other = await expectStatus(t.http().post('/api/wards').set(w.coordinator).send({ code: 'B7', name: 'Post B7' }), 201);
      const scoped = bearer((await createKey(t, 'discharge', [other.id])).key);
      expect((await t.http().get(`/api/referrals/${referralId}`).set(scoped)).status).toBe(404);
      expect((await t.http().get(`/api/referrals/${referralId}/letter`).set(scoped)).status).toBe(404);
      expect((await t.http().post(`/api/referrals/${referralId}/status`).set(scoped).send({ status: 'sent' })).status).toBe(404);
      expect((await discharge(admissionId, fullDischarge, scoped)).status).toBe(404);
      expect((await t.http().get(`/api/referrals?wardId=${w.ward.id}`).set(scoped)).status).toBe(404);
      expect(await expectStatus(t.http().get('/api/referrals').set(scoped), 200)).toEqual([]);
      expect((await t.http().get(`/api/referrals/00000000-0000-4000-8000-000000000000`).set(w.discharge)).status).toBe(404);
      expect((await t.http().get(`/api/audit?referralId=${referralId}`).set(w.coordinator)).status).toBe(403);
      expect((await t.http().get(`/api/audit?referralId=${referralId}`).set(w.discharge)).status).toBe(403);
    });
  });
});
