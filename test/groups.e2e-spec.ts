import { bearer, freshDatabase, startTestApp, TestApp, TestDatabase } from './support/test-app';

const OPEN_GROUP = {
  name: 'IMR open group',
  recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR',
  startTime: '10:00',
  durationMinutes: 60,
  startsOn: '2027-01-04',
  curriculum: 'core',
  room: 'Peisestua',
};

describe('groups and sessions in the ward’s time zone (e2e)', () => {
  let database: TestDatabase;
  let t: TestApp;
  let coordinator: Record<string, string>;
  let wardId: string;

  beforeAll(async () => {
    database = await freshDatabase();
    t = await startTestApp({ database, now: '2027-01-01T08:00:00.000Z' });
    coordinator = bearer(await t.key('coordinator'));
    const ward = await t.http().post('/api/wards').set(coordinator).send({ code: 'GAUSTAD3', name: 'Post 3' });
    wardId = ward.body.id;
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  async function createGroup(body: object) {
    const res = await t.http().post(`/api/wards/${wardId}/groups`).set(coordinator).send(body);
    expect(res.status).toBe(201);
    return res.body;
  }

  async function sessions(from: string, to: string, groupId?: string) {
    const res = await t.http().get(`/api/wards/${wardId}/sessions?from=${from}&to=${to}`).set(coordinator);
    expect(res.status).toBe(200);
    return groupId ? res.body.filter((s: { groupId: string }) => s.groupId === groupId) : res.body;
  }

  it('keeps a Mon/Wed/Fri 10:00 group at 10:00 local across both daylight-saving changes of 2027', async () => {
    const group = await createGroup(OPEN_GROUP);
    const spring = await sessions('2027-03-22', '2027-04-02', group.id);
    expect(spring.map((s: { startsAt: string }) => s.startsAt)).toEqual([
      '2027-03-22T10:00:00+01:00',
      '2027-03-24T10:00:00+01:00',
      '2027-03-26T10:00:00+01:00',
      '2027-03-29T10:00:00+02:00',
      '2027-03-31T10:00:00+02:00',
      '2027-04-02T10:00:00+02:00',
    ]);
    const autumn = await sessions('2027-10-25', '2027-11-05', group.id);
    expect(autumn.map((s: { startsAt: string }) => s.startsAt)).toEqual([
      '2027-10-25T10:00:00+02:00',
      '2027-10-27T10:00:00+02:00',
      '2027-10-29T10:00:00+02:00',
      '2027-11-01T10:00:00+01:00',
      '2027-11-03T10:00:00+01:00',
      '2027-11-05T10:00:00+01:00',
    ]);
    expect(autumn[3]).toMatchObject({ endsAt: '2027-11-01T11:00:00+01:00', room: 'Peisestua', status: 'scheduled', capacity: 8 });
  });

  it('cycles the core curriculum 2, 4, 5, 7 and never lists excluded dates', async () => {
    const group = await createGroup({ ...OPEN_GROUP, name: 'Holidays', excludedDates: ['2027-03-24', '2027-03-26'] });
    const list = await sessions('2027-03-22', '2027-04-09', group.id);
    expect(list.map((s: { date: string }) => s.date)).not.toContain('2027-03-24');
    expect(list.map((s: { date: string }) => s.date)).not.toContain('2027-03-26');
    const all = await sessions('2027-01-04', '2027-01-15', group.id);
    expect(all.map((s: { module: { number: number } }) => s.module.number)).toEqual([2, 4, 5, 7, 2, 4]);
    expect(all[0].module.title).toBe('Nyttige fakta om psykiske lidelser'); // the ward is in Europe/Oslo: bokmål
  });

  it('runs "full" with two sessions per module as 1,1,2,2,…,11,11 and then starts again', async () => {
    const group = await createGroup({ ...OPEN_GROUP, name: 'Long stay', curriculum: 'full', sessionsPerModule: 2 });
    const list = await sessions('2027-01-04', '2027-02-28', group.id);
    const modules = list.slice(0, 24).map((s: { module: { number: number } }) => s.module.number);
    expect(modules).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 1, 1]);
    expect(list.slice(0, 2).map((s: { part: number; parts: number }) => [s.part, s.parts])).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });

  it('lists a cancelled session as cancelled and moves its module to the next held session; undo restores it', async () => {
    const group = await createGroup({ ...OPEN_GROUP, name: 'Cancel me', startsOn: '2027-02-01' });
    const before = await sessions('2027-02-01', '2027-02-12', group.id);
    expect(before.map((s: { module: { number: number } }) => s.module.number)).toEqual([2, 4, 5, 7, 2, 4]);
    const cancel = await t.http().post(`/api/sessions/${before[1].id}/cancel`).set(coordinator).send({ reason: 'ward outing' });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ status: 'cancelled', cancelReason: 'ward outing' });
    const after = await sessions('2027-02-01', '2027-02-12', group.id);
    expect(after.map((s: { status: string; module: { number: number } }) => `${s.status[0]}${s.module.number}`)).toEqual([
      's2',
      'c4',
      's4',
      's5',
      's7',
      's2',
    ]);
    expect(after.map((s: { id: string }) => s.id)).toEqual(before.map((s: { id: string }) => s.id));
    await t.http().post(`/api/sessions/${before[1].id}/uncancel`).set(coordinator).expect(200);
    const restored = await sessions('2027-02-01', '2027-02-12', group.id);
    expect(restored.map((s: { module: { number: number } }) => s.module.number)).toEqual([2, 4, 5, 7, 2, 4]);
    const noReason = await t.http().post(`/api/sessions/${before[2].id}/cancel`).set(coordinator).send({});
    expect(noReason.status).toBe(400);
    expect(noReason.body.message.join(' ')).toMatch(/reason/);
  });

  it('refuses bad groups with 400 naming the field, and writes nothing', async () => {
    const cases: [object, RegExp][] = [
      [{ recurrence: 'FREQ=HOURLY' }, /recurrence/],
      [{ recurrence: 'this is not a rule' }, /recurrence/],
      [{ recurrence: 'FREQ=DAILY;BYHOUR=10,14' }, /recurrence/],
      [{ startTime: '25:00' }, /startTime/],
      [{ durationMinutes: 0 }, /durationMinutes/],
      [{ curriculum: [2, 12] }, /curriculum/],
      [{ curriculum: 'some' }, /curriculum/],
      [{ startsOn: '2027-02-30' }, /startsOn/],
      [{ facilitatorsPerSession: 4 }, /facilitatorsPerSession/],
      [{ endsOn: '2026-12-01' }, /endsOn/],
    ];
    const before = (await t.http().get(`/api/wards/${wardId}/groups`).set(coordinator)).body.length;
    for (const [patch, field] of cases) {
      const res = await t
        .http()
        .post(`/api/wards/${wardId}/groups`)
        .set(coordinator)
        .send({ ...OPEN_GROUP, ...patch });
      expect(res.status).toBe(400);
      expect([res.body.message].flat().join(' ')).toMatch(field);
    }
    expect((await t.http().get(`/api/wards/${wardId}/groups`).set(coordinator)).body).toHaveLength(before);
    const window = await t.http().get(`/api/wards/${wardId}/sessions?from=2027-01-10&to=2027-01-01`).set(coordinator);
    expect(window.status).toBe(400);
    expect(window.body.message.join(' ')).toMatch(/^to /);
    const farAhead = await t.http().get(`/api/wards/${wardId}/sessions?from=9999-01-01&to=9999-01-07`).set(coordinator);
    expect(farAhead.status).toBe(400);
    expect(farAhead.body.message.join(' ')).toMatch(/^to must not be after/);
    const ancient = await t
      .http()
      .post(`/api/wards/${wardId}/groups`)
      .set(coordinator)
      .send({ ...OPEN_GROUP, startsOn: '1900-01-01' });
    expect(ancient.status).toBe(400);
    expect(ancient.body.message.join(' ')).toMatch(/^startsOn must not be before/);
    const missing = await t.http().get(`/api/wards/${wardId}/sessions?from=2027-01-10`).set(coordinator);
    expect(missing.status).toBe(400);
    expect(missing.body.message.join(' ')).toMatch(/^to must be a calendar date/);
  });

  it('changes only the future when a group is edited from a date on', async () => {
    const group = await createGroup({ ...OPEN_GROUP, name: 'Edit me', startsOn: '2027-01-04' });
    t.clock.set('2027-01-13T12:00:00.000Z');
    const past = await sessions('2027-01-04', '2027-01-13', group.id);
    const patch = await t
      .http()
      .patch(`/api/wards/${wardId}/groups/${group.id}`)
      .set(coordinator)
      .send({ effectiveFrom: '2027-01-18', startTime: '13:00', room: 'Biblioteket' });
    expect(patch.status).toBe(200);
    expect(patch.body.versions).toHaveLength(2);
    const after = await sessions('2027-01-04', '2027-01-22', group.id);
    expect(after.slice(0, past.length)).toEqual(past);
    const future = after.filter((s: { date: string }) => s.date >= '2027-01-18');
    expect(future.map((s: { startsAt: string }) => s.startsAt)).toEqual([
      '2027-01-18T13:00:00+01:00',
      '2027-01-20T13:00:00+01:00',
      '2027-01-22T13:00:00+01:00',
    ]);
    expect(future[0].room).toBe('Biblioteket');
    const intoPast = await t
      .http()
      .patch(`/api/wards/${wardId}/groups/${group.id}`)
      .set(coordinator)
      .send({ effectiveFrom: '2027-01-05', startTime: '09:00' });
    expect(intoPast.status).toBe(400);
    expect(intoPast.body.message.join(' ')).toMatch(/effectiveFrom/);
    t.clock.set('2027-01-01T08:00:00.000Z');
  });

  it('keeps session ids stable across reads, an unrelated edit and a restart', async () => {
    const a = await createGroup({ ...OPEN_GROUP, name: 'Stable A', startsOn: '2027-05-03' });
    const b = await createGroup({ ...OPEN_GROUP, name: 'Stable B', startsOn: '2027-05-03', recurrence: 'FREQ=WEEKLY;BYDAY=TU' });
    const ids = (await sessions('2027-05-03', '2027-06-30', a.id)).map((s: { id: string }) => s.id);
    expect((await sessions('2027-05-03', '2027-06-30', a.id)).map((s: { id: string }) => s.id)).toEqual(ids);
    await t.http().patch(`/api/wards/${wardId}/groups/${b.id}`).set(coordinator).send({ startTime: '14:00', room: 'Salen' }).expect(200);
    expect((await sessions('2027-05-03', '2027-06-30', a.id)).map((s: { id: string }) => s.id)).toEqual(ids);
    await t.close();
    t = await startTestApp({ database, now: '2027-01-01T08:00:00.000Z' });
    coordinator = bearer(await t.key('coordinator'));
    expect((await sessions('2027-05-03', '2027-06-30', a.id)).map((s: { id: string }) => s.id)).toEqual(ids);
  });

  it('ends a group: no sessions after the end date', async () => {
    const group = await createGroup({ ...OPEN_GROUP, name: 'Ending', startsOn: '2027-03-01' });
    expect(await sessions('2027-03-01', '2027-03-31', group.id)).toHaveLength(14);
    const res = await t.http().post(`/api/wards/${wardId}/groups/${group.id}/end`).set(coordinator).send({ endsOn: '2027-03-12' });
    expect(res.status).toBe(200);
    const left = await sessions('2027-03-01', '2027-03-31', group.id);
    expect(left.map((s: { date: string }) => s.date)).toEqual([
      '2027-03-01',
      '2027-03-03',
      '2027-03-05',
      '2027-03-08',
      '2027-03-10',
      '2027-03-12',
    ]);
  });
});

