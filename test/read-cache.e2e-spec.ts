/**
 * Issue 19: read answers are remembered (sessions, progress, facilitators, the ward's conflicts),
 * and a write on this instance is never followed by a stale read: the writes of the load bench
 * (attendance, facilitator patch, absence add and remove) each show in the very next read.
 */
import { DomainEvents } from '../src/events/domain-events';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { logStatements } from './support/statement-log';

type Conflict = { facilitatorId: string | null; rule: string };
type Session = {
  id: string;
  date: string;
  startsAt: string;
  status: string;
  locked: boolean;
  facilitators: { id: string; role: string }[];
  conflicts: Conflict[];
};

const FROM = '2027-03-01';
const TO = '2027-03-26';

describe('cached reads after writes (issue 19)', () => {
  let t: TestApp;
  let coordinator: Record<string, string>;
  let discharge: Record<string, string>;
  let wardId: string;
  let anna: string;
  let bjorn: string;
  let admissionId: string;

  const sessions = async () => {
    const res = await t.http().get(`/api/wards/${wardId}/sessions?from=${FROM}&to=${TO}`).set(coordinator);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    return res.body as Session[];
  };
  const conflictsRoute = async () => {
    const res = await t.http().get(`/api/wards/${wardId}/rota/conflicts?from=${FROM}&to=${TO}`).set(coordinator);
    expect(res.status).toBe(200);
    return res.body as (Conflict & { sessionId: string })[];
  };
  const progress = async () => {
    const res = await t.http().get(`/api/admissions/${admissionId}/progress`).set(discharge);
    expect(res.status).toBe(200);
    return res.body as { attended: { sessionId: string }[]; completedModules: number[] };
  };
  const facilitators = async () => {
    const res = await t.http().get(`/api/facilitators?wardId=${wardId}`).set(coordinator);
    expect(res.status).toBe(200);
    return res.body as { id: string; maxSessionsPerWeek: number | null }[];
  };
  /** The rules each person's listed sessions break, twice read: the second answer comes from the cache. */
  const rules = async (who: string) => {
    const first = await sessions();
    const second = await sessions();
    expect(second).toEqual(first);
    return [...new Set(first.flatMap((s) => s.conflicts.filter((c) => c.facilitatorId === who).map((c) => `${s.date} ${c.rule}`)))].sort();
  };

  const statements: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-03-03T08:00:00.000Z' });
    logStatements(t.db, statements);
    coordinator = bearer(await t.key('coordinator'));
    wardId = (await t.http().post('/api/wards').set(coordinator).send({ code: 'RC1', name: 'Cache' })).body.id;
    discharge = bearer(await t.key('discharge', [wardId]));
    const person = async (name: string) =>
      (
        await t
          .http()
          .post('/api/facilitators')
          .set(coordinator)
          .send({ name, profession: 'nurse', imrTrained: true, wardIds: [wardId] })
      ).body.id as string;
    anna = await person('Anna');
    bjorn = await person('Bjørn');
    const group = {
      name: 'Morgengruppe',
      recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR',
      startTime: '10:00',
      durationMinutes: 60,
      startsOn: FROM,
      curriculum: 'core',
    };
    expect((await t.http().post(`/api/wards/${wardId}/groups`).set(coordinator).send(group)).status).toBe(201);
    expect((await t.http().post(`/api/wards/${wardId}/rota/plan`).set(coordinator).send({ from: FROM, to: TO })).status).toBe(200);
    const admission = await t
      .http()
      .post(`/api/wards/${wardId}/admissions`)
      .set(coordinator)
      .send({ patientRef: 'RC-1', admittedOn: '2027-02-20', expectedDischargeOn: '2027-04-30' });
    expect(admission.status).toBe(201);
    admissionId = admission.body.id;
  });
  afterAll(() => t.close());

  it('starts with every coming session staffed by both and no conflicts', async () => {
    const listed = await sessions();
    expect(listed).toHaveLength(12);
    expect(listed.filter((s) => s.date >= '2027-03-03' && s.facilitators.length !== 2)).toEqual([]);
    expect([await rules(anna), await rules(bjorn), await conflictsRoute()]).toEqual([[], [], []]);
  });

  it('shows a recorded attendance in the next progress read', async () => {
    const before = await progress();
    expect(await progress()).toEqual(before);
    const monday = (await sessions()).find((s) => s.date === FROM)!;
    const recorded = await t.http().post(`/api/sessions/${monday.id}/attendance`).set(coordinator).send({ admissionId });
    expect(recorded.status).toBe(201);
    expect((await progress()).attended.map((a) => a.sessionId)).toEqual([...before.attended.map((a) => a.sessionId), monday.id]);
    const removed = await t.http().delete(`/api/sessions/${monday.id}/attendance/${admissionId}`).set(coordinator);
    expect(removed.status).toBeLessThan(300);
    expect(await progress()).toEqual(before);
  });

  it('reads only the stay’s own rows for the progress after an attendance, and shows a cancellation in the next forecast', async () => {
    const before = await progress();
    const monday = (await sessions()).find((s) => s.date === FROM)!;
    expect((await t.http().post(`/api/sessions/${monday.id}/attendance`).set(coordinator).send({ admissionId })).status).toBe(201);
    // The ward's coming sessions and offered modules are remembered: the stay's head, its rows and its attendance.
    const counted = statements.length;
    const after = await progress();
    expect(statements.slice(counted).filter((q) => /\bsessions\b|\bgroups\b|group_versions/.test(q))).toEqual([]);
    expect(statements.length - counted).toBeLessThanOrEqual(4);
    expect(after.attended.map((a) => a.sessionId)).toEqual([...before.attended.map((a) => a.sessionId), monday.id]);
    expect((await t.http().delete(`/api/sessions/${monday.id}/attendance/${admissionId}`).set(coordinator)).status).toBeLessThan(300);
    // A cancelled session is no longer forecast, though the ward's coming sessions were remembered.
    const forecast = (await t.http().get(`/api/admissions/${admissionId}/progress`).set(discharge)).body.forecast as {
      sessionId: string;
    }[];
    const first = forecast[0].sessionId;
    expect((await t.http().post(`/api/sessions/${first}/cancel`).set(coordinator).send({ reason: 'Helligdag' })).status).toBe(200);
    const next = (await t.http().get(`/api/admissions/${admissionId}/progress`).set(discharge)).body.forecast as { sessionId: string }[];
    expect(next.map((f) => f.sessionId)).not.toContain(first);
    expect((await t.http().post(`/api/sessions/${first}/uncancel`).set(coordinator).send({})).status).toBe(200);
    expect((await t.http().get(`/api/admissions/${admissionId}/progress`).set(discharge)).body.forecast).toEqual(forecast);
  });

  it('shows a facilitator patch in the next sessions, conflicts and facilitators reads', async () => {
    expect(await facilitators()).toEqual(expect.arrayContaining([expect.objectContaining({ id: anna, maxSessionsPerWeek: null })]));
    const capped = await t.http().patch(`/api/facilitators/${anna}`).set(coordinator).send({ maxSessionsPerWeek: 1 });
    expect(capped.status).toBe(200);
    expect((await rules(anna)).filter((r) => r.endsWith('over-cap')).length).toBeGreaterThan(0);
    expect((await conflictsRoute()).filter((c) => c.facilitatorId === anna && c.rule === 'over-cap').length).toBeGreaterThan(0);
    expect(await facilitators()).toEqual(expect.arrayContaining([expect.objectContaining({ id: anna, maxSessionsPerWeek: 1 })]));
    expect(await rules(bjorn)).toEqual([]);
    const uncapped = await t.http().patch(`/api/facilitators/${anna}`).set(coordinator).send({ maxSessionsPerWeek: null });
    expect(uncapped.status).toBe(200);
    expect([await rules(anna), await conflictsRoute()]).toEqual([[], []]);
    expect(await facilitators()).toEqual(expect.arrayContaining([expect.objectContaining({ id: anna, maxSessionsPerWeek: null })]));
  });

  it('shows an absence, and its removal, in the next sessions and conflicts reads', async () => {
    const added = await t
      .http()
      .post(`/api/facilitators/${bjorn}/absences`)
      .set(coordinator)
      .send({ from: '2027-03-08', to: '2027-03-10', reason: 'course' });
    expect(added.status).toBe(201);
    expect(await rules(bjorn)).toEqual(['2027-03-08 absent', '2027-03-10 absent']);
    expect((await conflictsRoute()).filter((c) => c.facilitatorId === bjorn).map((c) => c.rule)).toEqual(['absent', 'absent']);
    const removed = await t.http().delete(`/api/facilitators/${bjorn}/absences/${added.body.id}`).set(coordinator);
    expect(removed.status).toBe(204);
    expect([await rules(bjorn), await conflictsRoute()]).toEqual([[], []]);
  });

  it('keeps one person’s conflicts through a write to another, and names in each event only what changed', async () => {
    const seen: string[] = [];
    const subscription = t.app.get(DomainEvents).events$.subscribe((e) => seen.push(e.type));
    const patch = (id: string, body: object) => t.http().patch(`/api/facilitators/${id}`).set(coordinator).send(body);
    try {
      expect((await patch(anna, { maxSessionsPerWeek: 1 })).status).toBe(200);
      expect((await patch(bjorn, { maxSessionsPerWeek: 1 })).status).toBe(200);
      const capped = await rules(bjorn);
      expect(capped.length).toBeGreaterThan(0);
      expect(await rules(anna)).toEqual(capped);
      expect((await patch(anna, { maxSessionsPerWeek: null })).status).toBe(200);
      expect([await rules(anna), await rules(bjorn)]).toEqual([[], capped]);
      const absence = await t
        .http()
        .post(`/api/facilitators/${anna}/absences`)
        .set(coordinator)
        .send({ from: '2027-03-08', to: '2027-03-08' });
      expect((await rules(anna)).some((r) => r.endsWith('absent'))).toBe(true);
      expect((await t.http().delete(`/api/facilitators/${anna}/absences/${absence.body.id}`).set(coordinator)).status).toBe(204);
      expect([await rules(anna), await rules(bjorn)]).toEqual([[], capped]);
      expect((await patch(bjorn, { maxSessionsPerWeek: null, name: 'Bjørn' })).status).toBe(200);
      expect(await rules(bjorn)).toEqual([]);
      // Calendar feeds read only names, pools and status: a cap or an absence is not their business.
      expect(seen).toEqual([
        'facilitator-rules-changed',
        'facilitator-rules-changed',
        'facilitator-rules-changed',
        'absence-added',
        'absence-removed',
        'facilitator-changed',
      ]);
    } finally {
      subscription.unsubscribe();
    }
  });

  it('ends a session’s conflicts once it has started, though the answer was remembered', async () => {
    const added = await t
      .http()
      .post(`/api/facilitators/${bjorn}/absences`)
      .set(coordinator)
      .send({ from: '2027-03-05', to: '2027-03-05' });
    expect(added.status).toBe(201);
    expect(await rules(bjorn)).toEqual(['2027-03-05 absent']);
    t.clock.set('2027-03-05T09:30:00.000Z');
    expect(await rules(bjorn)).toEqual([]);
    t.clock.set('2027-03-03T08:00:00.000Z');
  });

  it('shows a manual assignment and a cancellation in the next sessions read', async () => {
    const friday = (await sessions()).find((s) => s.date === '2027-03-19')!;
    const lead = friday.facilitators[1].id;
    const assigned = await t
      .http()
      .put(`/api/sessions/${friday.id}/facilitators`)
      .set(coordinator)
      .send({ facilitatorIds: [lead, friday.facilitators[0].id] });
    expect(assigned.status).toBe(200);
    const after = (await sessions()).find((s) => s.id === friday.id)!;
    expect([after.locked, after.facilitators.find((f) => f.role === 'lead')!.id]).toEqual([true, lead]);
    const cancelled = await t.http().post(`/api/sessions/${friday.id}/cancel`).set(coordinator).send({ reason: 'Helligdag' });
    expect(cancelled.status).toBe(200);
    const listed = (await sessions()).find((s) => s.id === friday.id)!;
    expect([listed.status, listed.conflicts]).toEqual(['cancelled', []]);
  });

  it('answers a repeated progress read without a statement, and shows a change of the stay itself in the next read', async () => {
    const first = await progress();
    const counted = statements.length;
    expect(await progress()).toEqual(first);
    expect(statements.slice(counted)).toEqual([]);
    const patched = await t.http().patch(`/api/admissions/${admissionId}`).set(coordinator).send({ expectedDischargeOn: '2027-05-31' });
    expect(patched.status).toBe(200);
    const later = (await progress()) as unknown as { expectedDischargeOn: string };
    expect(later.expectedDischargeOn).toBe('2027-05-31');
    const discharged = await t
      .http()
      .post(`/api/admissions/${admissionId}/discharge`)
      .set(discharge)
      .send({ dischargedOn: '2027-03-03', continueImr: false });
    expect(discharged.status).toBe(201);
    expect(await progress()).not.toEqual(later);
    expect((await t.http().delete(`/api/admissions/${admissionId}/discharge`).set(discharge)).status).toBeLessThan(300);
    expect(await progress()).toEqual(later);
  });
});
