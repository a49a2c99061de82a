/**
 * The referral as an HL7 FHIR R4 transaction Bundle.
 *
 * Why 'transaction': a receiving service can POST the bundle as-is and get everything created
 * atomically, with every `urn:uuid:` reference rewritten to its own ids. Every entry is a
 * conditional create (`ifNoneExist` on a business identifier), so posting the same bundle again,
 * or a second referral for the same person, ward or receiver, creates nothing that is already there.
 *
 * Identifiers: the installation's namespace (fhir-identifiers.ts) for the service's own ids;
 * the HL7 Norway OIDs for organisation number, RESH id, HER-id and HPR number. Codes: standard ones
 * where one fits (SNOMED CT for the referral, HL7 organisation type and task code, the Norwegian
 * health-personnel category 9060), the service's own code systems (fixed URNs, the same in every
 * installation) for the IMR program, module (by stable id) and kind of receiving service.
 *
 * Status: sent and accepted keep the order (ServiceRequest) active and move the receiver's Task;
 * a refusal is the receiver's (Task rejected, the order stays active: the ward may refer elsewhere);
 * a withdrawal is the requester's (ServiceRequest revoked, Task cancelled).
 *
 * Ids are UUID v5 of the referral id and the entry's role, so the same referral always gives
 * byte-identical bundles. Texts are English; the letter carries Norwegian.
 */
import { NO_OID } from '../../common/norwegian-identifiers';
import { contactFromText, isEmail } from './fhir-contact';
import { identifierSystem } from './fhir-identifiers';
import type {
  FhirAnnotation,
  FhirBundle,
  FhirBundleEntry,
  FhirCarePlan,
  FhirCarePlanActivity,
  FhirCodeableConcept,
  FhirGoal,
  FhirIdentifier,
  FhirOrganization,
  FhirOrganizationContact,
  FhirPatient,
  FhirPractitioner,
  FhirPractitionerRole,
  FhirReference,
  FhirServiceRequest,
  FhirTask,
  ReferralResource,
} from './fhir-types';
import { uuidV5 } from './fhir-uuid';
import { planNotes, requestNotes } from './fhir-notes';
import { CompletedModule, ReceivingServiceKind, ReferralSnapshot, SnapshotModule } from './referral-snapshot';

export type * from './fhir-types';
export { uuidV5 } from './fhir-uuid';

export type FhirReferralStatus = 'draft' | 'sent' | 'accepted' | 'declined' | 'withdrawn';

export interface ReferralBundleOptions {
  /** The installation's identifier namespace (urn:… or https://…, never a host and port). */
  namespace: string;
  /** Where the referral stands; default 'sent'. */
  status?: FhirReferralStatus;
  statusReason?: string | null;
}

/** The referral's lifecycle as FHIR sees it: the order (ServiceRequest) and the receiving service's task. */
export const FHIR_STATUS = {
  draft: { request: 'draft', task: 'draft' },
  sent: { request: 'active', task: 'requested' },
  accepted: { request: 'active', task: 'accepted' },
  declined: { request: 'active', task: 'rejected' },
  withdrawn: { request: 'revoked', task: 'cancelled' },
} as const satisfies Record<FhirReferralStatus, { request: FhirServiceRequest['status']; task: FhirTask['status'] }>;

export const IMR_PROGRAM_TEXT = 'Illness Management and Recovery (IMR)';

/** The service's own code systems: fixed, so every installation codes modules and kinds alike. */
export const CODE_SYSTEM = {
  program: 'urn:imr-ward-rota:codesystem:program',
  module: 'urn:imr-ward-rota:codesystem:imr-module',
  moduleNumber: (edition: string) => `urn:imr-ward-rota:codesystem:imr-module-number:${edition}`,
  serviceKind: 'urn:imr-ward-rota:codesystem:receiving-service-kind',
  profession: 'urn:imr-ward-rota:codesystem:profession',
  snomed: 'http://snomed.info/sct',
  organizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  taskCode: 'http://hl7.org/fhir/CodeSystem/task-code',
  /** Helsedirektoratet's volven 9060, category of health personnel (HPR). */
  personnelCategory: 'urn:oid:2.16.578.1.12.4.1.1.9060',
} as const;

