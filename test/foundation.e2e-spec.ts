import { bearer, startTestApp, TestApp } from './support/test-app';

describe('foundation: keys, roles, modules, wards, facilitators (e2e)', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let coordinator: Record<string, string>;
  let facilitatorKey: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = bearer(t.adminKey);
    coordinator = bearer(await t.key('coordinator'));
    facilitatorKey = bearer(await t.key('facilitator'));
  });
  afterAll(() => t.close());

  async function createWard(code: string, extra: object = {}) {
    const res = await t
      .http()
      .post('/api/wards')
      .set(coordinator)
      .send({ code, name: `Ward ${code}`, ...extra });
    expect(res.status).toBe(201);
    return res.body;
  }

  describe('health and docs', () => {
    it('answers /health without a key when the database is up', async () => {
      const res = await t.http().get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', database: 'up' });
    });

    it('serves the OpenAPI document with bearer auth and every route', async () => {
      const res = await t.http().get('/docs-json');
      expect(res.status).toBe(200);
      expect(res.body.openapi).toMatch(/^3\./);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining(['/api/keys', '/api/keys/{id}', '/api/modules', '/api/wards', '/api/facilitators']),
      );
      expect(res.body.components.securitySchemes.bearer).toBeDefined();
      const ui = await t.http().get('/docs');
      expect([200, 301, 302]).toContain(ui.status);
    });
  });

  describe('keys and roles', () => {
    it('refuses /api without a key (401) and with a malformed header (401)', async () => {
      expect((await t.http().get('/api/modules')).status).toBe(401);
      expect((await t.http().get('/api/modules').set('Authorization', 'Basic abc')).status).toBe(401);
      expect(
        (
          await t
            .http()
            .get('/api/modules')
            .set(bearer('imr_' + 'x'.repeat(43)))
        ).status,
      ).toBe(401);
    });

    it('refuses the wrong role with 403', async () => {
      const res = await t.http().post('/api/wards').set(facilitatorKey).send({ code: 'NOPE', name: 'x' });
      expect(res.status).toBe(403);
      expect((await t.http().post('/api/keys').set(coordinator).send({ role: 'admin', label: 'x' })).status).toBe(403);
    });

    it('shows a new key once, stores only its hash, and a revoked key gets 401', async () => {
      const created = await t.http().post('/api/keys').set(admin).send({ role: 'discharge', label: 'discharge team' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ role: 'discharge', label: 'discharge team', wardIds: null });
      const key: string = created.body.key;
      expect(key).toMatch(/^imr_[A-Za-z0-9_-]{43}$/);
      const rows: { keyHash: string }[] = await t.db.dataSource.query('SELECT * FROM api_keys');
      expect(JSON.stringify(rows)).not.toContain(key);
      expect(JSON.stringify(rows)).not.toContain(key.slice(4));
      const listed = await t.http().get('/api/keys').set(admin);
      expect(JSON.stringify(listed.body)).not.toContain(key);

      expect((await t.http().get('/api/modules').set(bearer(key))).status).toBe(200);
      expect((await t.http().delete(`/api/keys/${created.body.id}`).set(admin)).status).toBe(204);
      expect((await t.http().get('/api/modules').set(bearer(key))).status).toBe(401);
    });

    it('names the field on a bad key request', async () => {
      const res = await t.http().post('/api/keys').set(admin).send({ role: 'boss', label: '' });
      expect(res.status).toBe(400);
      expect(res.body.message.join(' ')).toMatch(/role must be one of/);
      expect(res.body.message.join(' ')).toMatch(/label/);
      const unknownWard = await t
        .http()
        .post('/api/keys')
        .set(admin)
        .send({ role: 'coordinator', label: 'x', wardIds: ['3f1d1f6e-0000-4000-8000-000000000000'] });
      expect(unknownWard.status).toBe(400);
      expect(unknownWard.body.message.join(' ')).toMatch(/wardIds/);
    });
  });

  describe('module catalogue', () => {
    it('lists the 11 modules of the default edition with core 2, 4, 5 and 7', async () => {
      const res = await t.http().get('/api/modules').set(facilitatorKey);
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(11);
      expect(res.body.filter((m: { core: boolean }) => m.core).map((m: { number: number }) => m.number)).toEqual([2, 4, 5, 7]);
      expect(res.body[0]).toMatchObject({ number: 1, title: 'Recovery Strategies', core: false });
      expect(res.body[10]).toMatchObject({ number: 11, title: 'Getting Your Needs Met in the Health Care System' });
    });

    it('lists another edition on request and refuses an unknown one naming the field', async () => {
      const res = await t.http().get('/api/modules?edition=samhsa-toolkit').set(facilitatorKey);
      expect(res.body.find((m: { number: number }) => m.number === 3).title).toMatch(/Stress–Vulnerability/);
      const bad = await t.http().get('/api/modules?edition=nope').set(facilitatorKey);
      expect(bad.status).toBe(400);
      expect(bad.body.message.join(' ')).toMatch(/edition/);
    });
  });

  describe('wards', () => {
    it('creates a ward with the default zone, reads it, and refuses a duplicate code with 409', async () => {
      const ward = await createWard('POST3');
      expect(ward).toMatchObject({ code: 'POST3', timezone: 'Europe/Oslo', edition: 'imr-norway', coreModules: [2, 4, 5, 7] });
      expect(ward.id).toMatch(/^[0-9a-f-]{36}$/);
      expect((await t.http().get(`/api/wards/${ward.id}`).set(facilitatorKey)).body.code).toBe('POST3');
      const dup = await t.http().post('/api/wards').set(coordinator).send({ code: 'POST3', name: 'again' });
      expect(dup.status).toBe(409);
    });

    it('validates the time zone and names bad fields', async () => {
      const res = await t.http().post('/api/wards').set(coordinator).send({ code: 'X1', name: 'x', timezone: 'Mars/Olympus' });
      expect(res.status).toBe(400);
      expect(res.body.message.join(' ')).toMatch(/timezone must be an IANA time zone/);
      const extra = await t.http().post('/api/wards').set(coordinator).send({ code: 'X2', name: 'x', admin: true });
      expect(extra.status).toBe(400);
      expect(extra.body.message.join(' ')).toMatch(/admin should not exist/);
    });

    it('answers 404 for unknown ids, 400 for malformed ids, 400 for malformed JSON', async () => {
      expect((await t.http().get('/api/wards/3f1d1f6e-0000-4000-8000-000000000000').set(coordinator)).status).toBe(404);
      const malformed = await t.http().get('/api/wards/not-a-uuid').set(coordinator);
      expect(malformed.status).toBe(400);
      expect(malformed.body.message.join(' ')).toMatch(/id must be a UUID/);
      const json = await t.http().post('/api/wards').set(coordinator).set('Content-Type', 'application/json').send('{"code": "A",');
      expect(json.status).toBe(400);
    });

    it('answers 413 for an oversized body', async () => {
      const res = await t
        .http()
        .post('/api/wards')
        .set(coordinator)
        .send({ code: 'BIG', name: 'x'.repeat(300_000) });
      expect(res.status).toBe(413);
    });

    it('honours a ward’s own edition and core set', async () => {
      const ward = await createWard('SAMHSA', { edition: 'samhsa-toolkit' });
      expect(ward.coreModules).toEqual([2, 3, 5, 8]);
      const custom = await createWard('CUSTOM', { coreModules: [1, 2, 4, 5, 7] });
      expect(custom.coreModules).toEqual([1, 2, 4, 5, 7]);
      const bad = await t
        .http()
        .post('/api/wards')
        .set(coordinator)
        .send({ code: 'BAD', name: 'x', coreModules: [12] });
      expect(bad.status).toBe(400);
      expect(bad.body.message.join(' ')).toMatch(/coreModules/);
    });

    it('shows a ward-scoped key only its wards, and 404 for the rest', async () => {
      const a = await createWard('SCOPE-A');
      const b = await createWard('SCOPE-B');
      const scoped = bearer(await t.key('coordinator', [a.id]));
      const list = await t.http().get('/api/wards').set(scoped);
      expect(list.body.map((w: { id: string }) => w.id)).toEqual([a.id]);
      expect((await t.http().get(`/api/wards/${b.id}`).set(scoped)).status).toBe(404);
      expect((await t.http().patch(`/api/wards/${b.id}`).set(scoped).send({ name: 'mine now' })).status).toBe(404);
      const create = await t.http().post('/api/wards').set(scoped).send({ code: 'SCOPE-C', name: 'Unseen' });
      expect(create.status).toBe(403);
      expect(create.body.message.join(' ')).toMatch(/ward-scoped key cannot create wards/);
    });
  });

  describe('facilitators and absences', () => {
    it('creates, lists by ward, updates and deactivates a facilitator, keeping the record', async () => {
      const ward = await createWard('FAC');
      const res = await t
        .http()
        .post('/api/facilitators')
        .set(coordinator)
        .send({
          name: 'Kari Nordmann',
          profession: 'nurse',
          imrTrained: true,
          wardIds: [ward.id],
          maxSessionsPerWeek: 3,
          availability: [{ weekday: 1, from: '08:00', to: '15:30' }],
        });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: 'Kari Nordmann', wardIds: [ward.id], active: true, maxSessionsPerWeek: 3 });
      const id = res.body.id;
      const listed = await t.http().get(`/api/facilitators?wardId=${ward.id}`).set(facilitatorKey);
      expect(listed.body.map((f: { id: string }) => f.id)).toEqual([id]);
      const patched = await t.http().patch(`/api/facilitators/${id}`).set(coordinator).send({ imrTrained: false });
      expect(patched.body.imrTrained).toBe(false);
      const removed = await t.http().delete(`/api/facilitators/${id}`).set(coordinator);
      expect(removed.status).toBe(200);
      expect(removed.body.active).toBe(false);
      expect((await t.http().get(`/api/facilitators/${id}`).set(coordinator)).body.active).toBe(false);
    });

    it('names the field for a bad profession, bad availability and an unknown ward', async () => {
      const ward = await createWard('FAC2');
      const bad = await t
        .http()
        .post('/api/facilitators')
        .set(coordinator)
        .send({
          name: 'x',
          profession: 'wizard',
          imrTrained: 'yes',
          wardIds: [ward.id],
          availability: [{ weekday: 8, from: '25:00', to: '10:00' }],
        });
      expect(bad.status).toBe(400);
      const text = bad.body.message.join(' ');
      expect(text).toMatch(/profession must be one of/);
      expect(text).toMatch(/imrTrained must be a boolean/);
      expect(text).toMatch(/availability\[0\]\.weekday/);
      expect(text).toMatch(/from must be HH:mm/);
      const inverted = await t
        .http()
        .post('/api/facilitators')
        .set(coordinator)
        .send({
          name: 'x',
          profession: 'nurse',
          imrTrained: true,
          wardIds: [ward.id],
          availability: [{ weekday: 1, from: '15:00', to: '09:00' }],
        });
      expect(inverted.status).toBe(400);
      expect(inverted.body.message.join(' ')).toMatch(/availability\[0\]\.to must be later than from/);
      const unknown = await t
        .http()
        .post('/api/facilitators')
        .set(coordinator)
        .send({ name: 'x', profession: 'nurse', imrTrained: true, wardIds: ['3f1d1f6e-0000-4000-8000-000000000000'] });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message.join(' ')).toMatch(/wardIds/);
      const count = await t.db.dataSource.query('SELECT COUNT(*) AS n FROM facilitators');
      expect(Number(count[0].n)).toBe(1);
    });

    it('records absences with inclusive dates and refuses inverted ones', async () => {
      const ward = await createWard('ABS');
      const f = await t
        .http()
        .post('/api/facilitators')
        .set(coordinator)
        .send({ name: 'Ola', profession: 'psychologist', imrTrained: true, wardIds: [ward.id] });
      const absence = await t
        .http()
        .post(`/api/facilitators/${f.body.id}/absences`)
        .set(coordinator)
        .send({ from: '2027-04-05', to: '2027-04-18', reason: 'leave' });
      expect(absence.status).toBe(201);
      expect(absence.body).toMatchObject({ from: '2027-04-05', to: '2027-04-18' });
      const inverted = await t
        .http()
        .post(`/api/facilitators/${f.body.id}/absences`)
        .set(coordinator)
        .send({ from: '2027-04-18', to: '2027-04-05' });
      expect(inverted.status).toBe(400);
      expect(inverted.body.message.join(' ')).toMatch(/^to must not be earlier than from/);
      const badDate = await t
        .http()
        .post(`/api/facilitators/${f.body.id}/absences`)
        .set(coordinator)
        .send({ from: '2027-02-30', to: '2027-03-01' });
      expect(badDate.status).toBe(400);
      expect(badDate.body.message.join(' ')).toMatch(/from must be a calendar date/);
      expect((await t.http().delete(`/api/facilitators/${f.body.id}/absences/${absence.body.id}`).set(coordinator)).status).toBe(204);
      expect((await t.http().get(`/api/facilitators/${f.body.id}/absences`).set(coordinator)).body).toEqual([]);
    });
  });
});

