import { AdmissionsService } from '../src/admissions/admissions.service';
import { admit, createWard, Headers, markDischarged, personNumber, withWrongCheckDigit } from './admissions.fixtures';
import { bearer, startTestApp, TestApp } from './support/test-app';

const CORE = [2, 4, 5, 7];
const ALL = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

describe('admissions: stays, planned modules, pseudonymous references (e2e)', () => {
  let t: TestApp;
  let coordinator: Headers;
  let discharge: Headers;
  let facilitator: Headers;
  let wardId: string;
  let otherWardId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-02-01T09:00:00.000Z' });
    coordinator = bearer(await t.key('coordinator'));
    discharge = bearer(await t.key('discharge'));
    facilitator = bearer(await t.key('facilitator'));
    wardId = (await createWard(t, coordinator, 'ADM1')).id;
    otherWardId = (await createWard(t, coordinator, 'ADM2')).id;
  });
  afterAll(() => t.close());

  let refCounter = 0;
  const nextRef = () => `P-${String(++refCounter).padStart(4, '0')}`;
  const post = (body: object, key = coordinator, ward = wardId) => t.http().post(`/api/wards/${ward}/admissions`).set(key).send(body);

  describe('classification (acceptance 1, through HTTP)', () => {
    it.each([
      ['2027-04-30', 'short', CORE],
      ['2027-05-01', 'long', ALL],
      ['2027-03-15', 'short', CORE],
      ['2027-06-01', 'long', ALL],
    ])('admitted 1 Feb 2027, expected out %s: %s stay', async (expectedDischargeOn, stay, planned) => {
      const res = await post({ patientRef: nextRef(), admittedOn: '2027-02-01', expectedDischargeOn });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        wardId,
        admittedOn: '2027-02-01',
        expectedDischargeOn,
        stay,
        plannedModules: planned,
        status: 'admitted',
      });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('treats an unknown discharge as short, and a stay already past the threshold as long', async () => {
      const fresh = await post({ patientRef: nextRef(), admittedOn: '2027-01-15' });
      expect(fresh.body).toMatchObject({ expectedDischargeOn: null, stay: 'short', plannedModules: CORE });
      const old = await post({ patientRef: nextRef(), admittedOn: '2026-11-01', expectedDischargeOn: null });
      expect(old.body).toMatchObject({ stay: 'long', plannedModules: ALL });
    });

    it('reclassifies at once when the expected discharge changes, and back', async () => {
      const created = await admit(t, coordinator, wardId, {
        patientRef: nextRef(),
        admittedOn: '2027-02-01',
        expectedDischargeOn: '2027-03-15',
      });
      const longer = await t.http().patch(`/api/admissions/${created.id}`).set(discharge).send({ expectedDischargeOn: '2027-05-01' });
      expect(longer.status).toBe(200);
      expect(longer.body).toMatchObject({ stay: 'long', plannedModules: ALL, expectedDischargeOn: '2027-05-01' });
      const unknown = await t.http().patch(`/api/admissions/${created.id}`).set(coordinator).send({ expectedDischargeOn: null });
      expect(unknown.body).toMatchObject({ stay: 'short', plannedModules: CORE, expectedDischargeOn: null });
      const fetched = await t.http().get(`/api/admissions/${created.id}`).set(facilitator);
      expect(fetched.status).toBe(200);
      expect(fetched.body).toMatchObject({ id: created.id, stay: 'short', plannedModules: CORE, expectedDischargeOn: null });
      expect(fetched.body.createdAt).toBe('2027-02-01T10:00:00+01:00');
    });

    it('plans the ward’s own core set when it has one', async () => {
      const ward = await createWard(t, coordinator, 'ADM-CORE', { coreModules: [1, 2, 7] });
      const res = await post({ patientRef: nextRef(), admittedOn: '2027-02-01', expectedDischargeOn: '2027-02-20' }, coordinator, ward.id);
      expect(res.body).toMatchObject({ stay: 'short', plannedModules: [1, 2, 7] });
    });

    it('honours a configured threshold', async () => {
      const two = await startTestApp({ now: '2027-02-01T09:00:00.000Z', env: { IMR_SHORT_STAY_MONTHS: '2' } });
      try {
        const key = bearer(await two.key('coordinator'));
        const ward = await createWard(two, key, 'TWO');
        const sixWeeks = await admit(two, key, ward.id, { patientRef: 'A1', admittedOn: '2027-02-01', expectedDischargeOn: '2027-03-15' });
        const twoMonths = await admit(two, key, ward.id, { patientRef: 'A2', admittedOn: '2027-02-01', expectedDischargeOn: '2027-04-01' });
        const justUnder = await admit(two, key, ward.id, { patientRef: 'A3', admittedOn: '2027-02-01', expectedDischargeOn: '2027-03-31' });
        expect([sixWeeks.stay, twoMonths.stay, justUnder.stay]).toEqual(['short', 'long', 'short']);
      } finally {
        await two.close();
      }
    });

    it('reclassifies unknown stays daily on the ward’s local date, idempotently', async () => {
      const service = t.app.get(AdmissionsService);
      const reachesThresholdOn1Mar = await admit(t, coordinator, wardId, { patientRef: nextRef(), admittedOn: '2026-12-01' });
      expect(reachesThresholdOn1Mar.stay).toBe('short');
      const knownShort = await admit(t, coordinator, wardId, {
        patientRef: nextRef(),
        admittedOn: '2026-12-15',
        expectedDischargeOn: '2027-03-10',
      });
      const overrun = await admit(t, coordinator, wardId, {
        patientRef: nextRef(),
        admittedOn: '2026-12-01',
        expectedDischargeOn: '2027-02-27',
      });
      expect([knownShort.stay, overrun.stay]).toEqual(['short', 'short']);

      // 23:30 UTC on 28 Feb is already 1 March in Oslo.
      const first = await service.reclassifyOpenStays(new Date('2027-02-28T22:30:00.000Z'));
      expect(first.reclassified).toBe(0);
      const onTheDay = new Date('2027-02-28T23:30:00.000Z');
      const second = await service.reclassifyOpenStays(onTheDay);
      expect(second.reclassified).toBe(2);
      expect(second.checked).toBeGreaterThan(1);
      expect(await service.reclassifyOpenStays(onTheDay)).toEqual({ checked: second.checked, reclassified: 0 });

      const now = await t.http().get(`/api/admissions/${reachesThresholdOn1Mar.id}`).set(coordinator);
      expect(now.body).toMatchObject({ stay: 'long', plannedModules: ALL });
      const unchanged = await t.http().get(`/api/admissions/${knownShort.id}`).set(coordinator);
      expect(unchanged.body).toMatchObject({ stay: 'short', plannedModules: CORE });
      // Still admitted past the expected day and now three months in: the stay has become long.
      const stillHere = await t.http().get(`/api/admissions/${overrun.id}`).set(coordinator);
      expect(stillHere.body).toMatchObject({ stay: 'long', plannedModules: ALL });
    });
  });

  describe('patientRef and data minimisation (acceptance 3)', () => {
    // Generated here: a fødselsnummer, a D-number (day + 40), an H-number (month + 40).
    const fodselsnummer = personNumber('150385');
    const dNumber = personNumber('550385');
    const hNumber = personNumber('154385');

    it.each([
      ['a fødselsnummer', fodselsnummer],
      ['a D-number', dNumber],
      ['an H-number', hNumber],
      ['a fødselsnummer written with a dot', `${fodselsnummer.slice(0, 6)}.${fodselsnummer.slice(6)}`],
    ])('refuses %s with a 400 that says why', async (_, patientRef) => {
      const res = await post({ patientRef, admittedOn: '2027-02-01' });
      expect(res.status).toBe(400);
      const message = [res.body.message].flat().join(' ');
      expect(message).toMatch(/^patientRef must not contain a Norwegian national identity number/);
      expect(message).toMatch(/data minimisation/);
      expect(message).not.toContain(patientRef);
    });

    it('stores nothing when refusing', async () => {
      await post({ patientRef: fodselsnummer, admittedOn: '2027-02-01' });
      const rows: unknown[] = await t.db.dataSource.query('SELECT * FROM admissions');
      expect(JSON.stringify(rows)).not.toContain(fodselsnummer);
    });

    it('accepts a lookalike whose check digit is wrong', async () => {
      for (const number of [fodselsnummer, dNumber]) {
        const lookalike = withWrongCheckDigit(number);
        const res = await post({ patientRef: lookalike, admittedOn: '2027-02-01' });
        expect([lookalike, res.status]).toEqual([lookalike, 201]);
        expect(res.body.patientRef).toBe(lookalike);
      }
    });

    it('refuses other malformed references, naming the field', async () => {
      for (const patientRef of ['', 'Kari Nordmann', 'x'.repeat(65), 'P/1', 42]) {
        const res = await post({ patientRef, admittedOn: '2027-02-01' });
        expect(res.status).toBe(400);
        expect([res.body.message].flat().join(' ')).toMatch(/patientRef/);
      }
    });

    it('refuses a second open admission of the same reference on the ward (409), not on another ward', async () => {
      const ref = nextRef();
      await admit(t, coordinator, wardId, { patientRef: ref, admittedOn: '2027-02-01' });
      const again = await post({ patientRef: ref, admittedOn: '2027-02-02' });
      expect(again.status).toBe(409);
      expect(again.body.message.join(' ')).toMatch(/patientRef already has an open admission/);
      expect((await post({ patientRef: ref, admittedOn: '2027-02-02' }, coordinator, otherWardId)).status).toBe(201);
    });
  });

  describe('validation, listing and discharged stays', () => {
    it('names the field on bad dates and unknown fields', async () => {
      const cases: [object, RegExp][] = [
        [{ patientRef: 'X1', admittedOn: '2027-02-30' }, /admittedOn must be a calendar date/],
        [
          { patientRef: 'X1', admittedOn: '2027-02-01', expectedDischargeOn: '2027-01-31' },
          /expectedDischargeOn must not be earlier than admittedOn/,
        ],
        [{ patientRef: 'X1', admittedOn: '2027-02-01', name: 'Kari' }, /name should not exist/],
        [{ admittedOn: '2027-02-01' }, /patientRef/],
      ];
      for (const [body, message] of cases) {
        const res = await post(body);
        expect(res.status).toBe(400);
        expect([res.body.message].flat().join(' ')).toMatch(message);
      }
      const created = await admit(t, coordinator, wardId, { patientRef: nextRef(), admittedOn: '2027-02-01' });
      const patch = await t.http().patch(`/api/admissions/${created.id}`).set(coordinator).send({});
      expect(patch.status).toBe(400);
      expect([patch.body.message].flat().join(' ')).toMatch(/expectedDischargeOn/);
      const early = await t.http().patch(`/api/admissions/${created.id}`).set(coordinator).send({ expectedDischargeOn: '2027-01-01' });
      expect(early.status).toBe(400);
    });

    it('lists a ward’s admissions by status, and refuses an unknown status', async () => {
      const ward = await createWard(t, coordinator, 'ADM-LIST');
      const a = await admit(t, coordinator, ward.id, { patientRef: 'L-1', admittedOn: '2027-01-20' });
      const b = await admit(t, coordinator, ward.id, { patientRef: 'L-2', admittedOn: '2027-01-10' });
      await markDischarged(t, a.id, '2027-01-31');
      const all = await t.http().get(`/api/wards/${ward.id}/admissions`).set(facilitator);
      expect(all.body.map((x: { id: string }) => x.id)).toEqual([b.id, a.id]);
      const admitted = await t.http().get(`/api/wards/${ward.id}/admissions?status=admitted`).set(discharge);
      expect(admitted.body.map((x: { id: string }) => x.id)).toEqual([b.id]);
      const discharged = await t.http().get(`/api/wards/${ward.id}/admissions?status=discharged`).set(coordinator);
      expect(discharged.body).toEqual([expect.objectContaining({ id: a.id, status: 'discharged', dischargedOn: '2027-01-31' })]);
      const bad = await t.http().get(`/api/wards/${ward.id}/admissions?status=gone`).set(coordinator);
      expect(bad.status).toBe(400);
      expect([bad.body.message].flat().join(' ')).toMatch(/status must be one of/);
    });

    it('keeps a discharged stay’s expected discharge (409)', async () => {
      const created = await admit(t, coordinator, wardId, { patientRef: nextRef(), admittedOn: '2027-01-05' });
      await markDischarged(t, created.id, '2027-01-30');
      const res = await t.http().patch(`/api/admissions/${created.id}`).set(coordinator).send({ expectedDischargeOn: '2027-02-10' });
      expect(res.status).toBe(409);
      expect(res.body.message.join(' ')).toMatch(/discharged/);
    });
  });

  describe('keys, roles and ward scope', () => {
    it('needs a key (401) and the right role (403)', async () => {
      const created = await admit(t, coordinator, wardId, { patientRef: nextRef(), admittedOn: '2027-02-01' });
      expect((await t.http().post(`/api/wards/${wardId}/admissions`).send({ patientRef: 'Z', admittedOn: '2027-02-01' })).status).toBe(401);
      expect((await t.http().get(`/api/admissions/${created.id}`)).status).toBe(401);
      expect((await t.http().get(`/api/wards/${wardId}/admissions`)).status).toBe(401);
      expect((await t.http().get(`/api/admissions/${created.id}/progress`)).status).toBe(401);
      expect((await post({ patientRef: 'Z', admittedOn: '2027-02-01' }, facilitator)).status).toBe(403);
      expect((await t.http().patch(`/api/admissions/${created.id}`).set(facilitator).send({ expectedDischargeOn: null })).status).toBe(403);
      expect((await t.http().get(`/api/admissions/${created.id}`).set(discharge)).status).toBe(200);
    });

    it('hides another ward’s admissions from a ward-scoped key (404), as it hides unknown ids', async () => {
      const created = await admit(t, coordinator, wardId, { patientRef: nextRef(), admittedOn: '2027-02-01' });
      const scoped = bearer(await t.key('coordinator', [otherWardId]));
      for (const res of [
        await t.http().get(`/api/admissions/${created.id}`).set(scoped),
        await t.http().patch(`/api/admissions/${created.id}`).set(scoped).send({ expectedDischargeOn: null }),
        await t.http().get(`/api/admissions/${created.id}/progress`).set(scoped),
        await t.http().get(`/api/wards/${wardId}/admissions`).set(scoped),
        await post({ patientRef: 'S-1', admittedOn: '2027-02-01' }, scoped),
        await t.http().get('/api/admissions/00000000-0000-4000-8000-000000000000').set(coordinator),
      ]) {
        expect(res.status).toBe(404);
      }
      expect((await t.http().get('/api/admissions/not-a-uuid').set(coordinator)).status).toBe(400);
    });
  });
});
