import { bearer, startTestApp, TestApp } from './support/test-app';

type Session = { id: string; date: string; startsAt: string; locked: boolean; facilitators: { id: string; role: string }[] };

describe('facilitator rota (e2e)', () => {
  let t: TestApp;
  let coordinator: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-02-26T08:00:00.000Z' });
    coordinator = bearer(await t.key('coordinator'));
  });
  afterAll(() => t.close());

  async function ward(code: string) {
    const res = await t
      .http()
      .post('/api/wards')
      .set(coordinator)
      .send({ code, name: `Ward ${code}` });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function facilitator(wardIds: string[], name: string, imrTrained = true, extra: object = {}) {
    const res = await t
      .http()
      .post('/api/facilitators')
      .set(coordinator)
      .send({ name, profession: 'nurse', imrTrained, wardIds, ...extra });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function group(wardId: string, extra: object = {}) {
    const res = await t
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
        ...extra,
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function plan(wardId: string, body: object = { from: '2027-03-01', to: '2027-05-23' }) {
    const res = await t.http().post(`/api/wards/${wardId}/rota/plan`).set(coordinator).send(body);
    expect(res.status).toBe(200);
    return res.body as {
      sessions: Session[];
      summary: { assigned: number; unfilled: { sessionId: string; reason: string }[]; load: { facilitatorId: string; sessions: number }[] };
    };
  }

  it('plans 12 weeks, then re-plans only what a two-week absence hits, never touching a pinned session', async () => {
    const wardId = await ward('ROTA1');
    const people: string[] = [];
    for (let i = 0; i < 6; i++) people.push(await facilitator([wardId], `Trained ${i}`));
    for (let i = 0; i < 3; i++) people.push(await facilitator([wardId], `Trainee ${i}`, false));
    await group(wardId);

    const first = await plan(wardId);
    expect(first.sessions).toHaveLength(36);
    expect(first.summary.assigned).toBe(36);
    expect(first.summary.unfilled).toEqual([]);
    for (const s of first.sessions) {
      expect(s.facilitators).toHaveLength(2);
      expect(s.facilitators[0].role).toBe('lead');
    }
    const loads = first.summary.load.map((l) => l.sessions);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(2);

    // Pin one session by hand, to two people who are free then.
    const pinned = first.sessions[20];
    const pinPeople = [people[0], people[6]];
    const busy = new Set(
      first.sessions.filter((s) => s.date === pinned.date && s.id !== pinned.id).flatMap((s) => s.facilitators.map((f) => f.id)),
    );
    expect([...busy]).not.toContain(people[0]);
    const pin = await t.http().put(`/api/sessions/${pinned.id}/facilitators`).set(coordinator).send({ facilitatorIds: pinPeople });
    expect(pin.status).toBe(200);
    expect(pin.body.locked).toBe(true);
    expect(pin.body.facilitators.map((f: { id: string }) => f.id)).toEqual(pinPeople);

    // Two weeks of leave for someone with sessions in them.
    const away = first.sessions.find((s) => s.date >= '2027-03-15' && s.date <= '2027-03-28')!.facilitators[0].id;
    await t.http().post(`/api/facilitators/${away}/absences`).set(coordinator).send({ from: '2027-03-15', to: '2027-03-28' }).expect(201);
    const before = new Map((await plan(wardId)).sessions.map((s) => [s.id, s]));
    const hit = [...before.values()].filter((s) => s.date >= '2027-03-15' && s.date <= '2027-03-28');
    for (const s of hit) expect(s.facilitators.map((f) => f.id)).not.toContain(away);
    for (const s of first.sessions) {
      const after = before.get(s.id)!;
      const wasHit = s.date >= '2027-03-15' && s.date <= '2027-03-28' && s.facilitators.some((f) => f.id === away);
      if (s.id === pinned.id) expect(after.facilitators.map((f) => f.id)).toEqual(pinPeople);
      else if (!wasHit) expect(after.facilitators).toEqual(s.facilitators);
    }

    // Rebalancing still leaves the pinned session alone.
    const rebalanced = await plan(wardId, { from: '2027-03-01', to: '2027-05-23', rebalance: true });
    expect(rebalanced.sessions.find((s) => s.id === pinned.id)!.facilitators.map((f) => f.id)).toEqual(pinPeople);

    const history = await t.http().get(`/api/wards/${wardId}/rota/history?sessionId=${pinned.id}`).set(coordinator);
    expect(history.body.map((h: { action: string }) => h.action)).toContain('manual');

    const summary = await t.http().get(`/api/wards/${wardId}/rota/summary?from=2027-03-01&to=2027-05-23`).set(coordinator);
    expect(summary.status).toBe(200);
    expect(summary.body.assigned).toBe(36);
    expect(summary.body.load.reduce((n: number, l: { sessions: number }) => n + l.sessions, 0)).toBe(72);

    const published = await t
      .http()
      .post(`/api/wards/${wardId}/rota/publish`)
      .set(coordinator)
      .send({ from: '2027-03-01', to: '2027-03-31' });
    expect(published.body).toEqual({ published: 14, changes: [] });
    const listed = await t.http().get(`/api/wards/${wardId}/sessions?from=2027-03-01&to=2027-04-02`).set(coordinator);
    expect(listed.body.filter((s: { published: boolean }) => s.published)).toHaveLength(14);
  });

  it('refuses a manual assignment that breaks a rule, with 409 naming the reason', async () => {
    const wardId = await ward('ROTA2');
    const kari = await facilitator([wardId], 'Kari');
    const ola = await facilitator([wardId], 'Ola', true, { availability: [{ weekday: 2, from: '08:00', to: '16:00' }] });
    const per = await facilitator([wardId], 'Per');
    const trainee = await facilitator([wardId], 'Trainee', false);
    await group(wardId);
    const sessions = (await t.http().get(`/api/wards/${wardId}/sessions?from=2027-03-01&to=2027-03-05`).set(coordinator)).body;
    await t.http().post(`/api/facilitators/${per}/absences`).set(coordinator).send({ from: '2027-03-01', to: '2027-03-01' }).expect(201);

    const unavailable = await t
      .http()
      .put(`/api/sessions/${sessions[0].id}/facilitators`)
      .set(coordinator)
      .send({ facilitatorIds: [kari, ola] });
    expect(unavailable.status).toBe(409);
    expect(unavailable.body.message.join(' ')).toMatch(/Ola is not available/);
    const absent = await t
      .http()
      .put(`/api/sessions/${sessions[0].id}/facilitators`)
      .set(coordinator)
      .send({ facilitatorIds: [kari, per] });
    expect(absent.status).toBe(409);
    expect(absent.body.message.join(' ')).toMatch(/Per is absent/);
    const traineeLead = await t
      .http()
      .put(`/api/sessions/${sessions[0].id}/facilitators`)
      .set(coordinator)
      .send({ facilitatorIds: [trainee, kari] });
    expect(traineeLead.status).toBe(409);
    expect(traineeLead.body.message.join(' ')).toMatch(/lead/);
    const count = await t
      .http()
      .put(`/api/sessions/${sessions[0].id}/facilitators`)
      .set(coordinator)
      .send({ facilitatorIds: [kari] });
    expect(count.status).toBe(400);
    expect(count.body.message.join(' ')).toMatch(/facilitatorIds/);
    const ok = await t
      .http()
      .put(`/api/sessions/${sessions[0].id}/facilitators`)
      .set(coordinator)
      .send({ facilitatorIds: [kari, trainee] });
    expect(ok.status).toBe(200);
    const unlock = await t.http().post(`/api/sessions/${sessions[0].id}/unlock`).set(coordinator);
    expect(unlock.body.locked).toBe(false);
  });

  it('reports unfilled sessions with a reason for an understaffed ward', async () => {
    const wardId = await ward('ROTA3');
    await facilitator([wardId], 'Only trainee', false);
    await facilitator([wardId], 'Second trainee', false);
    await group(wardId);
    const result = await plan(wardId, { from: '2027-03-01', to: '2027-03-05' });
    expect(result.summary.assigned).toBe(0);
    expect(result.summary.unfilled).toHaveLength(3);
    expect(result.summary.unfilled.filter((u) => u.reason !== 'no-trained-facilitator')).toEqual([]);
    const small = await ward('ROTA4');
    await facilitator([small], 'Alone');
    await group(small);
    const alone = await plan(small, { from: '2027-03-01', to: '2027-03-05' });
    expect(alone.summary.unfilled.map((u) => u.reason)).toEqual(['pool-too-small', 'pool-too-small', 'pool-too-small']);
  });

  it('lets exactly one of five parallel manual assignments of one person to overlapping sessions win', async () => {
    const wards: string[] = [];
    for (let i = 0; i < 5; i++) wards.push(await ward(`PAR${i}`));
    const shared = await facilitator(wards, 'Shared lead');
    const partners: string[] = [];
    for (const w of wards) partners.push(await facilitator([w], `Partner ${w.slice(0, 4)}`));
    const sessionIds: string[] = [];
    for (const [i, w] of wards.entries()) {
      await group(w, { startTime: i % 2 ? '10:00' : '10:30' });
      const list = (await t.http().get(`/api/wards/${w}/sessions?from=2027-03-01&to=2027-03-01`).set(coordinator)).body;
      sessionIds.push(list[0].id);
    }
    const results = await Promise.all(
      sessionIds.map((id, i) =>
        t
          .http()
          .put(`/api/sessions/${id}/facilitators`)
          .set(coordinator)
          .send({ facilitatorIds: [shared, partners[i]] }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.message.join(' ')).toMatch(/already booked/);
    const rows = await t.db.dataSource.query(`SELECT COUNT(*) AS n FROM session_assignments WHERE "facilitatorId" = '${shared}'`);
    expect(Number(rows[0].n)).toBe(1);
  });
});

describe('rota edge cases (e2e)', () => {
  let t: TestApp;
  let coordinator: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp({ now: '2027-02-26T08:00:00.000Z' });
    coordinator = bearer(await t.key('coordinator'));
  });
  afterAll(() => t.close());

  async function setup(code: string, people: { name: string; cap?: number }[]) {
    const ward = (await t.http().post('/api/wards').set(coordinator).send({ code, name: code })).body.id as string;
    const ids: string[] = [];
    for (const p of people) {
      const res = await t
        .http()
        .post('/api/facilitators')
        .set(coordinator)
        .send({ name: p.name, profession: 'nurse', imrTrained: true, wardIds: [ward], ...(p.cap && { maxSessionsPerWeek: p.cap }) });
      ids.push(res.body.id);
    }
    await t
      .http()
      .post(`/api/wards/${ward}/groups`)
      .set(coordinator)
      .send({
        name: 'g',
        recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE',
        startTime: '10:00',
        durationMinutes: 60,
        startsOn: '2027-03-01',
        curriculum: 'core',
      })
      .expect(201);
    const sessions = (await t.http().get(`/api/wards/${ward}/sessions?from=2027-03-01&to=2027-03-03`).set(coordinator)).body;
    return { ward, ids, sessions: sessions.map((s: { id: string }) => s.id) as string[] };
  }

  it('frees the people of a cancelled session for other work', async () => {
    const { ids, sessions } = await setup('EDGE1', [{ name: 'Capped', cap: 1 }, { name: 'B' }, { name: 'C' }]);
    await t
      .http()
      .put(`/api/sessions/${sessions[0]}/facilitators`)
      .set(coordinator)
      .send({ facilitatorIds: [ids[0], ids[1]] })
      .expect(200);
    const blocked = await t
      .http()
      .put(`/api/sessions/${sessions[1]}/facilitators`)
      .set(coordinator)
      .send({ facilitatorIds: [ids[0], ids[2]] });
    expect(blocked.status).toBe(409);
    expect(blocked.body.message.join(' ')).toMatch(/weekly maximum/);
    await t.http().post(`/api/sessions/${sessions[0]}/cancel`).set(coordinator).send({ reason: 'ward meeting' }).expect(200);
    const freed = await t
      .http()
      .put(`/api/sessions/${sessions[1]}/facilitators`)
      .set(coordinator)
      .send({ facilitatorIds: [ids[0], ids[2]] });
    expect(freed.status).toBe(200);
  });

  it('serialises two parallel manual assignments of one session: the session ends with exactly its people', async () => {
    const { ids, sessions } = await setup('EDGE2', [{ name: 'A' }, { name: 'B' }, { name: 'C' }, { name: 'D' }]);
    const before = (await t.http().get(`/api/sessions/${sessions[0]}`).set(coordinator)).body.sequence;
    const results = await Promise.all([
      t
        .http()
        .put(`/api/sessions/${sessions[0]}/facilitators`)
        .set(coordinator)
        .send({ facilitatorIds: [ids[0], ids[1]] }),
      t
        .http()
        .put(`/api/sessions/${sessions[0]}/facilitators`)
        .set(coordinator)
        .send({ facilitatorIds: [ids[2], ids[3]] }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const after = (await t.http().get(`/api/sessions/${sessions[0]}`).set(coordinator)).body;
    expect(after.facilitators).toHaveLength(2);
    expect(after.facilitators.filter((f: { role: string }) => f.role === 'lead')).toHaveLength(1);
    expect(after.sequence).toBe(before + 2);
  });
});
