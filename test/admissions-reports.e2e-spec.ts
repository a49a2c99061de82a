import { AdmissionEntity } from '../src/database/schema/admission.entity';
import { AdmissionsService } from '../src/admissions/admissions.service';
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

/*
 * A fixture ward with known answers. One daily 10:00 group teaching the core set (2, 4, 5, 7), one
 * session per module, capacity 8, from 1 March 2027; the 6 March session is cancelled, so from the
 * 7th on every module comes one day later: 1:2 2:4 3:5 4:7 5:2 6:– 7:4 8:5 9:7 10:2 11:4 12:5 13:7.
 * "Now" is 13:00 in Oslo on 10 March. Everyone was admitted on 1 March.
 *
 *   ref  stay   expected    attended (day:module)        discharged
 *   S1   short  2027-03-20  1:2 2:4 3:5 4:7              2027-03-09  (all core)
 *   S2   short  2027-03-25  1:2 2:4                      2027-03-09  (misses 5, 7)
 *   S3   short  2027-03-25  1:2                          2027-03-10  (misses 4, 5, 7)
 *   L1   long   2027-08-01  1:2 2:4                      2027-03-10  (long: not in the short-stay share)
 *   A5   short  2027-03-12  1:2 5:2 7:4 8:5              –  (7 next on the 13th: at risk)
 *   A6   short  2027-03-15  1:2 7:4 8:5                  –  (7 on the 13th: in time)
 *   A7   short  unknown     1:2                          –
 *   A8   short  2027-03-30  1:2                          –
 *   A9   short  2027-03-08  1:2                          –  (overdue: all remaining at risk)
 *
 * Participants per held session, 1–10 March: 9 3 1 1 1 (6th cancelled) 2 2 0 0.
 */
const NOW = '2027-03-10T12:00:00.000Z';

