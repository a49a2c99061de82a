import { bearer, TestApp } from './support/test-app';

export interface Person {
  id: string;
  name: string;
  key: Record<string, string>;
}

export interface SwapWorld {
  coordinator: Record<string, string>;
  u: { id: string };
  v: { id: string };
  people: Record<string, Person>;
  /** Ward U's sessions in March 2027 (Mon/Wed/Fri 10:00–11:00), by date. */
  sessionOn: (date: string) => string;
  vSessionOn: (date: string) => string;
}

/**
 * Ward U runs Mon/Wed/Fri 10:00; ward V runs Mondays 10:00. Per works on both wards. Sessions are
 * assigned by hand, so each test knows who is where. The clock stands at 2027-03-01 09:00 UTC.
 */
export async function seedSwapWorld(t: TestApp): Promise<SwapWorld> {
  const coordinator = bearer(await t.key('coordinator'));
  const http = () => t.http();
  const ward = async (code: string) =>
    (
      await http()
        .post('/api/wards')
        .set(coordinator)
        .send({ code, name: `Ward ${code}` })
        .expect(201)
    ).body;
  const u = await ward('SWU');
  const v = await ward('SWV');
  const people: Record<string, Person> = {};
  const spec: [string, boolean, string[], number | null][] = [
    ['Kari', true, [u.id], null],
    ['Ola', true, [u.id], null],
    ['Per', true, [u.id, v.id], null],
    ['Cato', true, [u.id], 1],
    ['Tove', false, [u.id], null],
    ['Tuva', false, [u.id], null],
    ['Vera', true, [v.id], null],
  ];
  for (const [name, imrTrained, wardIds, cap] of spec) {
    const f = (
      await http()
        .post('/api/facilitators')
        .set(coordinator)
        .send({ name, profession: 'nurse', imrTrained, wardIds, ...(cap !== null && { maxSessionsPerWeek: cap }) })
        .expect(201)
    ).body;
    people[name] = { id: f.id, name, key: bearer(await t.key('facilitator', wardIds, f.id)) };
  }
  const group = (wardId: string, recurrence: string) =>
    http()
      .post(`/api/wards/${wardId}/groups`)
      .set(coordinator)
      .send({ name: 'Open group', recurrence, startTime: '10:00', durationMinutes: 60, startsOn: '2027-03-01', curriculum: 'core' })
      .expect(201);
  await group(u.id, 'FREQ=WEEKLY;BYDAY=MO,WE,FR');
  await group(v.id, 'FREQ=WEEKLY;BYDAY=MO');
  const list = async (wardId: string) =>
    new Map<string, string>(
      (await http().get(`/api/wards/${wardId}/sessions?from=2027-03-01&to=2027-04-30`).set(coordinator).expect(200)).body.map(
        (s: { date: string; id: string }) => [s.date, s.id],
      ),
    );
  const uSessions = await list(u.id);
  const vSessions = await list(v.id);
  for (const w of [u.id, v.id])
    await http().post(`/api/wards/${w}/rota/publish`).set(coordinator).send({ from: '2027-03-01', to: '2027-04-30' }).expect(200);
  const on = (m: Map<string, string>, what: string) => (date: string) => {
    const id = m.get(date);
    if (!id) throw new Error(`no ${what} session on ${date}`);
    return id;
  };
  return { coordinator, u, v, people, sessionOn: on(uSessions, 'ward U'), vSessionOn: on(vSessions, 'ward V') };
}

export async function assign(t: TestApp, w: SwapWorld, sessionId: string, names: string[]): Promise<void> {
  const res = await t
    .http()
    .put(`/api/sessions/${sessionId}/facilitators`)
    .set(w.coordinator)
    .send({ facilitatorIds: names.map((n) => w.people[n].id) });
  if (res.status !== 200) throw new Error(`assign ${names} to ${sessionId}: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function teamOf(t: TestApp, w: SwapWorld, sessionId: string): Promise<string[]> {
  const s = (await t.http().get(`/api/sessions/${sessionId}`).set(w.coordinator).expect(200)).body;
  const names = new Map(Object.values(w.people).map((p) => [p.id, p.name]));
  return s.facilitators.map((f: { id: string; role: string }) => `${names.get(f.id)}:${f.role}`);
}

export async function approvalOn(t: TestApp, w: SwapWorld, wardId: string, swapApproval: boolean): Promise<void> {
  // The ward setting, through the ward's own PATCH; the swap-settings route shows the same value.
  const res = await t.http().patch(`/api/wards/${wardId}`).set(w.coordinator).send({ swapApproval }).expect(200);
  if (res.body.swapApproval !== swapApproval) throw new Error(`ward PATCH answered swapApproval ${res.body.swapApproval}`);
  const settings = await t.http().get(`/api/wards/${wardId}/swap-settings`).set(w.coordinator).expect(200);
  if (settings.body.swapApproval !== swapApproval) throw new Error(`swap-settings answered ${settings.body.swapApproval}`);
}
