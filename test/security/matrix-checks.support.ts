import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { Role, ROLES } from '../../src/auth/auth-context';
import { bearer, TestApp } from '../support/test-app';
import { changedTables, snapshotDb } from './db-snapshot.support';
import { BuiltRequest, buildRequest, describeResponse, Operation, send } from './request.support';
import type { RouteRule } from './role-matrix';
import { markersOf, World } from './world.support';

type Headers = Record<string, string>;
type ScopedRole = Exclude<Role, 'admin'>;

/** The keys the matrix is checked with. */
export interface MatrixKeys {
  /** Headers that must all get 401: none, a malformed one, an unknown key, a revoked key. */
  anonymous: { label: string; headers: Headers }[];
  /** Unscoped keys per role (the facilitator key belongs to no facilitator). */
  unscoped: Record<Role, Headers>;
  /** Keys scoped to ward A per role but admin, which cannot be scoped (the facilitator key is ward A's first facilitator's own). */
  scopedA: Record<ScopedRole, Headers>;
  /** A facilitator key of ward A's second facilitator: not the owner of the first one's links. */
  otherFacilitator: Headers;
}

export async function createMatrixKeys(t: TestApp, world: World): Promise<MatrixKeys> {
  const a = world.A;
  const revoked = await t.http().post('/api/keys').set(bearer(t.adminKey)).send({ role: 'coordinator', label: 'revoked' });
  await t.http().delete(`/api/keys/${revoked.body.id}`).set(bearer(t.adminKey)).expect(204);
  const unscoped = {} as Record<Role, Headers>;
  const scopedA = {} as Record<ScopedRole, Headers>;
  unscoped.admin = bearer(t.adminKey);
  for (const role of SCOPED_ROLES) {
    unscoped[role] = bearer(await t.key(role));
    scopedA[role] = bearer(await t.key(role, [a.ward], role === 'facilitator' ? a.facilitator : undefined));
  }
  return {
    anonymous: [
      { label: 'no key', headers: {} },
      { label: 'not a bearer key', headers: { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` } },
      { label: 'an unknown key', headers: bearer('imr_' + randomBytes(32).toString('base64url')) },
      { label: 'a revoked key', headers: bearer(revoked.body.key) },
    ],
    unscoped,
    scopedA,
    otherFacilitator: bearer(await t.key('facilitator', [a.ward], a.facilitator2)),
  };
}

export interface MatrixContext {
  t: TestApp;
  world: World;
  keys: MatrixKeys;
}

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const shapeOf = (res: Response) => `${res.status} ${JSON.stringify(res.body).replace(UUIDS, '<id>')}`;

function isOk(status: number, rule: RouteRule): boolean {
  return (status >= 200 && status < 300) || status === 304 || (rule.alsoOk ?? []).includes(status);
}

/** Markers in a successful answer (a 404 may echo the id that was asked for). */
function leaks(res: Response, markers: string[]): string[] {
  if (res.status >= 300) return [];
  const text = res.text ?? JSON.stringify(res.body);
  return markers.filter((m) => text.includes(m));
}

/** Roles that are refused by role (403): every role the rule does not allow, plus a non-owner where only owners may. */
function deniedKeys(ctx: MatrixContext, rule: RouteRule): { label: string; headers: Headers }[] {
  const allowed = rule.roles === 'public' ? ROLES : ['admin', ...rule.roles];
  const denied = ROLES.filter((r) => !allowed.includes(r)).map((r) => ({ label: `role ${r}`, headers: ctx.keys.unscoped[r] }));
  if (rule.ownerOnly === 'facilitator') {
    denied.push({ label: 'a facilitator key of nobody', headers: ctx.keys.unscoped.facilitator });
    denied.push({ label: 'another facilitator’s key', headers: ctx.keys.otherFacilitator });
  }
  return denied;
}

const SCOPED_ROLES: readonly ScopedRole[] = ['coordinator', 'facilitator', 'discharge'];

/** The roles a rule allows, but admin, whose keys are never ward-scoped. */
function allowedScopedRoles(rule: RouteRule): ScopedRole[] {
  return rule.roles === 'public' ? [] : SCOPED_ROLES.filter((r) => rule.roles.includes(r));
}

/**
 * Everything that must be refused: no key → 401, wrong role → 403, another ward's ids → 404 exactly
 * like unknown ids. Refused requests must write nothing, so the database is compared around them.
 */
export async function checkRefusals(ctx: MatrixContext, op: Operation, rule: RouteRule): Promise<string[]> {
  const { t, world, keys } = ctx;
  const problems: string[] = [];
  const planned: { label: string; req: BuiltRequest; headers: Headers; expect: (res: Response) => string | null }[] = [];
  const inScope = await buildRequest(t, world, op, rule, 'A');
  if (rule.scope !== 'public') {
    for (const { label, headers } of keys.anonymous) {
      planned.push({ label, req: inScope, headers, expect: (r) => (r.status === 401 ? null : `${label}: ${describeResponse(r)}`) });
    }
  }
  const denied = [...deniedKeys(ctx, rule)];
  if (rule.unscopedOnly) {
    for (const role of allowedScopedRoles(rule)) denied.push({ label: `${role} scoped to A`, headers: keys.scopedA[role] });
  }
  for (const { label, headers } of denied) {
    planned.push({ label, req: inScope, headers, expect: (r) => (r.status === 403 ? null : `${label}: ${describeResponse(r)}`) });
  }
  const unknownShape = new Map<string, string>();
  if (rule.scope === 'ward') {
    const params = Object.keys(rule.params ?? {});
    // Each out-of-scope variant beside its twin with unknown ids in the same places: the answers must match.
    const variants: { label: string; req: BuiltRequest; twin: BuiltRequest }[] = [
      {
        label: 'ward B',
        req: await buildRequest(t, world, op, rule, 'B'),
        twin: await buildRequest(t, world, op, rule, 'A', { unknownIds: true }),
      },
    ];
    if (params.length > 1) {
      for (const p of params) {
        variants.push({
          label: `ward B's ${p}`,
          req: await buildRequest(t, world, op, rule, 'A', { paramWards: { [p]: 'B' } }),
          twin: await buildRequest(t, world, op, rule, 'A', { paramWards: { [p]: 'unknown' } }),
        });
      }
    }
    for (const role of allowedScopedRoles(rule)) {
      const headers = keys.scopedA[role];
      const owner = rule.ownerOnly === role;
      const refused = (r: Response) => r.status === 404 || (owner && r.status === 403);
      for (const v of variants) {
        const twinKey = `${v.label} ${role}`;
        planned.push({
          label: `unknown ids for ${v.label} as ${role}`,
          req: v.twin,
          headers,
          expect: (r) => (
            unknownShape.set(twinKey, shapeOf(r)),
            refused(r) ? null : `unknown ids for ${v.label} as ${role}: ${describeResponse(r)}`
          ),
        });
        planned.push({
          label: `${v.label} as ${role} scoped to A`,
          req: v.req,
          headers,
          expect: (r) =>
            !refused(r)
              ? `${v.label} as ${role} scoped to A: ${describeResponse(r)}`
              : shapeOf(r) !== unknownShape.get(twinKey)
                ? `${v.label} as ${role}: differs from unknown ids: ${shapeOf(r)} vs ${unknownShape.get(twinKey)}`
                : null,
        });
      }
    }
  }
  if (rule.bodyScope) {
    const unknownBody = await buildRequest(t, world, op, rule, 'A', { unknownBodyIds: true });
    const otherWardBody = await buildRequest(t, world, op, rule, 'A', { contentWard: 'B' });
    for (const role of allowedScopedRoles(rule)) {
      const headers = keys.scopedA[role];
      planned.push({
        label: `unknown body ids as ${role}`,
        req: unknownBody,
        headers,
        expect: (r) => (
          unknownShape.set(`body ${role}`, shapeOf(r)),
          r.status >= 400 && r.status < 500 ? null : `unknown body ids as ${role}: ${describeResponse(r)}`
        ),
      });
      planned.push({
        label: `ward B's ids in the body as ${role}`,
        req: otherWardBody,
        headers,
        expect: (r) =>
          shapeOf(r) === unknownShape.get(`body ${role}`)
            ? null
            : `ward B's ids in the body as ${role}: ${shapeOf(r)}, unknown ids: ${unknownShape.get(`body ${role}`)}`,
      });
    }
  }
  const before = await snapshotDb(t.db);
  for (const p of planned) {
    const problem = p.expect(await send(t, p.req, p.headers));
    if (problem) problems.push(problem);
  }
  const changed = changedTables(before, await snapshotDb(t.db));
  if (changed.length) problems.push(`refused requests wrote to ${changed.join(', ')}`);
  return problems;
}

