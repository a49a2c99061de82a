import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { TestApp } from '../support/test-app';
import type { Fixture, RouteRule } from './role-matrix';
import { resolveFixture, WardName, World } from './world.support';

export interface Operation {
  /** 'POST /api/wards/{wardId}/groups' */
  name: string;
  method: string;
  path: string;
}

export function parseOperation(name: string): Operation {
  const [method, path] = name.split(' ');
  return { name, method, path };
}

/** Every operation of an OpenAPI document, as 'METHOD /path'. */
export function operationsOf(document: { paths: Record<string, Record<string, unknown>> }): string[] {
  const methods = ['get', 'post', 'put', 'patch', 'delete'];
  return Object.entries(document.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => methods.includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
}

export interface BuiltRequest {
  method: string;
  url: string;
  body?: unknown;
}

const PLACEHOLDER = /\{([A-Za-z0-9]+)\}/g;

async function fill(text: string, resolve: (f: Fixture) => Promise<string>): Promise<string> {
  let out = text;
  for (const [match, name] of [...text.matchAll(PLACEHOLDER)]) out = out.replace(match, await resolve(name as Fixture));
  return out;
}

async function fillDeep(value: unknown, resolve: (f: Fixture) => Promise<string>): Promise<unknown> {
  if (typeof value === 'string') return fill(value, resolve);
  if (Array.isArray(value)) return Promise.all(value.map((v) => fillDeep(v, resolve)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await fillDeep(v, resolve);
    return out;
  }
  return value;
}

export interface BuildOptions {
  /** Which ward's fixtures fill each path parameter (default: `ward`); 'unknown' is a fresh UUID. */
  paramWards?: Record<string, WardName | 'unknown'>;
  /** Which ward's fixtures fill the query and body (default: `ward`). */
  contentWard?: WardName;
  /** Replace every fixture id in the body with an unknown UUID. */
  unknownBodyIds?: boolean;
  /** Replace every fixture id (path, query and body) with an unknown UUID. */
  unknownIds?: boolean;
}

/** A concrete request for an operation, from the matrix rule and one ward's fixtures. */
export async function buildRequest(
  t: TestApp,
  world: World,
  op: Operation,
  rule: RouteRule,
  ward: WardName,
  options: BuildOptions = {},
): Promise<BuiltRequest> {
  const contentWard = options.contentWard ?? ward;
  const unknownOr =
    (resolve: (f: Fixture) => Promise<string>, unknown = options.unknownIds) =>
    (f: Fixture) =>
      unknown && f !== 'unique' ? Promise.resolve(randomUUID()) : resolve(f);
  let url = op.path;
  for (const [param, fixture] of Object.entries(rule.params ?? {})) {
    const source = options.paramWards?.[param] ?? ward;
    const value = source === 'unknown' ? randomUUID() : await unknownOr((f) => resolveFixture(t, world, source, f))(fixture);
    url = url.replace(`{${param}}`, encodeURIComponent(value));
  }
  if (/\{[A-Za-z0-9]+\}/.test(url)) throw new Error(`${op.name}: the matrix names no fixture for ${url}`);
  const resolveContent = unknownOr((f: Fixture) => resolveFixture(t, world, contentWard, f));
  const query = Object.entries(rule.query ?? {});
  if (query.length) {
    const parts: string[] = [];
    for (const [k, v] of query) parts.push(`${k}=${encodeURIComponent(await fill(v, resolveContent))}`);
    url += `?${parts.join('&')}`;
  }
  const resolveBody = unknownOr(resolveContent, options.unknownIds || options.unknownBodyIds);
  const body = rule.body === undefined ? undefined : await fillDeep(rule.body, resolveBody);
  return { method: op.method, url, body };
}

/** Sends a built request with the given headers; a string body goes out as raw JSON text. */
export function send(t: TestApp, req: BuiltRequest, headers: Record<string, string> = {}): Promise<Response> {
  const method = req.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let test = t.http()[method](req.url).set(headers);
  if (req.body !== undefined) {
    test = test.set('Content-Type', 'application/json');
    test = test.send(typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
  }
  return test as unknown as Promise<Response>;
}

export function describeResponse(res: Response): string {
  const body = res.body && Object.keys(res.body).length ? JSON.stringify(res.body) : (res.text ?? '');
  return `${res.status} ${body.slice(0, 300)}`;
}