describe('group edits reach stored sessions (e2e)', () => {
  let t: TestApp;
  let coordinator: Record<string, string>;
  let wardId: string;
  beforeAll(async () => {
    t = await startTestApp({ now: '2027-02-26T08:00:00.000Z' });
    coordinator = bearer(await t.key('coordinator'));
    wardId = (await t.http().post('/api/wards').set(coordinator).send({ code: 'EDITS', name: 'Edits' })).body.id;
  });
  afterAll(() => t.close());

  const list = async (from: string, to: string) =>
    (await t.http().get(`/api/wards/${wardId}/sessions?from=${from}&to=${to}`).set(coordinator)).body as {
      id: string;
      date: string;
      startsAt: string;
      sequence: number;
      facilitatorsPerSession: number;
      facilitators: { id: string }[];
      locked: boolean;
    }[];

  it('applies a change to later planned versions, stored sessions and the number of facilitators', async () => {
    const group = (
      await t
        .http()
        .post(`/api/wards/${wardId}/groups`)
        .set(coordinator)
        .send({ ...OPEN_GROUP, startsOn: '2027-03-01' })
    ).body;
    await list('2027-03-01', '2027-04-30');
    await t
      .http()
      .patch(`/api/wards/${wardId}/groups/${group.id}`)
      .set(coordinator)
      .send({ effectiveFrom: '2027-04-01', room: 'Salen' })
      .expect(200);
    await t
      .http()
      .patch(`/api/wards/${wardId}/groups/${group.id}`)
      .set(coordinator)
      .send({ effectiveFrom: '2027-03-15', startTime: '11:00', facilitatorsPerSession: 3 })
      .expect(200);
    const after = await list('2027-03-10', '2027-04-09');
    for (const s of after.filter((x) => x.date >= '2027-03-15')) {
      expect(s.startsAt).toMatch(/T11:00:00/);
      expect(s.facilitatorsPerSession).toBe(3);
    }
    expect(after.find((s) => s.date === '2027-03-12')!.startsAt).toMatch(/T10:00:00/);
  });

  it('raises the calendar sequence of coming sessions when a group is renamed', async () => {
    const group = (
      await t
        .http()
        .post(`/api/wards/${wardId}/groups`)
        .set(coordinator)
        .send({ ...OPEN_GROUP, name: 'Old name', startsOn: '2027-03-01' })
    ).body;
    const mine = async () =>
      (await list('2027-03-01', '2027-03-05')).filter((s) => (s as unknown as { groupId: string }).groupId === group.id);
    const before = await mine();
    expect(before).toHaveLength(3);
    await t.http().patch(`/api/wards/${wardId}/groups/${group.id}`).set(coordinator).send({ name: 'New name' }).expect(200);
    expect((await mine()).map((s) => s.sequence)).toEqual(before.map((b) => b.sequence + 1));
  });

  it('never leaves a double booking when a time edit moves a session onto another of the same person', async () => {
    const people: string[] = [];
    for (const name of ['Shared', 'P1', 'P2']) {
      people.push(
        (
          await t
            .http()
            .post('/api/facilitators')
            .set(coordinator)
            .send({ name, profession: 'nurse', imrTrained: true, wardIds: [wardId] })
        ).body.id,
      );
    }
    const early = (
      await t
        .http()
        .post(`/api/wards/${wardId}/groups`)
        .set(coordinator)
        .send({ ...OPEN_GROUP, name: 'Early', recurrence: 'FREQ=WEEKLY;BYDAY=TU', startsOn: '2027-03-01', startTime: '09:00' })
    ).body;
    await t
      .http()
      .post(`/api/wards/${wardId}/groups`)
      .set(coordinator)
      .send({ ...OPEN_GROUP, name: 'Late', recurrence: 'FREQ=WEEKLY;BYDAY=TU', startsOn: '2027-03-01', startTime: '13:00' })
      .expect(201);
    const day = await list('2027-03-02', '2027-03-02');
    const earlyId = day.find((s) => s.startsAt.includes('T09:00'))!.id;
    const lateId = day.find((s) => s.startsAt.includes('T13:00'))!.id;
    await t
      .http()
      .put(`/api/sessions/${earlyId}/facilitators`)
      .set(coordinator)
      .send({ facilitatorIds: [people[0], people[1]] })
      .expect(200);
    await t
      .http()
      .put(`/api/sessions/${lateId}/facilitators`)
      .set(coordinator)
      .send({ facilitatorIds: [people[0], people[2]] })
      .expect(200);
    await t
      .http()
      .patch(`/api/wards/${wardId}/groups/${early.id}`)
      .set(coordinator)
      .send({ effectiveFrom: '2027-03-01', startTime: '13:15' })
      .expect(200);
    const moved = await list('2027-03-02', '2027-03-02');
    const movedEarly = moved.find((s) => s.id === earlyId)!;
    expect(movedEarly.startsAt).toMatch(/T13:15/);
    // Only the person the new time double-books leaves; the colleague pinned with them stays (issue 12).
    expect(movedEarly.facilitators.map((f) => f.id)).toEqual([people[1]]);
    expect(movedEarly.locked).toBe(true);
    expect(moved.find((s) => s.id === lateId)!.facilitators).toHaveLength(2);
    const history = await t.http().get(`/api/wards/${wardId}/rota/history?sessionId=${earlyId}`).set(coordinator);
    expect(history.body.map((h: { action: string }) => h.action)).toContain('retimed-clash');
  });
});
