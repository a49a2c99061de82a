import { fhirErrors, indexFhirR4 } from './support/fhir-validation';
import { startTestApp, TestApp } from './support/test-app';
import { admit, attend, createWorld, DISCHARGE_NOW, expectStatus, fullDischarge, ReferralWorld } from './referrals.e2e-support';

const SCRIPT = '<script>alert("x")</script>';

describe('referral documents, snapshot stability and audit (e2e)', () => {
  let t: TestApp;
  let w: ReferralWorld;
  let referralId: string;
  let admissionId: string;
  const read = (path: string) => t.http().get(`/api/referrals/${referralId}${path}`).set(w.discharge);

  beforeAll(async () => {
    indexFhirR4();
    t = await startTestApp();
    w = await createWorld(t);
    admissionId = await admit(t, w, 'P-doc');
    t.clock.set(DISCHARGE_NOW);
    await attend(t, w, admissionId, '2027-02-01', '2027-02-05');
    const body = {
      ...fullDischarge,
      receivingService: { ...fullDischarge.receivingService, name: `Nordre Fjordby DPS ${SCRIPT}` },
      recoveryGoals: [...fullDischarge.recoveryGoals, `Lage middag & invitere venner ${SCRIPT}`],
    };
    referralId = (await expectStatus(t.http().post(`/api/admissions/${admissionId}/discharge`).set(w.discharge).send(body), 201)).referral
      .id;
  });
  afterAll(() => t.close());

  it('serves the referral as a FHIR R4 transaction Bundle that passes the StructureDefinition validator', async () => {
    const res = await read('/fhir');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    const bundle = JSON.parse(res.text);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    expect(fhirErrors(bundle)).toEqual([]);
    for (const { resource } of bundle.entry) {
      expect({ type: resource.resourceType, errors: fhirErrors(resource) }).toEqual({ type: resource.resourceType, errors: [] });
    }
    const types = bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType);
    expect(types).toEqual(expect.arrayContaining(['Patient', 'Organization', 'ServiceRequest', 'CarePlan', 'Goal', 'Task']));
    expect(types.filter((x: string) => x === 'Goal')).toHaveLength(3);
    const fullUrls = new Set(bundle.entry.map((e: { fullUrl: string }) => e.fullUrl));
    const refs = JSON.stringify(bundle)
      .match(/"reference":"[^"]+"/g)!
      .map((r) => r.slice(13, -1));
    expect(refs.length).toBeGreaterThan(5);
    expect(refs.filter((r) => !fullUrls.has(r))).toEqual([]);
    const patient = bundle.entry.find((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Patient').resource;
    expect(patient.identifier[0]).toMatchObject({ value: 'P-doc' });
    // The installation's generated namespace, never the public URL's host and port.
    expect(patient.identifier[0].system).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(res.text).not.toMatch(/imr\.example\.test|localhost|127\.0\.0\.1/);
  });

  it.each(['nb', 'en'])('writes a letter in %s with goals, modules done and left, and the receiving service', async (lang) => {
    const res = await read(`/letter?lang=${lang}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.text;
    expect(html).toMatch(new RegExp(`^<!DOCTYPE html>\\s*<html lang="${lang}">`));
    expect(html).toContain('@media print');
    expect(html).toContain('Komme tilbake til jobben på verkstedet');
    expect(html).toContain('Sove bedre og ha faste rutiner');
    expect(html).toContain('Nordre Fjordby DPS &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Lage middag &amp; invitere venner &lt;script&gt;');
    expect(html).not.toContain('<script');
    const referral = await expectStatus(read(''), 200);
    const titleOf = (n: number) => {
      const m = referral.modules.find((x: { number: number }) => x.number === n);
      return lang === 'nb' ? m.titleNb : m.title;
    };
    for (const c of referral.completedModules) expect(html).toContain(titleOf(c.number));
    for (const n of referral.remainingModules) expect(html).toContain(titleOf(n));
    expect(html).toContain('Kari Nordmann, IMR-veileder');
  });

  it('defaults the letter to Norwegian and refuses other languages naming lang', async () => {
    const res = await read('/letter');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="nb">');
    const bad = await read('/letter?lang=de');
    expect(bad.status).toBe(400);
    expect(bad.body.message.join(' ')).toMatch(/^lang must be one of nb, en/);
  });

  it('keeps the referral as it was at discharge when the ward and the attendance change later', async () => {
    const before = { json: (await read('')).body, fhir: (await read('/fhir')).text, nb: (await read('/letter?lang=nb')).text };
    await expectStatus(
      t
        .http()
        .patch(`/api/wards/${w.ward.id}`)
        .set(w.coordinator)
        .send({ name: 'Renamed ward', contactPerson: 'Ola Nordmann', replyAddress: 'Elsewhere 1' }),
      200,
    );
    t.clock.set('2027-02-09T12:30:00.000Z');
    const added = await attend(t, w, admissionId, '2027-02-08', '2027-02-08');
    expect(added).toHaveLength(1);
    t.clock.set('2027-03-20T12:00:00.000Z');
    const after = { json: (await read('')).body, fhir: (await read('/fhir')).text, nb: (await read('/letter?lang=nb')).text };
    expect(after.json).toEqual(before.json);
    expect(after.fhir).toBe(before.fhir);
    expect(after.nb).toBe(before.nb);
    expect(after.json.ward).toMatchObject({ name: 'Sengepost A3, Fjordby sykehus', contactPerson: 'Kari Nordmann, IMR-veileder' });
    expect(after.json.attendance.sessionsAttended).toBe(3);
    const progress = await expectStatus(t.http().get(`/api/admissions/${admissionId}/progress`).set(w.coordinator), 200);
    expect(progress.attended.length).toBe(4);
  });

  it('records an audit row for every read, in the read’s transaction, and lists them for admins', async () => {
    const trail = async () => expectStatus(t.http().get(`/api/audit?referralId=${referralId}`).set(w.admin), 200);
    const before = (await trail()).length;
    t.clock.set('2027-04-01T10:00:00.000Z');
    await expectStatus(read(''), 200);
    await expectStatus(read('/fhir'), 200);
    await expectStatus(read('/letter?lang=en'), 200);
    await expectStatus(read('/history'), 200);
    await expectStatus(t.http().get('/api/referrals').set(w.discharge), 200);
    const rows = await trail();
    expect(rows).toHaveLength(before + 5);
    const newest = rows.filter((r: { at: string }) => r.at === '2027-04-01T10:00:00.000Z');
    expect(newest.map((r: { action: string }) => r.action).sort()).toEqual([
      'referral.fhir',
      'referral.history',
      'referral.letter',
      'referral.list',
      'referral.read',
    ]);
    for (const row of newest) {
      expect(row).toMatchObject({
        targetType: 'referral',
        targetId: referralId,
        keyId: w.dischargeKeyId,
        role: 'discharge',
        wardId: w.ward.id,
      });
    }
    expect(rows.map((r: { action: string }) => r.action)).toContain('referral.create');
    expect(JSON.stringify(rows)).not.toContain('P-doc');
    const same = await expectStatus(t.http().get(`/api/audit?targetType=referral&targetId=${referralId}`).set(w.admin), 200);
    expect(same).toEqual(rows);
    expect((await t.http().get('/api/audit?referralId=nope').set(w.admin)).status).toBe(400);
  });

  it('fails the read when the audit row cannot be written', async () => {
    const rename = (from: string, to: string) => t.db.dataSource.query(`ALTER TABLE ${from} RENAME TO ${to}`);
    await rename('audit_log', 'audit_log_away');
    try {
      for (const path of ['', '/fhir', '/letter?lang=nb']) {
        const res = await read(path);
        expect({ path, status: res.status }).toEqual({ path, status: 500 });
        expect(res.text).not.toContain('P-doc');
      }
      expect((await t.http().get('/api/referrals').set(w.discharge)).status).toBe(500);
    } finally {
      await rename('audit_log_away', 'audit_log');
    }
    expect((await read('')).status).toBe(200);
  });
});