describe('failed authentication is rate limited and writes are audited (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { IMR_AUTH_FAILURES_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('answers 429 after too many failed attempts from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (
          await t
            .http()
            .get('/api/modules')
            .set(bearer('imr_' + 'y'.repeat(43)))
        ).status,
      );
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('records who wrote what, without bodies', async () => {
    const ward = await t.http().post('/api/wards').set(bearer(t.adminKey)).send({ code: 'AUD', name: 'Audited ward' });
    const rows: { action: string; role: string; targetId: string; wardId: string | null }[] =
      await t.db.dataSource.query('SELECT * FROM audit_log');
    const row = rows.find((r) => r.action === 'POST /api/wards')!;
    expect(row).toMatchObject({ role: 'admin', targetId: ward.body.id });
    expect(JSON.stringify(rows)).not.toContain('Audited ward');
  });
});

describe('configured edition and core set (e2e)', () => {
  it('honours IMR_EDITION and IMR_CORE_MODULES in the catalogue and in new wards', async () => {
    const t = await startTestApp({ env: { IMR_EDITION: 'samhsa-toolkit', IMR_CORE_MODULES: '1,2,3' } });
    try {
      const admin = bearer(t.adminKey);
      const modules = await t.http().get('/api/modules').set(admin);
      expect(modules.body).toHaveLength(10);
      expect(modules.body.filter((m: { edition: string }) => m.edition !== 'samhsa-toolkit')).toEqual([]);
      expect(modules.body.filter((m: { core: boolean }) => m.core).map((m: { number: number }) => m.number)).toEqual([1, 2, 3]);
      const ward = await t.http().post('/api/wards').set(admin).send({ code: 'CFG', name: 'Configured' });
      expect(ward.body).toMatchObject({ edition: 'samhsa-toolkit', coreModules: [1, 2, 3] });
    } finally {
      await t.close();
    }
  });
});

describe('roles in the OpenAPI document (e2e)', () => {
  it('names the allowed roles of every /api operation', async () => {
    const t = await startTestApp();
    try {
      const doc = (await t.http().get('/docs-json')).body;
      const missing: string[] = [];
      for (const [path, ops] of Object.entries<Record<string, { 'x-imr-roles'?: string[]; description?: string }>>(doc.paths)) {
        if (!path.startsWith('/api/')) continue;
        for (const [method, op] of Object.entries(ops)) {
          if (!op['x-imr-roles']?.includes('admin') || !op.description?.startsWith('Roles:')) missing.push(`${method} ${path}`);
        }
      }
      expect(missing).toEqual([]);
      expect(doc.paths['/api/wards'].post['x-imr-roles']).toEqual(['coordinator', 'admin']);
    } finally {
      await t.close();
    }
  });
});
