import fc from 'fast-check';
import { bearer, startTestApp, TestApp } from '../support/test-app';
import { personNumber, withWrongCheckDigit } from '../admissions.fixtures';
import { changedTables, snapshotDb } from './db-snapshot.support';
import { fieldPaths, PathStep, RawJson, resolveSchema, Schema, setAt, toJsonText } from './hostile.support';
import { buildRequest, describeResponse, operationsOf, parseOperation } from './request.support';
import { ROLE_MATRIX } from './role-matrix';
import { NOW, seedWorld, World } from './world.support';

/**
 * Acceptance 4 of issue 14: the inputs the attack used, on every write route with a body. A text
 * field holding a bidirectional control or a lone surrogate, and a body nested deeper than 64 levels,
 * answer 400 naming the field and write nothing; a patientRef holding a valid person number anywhere,
 * whatever the separators, answers 400 naming patientRef, and the same wrapped lookalike is accepted.
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.CI ? 20271214 : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];
const BIDI = ['\u202E', '\u202D', '\u202A', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
const LONE = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'];

const letters = (n: number): string => (n < 26 ? '' : letters(Math.floor(n / 26) - 1)) + String.fromCharCode(65 + (n % 26)) + 'Q';

const display = (path: PathStep[]) =>
  path.reduce<string>((text, p) => (typeof p === 'number' ? `${text}[${p}]` : text ? `${text}.${p}` : p), '');

describe('bidi controls, lone surrogates, deep nesting and embedded person numbers on every write route', () => {
  let t: TestApp;
  let world: World;
  let document: { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, Schema> } };

  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    world = await seedWorld(t);
    document = (await t.http().get('/docs-json').expect(200)).body;
  }, 120_000);

  afterAll(() => t?.close());

  const bodyRoutes = () =>
    operationsOf(document)
      .filter((op) => WRITE_METHODS.includes(parseOperation(op).method))
      .map((name) => {
        const { method, path } = parseOperation(name);
        const schema = document.paths[path][method.toLowerCase()].requestBody?.content?.['application/json']?.schema;
        return { name, schema: schema ? resolveSchema(schema, document.components.schemas) : null };
      })
      .filter((r): r is { name: string; schema: Schema } => r.schema !== null);

  async function send(name: string, text: string) {
    const op = parseOperation(name);
    const valid = await buildRequest(t, world, op, ROLE_MATRIX[name], 'A');
    const before = await snapshotDb(t.db);
    const res = await t
      .http()
      [op.method.toLowerCase() as 'post'](valid.url)
      .set(bearer(t.adminKey))
      .set('Content-Type', 'application/json')
      .send(text);
    return { res, changed: res.status >= 400 ? changedTables(before, await snapshotDb(t.db)) : [] };
  }

  it('finds string fields to attack on at least ten routes', () => {
    const withStrings = bodyRoutes().filter((r) =>
      fieldPaths(r.schema, document.components.schemas).some((f) => f.schema.type === 'string'),
    );
    expect(withStrings.length).toBeGreaterThanOrEqual(10);
  });

  it('answers 400 naming the field for a bidi control or a lone surrogate in any text field, writing nothing', async () => {
    const problems: string[] = [];
    for (const route of bodyRoutes()) {
      const base = (await buildRequest(t, world, parseOperation(route.name), ROLE_MATRIX[route.name], 'A')).body ?? {};
      const fields = fieldPaths(route.schema, document.components.schemas).filter((f) => f.schema.type === 'string');
      if (!fields.length) continue;
      const sample = fc.sample(
        fc.record({
          field: fc.constantFrom(...fields),
          bad: fc.constantFrom(...BIDI, ...LONE),
          before: fc.string({ maxLength: 6 }),
          after: fc.string({ maxLength: 6 }),
        }),
        { numRuns: RUNS, seed: SEED },
      );
      for (const { field, bad, before, after } of sample) {
        const clean = (s: string) => s.replaceAll('\u0000', '').replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/g, '');
        const text = toJsonText(setAt(base, field.path, `${clean(before)}${bad}${clean(after)}`));
        const { res, changed } = await send(route.name, text);
        const name = display(field.path);
        const what = `${route.name} ${name} U+${bad.charCodeAt(0).toString(16)}: ${describeResponse(res)}`;
        if (res.status !== 400 || !JSON.stringify(res.body.message).includes(name)) problems.push(what);
        if (changed.length) problems.push(`${what} wrote ${changed.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('answers 400 naming the field for bodies nested deeper than 64 levels (up to 20,000), never a 500 or a stack', async () => {
    const problems: string[] = [];
    for (const route of bodyRoutes()) {
      const base = (await buildRequest(t, world, parseOperation(route.name), ROLE_MATRIX[route.name], 'A')).body ?? {};
      const top = Object.keys(route.schema.properties ?? {})[0] ?? 'extra';
      for (const depth of [64, 65, 1000, 20_000]) {
        const nested = (open: string, close: string) => open.repeat(depth) + '"x"' + close.repeat(depth);
        for (const inner of [nested('[', ']'), nested('{"a":', '}')]) {
          const text = toJsonText(setAt(base, [top], new RawJson(inner)));
          const { res, changed } = await send(route.name, text);
          const what = `${route.name} ${top} nested ${depth}: ${describeResponse(res)}`;
          if (res.status >= 500 || /\bat .+\.(ts|js):\d+/.test(res.text)) problems.push(what);
          if (depth > 63 && (res.status !== 400 || !JSON.stringify(res.body.message).includes(top))) problems.push(what);
          if (changed.length) problems.push(`${what} wrote ${changed.join(', ')}`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('refuses a patientRef holding a valid person number, whatever wraps it, and accepts the same lookalike', async () => {
    const route = 'POST /api/wards/{wardId}/admissions';
    const numbers = fc.oneof(
      fc
        .record({
          dd: fc.integer({ min: 1, max: 28 }),
          mm: fc.integer({ min: 1, max: 12 }),
          yy: fc.integer({ min: 0, max: 99 }),
          kind: fc.constantFrom(0, 40),
        })
        .map(({ dd, mm, yy, kind }) => `${String(dd + kind).padStart(2, '0')}${String(mm).padStart(2, '0')}${String(yy).padStart(2, '0')}`),
      fc
        .record({ dd: fc.integer({ min: 1, max: 28 }), mm: fc.integer({ min: 1, max: 12 }), yy: fc.integer({ min: 0, max: 99 }) })
        .map(({ dd, mm, yy }) => `${String(dd).padStart(2, '0')}${String(mm + 40).padStart(2, '0')}${String(yy).padStart(2, '0')}`),
    );
    const wrap = fc.record({
      prefix: fc.constantFrom('', 'P-', 'p_', '0-', 'REF.', 'x'),
      suffix: fc.constantFrom('', 'X', '-0', '_1', '.a'),
      separator: fc.constantFrom('', '-', '_', '.'),
      at: fc.integer({ min: 1, max: 10 }),
    });
    const sample = fc.sample(fc.tuple(numbers, wrap), { numRuns: RUNS * 2, seed: SEED });
    const problems: string[] = [];
    let n = 0;
    for (const [ddmmyy, { prefix, suffix, separator, at }] of sample) {
      const real = personNumber(ddmmyy);
      const wrapped = (number: string) => `${prefix}${number.slice(0, at)}${separator}${number.slice(at)}${suffix}`;
      const body = (ref: string) => JSON.stringify({ patientRef: ref, admittedOn: '2027-03-01' });
      const refused = await send(route, body(wrapped(real)));
      if (refused.res.status !== 400 || !JSON.stringify(refused.res.body.message).includes('patientRef')) {
        problems.push(`${wrapped(real)}: ${describeResponse(refused.res)}`);
      }
      if (refused.changed.length) problems.push(`${wrapped(real)} wrote ${refused.changed.join(', ')}`);
      // Letters only around the lookalike, so no digit joins its run and makes another 11-digit window.
      const lookalike = `${letters(n++)}${prefix.replace(/\d/g, '')}${withWrongCheckDigit(real)}${suffix.replace(/\d/g, '')}`;
      const accepted = await send(route, body(lookalike));
      if (accepted.res.status !== 201) problems.push(`lookalike ${lookalike}: ${describeResponse(accepted.res)}`);
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
