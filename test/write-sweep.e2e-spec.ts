/**
 * Issue 19: a write request commits once. The audit row goes into the request's own transaction
 * (one COMMIT, so one fsync on SQLite), names the same target as before, and a refused write leaves
 * no row.
 */
import { AuditEntity } from '../src/database/schema/audit.entity';
import { bearer, startTestApp, TestApp } from './support/test-app';

describe('one commit per write request, the audit row inside it', () => {
  let t: TestApp;
  const statements: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const logger = t.db.dataSource.logger;
    const original = logger.logQuery.bind(logger);
    logger.logQuery = (query, parameters, runner) => (statements.push(query), original(query, parameters, runner));
  });
  afterAll(() => t.close());

  const commits = () => statements.filter((q) => /^\s*COMMIT/i.test(q)).length;

  async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; commits: number }> {
    const before = commits();
    const result = await fn();
    return { result, commits: commits() - before };
  }

  it('commits once for a create, a change and a delete, each audited with its target', async () => {
    const coordinator = bearer(await t.key('coordinator'));
    const ward = await counted(() => t.http().post('/api/wards').set(coordinator).send({ code: 'SWEEP', name: 'Sweep' }));
    const facilitator = await counted(() =>
      t.http().post('/api/facilitators').set(coordinator).send({ name: 'Kari Nordmann', profession: 'nurse', imrTrained: true, wardIds: [ward.result.body.id] }),
    );
    const id = facilitator.result.body.id;
    const absence = await counted(() => t.http().post(`/api/facilitators/${id}/absences`).set(coordinator).send({ from: '2027-03-08', to: '2027-03-09' }));
    const patch = await counted(() => t.http().patch(`/api/facilitators/${id}`).set(coordinator).send({ maxSessionsPerWeek: 3 }));
    const removal = await counted(() => t.http().delete(`/api/facilitators/${id}/absences/${absence.result.body.id}`).set(coordinator));
    expect([ward, facilitator, absence, patch, removal].map((c) => [c.result.status, c.commits])).toEqual([
      [201, 1],
      [201, 1],
      [201, 1],
      [200, 1],
      [204, 1],
    ]);
    const rows = await t.db.repo(AuditEntity).find({ order: { at: 'ASC' } });
    const byAction = (action: string) => rows.filter((r) => r.action === action).map((r) => ({ targetId: r.targetId, wardId: r.wardId }));
    expect(byAction('POST /api/wards')).toEqual([{ targetId: ward.result.body.id, wardId: null }]);
    expect(byAction('POST /api/facilitators')).toEqual([{ targetId: id, wardId: null }]);
    expect(byAction('POST /api/facilitators/:id/absences')).toEqual([{ targetId: id, wardId: null }]);
    expect(byAction('PATCH /api/facilitators/:id')).toEqual([{ targetId: id, wardId: null }]);
    expect(byAction('DELETE /api/facilitators/:id/absences/:absenceId')).toEqual([{ targetId: id, wardId: null }]);
  });

  it('leaves no audit row for a refused write', async () => {
    const coordinator = bearer(await t.key('coordinator'));
    const before = await t.db.repo(AuditEntity).count();
    const refused = await t.http().post('/api/wards').set(coordinator).send({ code: 'SWEEP', name: 'Taken code' });
    expect(refused.status).toBe(409);
    expect(await t.db.repo(AuditEntity).count()).toBe(before);
  });

  it('plans in one commit and as many statements whether one session changes or a dozen', async () => {
    const coordinator = bearer(await t.key('coordinator'));
    const ward = (await t.http().post('/api/wards').set(coordinator).send({ code: 'PLAN', name: 'Plan' })).body.id;
    for (const name of ['Kari', 'Ola', 'Ingrid']) {
      const body = { name: `${name} Nordmann`, profession: 'nurse', imrTrained: true, wardIds: [ward] };
      expect((await t.http().post('/api/facilitators').set(coordinator).send(body)).status).toBe(201);
    }
    const group = { name: 'Morgengruppe', recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR', startTime: '10:00', durationMinutes: 60, curriculum: 'full' };
    expect((await t.http().post(`/api/wards/${ward}/groups`).set(coordinator).send({ ...group, startsOn: '2027-03-08' })).status).toBe(201);
    const window = { from: '2027-03-08', to: '2027-04-04' };
    await t.http().get(`/api/wards/${ward}/sessions?from=${window.from}&to=${window.to}`).set(coordinator);
    const plan = async () => {
      // The coordinator looks at the window first (so both plans find its expansion remembered).
      await t.http().get(`/api/wards/${ward}/sessions?from=${window.from}&to=${window.to}`).set(coordinator);
      const before = statements.length;
      const res = await t.http().post(`/api/wards/${ward}/rota/plan`).set(coordinator).send(window);
      expect(res.status).toBe(200);
      const sent = statements.slice(before);
      return { changed: res.body.changes.length as number, statements: sent.length, commits: sent.filter((q) => /^\s*COMMIT/i.test(q)).length };
    };
    const everything = await plan();
    const monday = (await t.http().get(`/api/wards/${ward}/sessions?from=2027-03-15&to=2027-03-15`).set(coordinator)).body[0];
    const absent = monday.facilitators[0].id;
    const absence = await t.http().post(`/api/facilitators/${absent}/absences`).set(coordinator).send({ from: '2027-03-15', to: '2027-03-15' });
    expect(absence.status).toBe(201);
    const one = await plan();
    expect([everything.changed, one.changed]).toEqual([12, 1]);
    expect([everything.commits, one.commits]).toEqual([1, 1]);
    expect(one.statements).toBe(everything.statements);
  });
});
