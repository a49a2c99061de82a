/**
 * Hostile request bodies for fast-check, derived from a route's request-body schema in the OpenAPI
 * document. A mutation starts from a valid body and breaks it: wrong types per field, huge strings,
 * deep nesting, prototype keys, invalid dates, unicode edge cases, odd numbers, arrays for objects
 * and objects for arrays, oversized and malformed bodies.
 *
 * Bodies are written as JSON text by `toJsonText`, so they can hold what JSON.stringify cannot say:
 * an own `__proto__` key, `-0`, `1e400`, integers beyond 2^53.
 */
import fc from 'fast-check';

export type Schema = Record<string, any>;
export type PathStep = string | number;

/** A literal JSON token placed as is (numbers JSON.stringify would rewrite). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** An object whose keys may include `__proto__` as an ordinary own key. */
export function ownKeys(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .map((k) => `${JSON.stringify(k)}:${toJsonText((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Resolves $ref, allOf and nullable wrappers against components.schemas. */
export function resolveSchema(schema: Schema | undefined, components: Record<string, Schema>): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolveSchema(components[String(schema.$ref).split('/').pop()!], components);
  if (schema.allOf?.length === 1) return { ...resolveSchema(schema.allOf[0], components), description: schema.description };
  return schema;
}

export interface FieldPath {
  path: PathStep[];
  schema: Schema;
}

/** Every field reachable in the schema (array items as index 0), down to `depth` levels. */
export function fieldPaths(schema: Schema, components: Record<string, Schema>, depth = 3, prefix: PathStep[] = []): FieldPath[] {
  const s = resolveSchema(schema, components);
  if (depth === 0) return [];
  const out: FieldPath[] = [];
  for (const [name, sub] of Object.entries<Schema>(s.properties ?? {})) {
    const resolved = resolveSchema(sub, components);
    out.push({ path: [...prefix, name], schema: resolved });
    if (resolved.type === 'array') {
      const items = resolveSchema(resolved.items, components);
      out.push({ path: [...prefix, name, 0], schema: items });
      if (items.properties) out.push(...fieldPaths(items, components, depth - 1, [...prefix, name, 0]));
    } else if (resolved.properties) {
      out.push(...fieldPaths(resolved, components, depth - 1, [...prefix, name]));
    }
  }
  return out;
}

/** Sets a value at a path, creating objects and arrays on the way; the input is not changed. */
export function setAt(body: unknown, path: PathStep[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const arr = Array.isArray(body) ? [...body] : [];
    arr[head] = setAt(arr[head], rest, value);
    return arr;
  }
  const obj = body !== null && typeof body === 'object' && !Array.isArray(body) ? { ...(body as object) } : {};
  return Object.assign(obj, { [head]: setAt((obj as Record<string, unknown>)[head], rest, value) });
}

export const HUGE = 100_000;

export function deeplyNested(levels: number, asArray: boolean): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < levels; i++) v = asArray ? [v] : { a: v };
  return v;
}

const badDates = [
  '2027-02-30',
  '9999-99-99',
  '',
  '2027-13-01',
  '0000-00-00',
  '2027-02-29',
  '2027-1-1',
  '+275760-09-13',
  '2027-03-28T02:30',
  '27-03-01',
];
const unicodeEdges = [
  '\ud800',
  'abc\udfff',
  '\udc00\ud800',
  '\u202eevil\u202c',
  'שלום עולם',
  '\u200b\u200c\u200d\ufeff',
  '👩‍⚕️🏥🧠',
  'a\u0000b',
  '\u0000',
  'e\u0301\u0301\u0301',
  '\uffff\ufffe',
  'Ǆǅǆ ß ﬁ',
  '\r\n\t\v\f',
];
const injections = [
  "'; DROP TABLE wards; --",
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '%00%ff',
  '__proto__',
  'constructor',
  'toString',
];
const domainOdd = [
  'FREQ=SECONDLY',
  'FREQ=DAILY;COUNT=999999999',
  'FREQ=DAILY;UNTIL=99991231T000000Z',
  '25:61',
  '24:00',
  '-01:00',
  'Europe/Nowhere',
  '../UTC',
  'NaN',
  'Infinity',
  '-0',
  '1e308',
  'true',
  'null',
];
const rawNumbers = [
  '-0',
  '1e308',
  '-1e308',
  '1e400',
  '1e-400',
  '123456789012345678901234567890',
  '9007199254740993',
  '0.1',
  '-1',
  '1.5',
  '2147483648',
  '-2147483649',
];

/** A hostile scalar: strings (huge, unicode, dates, injections), odd numbers, booleans, null. */
export const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...badDates, ...unicodeEdges, ...injections, ...domainOdd),
  fc.constant('x'.repeat(HUGE)),
  fc.constant('🏥'.repeat(HUGE / 4)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...rawNumbers).map((n) => new RawJson(n)),
  fc.integer(),
  fc.double(),
  fc.constantFrom(true, false, null, 0, 1),
  fc.uuid().map((u) => u.toUpperCase()),
);

/** Prototype-pollution payloads as own keys. */
export const prototypeKeys: fc.Arbitrary<Record<string, unknown>> = fc
  .subarray(['__proto__', 'constructor', 'prototype'], { minLength: 1 })
  .map((keys) =>
    ownKeys(
      keys.map((k) => [k, k === 'constructor' ? { prototype: { polluted: 'yes' } } : { polluted: 'yes', isAdmin: true, role: 'admin' }]),
    ),
  );

/** A hostile structure: deep nesting, big arrays, arrays where objects go and objects where arrays go. */
export const hostileStructure: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(deeplyNested(1000, false)),
  fc.constant(deeplyNested(1000, true)),
  fc.constant([]),
  fc.constant({}),
  fc.constant([{}]),
  fc.constant(Array.from({ length: 20_000 }, (_, i) => i)),
  fc.array(hostileScalar, { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileScalar, { maxKeys: 4 }),
  prototypeKeys,
);

/** Hostile values fit to a field: wrong types, and for its own type the edge cases. */
export function hostileFor(schema: Schema): fc.Arbitrary<unknown> {
  // null deserves its own weight: @IsOptional lets it through where only `undefined` was meant.
  const own: fc.Arbitrary<unknown>[] = [fc.constant(null)];
  if (schema.enum) own.push(fc.constantFrom(...schema.enum.map((e: unknown) => (typeof e === 'string' ? e.toUpperCase() + ' ' : e))));
  if (schema.type === 'string') own.push(fc.constantFrom(...badDates, ...unicodeEdges));
  if (schema.type === 'number' || schema.type === 'integer') own.push(fc.constantFrom(...rawNumbers).map((n) => new RawJson(n)));
  if (schema.type === 'array') own.push(fc.array(hostileScalar, { minLength: 1, maxLength: 3 }), fc.constant({ 0: 'not an array' }));
  return fc.oneof(...own, hostileScalar, hostileStructure);
}

export interface HostileRequest {
  label: string;
  /** JSON text (or not JSON at all, for the malformed cases). */
  text: string;
  contentType: string;
}

/** Mutations of a valid body, derived from the route's schema. */
export function hostileRequests(
  base: unknown,
  schema: Schema,
  components: Record<string, Schema>,
  bodyLimit: number,
): fc.Arbitrary<HostileRequest> {
  const fields = fieldPaths(schema, components);
  const json = (label: string, body: unknown): HostileRequest => ({ label, text: toJsonText(body), contentType: 'application/json' });
  const fieldMutations = fields.length
    ? fc
        .array(
          fc
            .integer({ min: 0, max: fields.length - 1 })
            .chain((i) => hostileFor(fields[i].schema).map((v) => ({ path: fields[i].path, v }))),
          { minLength: 1, maxLength: 3 },
        )
        .map((ms) =>
          json(
            `fields ${ms.map((m) => m.path.join('.')).join(', ')}`,
            ms.reduce((b, m) => setAt(b, m.path, m.v), base),
          ),
        )
    : fc.constant(json('no fields', base));
  const objectPaths: PathStep[][] = [[], ...fields.filter((f) => f.schema.properties || f.schema.type === 'object').map((f) => f.path)];
  const protoMutation = fc.tuple(fc.constantFrom(...objectPaths), prototypeKeys).map(([path, keys]) => {
    const existing = path.reduce<unknown>(
      (o, k) => (o !== null && typeof o === 'object' ? (o as Record<PathStep, unknown>)[k] : undefined),
      base,
    );
    const merged = ownKeys([
      ...Object.entries(existing !== null && typeof existing === 'object' ? existing : {}),
      ...Object.keys(keys).map((k) => [k, keys[k]] as [string, unknown]),
    ]);
    return json(`prototype keys at ${path.join('.') || 'top'}`, path.length ? setAt(base, path, merged) : merged);
  });
  const wholeBody = fc.oneof(hostileScalar, hostileStructure).map((b) => json('whole body replaced', b));
  const stringFields = fields.filter((f) => f.schema.type === 'string' && !f.schema.enum);
  const oversized = stringFields.length
    ? fc.constantFrom(...stringFields).map((f) => json(`oversized ${f.path.join('.')}`, setAt(base, f.path, 'x'.repeat(bodyLimit + 1024))))
    : fc.constant(json('oversized body', { padding: 'x'.repeat(bodyLimit + 1024) }));
  const malformed = fc.constantFrom<HostileRequest>(
    { label: 'truncated JSON', text: toJsonText(base).slice(0, -1), contentType: 'application/json' },
    { label: 'JSON as text/plain', text: toJsonText(base), contentType: 'text/plain' },
    { label: 'form encoded', text: 'a=1&__proto__[polluted]=yes', contentType: 'application/x-www-form-urlencoded' },
    {
      label: 'raw __proto__ key',
      text: toJsonText(base).replace(/^\{/, '{"__proto__":{"polluted":"yes"}' + (toJsonText(base) === '{}' ? '' : ',')),
      contentType: 'application/json',
    },
  );
  return fc.oneof(
    { arbitrary: fieldMutations, weight: 6 },
    { arbitrary: protoMutation, weight: 2 },
    { arbitrary: wholeBody, weight: 2 },
    { arbitrary: oversized, weight: 1 },
    { arbitrary: malformed, weight: 1 },
  );
}