describe('discharge worklist and ward figures on a fixture ward (e2e)', () => {
  let t: TestApp;
  let coordinator: Headers;
  let discharge: Headers;
  let facilitator: Headers;
  let wardId: string;
  let sessions: SessionView[];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-02-28T12:00:00.000Z' });
    coordinator = bearer(await t.key('coordinator'));
    discharge = bearer(await t.key('discharge'));
    facilitator = bearer(await t.key('facilitator'));
    wardId = (await createWard(t, coordinator, 'FIXTURE')).id;
    await createGroup(t, coordinator, wardId, { startsOn: '2027-03-01', curriculum: 'core', capacity: 8 });
    const before = await listSessions(t, coordinator, wardId, '2027-03-01', '2027-03-31');
    await t
      .http()
      .post(`/api/sessions/${sessionOn(before, '2027-03-06').id}/cancel`)
      .set(coordinator)
      .send({ reason: 'ward outing' })
      .expect(200);
    sessions = await listSessions(t, coordinator, wardId, '2027-03-01', '2027-03-31');

    const stays: [string, string | null, string[]][] = [
      ['S1', '2027-03-20', ['01', '02', '03', '04']],
      ['S2', '2027-03-25', ['01', '02']],
      ['S3', '2027-03-25', ['01']],
      ['L1', '2027-08-01', ['01', '02']],
      ['A5', '2027-03-12', ['01', '05', '07', '08']],
      ['A6', '2027-03-15', ['01', '07', '08']],
      ['A7', null, ['01']],
      ['A8', '2027-03-30', ['01']],
      ['A9', '2027-03-08', ['01']],
    ];
    for (const [ref, expectedDischargeOn] of stays) {
      ids[ref] = (await admit(t, coordinator, wardId, { patientRef: ref, admittedOn: '2027-03-01', expectedDischargeOn })).id;
    }
    t.clock.set(NOW);
    for (const [ref, , days] of stays) {
      for (const day of days) await attend(t, facilitator, sessionOn(sessions, `2027-03-${day}`).id, ids[ref]);
    }
    await markDischarged(t, ids.S1, '2027-03-09');
    await markDischarged(t, ids.S2, '2027-03-09');
    await markDischarged(t, ids.S3, '2027-03-10');
    await markDischarged(t, ids.L1, '2027-03-10');
  });
  afterAll(() => t.close());

  it('has the fixture’s curriculum after the cancellation', () => {
    const days = ['01', '02', '03', '04', '05', '07', '08', '09', '10', '11', '12', '13'];
    expect(days.map((d) => sessionOn(sessions, `2027-03-${d}`).module.number)).toEqual([2, 4, 5, 7, 2, 4, 5, 7, 2, 4, 5, 7]);
    expect(sessionOn(sessions, '2027-03-06').status).toBe('cancelled');
  });

  describe('discharge worklist', () => {
    const worklist = async (query = '', key = discharge) => {
      const res = await t.http().get(`/api/wards/${wardId}/discharge-worklist${query}`).set(key);
      expect(res.status).toBe(200);
      return res.body;
    };

    it('lists admitted stays leaving within 14 days, overdue first, with remaining and at-risk modules', async () => {
      const list = await worklist();
      expect(list).toEqual([
        expect.objectContaining({
          admissionId: ids.A9,
          patientRef: 'A9',
          expectedDischargeOn: '2027-03-08',
          daysLeft: -2,
          completedModules: [2],
          remainingModules: [4, 5, 7],
          atRiskModules: [4, 5, 7],
          atRisk: true,
          forecast: [],
        }),
        expect.objectContaining({
          admissionId: ids.A5,
          expectedDischargeOn: '2027-03-12',
          daysLeft: 2,
          completedModules: [2, 4, 5],
          remainingModules: [7],
          atRiskModules: [7],
          forecast: [],
        }),
        expect.objectContaining({
          admissionId: ids.A6,
          expectedDischargeOn: '2027-03-15',
          daysLeft: 5,
          stay: 'short',
          plannedModules: [2, 4, 5, 7],
          completedModules: [2, 4, 5],
          remainingModules: [7],
          atRiskModules: [],
          atRisk: false,
          forecast: [{ module: 7, part: 1, sessionId: sessionOn(sessions, '2027-03-13').id, startsAt: '2027-03-13T10:00:00+01:00' }],
        }),
      ]);
    });

    it('honours withinDays', async () => {
      const refs = (list: { patientRef: string }[]) => list.map((item) => item.patientRef);
      expect(refs(await worklist('?withinDays=0', coordinator))).toEqual(['A9']);
      expect(refs(await worklist('?withinDays=2'))).toEqual(['A9', 'A5']);
      const month = await worklist('?withinDays=30');
      expect(refs(month)).toEqual(['A9', 'A5', 'A6', 'A8']);
      expect(month[3]).toMatchObject({ remainingModules: [4, 5, 7], atRiskModules: [] });
      expect(month[3].forecast.map((s: { startsAt: string }) => s.startsAt)).toEqual([
        '2027-03-11T10:00:00+01:00',
        '2027-03-12T10:00:00+01:00',
        '2027-03-13T10:00:00+01:00',
      ]);
    });

    it('refuses a bad withinDays, naming it', async () => {
      for (const query of ['?withinDays=366', '?withinDays=-1', '?withinDays=abc', '?withinDays=1.5']) {
        const res = await t.http().get(`/api/wards/${wardId}/discharge-worklist${query}`).set(discharge);
        expect([query, res.status]).toEqual([query, 400]);
        expect([res.body.message].flat().join(' ')).toMatch(/withinDays/);
      }
    });
  });

  describe('ward figures', () => {
    beforeAll(async () => {
      t.clock.set(NOW);
      // Every session that has started was held (the 6th was cancelled); unrecorded ones would not count as held.
      for (const s of sessions.filter((x) => x.status === 'scheduled' && x.startsAt.slice(0, 10) <= '2027-03-10')) {
        await t.http().put(`/api/sessions/${s.id}/outcome`).set(coordinator).send({ held: true }).expect(200);
      }
    });

    const stats = async (from: string, to: string, key = coordinator) => {
      const res = await t.http().get(`/api/wards/${wardId}/stats?from=${from}&to=${to}`).set(key);
      expect(res.status).toBe(200);
      return res.body;
    };

    it('counts sessions, participants, short stays with all core and the modules most missed', async () => {
      expect(await stats('2027-03-01', '2027-03-10', discharge)).toEqual({
        wardId,
        from: '2027-03-01',
        to: '2027-03-10',
        sessionsHeld: 9,
        sessionsNotHeld: 0,
        sessionsUnrecorded: 0,
        sessionsCancelled: 1,
        facilitatorHours: [],
        participantsPerSession: { median: 1, max: 9, over8: 1, overCapacity: 1 },
        shortStaysDischarged: 3,
        shortStaysWithAllCore: 1,
        shareShortStaysWithAllCore: 1 / 3,
        mostMissedModules: [
          { module: 5, title: 'Mestre stress', missedBy: 2 },
          { module: 7, title: 'Effektiv bruk av medisiner', missedBy: 2 },
          { module: 4, title: 'Stress-sårbarhetsmodellen', missedBy: 1 },
        ],
      });
    });

    it('takes only the window’s sessions and discharges', async () => {
      expect(await stats('2027-03-01', '2027-03-09')).toMatchObject({
        sessionsHeld: 8,
        sessionsCancelled: 1,
        participantsPerSession: { median: 1.5, max: 9, over8: 1, overCapacity: 1 },
        shortStaysDischarged: 2,
        shortStaysWithAllCore: 1,
        shareShortStaysWithAllCore: 0.5,
        mostMissedModules: [
          { module: 5, missedBy: 1 },
          { module: 7, missedBy: 1 },
        ],
      });
      expect(await stats('2027-03-11', '2027-03-20')).toMatchObject({
        sessionsHeld: 0,
        sessionsCancelled: 0,
        participantsPerSession: { median: null, max: null, over8: 0, overCapacity: 0 },
        shortStaysDischarged: 0,
        shareShortStaysWithAllCore: null,
        mostMissedModules: [],
      });
    });

    it('refuses a bad window, naming the field', async () => {
      const backwards = await t.http().get(`/api/wards/${wardId}/stats?from=2027-03-10&to=2027-03-01`).set(coordinator);
      expect(backwards.status).toBe(400);
      expect(backwards.body.message.join(' ')).toMatch(/^to /);
      const missing = await t.http().get(`/api/wards/${wardId}/stats?to=2027-03-01`).set(coordinator);
      expect(missing.status).toBe(400);
      expect(missing.body.message.join(' ')).toMatch(/^from /);
    });
  });

  it('gives the referral a snapshot with completion days and attendance, also inside a transaction', async () => {
    const service = t.app.get(AdmissionsService);
    const s1 = await t.db.repo(AdmissionEntity).findOneByOrFail({ id: ids.S1 });
    const snapshot = await service.progressSnapshot(s1, new Date(NOW));
    expect(snapshot).toMatchObject({
      completedModules: [2, 4, 5, 7],
      remainingModules: [],
      forecast: [],
      completedOn: { 2: '2027-03-01', 4: '2027-03-02', 5: '2027-03-03', 7: '2027-03-04' },
      attendance: { sessionsAttended: 4, firstOn: '2027-03-01', lastOn: '2027-03-04' },
    });
    // The referrals feature discharges in a transaction: an unsaved dischargedOn, reads through its manager.
    const a5 = await t.db.repo(AdmissionEntity).findOneByOrFail({ id: ids.A5 });
    const inTransaction = await t.db.transaction((em) =>
      service.progressSnapshot({ ...a5, status: 'discharged', dischargedOn: '2027-03-10' }, new Date(NOW), em),
    );
    expect(inTransaction).toMatchObject({
      completedModules: [2, 4, 5],
      remainingModules: [7],
      atRiskModules: [],
      afterDischarge: [7],
      forecast: [],
      completedOn: { 2: '2027-03-01', 4: '2027-03-07', 5: '2027-03-08' },
      attendance: { sessionsAttended: 4, firstOn: '2027-03-01', lastOn: '2027-03-08' },
    });
  });

  it('needs a key (401), a coordinator or discharge role (403), and the ward in scope (404)', async () => {
    const elsewhere = bearer(await t.key('discharge', [(await createWard(t, coordinator, 'ELSEWHERE')).id]));
    for (const path of [`/api/wards/${wardId}/discharge-worklist`, `/api/wards/${wardId}/stats?from=2027-03-01&to=2027-03-10`]) {
      expect((await t.http().get(path)).status).toBe(401);
      expect((await t.http().get(path).set(facilitator)).status).toBe(403);
      expect((await t.http().get(path).set(elsewhere)).status).toBe(404);
    }
  });
});
