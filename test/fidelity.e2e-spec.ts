import { admit, attend, createGroup, createWard, Headers, listSessions, sessionOn } from './admissions.fixtures';
import { bearer, startTestApp, TestApp } from './support/test-app';

/*
 * A fixture ward with known fidelity answers. One daily 10:00 group teaching six modules in turn
 * (1, 2, 4, 5, 7, 10), from 4 January 2027; "now" is 10 July 2027 and the window 1 Jan – 10 Jul.
 *
 * - group size: ten people attend 4 January, everyone else fewer: largest 10 → score 4.
 * - curriculum: six distinct modules taught → score 3 (5–6 of 11).
 * - program length: two long stays discharged in the window, attending 4 Jan – 20 Jun (167 days,
 *   5.49 months) and 4 Jan – 8 Jul (185 days, 6.08 months): median 5.78 → 5.8 months → score 4.
 * - goal setting: three referrals, two with goals → 0.67 → score 4; follow-up: two of three goals
 *   with progress → 0.67 → score 4. Mean of the five measured items: 3.8; eight items not measured.
 */
const NOW = '2027-07-10T12:00:00.000Z';

describe('fidelity figures on a fixture ward (e2e)', () => {
  let t: TestApp;
  let coordinator: Headers;
  let discharge: Headers;
  let wardId: string;

  const dischargeWith = async (admissionId: string, dischargedOn: string, recoveryGoals: object[]) => {
    const res = await t
      .http()
      .post(`/api/admissions/${admissionId}/discharge`)
      .set(discharge)
      .send({
        dischargedOn,
        continueImr: true,
        receivingService: { kind: 'district-psychiatric-centre', name: 'Fjordby DPS' },
        recoveryGoals,
      });
    expect([res.status, res.body.referral?.status]).toEqual([201, 'draft']);
  };

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-01-02T12:00:00.000Z' });
    coordinator = bearer(await t.key('coordinator'));
    discharge = bearer(await t.key('discharge'));
    const facilitator = bearer(await t.key('facilitator'));
    wardId = (await createWard(t, coordinator, 'FIDELITY')).id;
    await createGroup(t, coordinator, wardId, { startsOn: '2027-01-04', curriculum: [1, 2, 4, 5, 7, 10], capacity: 12 });
    const sessions = await listSessions(t, coordinator, wardId, '2027-01-01', '2027-07-10');
    const people: Record<string, string> = {};
    for (const ref of ['L1', 'L2', 'S1', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10']) {
      const long = ref.startsWith('L');
      people[ref] = (
        await admit(t, coordinator, wardId, {
          patientRef: ref,
          admittedOn: '2027-01-04',
          expectedDischargeOn: long ? '2027-12-01' : '2027-02-01',
        })
      ).id;
    }
    t.clock.set(NOW);
    // Reads store sessions only inside the window the jobs keep (8 weeks back to the horizon): read again now.
    await listSessions(t, coordinator, wardId, '2027-05-15', '2027-07-10');
    for (const ref of Object.keys(people)) await attend(t, facilitator, sessionOn(sessions, '2027-01-04').id, people[ref]);
    await attend(t, facilitator, sessionOn(sessions, '2027-01-05').id, people.S1);
    await attend(t, facilitator, sessionOn(sessions, '2027-06-20').id, people.L1);
    await attend(t, facilitator, sessionOn(sessions, '2027-07-08').id, people.L2);
    await dischargeWith(people.L1, '2027-07-01', [
      { text: 'Bo for meg selv', progress: 'Har fått tilbud om leilighet' },
      { text: 'Begynne å spille igjen' },
    ]);
    await dischargeWith(people.L2, '2027-07-09', [{ text: 'Komme i jobb', progress: 'Praksisplass avtalt' }]);
    await dischargeWith(people.S1, '2027-02-01', []);
  });
  afterAll(() => t.close());

  it('scores the items the data supports on the 1–5 anchors and marks the rest not measured', async () => {
    const res = await t.http().get(`/api/wards/${wardId}/fidelity?from=2027-01-01&to=2027-07-10`).set(coordinator);
    expect(res.status).toBe(200);
    const byItem = Object.fromEntries(res.body.items.map((i: { item: string }) => [i.item, i]));
    const scored = res.body.items
      .filter((i: { measured: boolean }) => i.measured)
      .map((i: { item: string; value: number; score: number }) => [i.item, i.value, i.score]);
    expect(scored).toEqual([
      ['group-size', 10, 4],
      ['program-length', 5.8, 4],
      ['curriculum', 6, 3],
      ['goal-setting', 0.67, 4],
      ['goal-follow-up', 0.67, 4],
    ]);
    expect(res.body.items.filter((i: { measured: boolean; score: unknown }) => !i.measured && i.score !== null)).toEqual([]);
    expect(res.body.items).toHaveLength(13);
    expect(res.body).toMatchObject({ wardId, from: '2027-01-01', to: '2027-07-10', measuredMean: 3.8, measuredCount: 5 });
    expect(byItem['group-size'].label).toBe('Antall deltakere per samling');
    expect(byItem['coping-skills']).toMatchObject({ measured: false, value: null, score: null });
  });

  it('measures nothing it cannot: an empty window has every item not measured', async () => {
    const res = await t.http().get(`/api/wards/${wardId}/fidelity?from=2026-01-01&to=2026-01-31`).set(coordinator);
    expect(res.status).toBe(200);
    expect(res.body.items.filter((i: { measured: boolean }) => i.measured)).toEqual([]);
    expect(res.body.measuredMean).toBeNull();
  });

  it('is for coordinators, and names a bad window', async () => {
    expect((await t.http().get(`/api/wards/${wardId}/fidelity?from=2027-01-01&to=2027-02-01`).set(discharge)).status).toBe(403);
    const bad = await t.http().get(`/api/wards/${wardId}/fidelity?from=2027-13-01&to=2027-02-01`).set(coordinator);
    expect([bad.status, [bad.body.message].flat().join(' ')]).toEqual([400, expect.stringMatching(/from/)]);
  });
});
