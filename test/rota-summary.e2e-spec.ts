import { bearer, startTestApp, TestApp } from './support/test-app';

type Unfilled = { sessionId: string; reason: string };
type Load = { facilitatorId: string; sessions: number; leads: number; minutes: number; availableSessions: number; share: number };
type Summary = {
  assigned: number;
  unfilled: Unfilled[];
  load: Load[];
  locked: { sessionId: string; facilitatorId: string; rule: string; detail: string }[];
};

describe('rota summary and plan derive the same figures (e2e)', () => {
  let t: TestApp;
  let coordinator: Record<string, string>;
  const window = { from: '2027-03-01', to: '2027-03-28' };

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-02-26T08:00:00.000Z' });
    coordinator = bearer(await t.key('coordinator'));
  });
  afterAll(() => t.close());

  async function ward(code: string): Promise<string> {
    const res = await t
      .http()
      .post('/api/wards')
      .set(coordinator)
      .send({ code, name: `Ward ${code}` });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function facilitator(wardId: string, name: string, imrTrained: boolean, extra: object = {}): Promise<string> {
    const res = await t
      .http()
      .post('/api/facilitators')
      .set(coordinator)
      .send({ name, profession: 'nurse', imrTrained, wardIds: [wardId], ...extra });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function group(wardId: string): Promise<void> {
    await t
      .http()
      .post(`/api/wards/${wardId}/groups`)
      .set(coordinator)
      .send({
        name: 'Open group',
        recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR',
        startTime: '10:00',
        durationMinutes: 60,
        startsOn: '2027-03-01',
        curriculum: 'core',
      })
      .expect(201);
  }

  const summary = async (wardId: string): Promise<Summary> => {
    const res = await t.http().get(`/api/wards/${wardId}/rota/summary?from=${window.from}&to=${window.to}`).set(coordinator);
    expect(res.status).toBe(200);
    return res.body;
  };
  const byId = <T extends { sessionId?: string; facilitatorId?: string }>(xs: T[]) =>
    [...xs].sort((a, b) => ((a.sessionId ?? a.facilitatorId)! < (b.sessionId ?? b.facilitatorId)! ? -1 : 1));

  it('reports the same unfilled sessions, reasons and loads for an understaffed ward (issue 11, acceptance 2)', async () => {
    const wardId = await ward('SUM1');
    await facilitator(wardId, 'Capped lead', true, { maxSessionsPerWeek: 2 });
    await facilitator(wardId, 'Trainee one', false);
    await facilitator(wardId, 'Trainee two', false);
    await facilitator(wardId, 'Left', true).then((id) =>
      t.http().patch(`/api/facilitators/${id}`).set(coordinator).send({ active: false }),
    );
    await group(wardId);

    const before = await summary(wardId);
    expect(before.assigned).toBe(0);
    expect(before.unfilled).toHaveLength(12);

    const res = await t.http().post(`/api/wards/${wardId}/rota/plan`).set(coordinator).send(window);
    expect(res.status).toBe(200);
    const planned: Summary = res.body.summary;
    expect(planned.unfilled.length).toBeGreaterThan(0);
    expect(planned.unfilled.filter((u) => u.reason !== 'all-at-cap' && u.reason !== 'no-trained-facilitator')).toEqual([]);

    const after = await summary(wardId);
    expect(byId(after.unfilled)).toEqual(byId(planned.unfilled));
    expect(byId(after.load)).toEqual(byId(planned.load));
    expect(after.assigned).toBe(planned.assigned);
    expect(after.load.map((l) => l.facilitatorId)).toHaveLength(3);
  });

  it('lists a locked session whose pinned person went absent, with the rule (issue 11, acceptance 3)', async () => {
    const wardId = await ward('SUM2');
    const kari = await facilitator(wardId, 'Kari', true);
    const ola = await facilitator(wardId, 'Ola', true);
    await facilitator(wardId, 'Per', true);
    await group(wardId);
    const sessions = (await t.http().get(`/api/wards/${wardId}/sessions?from=2027-03-08&to=2027-03-08`).set(coordinator)).body;
    await t
      .http()
      .put(`/api/sessions/${sessions[0].id}/facilitators`)
      .set(coordinator)
      .send({ facilitatorIds: [kari, ola] })
      .expect(200);
    expect((await summary(wardId)).locked).toEqual([]);
    await t.http().post(`/api/facilitators/${kari}/absences`).set(coordinator).send({ from: '2027-03-05', to: '2027-03-18' }).expect(201);
    const { locked } = await summary(wardId);
    // In the ward's language (an Oslo ward's is bokmål); the same fact on a ward set to English reads in English.
    expect(locked).toEqual([{ sessionId: sessions[0].id, facilitatorId: kari, rule: 'absent', detail: 'Kari har fravær 5.–18. mars' }]);
    await t.http().patch(`/api/wards/${wardId}`).set(coordinator).send({ language: 'en' }).expect(200);
    expect((await summary(wardId)).locked.map((l: { detail: string }) => l.detail)).toEqual(['Kari is absent 5–18 March']);
    const conflicts = (await t.http().get(`/api/wards/${wardId}/rota/conflicts?from=2027-03-08&to=2027-03-08`).set(coordinator).expect(200))
      .body;
    expect(conflicts.map((c: { detail: string }) => c.detail)).toEqual(['Kari is absent 5–18 March']);
  });
});
