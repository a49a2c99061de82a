import {
  admit,
  attend,
  createGroup,
  createWard,
  Headers,
  listSessions,
  markDischarged,
  sessionOn,
  SessionView,
} from './admissions.fixtures';
import { bearer, startTestApp, TestApp } from './support/test-app';

const BEFORE_MARCH = '2027-02-28T12:00:00.000Z';
/** 13:00 in Oslo on 10 March: that day's 10:00 session has been held, the 11th's has not. */
const TENTH_OF_MARCH = '2027-03-10T12:00:00.000Z';

describe('attendance, progress and forecast (e2e)', () => {
  let t: TestApp;
  let coordinator: Headers;
  let facilitator: Headers;
  let discharge: Headers;

  beforeAll(async () => {
    t = await startTestApp({ now: BEFORE_MARCH });
    coordinator = bearer(await t.key('coordinator'));
    facilitator = bearer(await t.key('facilitator'));
    discharge = bearer(await t.key('discharge'));
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set(BEFORE_MARCH));

  /** A ward with one daily 10:00 group from 1 March, and its March sessions (materialised before they start). */
  async function wardWithDailyGroup(code: string, group: object): Promise<{ wardId: string; groupId: string; march: SessionView[] }> {
    const ward = await createWard(t, coordinator, code);
    const created = await createGroup(t, coordinator, ward.id, { startsOn: '2027-03-01', ...group });
    return { wardId: ward.id, groupId: created.id, march: await listSessions(t, coordinator, ward.id, '2027-03-01', '2027-03-31') };
  }

  const label = (s: { module: number | { number: number }; part: number }) =>
    `${typeof s.module === 'number' ? s.module : s.module.number}.${s.part}`;
  const progressOf = async (admissionId: string, key = discharge) => {
    const res = await t.http().get(`/api/admissions/${admissionId}/progress`).set(key);
    expect(res.status).toBe(200);
    return res.body;
  };
  const cancel = async (sessionId: string) =>
    expect((await t.http().post(`/api/sessions/${sessionId}/cancel`).set(coordinator).send({ reason: 'ward outing' })).status).toBe(200);

  it('completes modules whose parts were attended out of order, and forecasts the rest before discharge', async () => {
    const { wardId, march } = await wardWithDailyGroup('PROG', { curriculum: [2, 4, 5, 7], sessionsPerModule: 2 });
    // Two parts per module, one session a day: an eight-day cycle.
    expect(march.slice(0, 17).map(label)).toEqual([
      '2.1',
      '2.2',
      '4.1',
      '4.2',
      '5.1',
      '5.2',
      '7.1',
      '7.2',
      '2.1',
      '2.2',
      '4.1',
      '4.2',
      '5.1',
      '5.2',
      '7.1',
      '7.2',
      '2.1',
    ]);
    const patient = await admit(t, coordinator, wardId, {
      patientRef: 'PR-1',
      admittedOn: '2027-03-01',
      expectedDischargeOn: '2027-03-20',
    });
    expect(patient.plannedModules).toEqual([2, 4, 5, 7]);

    t.clock.set(TENTH_OF_MARCH);
    const on = (date: string) => sessionOn(march, date);
    await attend(t, facilitator, on('2027-03-09').id, patient.id); // 2.1, after 2.2
    await attend(t, facilitator, on('2027-03-02').id, patient.id); // 2.2
    await attend(t, coordinator, on('2027-03-03').id, patient.id); // 4.1

    const progress = await progressOf(patient.id);
    expect(progress).toMatchObject({
      admissionId: patient.id,
      plannedModules: [2, 4, 5, 7],
      completedModules: [2],
      remainingModules: [4, 5, 7],
      atRisk: false,
      atRiskModules: [],
      forecastUntil: '2027-03-20',
    });
    expect(progress.attended).toEqual([
      { module: 2, part: 2, sessionId: on('2027-03-02').id, startsAt: '2027-03-02T10:00:00+01:00' },
      { module: 4, part: 1, sessionId: on('2027-03-03').id, startsAt: '2027-03-03T10:00:00+01:00' },
      { module: 2, part: 1, sessionId: on('2027-03-09').id, startsAt: '2027-03-09T10:00:00+01:00' },
    ]);
    expect(progress.forecast).toEqual(
      ['2027-03-12', '2027-03-13', '2027-03-14', '2027-03-15', '2027-03-16'].map((date) => ({
        module: on(date).module.number,
        part: on(date).part,
        sessionId: on(date).id,
        startsAt: `${date}T10:00:00+01:00`,
      })),
    );
    expect(progress.forecast.map(label)).toEqual(['4.2', '5.1', '5.2', '7.1', '7.2']);

    // An earlier expected discharge leaves module 7 without its sessions.
    await t.http().patch(`/api/admissions/${patient.id}`).set(discharge).send({ expectedDischargeOn: '2027-03-14' }).expect(200);
    const sooner = await progressOf(patient.id, facilitator);
    expect(sooner.forecast.map(label)).toEqual(['4.2', '5.1', '5.2']);
    expect(sooner).toMatchObject({ atRisk: true, atRiskModules: [7] });

    // A cancellation moves 5.1 to the 14th and 5.2 past the discharge: module 5 is at risk too.
    await cancel(on('2027-03-13').id);
    const afterCancel = await progressOf(patient.id, coordinator);
    expect(afterCancel.forecast.map((s: { sessionId: string; module: number; part: number }) => [label(s), s.sessionId])).toEqual([
      ['4.2', on('2027-03-12').id],
      ['5.1', on('2027-03-14').id],
    ]);
    expect(afterCancel.atRiskModules).toEqual([5, 7]);

    // Unknown discharge: the forecast looks over the planning horizon and flags nothing.
    await t.http().patch(`/api/admissions/${patient.id}`).set(coordinator).send({ expectedDischargeOn: null }).expect(200);
    const open = await progressOf(patient.id);
    expect(open.forecast.map(label)).toEqual(['4.2', '5.1', '5.2', '7.1', '7.2']);
    expect(open).toMatchObject({ atRisk: false, forecastUntil: '2027-06-02' });

    // Finishing the missing parts completes every planned module.
    t.clock.set('2027-03-20T12:00:00.000Z');
    for (const date of ['2027-03-12', '2027-03-14', '2027-03-15', '2027-03-16', '2027-03-17']) {
      await attend(t, facilitator, on(date).id, patient.id);
    }
    const done = await progressOf(patient.id);
    expect(done).toMatchObject({ completedModules: [2, 4, 5, 7], remainingModules: [], forecast: [], atRisk: false });
  });

  it('refuses attendance that cannot be, naming why; records twice as once; removes on request', async () => {
    const { wardId, march } = await wardWithDailyGroup('ATT', { curriculum: 'core' });
    const other = await wardWithDailyGroup('ATT-OTHER', { curriculum: 'core' });
    await cancel(sessionOn(march, '2027-03-05').id);
    // Modules after the cancelled session have moved up one.
    const afterCancel = await listSessions(t, coordinator, wardId, '2027-03-01', '2027-03-31');
    const on = (date: string) => sessionOn(afterCancel, date);
    expect(['2027-03-04', '2027-03-06', '2027-03-07'].map((d) => on(d).module.number)).toEqual([7, 2, 4]);
    const patient = await admit(t, coordinator, wardId, {
      patientRef: 'AT-1',
      admittedOn: '2027-03-03',
      expectedDischargeOn: '2027-03-20',
    });
    const leftEarly = await admit(t, coordinator, wardId, {
      patientRef: 'AT-2',
      admittedOn: '2027-03-01',
      expectedDischargeOn: '2027-03-20',
    });
    const elsewhere = await admit(t, coordinator, other.wardId, { patientRef: 'AT-3', admittedOn: '2027-03-01' });
    await markDischarged(t, leftEarly.id, '2027-03-06');
    t.clock.set(TENTH_OF_MARCH);

    const post = (sessionId: string, admissionId: string, key = facilitator) =>
      t.http().post(`/api/sessions/${sessionId}/attendance`).set(key).send({ admissionId });
    const refusals: [string, string, number, RegExp][] = [
      [on('2027-03-02').id, patient.id, 422, /outside the stay: before the admission on 2027-03-03/],
      [on('2027-03-05').id, patient.id, 409, /was cancelled/],
      [on('2027-03-11').id, patient.id, 422, /has not started yet/],
      [on('2027-03-06').id, elsewhere.id, 422, /belongs to another ward/],
      [on('2027-03-07').id, leftEarly.id, 422, /outside the stay: after the discharge on 2027-03-06/],
      [on('2027-03-06').id, '00000000-0000-4000-8000-000000000000', 404, /admission/],
      ['00000000-0000-4000-8000-000000000000', patient.id, 404, /session/],
    ];
    for (const [sessionId, admissionId, status, message] of refusals) {
      const res = await post(sessionId, admissionId);
      expect([message.source, res.status]).toEqual([message.source, status]);
      expect(res.body.message.join(' ')).toMatch(message);
    }
    const scoped = bearer(await t.key('facilitator', [wardId]));
    expect((await post(on('2027-03-06').id, elsewhere.id, scoped)).status).toBe(404);
    expect((await post(on('2027-03-06').id, leftEarly.id)).status).toBe(201);

    const first = await post(on('2027-03-04').id, patient.id);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      sessionId: on('2027-03-04').id,
      admissionId: patient.id,
      wardId,
      startsAt: '2027-03-04T10:00:00+01:00',
      module: on('2027-03-04').module.number,
      part: 1,
      parts: 1,
      overCapacity: false,
      recordedAt: '2027-03-10T13:00:00+01:00',
    });
    t.clock.set('2027-03-10T14:00:00.000Z');
    const again = await post(on('2027-03-04').id, patient.id, coordinator);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const listed = await t
      .http()
      .get(`/api/sessions/${on('2027-03-04').id}/attendance`)
      .set(facilitator);
    expect(listed.body).toMatchObject({
      participants: 1,
      capacity: 8,
      overCapacity: false,
      attendees: [{ admissionId: patient.id, patientRef: 'AT-1' }],
    });
    expect((await progressOf(patient.id)).attended).toHaveLength(1);

    const remove = () =>
      t
        .http()
        .delete(`/api/sessions/${on('2027-03-04').id}/attendance/${patient.id}`)
        .set(facilitator);
    expect((await remove()).status).toBe(204);
    expect((await remove()).status).toBe(204);
    expect((await progressOf(patient.id)).attended).toEqual([]);

    const discharged = await progressOf(leftEarly.id);
    expect(discharged).toMatchObject({
      completedModules: [on('2027-03-06').module.number],
      forecast: [],
      forecastUntil: null,
      atRisk: false,
    });
    expect(discharged.afterDischarge).toEqual(discharged.remainingModules);
  });

  it('records attendance above the group’s capacity, flagged', async () => {
    const { wardId, march } = await wardWithDailyGroup('CAP', { curriculum: 'core', capacity: 2 });
    const patients = [];
    for (const ref of ['C-1', 'C-2', 'C-3'])
      patients.push(await admit(t, coordinator, wardId, { patientRef: ref, admittedOn: '2027-03-01' }));
    t.clock.set(TENTH_OF_MARCH);
    const session = sessionOn(march, '2027-03-01');
    const flags = [];
    for (const patient of patients) {
      const res = await t.http().post(`/api/sessions/${session.id}/attendance`).set(facilitator).send({ admissionId: patient.id });
      expect(res.status).toBe(201);
      flags.push(res.body.overCapacity);
    }
    expect(flags).toEqual([false, false, true]);
    const listed = await t.http().get(`/api/sessions/${session.id}/attendance`).set(coordinator);
    expect(listed.body).toMatchObject({ capacity: 2, participants: 3, overCapacity: true });
    const flagged = listed.body.attendees.filter((a: { overCapacity: boolean }) => a.overCapacity);
    expect(flagged.map((a: { patientRef: string }) => a.patientRef)).toEqual(['C-3']);
  });

  it('needs a key (401) and a coordinator or facilitator role to record (403)', async () => {
    const { wardId, march } = await wardWithDailyGroup('ROLE', { curriculum: 'core' });
    const patient = await admit(t, coordinator, wardId, { patientRef: 'R-1', admittedOn: '2027-03-01' });
    t.clock.set(TENTH_OF_MARCH);
    const session = sessionOn(march, '2027-03-02');
    const url = `/api/sessions/${session.id}/attendance`;
    expect((await t.http().post(url).send({ admissionId: patient.id })).status).toBe(401);
    expect((await t.http().post(url).set(discharge).send({ admissionId: patient.id })).status).toBe(403);
    expect((await t.http().delete(`${url}/${patient.id}`).set(discharge)).status).toBe(403);
    expect((await t.http().delete(`${url}/${patient.id}`)).status).toBe(401);
    expect((await t.http().get(url)).status).toBe(401);
    const bad = await t.http().post(url).set(facilitator).send({ admissionId: 'nope' });
    expect(bad.status).toBe(400);
    expect([bad.body.message].flat().join(' ')).toMatch(/admissionId must be a UUID/);
  });
});
