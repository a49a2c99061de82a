import { bearer, startTestApp, TestApp } from './support/test-app';
import { admit, createWorld, DISCHARGE_NOW, fullDischarge, ReferralWorld } from './referrals.e2e-support';

/** Acceptance 6 of issue 13: every error names each field once, by its full path; non-JSON bodies are 415. */
describe('error messages (e2e)', () => {
  let t: TestApp;
  let w: ReferralWorld;

  beforeAll(async () => {
    t = await startTestApp();
    w = await createWorld(t);
    t.clock.set(DISCHARGE_NOW);
  });
  afterAll(() => t.close());

  const group = {
    name: 'G',
    recurrence: 'FREQ=WEEKLY;BYDAY=TU',
    startTime: '10:00',
    durationMinutes: 60,
    startsOn: '2027-03-02',
    curriculum: 'core',
  };
  const timesNamed = (messages: string[], text: string) => messages.join(' ').split(text).length - 1;

  it('a nested field is named by its full path, once', async () => {
    const id = await admit(t, w, 'P-err-1');
    const res = await t
      .http()
      .post(`/api/admissions/${id}/discharge`)
      .set(w.discharge)
      .send({ ...fullDischarge, receivingService: { kind: 'hospital', name: 'X' } });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([expect.stringMatching(/^receivingService\.kind must be one of outpatient-clinic/)]);
    expect(res.body.message.filter((m: string) => /receivingService\.receivingService/.test(m))).toEqual([]);
  });

  it('a letter field with its own message is named once too', async () => {
    const id = await admit(t, w, 'P-err-2');
    const res = await t
      .http()
      .post(`/api/admissions/${id}/discharge`)
      .set(w.discharge)
      .send({ ...fullDischarge, referringClinician: { name: 'Kari', profession: 'wizard' }, copiesTo: ['GP', 7] });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([
      expect.stringMatching(/^referringClinician\.profession must be one of /),
      expect.stringMatching(/^copiesTo\[1\] must be a string/),
    ]);
  });

  it('an array item is named with its index', async () => {
    const res = await t
      .http()
      .post(`/api/wards/${w.ward.id}/groups`)
      .set(w.coordinator)
      .send({ ...group, excludedDates: ['2027-03-09', '2027-03-16', '2027-02-30', 'soon'] });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([
      'excludedDates[2] must be a calendar date YYYY-MM-DD',
      'excludedDates[3] must be a calendar date YYYY-MM-DD',
    ]);
  });

  it('a facilitator patch answers 404 for an unknown person before 400 for their availability, and writes nothing on either', async () => {
    const backwards = { availability: [{ weekday: 1, from: '16:00', to: '08:00' }] };
    const unknown = await t.http().patch('/api/facilitators/00000000-0000-4000-8000-000000000000').set(w.coordinator).send(backwards);
    expect(unknown.status).toBe(404);
    const created = await t
      .http()
      .post('/api/facilitators')
      .set(w.coordinator)
      .send({ name: 'Kari', profession: 'nurse', imrTrained: true, wardIds: [w.ward.id] });
    expect(created.status).toBe(201);
    const bad = await t
      .http()
      .patch(`/api/facilitators/${created.body.id}`)
      .set(w.coordinator)
      .send({ ...backwards, name: 'Kari N.' });
    expect([bad.status, bad.body.message]).toEqual([400, ['availability[0].to must be later than from']]);
    const after = await t.http().get(`/api/facilitators/${created.body.id}`).set(w.coordinator);
    expect([after.body.name, after.body.availability]).toEqual(['Kari', null]);
  });

  it('nested list items carry index and field; no "at least 1 elements"', async () => {
    const facilitator = await t
      .http()
      .post('/api/facilitators')
      .set(w.coordinator)
      .send({
        name: 'Ola',
        profession: 'nurse',
        imrTrained: true,
        wardIds: [w.ward.id, 'nope'],
        availability: [
          { weekday: 1, from: '08:00', to: '16:00' },
          { weekday: 9, from: '08:00', to: '16:00' },
        ],
      });
    expect(facilitator.status).toBe(400);
    expect(facilitator.body.message).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^wardIds\[1\] must be a UUID/),
        expect.stringMatching(/^availability\[1\]\.weekday /),
      ]),
    );
    expect(timesNamed(facilitator.body.message, 'wardIds')).toBe(1);
    const empty = await t.http().post(`/api/wards/${w.ward.id}/rota/plan`).set(w.coordinator).send({ from: '2027-03-01', to: 'x' });
    expect(empty.status).toBe(400);
    const keys = await t
      .http()
      .put('/api/sessions/00000000-0000-4000-8000-000000000000/facilitators')
      .set(w.coordinator)
      .send({ facilitatorIds: [] });
    expect(keys.status).toBe(400);
    expect(keys.body.message.filter((m: string) => /elements/.test(m))).toEqual([]);
    expect(keys.body.message).toEqual([expect.stringMatching(/^facilitatorIds /)]);
  });

  it('message is an array for domain errors, 404s and bad path ids too', async () => {
    const notFound = await t.http().get('/api/wards/00000000-0000-4000-8000-000000000000').set(w.coordinator);
    expect(notFound.status).toBe(404);
    expect(Array.isArray(notFound.body.message)).toBe(true);
    const badId = await t.http().get('/api/wards/nope').set(w.coordinator);
    expect(badId.body).toEqual({ statusCode: 400, error: 'Bad Request', message: ['id must be a UUID'] });
    const unknown = await t.http().post('/api/wards').set(w.coordinator).send({ code: 'Q1', name: 'Q', admin: true });
    expect(unknown.body.message).toEqual(['admin should not exist']);
  });

  it.each([
    ['text/plain', 'code=X&name=X'],
    ['application/x-www-form-urlencoded', 'code=X&name=X'],
    ['application/xml', '<ward><code>X</code></ward>'],
  ])('a %s body answers 415 and creates nothing', async (type, body) => {
    const res = await t.http().post('/api/wards').set(w.coordinator).set('Content-Type', type).send(body);
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ statusCode: 415, message: [expect.stringMatching(/application\/json/)] });
    const wards = await t.http().get('/api/wards').set(w.coordinator);
    expect(wards.body.filter((x: { code: string }) => x.code === 'X')).toEqual([]);
  });

  it('JSON with a charset, or application/*+json, is fine', async () => {
    const res = await t
      .http()
      .post('/api/wards')
      .set(bearer(t.adminKey))
      .set('Content-Type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ code: 'J1', name: 'Json ward' }));
    expect(res.status).toBe(201);
  });
});
