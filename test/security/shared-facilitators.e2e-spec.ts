import { bearer, startTestApp, TestApp } from '../support/test-app';
import { ROLE_MATRIX } from './role-matrix';
import { isFacilitatorBound, SHARED_FACILITATOR_RULES, SharedCaller } from './shared-facilitators';
import { expectStatus } from './world.support';

type Headers = Record<string, string>;
const CALLERS: SharedCaller[] = ['stranger', 'colleague', 'away', 'own', 'home'];

/**
 * Acceptance 1 of issue 14: facilitators shared between wards. The person's home ward is A; they also
 * work on B. Keys covering A manage them; B's keys see what planning needs; their own key manages
 * its link and reads its absences; nobody else sees them at all.
 */
describe('shared facilitators: home ward, other wards, own key', () => {
  let t: TestApp;
  let coordinator: Headers;
  let wards: { A: string; B: string; C: string };
  let keys: Record<Exclude<SharedCaller, 'own'>, Headers>;
  let colleagueId: string;

  async function sharedPerson(): Promise<{ id: string; own: Headers }> {
    const person = await expectStatus(
      t
        .http()
        .post('/api/facilitators')
        .set(coordinator)
        .send({
          name: 'Delt Kari',
          profession: 'nurse',
          imrTrained: true,
          wardIds: [wards.A, wards.B],
          homeWardId: wards.A,
        }),
      201,
      'shared facilitator',
    );
    await expectStatus(
      t
        .http()
        .post(`/api/facilitators/${person.id}/absences`)
        .set(coordinator)
        .send({ from: '2027-07-01', to: '2027-07-03', reason: 'private matter' }),
      201,
      'absence',
    );
    await expectStatus(t.http().post(`/api/facilitators/${person.id}/calendar`).set(coordinator), 201, 'link');
    return { id: person.id, own: bearer(await t.key('facilitator', [wards.A], person.id)) };
  }

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-03-10T12:00:00.000Z' });
    coordinator = bearer(await t.key('coordinator'));
    const ward = async (code: string) =>
      (await expectStatus(t.http().post('/api/wards').set(coordinator).send({ code, name: code }), 201, 'ward')).id;
    wards = { A: await ward('SH-A'), B: await ward('SH-B'), C: await ward('SH-C') };
    colleagueId = (
      await expectStatus(
        t
          .http()
          .post('/api/facilitators')
          .set(coordinator)
          .send({ name: 'Ola B', profession: 'nurse', imrTrained: true, wardIds: [wards.B] }),
        201,
        'colleague',
      )
    ).id;
    keys = {
      home: bearer(await t.key('coordinator', [wards.A])),
      away: bearer(await t.key('coordinator', [wards.B])),
      stranger: bearer(await t.key('coordinator', [wards.C])),
      colleague: bearer(await t.key('facilitator', [wards.B], colleagueId)),
    };
  }, 60_000);

  afterAll(() => t?.close());

  it('has a rule for every route bound to one facilitator, and no rule without a route', () => {
    const bound = Object.keys(ROLE_MATRIX).filter(isFacilitatorBound);
    expect(bound.filter((op) => !(op in SHARED_FACILITATOR_RULES))).toEqual([]);
    expect(Object.keys(SHARED_FACILITATOR_RULES).filter((op) => !bound.includes(op))).toEqual([]);
  });

  describe.each(Object.keys(SHARED_FACILITATOR_RULES).sort())('%s', (name) => {
    it('answers each key as the model says, and refused calls change nothing', async () => {
      const [method, template] = name.split(' ');
      const rule = SHARED_FACILITATOR_RULES[name];
      const person = await sharedPerson();
      const problems: string[] = [];
      for (const caller of CALLERS) {
        let url = template.replace('{id}', person.id);
        if (url.includes('{absenceId}')) {
          const absence = await expectStatus(
            t.http().post(`/api/facilitators/${person.id}/absences`).set(coordinator).send({ from: '2027-08-01', to: '2027-08-01' }),
            201,
            'fresh absence',
          );
          url = url.replace('{absenceId}', absence.id);
        }
        const before = await expectStatus(t.http().get(`/api/facilitators/${person.id}`).set(coordinator), 200, 'before');
        const headers = caller === 'own' ? person.own : keys[caller];
        let req = t.http()[method.toLowerCase() as 'get'](url).set(headers);
        if (rule.body !== undefined) req = req.send(rule.body as object);
        const res = await req;
        if (res.status !== rule.expect[caller])
          problems.push(`${caller}: expected ${rule.expect[caller]}, got ${res.status} ${JSON.stringify(res.body)}`);
        if (res.status >= 400) {
          const after = await expectStatus(t.http().get(`/api/facilitators/${person.id}`).set(coordinator), 200, 'after');
          if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`${caller}: a refused call changed the person`);
        }
        if (res.status < 300 && (caller === 'away' || caller === 'colleague') && JSON.stringify(res.body ?? '').includes(wards.A)) {
          problems.push(`${caller}: the answer shows the home ward A, outside the key's scope`);
        }
      }
      expect(problems).toEqual([]);
    });
  });

  it('shows other wards only their own ward of the pool, and absence dates without the reason', async () => {
    const person = await sharedPerson();
    const away = await expectStatus(t.http().get(`/api/facilitators/${person.id}`).set(keys.away), 200, 'away');
    expect(away).toMatchObject({ wardIds: [wards.B], homeWardId: null, managed: false, name: 'Delt Kari', imrTrained: true });
    const home = await expectStatus(t.http().get(`/api/facilitators/${person.id}`).set(keys.home), 200, 'home');
    expect(home).toMatchObject({ wardIds: [wards.A], homeWardId: wards.A, managed: true });
    const listed = await expectStatus(t.http().get(`/api/facilitators?wardId=${wards.B}`).set(keys.away), 200, 'list');
    expect(JSON.stringify(listed)).not.toContain(wards.A);
    const reasons = async (headers: Headers) =>
      (
        (await expectStatus(t.http().get(`/api/facilitators/${person.id}/absences`).set(headers), 200, 'absences')) as {
          reason: string | null;
          from: string;
        }[]
      ).map((a) => [a.from, a.reason]);
    expect(await reasons(keys.away)).toEqual([['2027-07-01', null]]);
    expect(await reasons(keys.home)).toEqual([['2027-07-01', 'private matter']]);
    expect(await reasons(person.own)).toEqual([['2027-07-01', 'private matter']]);
  });

  it('lets a scoped PATCH of wardIds add or remove only wards in scope, and never shows the others', async () => {
    const person = await sharedPerson();
    // Story: {"wardIds":[A]} from B's side used to answer 200, keep B silently and show B's id.
    const off = await expectStatus(t.http().patch(`/api/facilitators/${person.id}`).set(keys.away).send({ wardIds: [] }), 200, 'off B');
    expect(off.wardIds).toEqual([]);
    const seen = await expectStatus(t.http().get(`/api/facilitators/${person.id}`).set(coordinator), 200, 'unscoped');
    expect(seen.wardIds).toEqual([wards.A]);
    expect((await t.http().get(`/api/facilitators/${person.id}`).set(keys.away)).status).toBe(404);
    const wide = bearer(await t.key('coordinator', [wards.A, wards.C]));
    const added = await expectStatus(
      t
        .http()
        .patch(`/api/facilitators/${person.id}`)
        .set(wide)
        .send({ wardIds: [wards.A, wards.C] }),
      200,
      'add C',
    );
    expect(added.wardIds).toEqual([wards.A, wards.C].sort());
    const outOfScope = await t
      .http()
      .patch(`/api/facilitators/${person.id}`)
      .set(keys.home)
      .send({ wardIds: [wards.A, wards.B] });
    expect([outOfScope.status, JSON.stringify(outOfScope.body.message)]).toEqual([400, expect.stringContaining('wardIds')]);
    const dropHome = await t.http().patch(`/api/facilitators/${person.id}`).set(keys.home).send({ wardIds: [] });
    expect([dropHome.status, JSON.stringify(dropHome.body.message)]).toEqual([400, expect.stringContaining('home ward')]);
    const homeKeepsC = await expectStatus(
      t
        .http()
        .patch(`/api/facilitators/${person.id}`)
        .set(keys.home)
        .send({ wardIds: [wards.A] }),
      200,
      'A keeps C',
    );
    expect(homeKeepsC.wardIds).toEqual([wards.A]);
    expect((await expectStatus(t.http().get(`/api/facilitators/${person.id}`).set(coordinator), 200, 'all')).wardIds).toEqual(
      [wards.A, wards.C].sort(),
    );
    // A key covering both may move the person off the home ward: the ward they move to becomes home.
    const moved = await expectStatus(
      t
        .http()
        .patch(`/api/facilitators/${person.id}`)
        .set(wide)
        .send({ wardIds: [wards.C] }),
      200,
      'move to C',
    );
    expect([moved.wardIds, moved.homeWardId]).toEqual([[wards.C], wards.C]);
    expect((await t.http().get(`/api/facilitators/${person.id}`).set(keys.home)).status).toBe(404);
  });

  it('refuses a change of home ward or person from a key that does not cover the home ward', async () => {
    const person = await sharedPerson();
    for (const body of [
      { name: 'Renamed' },
      { imrTrained: false },
      { active: false },
      { homeWardId: wards.B },
      { wardIds: [wards.B], name: 'x' },
    ]) {
      const res = await t.http().patch(`/api/facilitators/${person.id}`).set(keys.away).send(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 403]);
    }
    const moved = await t.http().patch(`/api/facilitators/${person.id}`).set(keys.home).send({ homeWardId: wards.B });
    expect([moved.status, JSON.stringify(moved.body.message)]).toEqual([400, expect.stringContaining('homeWardId')]);
    const both = bearer(await t.key('coordinator', [wards.A, wards.B]));
    const ok = await expectStatus(
      t.http().patch(`/api/facilitators/${person.id}`).set(both).send({ homeWardId: wards.B }),
      200,
      'move home',
    );
    expect(ok.homeWardId).toBe(wards.B);
    expect((await t.http().patch(`/api/facilitators/${person.id}`).set(keys.home).send({ name: 'A again' })).status).toBe(403);
    expect((await t.http().patch(`/api/facilitators/${person.id}`).set(keys.away).send({ name: 'B now' })).status).toBe(200);
  });

  it('mints a facilitator key only within the home ward, and only for the facilitator role', async () => {
    const person = await sharedPerson();
    const mint = (body: object) =>
      t
        .http()
        .post('/api/keys')
        .set(bearer(t.adminKey))
        .send({ label: 'own', ...body });
    const outside = await mint({ role: 'facilitator', wardIds: [wards.B], facilitatorId: person.id });
    expect([outside.status, JSON.stringify(outside.body.message)]).toEqual([400, expect.stringContaining('facilitatorId')]);
    expect((await mint({ role: 'coordinator', wardIds: [wards.A], facilitatorId: person.id })).status).toBe(400);
    expect((await mint({ role: 'facilitator', wardIds: [wards.A, wards.B], facilitatorId: person.id })).status).toBe(201);
    expect((await mint({ role: 'facilitator', facilitatorId: person.id })).status).toBe(201);
  });

  it('answers 401 to a deactivated facilitator’s key and 404 to their feed, and both work again on return', async () => {
    const person = await sharedPerson();
    const link = await expectStatus(t.http().post(`/api/facilitators/${person.id}/calendar`).set(person.own), 201, 'own link');
    const feed = new URL(link.url).pathname;
    expect((await t.http().get(feed)).status).toBe(200);
    expect((await t.http().get(`/api/facilitators/${person.id}`).set(person.own)).status).toBe(200);
    await expectStatus(t.http().delete(`/api/facilitators/${person.id}`).set(keys.home), 200, 'deactivate');
    expect((await t.http().get('/api/modules').set(person.own)).status).toBe(401);
    expect((await t.http().get(`/api/wards/${wards.A}/admissions`).set(person.own)).status).toBe(401);
    expect((await t.http().get(feed)).status).toBe(404);
    const minted = await t
      .http()
      .post('/api/keys')
      .set(bearer(t.adminKey))
      .send({ role: 'facilitator', label: 'x', facilitatorId: person.id });
    expect(minted.status).toBe(400);
    await expectStatus(t.http().patch(`/api/facilitators/${person.id}`).set(keys.home).send({ active: true }), 200, 'reactivate');
    expect((await t.http().get('/api/modules').set(person.own)).status).toBe(200);
    expect((await t.http().get(feed)).status).toBe(200);
  });
});