/** Lists: a key scoped to A sees nothing of B, and asking for B's records gets 404 or nothing. */
export async function checkListScope(ctx: MatrixContext, op: Operation, rule: RouteRule): Promise<string[]> {
  if (rule.scope !== 'listed') return [];
  const { t, world, keys } = ctx;
  const problems: string[] = [];
  const markers = markersOf(world.B);
  const shown = rule.shows ? world.A[rule.shows] : null;
  const unfiltered = { ...rule, query: Object.fromEntries(Object.entries(rule.query ?? {}).filter(([, v]) => !v.includes('{ward}'))) };
  for (const role of allowedScopedRoles(rule)) {
    for (const [label, r] of [
      ['own ward', rule],
      ['no ward filter', unfiltered],
    ] as const) {
      const own = await send(t, await buildRequest(t, world, op, r, 'A'), keys.scopedA[role]);
      if (own.status !== 200) problems.push(`${label} as ${role}: ${describeResponse(own)}`);
      if (leaks(own, markers).length) problems.push(`${label} as ${role} shows ward B's ${leaks(own, markers).join(', ')}`);
      if (shown && !own.text.includes(shown)) problems.push(`${label} as ${role} does not show ward A's ${rule.shows}`);
    }
    const other = await send(t, await buildRequest(t, world, op, rule, 'B'), keys.scopedA[role]);
    if (other.status !== 404 && other.status !== 200) problems.push(`ward B as ${role}: ${describeResponse(other)}`);
    if (leaks(other, markers).length) problems.push(`ward B as ${role} shows ward B's ${leaks(other, markers).join(', ')}`);
  }
  return problems;
}

/** Every allowed role, in scope (and admin unscoped), gets through: 2xx, or a 4xx about the body, never 401/403/404. */
export async function checkAllowed(ctx: MatrixContext, op: Operation, rule: RouteRule): Promise<string[]> {
  const { t, world, keys } = ctx;
  const callers: { label: string; headers: Headers }[] =
    rule.scope === 'public'
      ? [{ label: 'no key', headers: {} }]
      : [
          { label: 'admin (unscoped)', headers: keys.unscoped.admin },
          ...allowedScopedRoles(rule).map((role) =>
            rule.unscopedOnly
              ? { label: `${role} (unscoped)`, headers: keys.unscoped[role] }
              : { label: `${role} scoped to A`, headers: keys.scopedA[role] },
          ),
        ];
  const problems: string[] = [];
  for (const { label, headers } of callers) {
    const res = await send(t, await buildRequest(t, world, op, rule, 'A'), headers);
    if (!isOk(res.status, rule)) problems.push(`${label}: ${describeResponse(res)}`);
  }
  return problems;
}
