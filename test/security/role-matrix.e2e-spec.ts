import { bearer, startTestApp, TestApp } from '../support/test-app';
import { checkAllowed, checkListScope, checkRefusals, createMatrixKeys, MatrixContext } from './matrix-checks.support';
import { operationsOf, parseOperation } from './request.support';
import { ROLE_MATRIX, UNDOCUMENTED_PUBLIC_ROUTES } from './role-matrix';
import { NOW, seedWorld } from './world.support';

/**
 * Acceptance 1 of issue 8: the role-and-scope matrix (role-matrix.ts), checked route by route on the
 * real app. Every route of GET /docs-json must have an entry, and every entry a route.
 */
describe('role-and-scope matrix', () => {
  let t: TestApp;
  let ctx: MatrixContext;
  let documented: string[];

  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    const world = await seedWorld(t);
    ctx = { t, world, keys: await createMatrixKeys(t, world) };
    const docs = await t.http().get('/docs-json').expect(200);
    documented = operationsOf(docs.body);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('has an entry for every route of the OpenAPI document', () => {
    const missing = documented.filter((op) => !(op in ROLE_MATRIX));
    expect(missing).toEqual([]);
    expect(documented.length).toBeGreaterThan(40);
  });

  it('has no entry without a route in the OpenAPI document', () => {
    expect(Object.keys(ROLE_MATRIX).filter((op) => !documented.includes(op))).toEqual([]);
  });

  it('serves the undocumented public routes without a key', async () => {
    for (const op of UNDOCUMENTED_PUBLIC_ROUTES) {
      const { path } = parseOperation(op);
      expect([op, (await t.http().get(path)).status]).toEqual([op, 200]);
    }
  });

  it('leaves no unguarded /api route: every one refuses a request without a key', async () => {
    const publicOps = Object.entries(ROLE_MATRIX)
      .filter(([, rule]) => rule.scope === 'public')
      .map(([op]) => op);
    expect(publicOps.filter((op) => parseOperation(op).path.startsWith('/api/'))).toEqual([]);
  });

  it('refuses to scope an admin key to wards (a scoped admin could mint an unscoped key)', async () => {
    const res = await t
      .http()
      .post('/api/keys')
      .set(bearer(t.adminKey))
      .send({ role: 'admin', label: 'ward A admin', wardIds: [ctx.world.A.ward] });
    expect(res.status).toBe(400);
    expect(res.body.message.join(' ')).toMatch(/wardIds/);
  });

  describe.each(Object.keys(ROLE_MATRIX).sort())('%s', (name) => {
    const op = parseOperation(name);
    const rule = ROLE_MATRIX[name];

    it(
      rule.scope === 'public' ? 'answers without a key' : 'refuses no key (401), other roles (403) and other wards (404), writing nothing',
      async () => {
        expect(await checkRefusals(ctx, op, rule)).toEqual([]);
      },
    );

    if (rule.scope === 'listed') {
      it('shows a ward-scoped key nothing of another ward', async () => {
        expect(await checkListScope(ctx, op, rule)).toEqual([]);
      });
    }

    it('lets every allowed role in scope through', async () => {
      expect(await checkAllowed(ctx, op, rule)).toEqual([]);
    });
  });
});
