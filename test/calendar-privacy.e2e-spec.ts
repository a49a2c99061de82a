import { bearer, startTestApp, TestApp } from './support/test-app';
import { ApiSession, apiSessions, parseCalendar, RotaFixture, setUpRota, uidOf } from './calendar.e2e-support';

const FROM = '2027-03-01';
const TO = '2027-05-28';
const PATIENT_REFS = ['PX-CAL-7001', 'PX-CAL-7002', 'PX-CAL-7003'];
const GOALS = ['Gå tur med hunden hver dag GOAL-ALPHA', 'Sove bedre om natten GOAL-BETA'];
const OTHER_PATIENT_TEXT = ['progress GOAL-PROGRESS-1', 'Musikk hjelper WHAT-HELPS-1', 'Lillesøster SIGNIFICANT-1', 'tlf 99 11 22 33'];
const CANCEL_REASON = 'PX-CAL-7002 is unwell and asked for a quiet week';

/** Ward downloads, and the promise that no patient data ever reaches a calendar. */
describe('ward rota download and patient data (e2e)', () => {
  let t: TestApp;
  let fx: RotaFixture;
  let all: ApiSession[];
  let referralId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-02-26T09:00:00.000Z' });
    fx = await setUpRota(t, { from: FROM, to: TO, publishTo: '2027-05-14' });
    const admissionIds: string[] = [];
    for (const [i, patientRef] of PATIENT_REFS.entries()) {
      const res = await t
        .http()
        .post(`/api/wards/${fx.wardId}/admissions`)
        .set(fx.coordinator)
        .send({ patientRef, admittedOn: '2027-02-20', expectedDischargeOn: i === 0 ? '2027-04-15' : '2027-09-01' });
      expect(res.status).toBe(201);
      admissionIds.push(res.body.id);
    }
    t.clock.set('2027-03-10T12:00:00.000Z');
    const held = (await apiSessions(t, fx, FROM, '2027-03-10')).filter((s) => s.status === 'scheduled');
    expect(held.length).toBeGreaterThan(2);
    for (const s of held) {
      for (const admissionId of admissionIds) {
        const res = await t.http().post(`/api/sessions/${s.id}/attendance`).set(fx.coordinator).send({ admissionId });
        expect(res.status).toBe(201);
      }
    }
    const discharge = await t
      .http()
      .post(`/api/admissions/${admissionIds[0]}/discharge`)
      .set(fx.coordinator)
      .send({
        dischargedOn: '2027-03-10',
        continueImr: true,
        receivingService: { kind: 'outpatient-clinic', name: 'Nordre Fjordby DPS', contact: OTHER_PATIENT_TEXT[3] },
        recoveryGoals: [{ text: GOALS[0], progress: OTHER_PATIENT_TEXT[0] }, GOALS[1]],
        whatHelps: [OTHER_PATIENT_TEXT[1]],
        significantOthers: [OTHER_PATIENT_TEXT[2]],
      });
    expect(discharge.status).toBe(201);
    referralId = discharge.body.referral.id;
    const future = (await apiSessions(t, fx, '2027-03-15', TO)).find((s) => s.published && s.facilitators.length > 0)!;
    const cancel = await t.http().post(`/api/sessions/${future.id}/cancel`).set(fx.coordinator).send({ reason: CANCEL_REASON });
    expect(cancel.status).toBe(200);
    all = await apiSessions(t, fx, FROM, TO);
  }, 60_000);
  afterAll(() => t.close());

  it('has the patient data in the service (so the search below can find it if it leaks)', async () => {
    const referral = await t.http().get(`/api/referrals/${referralId}`).set(fx.coordinator);
    const text = JSON.stringify(referral.body);
    for (const needle of [PATIENT_REFS[0], ...GOALS]) expect(text).toContain(needle);
    expect(JSON.stringify(all)).toContain(CANCEL_REASON);
  });

  it('finds no patient reference, goal or other patient text in any feed or ward download', async () => {
    const texts: string[] = [];
    for (const path of Object.values(fx.feeds)) {
      const res = await t.http().get(path);
      expect(res.status).toBe(200);
      texts.push(res.text);
    }
    const keys = [fx.coordinator, bearer(await t.key('facilitator')), bearer(await t.key('discharge'))];
    for (const key of keys) {
      // A whole year only for the coordinator: facilitator and discharge keys read at most 92 days at once.
      const wide = key === fx.coordinator ? '?from=2027-01-01&to=2027-12-31' : '?from=2027-01-01&to=2027-03-31';
      for (const query of ['', `?from=${FROM}&to=${TO}`, wide]) {
        const res = await t.http().get(`/api/wards/${fx.wardId}/rota.ics${query}`).set(key);
        expect(res.status).toBe(200);
        texts.push(res.text);
      }
    }
    expect(texts.join('').match(/BEGIN:VEVENT/g)!.length).toBeGreaterThan(100);
    const needles = [...PATIENT_REFS, ...GOALS, ...OTHER_PATIENT_TEXT, CANCEL_REASON, 'GOAL-', 'PX-CAL'];
    for (const text of texts) {
      const unfolded = text.replace(/\r\n[ \t]/g, '');
      const unescaped = unfolded.replace(/\\([,;\\])/g, '$1').replace(/\\n/gi, '\n');
      for (const needle of needles) {
        for (const haystack of [text, unfolded, unescaped]) expect(haystack.toLowerCase()).not.toContain(needle.toLowerCase());
      }
    }
  });

  it('downloads the ward rota as one attachment: every session at the API’s instants, drafts and cancellations marked', async () => {
    const res = await t.http().get(`/api/wards/${fx.wardId}/rota.ics?from=${FROM}&to=${TO}`).set(fx.coordinator);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="imr-rota-FEED-${FROM}-${TO}.ics"`);
    expect(res.headers['etag']).toMatch(/^"[0-9a-f]{64}"$/);
    expect(res.headers['cache-control']).toBe('no-store');
    const { calendar, events } = parseCalendar(res.text);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('IMR-turnus – Sengepost Ø');
    expect([...events.keys()].sort()).toEqual(all.map((s) => uidOf(s.id)).sort());
    for (const s of all) {
      const e = events.get(uidOf(s.id))!;
      expect({ start: e.start, end: e.end, status: e.status, sequence: e.sequence }).toEqual({
        start: new Date(s.startsAt).toISOString(),
        end: new Date(s.endsAt).toISOString(),
        status: s.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
        sequence: s.sequence,
      });
      for (const f of s.facilitators) expect(e.description).toContain(f.name);
      const lead = s.facilitators.find((f) => f.role === 'lead');
      if (lead) expect(e.description).toContain(`Hovedansvarlig: ${lead.name}`);
      expect(e.description.includes('Utkast: ennå ikke publisert')).toBe(!s.published);
      expect(e.location).toBe('Sengepost Ø, Peisestua');
    }
    expect(all).toContainEqual(expect.objectContaining({ published: false }));
    expect(all).toContainEqual(expect.objectContaining({ status: 'cancelled' }));

    const again = await t.http().get(`/api/wards/${fx.wardId}/rota.ics?from=${FROM}&to=${TO}`).set(fx.coordinator);
    expect(again.text).toBe(res.text);
    const conditional = await t
      .http()
      .get(`/api/wards/${fx.wardId}/rota.ics?from=${FROM}&to=${TO}`)
      .set(fx.coordinator)
      .set('If-None-Match', res.headers['etag']);
    expect(conditional.status).toBe(304);
  });

  it('defaults to today (ward time) up to the planning horizon', async () => {
    const res = await t.http().get(`/api/wards/${fx.wardId}/rota.ics`).set(fx.coordinator);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="imr-rota-FEED-2027-03-10-2027-06-01.ics"');
    const starts = [...parseCalendar(res.text).events.values()].map((e) => e.start).sort();
    expect(starts[0]).toBe('2027-03-10T09:00:00.000Z');
    expect(starts[starts.length - 1] <= '2027-05-28T23:59:59.999Z').toBe(true);
  });

  it('is for any role in scope; other wards are 404; bad windows are 400 naming the field', async () => {
    for (const role of ['facilitator', 'discharge', 'coordinator']) {
      expect(
        (
          await t
            .http()
            .get(`/api/wards/${fx.wardId}/rota.ics`)
            .set(bearer(await t.key(role, [fx.wardId])))
        ).status,
      ).toBe(200);
    }
    const other = await t.http().post('/api/wards').set(fx.coordinator).send({ code: 'ELSEWHERE', name: 'Elsewhere' });
    const scoped = bearer(await t.key('coordinator', [other.body.id]));
    expect((await t.http().get(`/api/wards/${fx.wardId}/rota.ics`).set(scoped)).status).toBe(404);
    expect((await t.http().get(`/api/wards/${fx.wardId}/rota.ics`)).status).toBe(401);
    const cases: [string, RegExp][] = [
      ['?from=2027-13-01', /from must be a calendar date/],
      ['?from=2027-05-01&to=2027-04-01', /to must not be earlier than from/],
      ['?from=2027-01-01&to=2028-01-02', /to must be less than 366 days after from/],
      ['?from=2027-01-01&extra=1', /extra should not exist/],
    ];
    for (const [query, message] of cases) {
      const res = await t.http().get(`/api/wards/${fx.wardId}/rota.ics${query}`).set(fx.coordinator);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toMatch(message);
    }
  });
});