const SERVICE_KIND_TEXT: Record<ReceivingServiceKind, string> = {
  'outpatient-clinic': 'Outpatient clinic',
  'district-psychiatric-centre': 'District psychiatric centre',
  'municipal-service': 'Municipal (primary-level) mental health service',
};

const PERSONNEL_CATEGORY: Record<string, { code: string; display: string }> = {
  nurse: { code: 'SP', display: 'Sykepleier' },
  doctor: { code: 'LE', display: 'Lege' },
  psychologist: { code: 'PS', display: 'Psykolog' },
  'occupational-therapist': { code: 'ET', display: 'Ergoterapeut' },
};

export function buildReferralBundle(snapshot: ReferralSnapshot, opts: ReferralBundleOptions): FhirBundle {
  const ns = opts.namespace;
  const system = (role: string) => identifierSystem(ns, role);
  const urn = (role: string) => `urn:uuid:${uuidV5(`${snapshot.referralId}#${role}`)}`;
  const url = {
    patient: urn('Patient'),
    ward: urn('Organization/ward'),
    receiver: urn('Organization/receiving-service'),
    practitioner: urn('Practitioner'),
    role: urn('PractitionerRole'),
    request: urn('ServiceRequest'),
    plan: urn('CarePlan'),
    task: urn('Task'),
    goal: (i: number) => urn(`Goal/${i}`),
  };
  const id = snapshot.referralId;
  const status = FHIR_STATUS[opts.status ?? 'sent'];
  const wardRef: FhirReference = { reference: url.ward, display: snapshot.ward.name };
  const receiverRef: FhirReference = { reference: url.receiver, display: snapshot.receivingService.name };
  const patientRef: FhirReference = { reference: url.patient };
  const goalRefs = snapshot.recoveryGoals.map((_, i) => ({ reference: url.goal(i) }));
  const referralIdentifier: FhirIdentifier = { system: system('referral'), value: id };
  const clinician = snapshot.referringClinician;
  const requester: FhirReference = clinician ? { reference: url.role, display: clinician.name } : wardRef;

  const patient: FhirPatient = {
    resourceType: 'Patient',
    identifier: [{ use: 'usual', system: system(`patient-ref/${snapshot.ward.code}`), value: snapshot.patientRef, assigner: wardRef }],
  };
  const ward: FhirOrganization = {
    resourceType: 'Organization',
    identifier: [...norwegianIdentifiers(snapshot.ward), { use: 'secondary', system: system('ward'), value: snapshot.ward.code }],
    active: true,
    type: [providerType()],
    name: snapshot.ward.name,
    ...optional('contact', wardContact(snapshot)),
  };
  const service = snapshot.receivingService;
  const receiverContact = contactFromText(service.contact);
  const receiver: FhirOrganization = {
    resourceType: 'Organization',
    identifier: [...norwegianIdentifiers(service), { use: 'secondary', system: system('receiving-service'), value: service.name }],
    active: true,
    type: [providerType(), serviceKindConcept(service.kind)],
    name: service.name,
    ...optional(
      'telecom',
      receiverContact.flatMap((c) => c.telecom ?? []),
    ),
    ...optional('contact', receiverContact),
  };
  const practitioner: FhirPractitioner | null = clinician
    ? {
        resourceType: 'Practitioner',
        identifier: clinician.hprNumber
          ? [{ use: 'official', system: NO_OID.hpr, value: clinician.hprNumber }]
          : [{ use: 'secondary', system: system('referring-clinician'), value: id }],
        active: true,
        name: [{ text: clinician.name }],
      }
    : null;
  const role: FhirPractitionerRole | null = clinician
    ? {
        resourceType: 'PractitionerRole',
        identifier: [{ system: system('referring-clinician-role'), value: id }],
        active: true,
        practitioner: { reference: url.practitioner, display: clinician.name },
        organization: wardRef,
        ...optional('code', clinician.profession ? [professionConcept(clinician.profession)] : []),
      }
    : null;
  const request: FhirServiceRequest = {
    resourceType: 'ServiceRequest',
    identifier: [referralIdentifier],
    status: status.request,
    intent: 'order',
    category: [{ coding: [{ system: CODE_SYSTEM.snomed, code: '306206005', display: 'Referral to service' }] }],
    priority: 'routine',
    code: {
      coding: [
        { system: CODE_SYSTEM.snomed, code: '3457005', display: 'Patient referral' },
        { system: CODE_SYSTEM.program, code: 'imr', display: IMR_PROGRAM_TEXT },
      ],
      text: IMR_PROGRAM_TEXT,
    },
    ...(snapshot.desiredStart ? { occurrencePeriod: { start: snapshot.desiredStart } } : {}),
    subject: patientRef,
    authoredOn: snapshot.createdAt,
    requester,
    performerType: serviceKindConcept(service.kind),
    performer: [receiverRef],
    reasonCode: [{ text: 'Continue IMR toward the person’s own recovery goals after discharge' }],
    supportingInfo: [{ reference: url.plan }, ...goalRefs],
    note: requestNotes(snapshot),
  };
  const plan: FhirCarePlan = {
    resourceType: 'CarePlan',
    identifier: [{ system: system('referral-care-plan'), value: id }],
    status: snapshot.remainingModules.length === 0 ? 'completed' : 'active',
    intent: 'plan',
    title: `${IMR_PROGRAM_TEXT}: ${snapshot.edition.name}`,
    description: `${snapshot.completedModules.length} of ${snapshot.modules.length} modules completed during the stay; the rest continue at ${service.name}.`,
    subject: patientRef,
    period: { start: snapshot.admittedOn, ...(snapshot.remainingModules.length === 0 ? { end: snapshot.dischargedOn } : {}) },
    author: wardRef,
    ...optional('goal', goalRefs),
    activity: snapshot.modules.map((m) => moduleActivity(snapshot, m)),
    ...optional('note', planNotes(snapshot)),
  };
  const goals: FhirGoal[] = snapshot.recoveryGoals.map((g, i) => ({
    resourceType: 'Goal',
    identifier: [{ system: system('referral-goal'), value: `${id}/${i}` }],
    lifecycleStatus: 'active',
    description: { text: g.text },
    subject: patientRef,
    expressedBy: patientRef,
    ...optional('note', g.progress ? [{ text: `Progress so far: ${g.progress}` }] : []),
  }));
  const reason = opts.statusReason && (opts.status === 'declined' || opts.status === 'withdrawn') ? opts.statusReason : null;
  const task: FhirTask = {
    resourceType: 'Task',
    identifier: [{ system: system('referral-task'), value: id }],
    status: status.task,
    ...(reason ? { statusReason: { text: reason } } : {}),
    intent: 'order',
    code: { coding: [{ system: CODE_SYSTEM.taskCode, code: 'fulfill', display: 'Fulfill the focal request' }] },
    description: `Receive the IMR referral and offer the person a place to continue (${service.name})`,
    focus: { reference: url.request },
    basedOn: [{ reference: url.request }],
    for: patientRef,
    authoredOn: snapshot.createdAt,
    requester,
    owner: receiverRef,
  };

  const entry: FhirBundleEntry[] = [
    post(url.patient, patient),
    post(url.ward, ward),
    post(url.receiver, receiver),
    ...(practitioner && role ? [post(url.practitioner, practitioner), post(url.role, role)] : []),
    post(url.request, request),
    post(url.plan, plan),
    ...goals.map((g, i) => post(url.goal(i), g)),
    post(url.task, task),
  ];
  return { resourceType: 'Bundle', identifier: referralIdentifier, type: 'transaction', timestamp: snapshot.createdAt, entry };
}

