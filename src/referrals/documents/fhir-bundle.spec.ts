import { fhirErrors, indexFhirR4 } from '../../../test/support/fhir-validation';
import { bareReferralSnapshot, referralSnapshotFixture } from '../../../test/fixtures/referral-snapshot.fixture';
import { buildReferralBundle, FhirBundle, FhirCarePlan, FhirGoal, FhirPatient, FhirServiceRequest, FhirTask, uuidV5 } from './fhir-bundle';
import { ReferralSnapshot } from './referral-snapshot';

const BASE = 'https://imr.fjordby-sykehus.no';
const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

beforeAll(indexFhirR4);

function references(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => references(v, out));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'reference' && typeof v === 'string') out.push(v);
      else references(v, out);
    }
  }
  return out;
}

function only<T>(bundle: FhirBundle, type: string): T[] {
  return bundle.entry.filter((e) => e.resource.resourceType === type).map((e) => e.resource as T);
}

/** Sharing consented: a bundle is only ever built for a referral the person agreed to share. */
const minimal: ReferralSnapshot = { ...bareReferralSnapshot, consent: { sharingConsented: true, patientGetsCopy: false } };

describe('buildReferralBundle', () => {
  const bundle = buildReferralBundle(referralSnapshotFixture, { namespace: BASE });

  it('passes the FHIR R4 StructureDefinition validator as a whole', () => {
    expect(bundle.type).toBe('transaction');
    expect(fhirErrors(bundle)).toEqual([]);
  });

  it('passes the validator resource by resource', () => {
    for (const { resource } of bundle.entry) {
      expect({ type: resource.resourceType, errors: fhirErrors(resource) }).toEqual({ type: resource.resourceType, errors: [] });
    }
  });

  it('is caught by the same validator when a resource breaks the rules', () => {
    const broken = JSON.parse(JSON.stringify(bundle)) as FhirBundle;
    delete (broken.entry.find((e) => e.resource.resourceType === 'Goal')!.resource as Partial<FhirGoal>).subject;
    expect(fhirErrors(broken).join()).toMatch(/subject/);
    expect(fhirErrors({ ...only<FhirPatient>(bundle, 'Patient')[0], nickname: 'x' })).not.toEqual([]);
  });

  it('holds one Patient, two Organizations, the referring clinician, a ServiceRequest, a CarePlan, a Goal per recovery goal and a Task', () => {
    expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual([
      'Patient',
      'Organization',
      'Organization',
      'Practitioner',
      'PractitionerRole',
      'ServiceRequest',
      'CarePlan',
      'Goal',
      'Goal',
      'Goal',
      'Task',
    ]);
    expect(bundle.entry.filter((e) => e.request.method !== 'POST' || e.request.url !== e.resource.resourceType)).toEqual([]);
  });

  it('gives every entry a unique urn:uuid fullUrl and resolves every reference inside the bundle', () => {
    const fullUrls = bundle.entry.map((e) => e.fullUrl);
    fullUrls.forEach((u) => expect(u).toMatch(UUID_URN));
    expect(new Set(fullUrls).size).toBe(fullUrls.length);
    const refs = references(bundle.entry.map((e) => e.resource));
    expect(refs.length).toBeGreaterThan(15);
    expect(refs.filter((r) => !fullUrls.includes(r))).toEqual([]);
  });

  it('identifies the patient only by the pseudonymous ward reference', () => {
    const [patient] = only<FhirPatient>(bundle, 'Patient');
    expect(Object.keys(patient).sort()).toEqual(['identifier', 'resourceType']);
    expect(patient.identifier).toHaveLength(1);
    expect(patient.identifier[0]).toMatchObject({ system: `${BASE}/patient-ref/A3`, value: 'A3-2027-0142' });
    expect(JSON.stringify(patient)).not.toMatch(/"name"\s*:\s*\[|birthDate|gender/);
    expect(JSON.stringify(bundle)).not.toMatch(/birthDate|gender|urn:oid:2\.16\.578\.1\.12\.4\.1\.4\.[12]"/);
    expect(bundle.entry[0].request.ifNoneExist).toBe(`identifier=${encodeURIComponent(`${BASE}/patient-ref/A3|A3-2027-0142`)}`);
  });

  it('asks the receiving service to continue IMR on behalf of the ward', () => {
    const urlOf = (type: string, name?: string) =>
      bundle.entry.find((e) => e.resource.resourceType === type && (!name || (e.resource as { name?: string }).name === name))!.fullUrl;
    const ward = urlOf('Organization', 'Sengepost A3, Fjordby sykehus');
    const receiver = urlOf('Organization', 'Nordre Fjordby DPS, allmennpoliklinikk');
    const [request] = only<FhirServiceRequest>(bundle, 'ServiceRequest');
    expect(request).toMatchObject({ status: 'active', intent: 'order', authoredOn: '2027-03-29T08:15:00.000Z' });
    expect(request.code.text).toBe('Illness Management and Recovery (IMR)');
    expect(request.subject.reference).toBe(urlOf('Patient'));
    expect(request.requester.reference).toBe(urlOf('PractitionerRole'));
    expect(request.performer.map((p) => p.reference)).toEqual([receiver]);
    expect(request.supportingInfo.map((r) => r.reference)).toEqual([
      urlOf('CarePlan'),
      ...bundle.entry.filter((e) => e.resource.resourceType === 'Goal').map((e) => e.fullUrl),
    ]);
    expect(request.reasonCode[0].text).toMatch(/recovery goals/);
    expect(request.note.map((n) => n.text).join('\n')).toMatch(/Remaining modules: 3, 6, 7, 8, 9, 10, 11\. Core modules still ahead: 7\./);

    const [task] = only<FhirTask>(bundle, 'Task');
    expect(task).toMatchObject({ status: 'requested', intent: 'order', authoredOn: request.authoredOn });
    expect([task.focus.reference, task.for.reference, task.requester.reference, task.owner.reference]).toEqual([
      urlOf('ServiceRequest'),
      urlOf('Patient'),
      urlOf('PractitionerRole'),
      receiver,
    ]);
    expect(only<{ organization: { reference: string } }>(bundle, 'PractitionerRole')[0].organization.reference).toBe(ward);
  });

  it('lists every module of the edition in the CarePlan, completed or not started', () => {
    const [plan] = only<FhirCarePlan>(bundle, 'CarePlan');
    expect(plan).toMatchObject({ status: 'active', intent: 'plan' });
    expect(plan.activity.map((a) => [a.detail.code.coding![1].code, a.detail.status])).toEqual([
      ['1', 'completed'],
      ['2', 'completed'],
      ['3', 'not-started'],
      ['4', 'completed'],
      ['5', 'completed'],
      ['6', 'not-started'],
      ['7', 'not-started'],
      ['8', 'not-started'],
      ['9', 'not-started'],
      ['10', 'not-started'],
      ['11', 'not-started'],
    ]);
    expect(plan.activity.map((a) => a.detail.code.coding![0])).toEqual(
      referralSnapshotFixture.modules.map((m) => ({ system: 'urn:imr-ward-rota:codesystem:imr-module', code: m.id, display: m.title })),
    );
    expect(plan.activity[3].detail.code.text).toBe('The Stress–Vulnerability Model');
    expect(plan.activity[3].progress).toEqual([{ time: '2027-03-10', text: 'Completed during the stay' }]);
    expect(plan.activity[6].detail.description).toMatch(
      /^Module 7 \(core\): Using Medications Effectively \(Effektiv bruk av medisiner\); to continue at/,
    );
  });

  it('carries each recovery goal in the person’s own words, expressed by the person', () => {
    const goals = only<FhirGoal>(bundle, 'Goal');
    expect(goals.map((g) => g.description.text)).toEqual(referralSnapshotFixture.recoveryGoals.map((g) => g.text));
    expect(goals.filter((g) => g.lifecycleStatus !== 'active' || g.expressedBy.reference !== g.subject.reference)).toEqual([]);
    expect(goals[0].note).toEqual([{ text: 'Progress so far: Har snakket med lederen sin og avtalt et møte i april' }]);
    expect(goals[2].note).toBeUndefined();
  });

  it('is deterministic: the same referral gives the same bundle, another referral other ids', () => {
    const again = buildReferralBundle(structuredClone(referralSnapshotFixture), { namespace: BASE });
    expect(JSON.stringify(again)).toBe(JSON.stringify(bundle));
    const other = buildReferralBundle({ ...referralSnapshotFixture, referralId: 'another' }, { namespace: BASE });
    const ids = new Set(bundle.entry.map((e) => e.fullUrl));
    expect(other.entry.filter((e) => ids.has(e.fullUrl))).toEqual([]);
  });

  it('validates a bare snapshot with no goals and no optional parts (no empty arrays)', () => {
    const bare = buildReferralBundle(minimal, { namespace: 'https://imr.example.no/' });
    expect(fhirErrors(bare)).toEqual([]);
    expect(JSON.stringify(bare)).not.toMatch(/\[\]/);
    expect(only<FhirPatient>(bare, 'Patient')[0].identifier[0].system).toBe('https://imr.example.no/patient-ref/A3');
    expect(only<FhirCarePlan>(bare, 'CarePlan')[0].activity.filter((a) => a.detail.status !== 'not-started')).toEqual([]);
    expect(only<FhirServiceRequest>(bare, 'ServiceRequest')[0].supportingInfo).toHaveLength(1);
  });

  it('marks the CarePlan completed when nothing of the program remains', () => {
    const all = {
      ...referralSnapshotFixture,
      completedModules: referralSnapshotFixture.modules.map((m) => ({ number: m.number, completedOn: '2027-03-01' })),
      remainingModules: [],
      coreModulesMissing: [],
    };
    const [plan] = only<FhirCarePlan>(buildReferralBundle(all, { namespace: BASE }), 'CarePlan');
    expect(plan.status).toBe('completed');
    expect(plan.period).toEqual({ start: '2027-02-08', end: '2027-03-29' });
  });
});

describe('buildReferralBundle through the referral’s lifecycle', () => {
  const cases = [
    ['draft', 'draft', 'draft'],
    ['sent', 'active', 'requested'],
    ['accepted', 'active', 'accepted'],
    ['declined', 'active', 'rejected'],
    ['withdrawn', 'revoked', 'cancelled'],
  ] as const;
  it.each(cases)('maps %s to ServiceRequest %s and Task %s, and stays valid', (status, request, task) => {
    const bundle = buildReferralBundle(referralSnapshotFixture, { namespace: BASE, status, statusReason: 'No group places this autumn' });
    expect(fhirErrors(bundle)).toEqual([]);
    expect(only<{ status: string }>(bundle, 'ServiceRequest')[0].status).toBe(request);
    const taskResource = only<{ status: string; statusReason?: { text: string } }>(bundle, 'Task')[0];
    expect(taskResource.status).toBe(task);
    const withReason = status === 'declined' || status === 'withdrawn';
    expect(taskResource.statusReason?.text).toBe(withReason ? 'No group places this autumn' : undefined);
  });
});

describe('uuidV5', () => {
  it('matches the RFC 4122 name-based SHA-1 vector', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});