/** A conditional create on the resource's first identifier (the most authoritative one comes first). */
function post(fullUrl: string, resource: ReferralResource & { identifier: FhirIdentifier[] }): FhirBundleEntry {
  const [first] = resource.identifier;
  const ifNoneExist = `identifier=${encodeURIComponent(`${first.system}|${first.value}`)}`;
  return { fullUrl, resource, request: { method: 'POST', url: resource.resourceType, ifNoneExist } };
}

/** Spreads `{ key: list }` only when the list has items: FHIR forbids empty arrays. */
function optional<K extends string, T>(key: K, list: T[]): { [P in K]?: T[] } {
  return (list.length ? { [key]: list } : {}) as { [P in K]?: T[] };
}

function norwegianIdentifiers(org: {
  organizationNumber?: string | null;
  reshId?: string | null;
  herId?: string | null;
}): FhirIdentifier[] {
  return [
    ...(org.organizationNumber ? [{ use: 'official' as const, system: NO_OID.organizationNumber, value: org.organizationNumber }] : []),
    ...(org.herId ? [{ use: 'official' as const, system: NO_OID.herId, value: org.herId }] : []),
    ...(org.reshId ? [{ use: 'official' as const, system: NO_OID.resh, value: org.reshId }] : []),
  ];
}

function providerType(): FhirCodeableConcept {
  return { coding: [{ system: CODE_SYSTEM.organizationType, code: 'prov', display: 'Healthcare Provider' }] };
}

function serviceKindConcept(kind: ReceivingServiceKind): FhirCodeableConcept {
  return { coding: [{ system: CODE_SYSTEM.serviceKind, code: kind, display: SERVICE_KIND_TEXT[kind] }], text: SERVICE_KIND_TEXT[kind] };
}

function professionConcept(profession: string): FhirCodeableConcept {
  const category = PERSONNEL_CATEGORY[profession];
  return {
    coding: [
      ...(category ? [{ system: CODE_SYSTEM.personnelCategory, ...category }] : []),
      { system: CODE_SYSTEM.profession, code: profession },
    ],
    text: profession.replace(/-/g, ' '),
  };
}

function wardContact(s: ReferralSnapshot): FhirOrganizationContact[] {
  const { contactPerson, replyAddress } = s.ward;
  if (!contactPerson && !replyAddress) return [];
  const contact: FhirOrganizationContact = contactPerson ? { name: { text: contactPerson } } : {};
  if (replyAddress && isEmail(replyAddress)) contact.telecom = [{ system: 'email', value: replyAddress, use: 'work' }];
  else if (replyAddress) contact.address = { text: replyAddress };
  return [contact];
}

function moduleActivity(s: ReferralSnapshot, m: SnapshotModule): FhirCarePlanActivity {
  const done: CompletedModule | undefined = s.completedModules.find((c) => c.number === m.number);
  const title = m.titleNb ? `${m.title} (${m.titleNb})` : m.title;
  const where = done ? `completed on the ward, ${done.completedOn}` : `to continue at ${s.receivingService.name}`;
  const progress: FhirAnnotation[] = done ? [{ time: done.completedOn, text: 'Completed during the stay' }] : [];
  return {
    ...optional('progress', progress),
    detail: {
      code: {
        coding: [
          ...(m.id ? [{ system: CODE_SYSTEM.module, code: m.id, display: m.title }] : []),
          { system: CODE_SYSTEM.moduleNumber(s.edition.id), code: String(m.number), display: m.title },
        ],
        text: m.title,
      },
      status: done ? 'completed' : 'not-started',
      description: `Module ${m.number}${m.core ? ' (core)' : ''}: ${title}; ${where}`,
    },
  };
}
