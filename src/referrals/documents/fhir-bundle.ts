/**
 * The referral as an HL7 FHIR R4 transaction Bundle.
 *
 * Why 'transaction' and not 'collection': a receiving service can POST the bundle as-is to its
 * FHIR endpoint and get everything created atomically, with every `urn:uuid:` reference rewritten
 * to its own ids (that rewriting is defined for transactions; a collection has no processing
 * rules). Patient and the ward's Organization carry `ifNoneExist` on their identifier, so a second
 * referral for the same person or from the same ward matches what is already there.
 *
 * Ids are UUID v5 (SHA-1, RFC 4122 §4.3) of the referral id and the entry's role, so the same
 * referral always gives byte-identical bundles. Texts are English; the letter carries Norwegian.
 */
import { createHash } from 'node:crypto';
import { CompletedModule, ReceivingServiceKind, ReferralSnapshot, SnapshotModule } from './referral-snapshot';

export interface FhirReference { reference: string; display?: string }
export interface FhirCoding { system?: string; code?: string; display?: string }
export interface FhirCodeableConcept { coding?: FhirCoding[]; text?: string }
export interface FhirIdentifier { use?: 'usual' | 'official' | 'secondary'; system?: string; value: string; assigner?: FhirReference }
export interface FhirAnnotation { time?: string; text: string }
export interface FhirContactPoint { system: 'phone' | 'email' | 'other'; value: string }
export interface FhirOrganizationContact { name?: { text: string }; telecom?: FhirContactPoint[]; address?: { text: string } }

export interface FhirPatient { resourceType: 'Patient'; identifier: FhirIdentifier[] }
export interface FhirOrganization {
  resourceType: 'Organization';
  identifier?: FhirIdentifier[];
  active: boolean;
  type?: FhirCodeableConcept[];
  name: string;
  contact?: FhirOrganizationContact[];
}
export interface FhirServiceRequest {
  resourceType: 'ServiceRequest';
  identifier: FhirIdentifier[];
  status: 'draft' | 'active' | 'revoked';
  intent: 'order';
  priority: 'routine';
  code: FhirCodeableConcept;
  subject: FhirReference;
  authoredOn: string;
  requester: FhirReference;
  performerType: FhirCodeableConcept;
  performer: FhirReference[];
  reasonCode: FhirCodeableConcept[];
  supportingInfo: FhirReference[];
  note: FhirAnnotation[];
}
export interface FhirCarePlanActivity {
  progress?: FhirAnnotation[];
  detail: { code: FhirCodeableConcept; status: 'completed' | 'not-started'; description: string };
}
export interface FhirCarePlan {
  resourceType: 'CarePlan';
  status: 'active' | 'completed';
  intent: 'plan';
  title: string;
  description: string;
  subject: FhirReference;
  period: { start: string; end?: string };
  author: FhirReference;
  goal?: FhirReference[];
  activity: FhirCarePlanActivity[];
  note?: FhirAnnotation[];
}
export interface FhirGoal {
  resourceType: 'Goal';
  lifecycleStatus: 'active';
  description: { text: string };
  subject: FhirReference;
  expressedBy: FhirReference;
  note?: FhirAnnotation[];
}
export interface FhirTask {
  resourceType: 'Task';
  identifier: FhirIdentifier[];
  status: 'draft' | 'requested' | 'accepted' | 'rejected' | 'cancelled';
  statusReason?: FhirCodeableConcept;
  intent: 'order';
  description: string;
  focus: FhirReference;
  basedOn: FhirReference[];
  for: FhirReference;
  authoredOn: string;
  requester: FhirReference;
  owner: FhirReference;
}
export type ReferralResource = FhirPatient | FhirOrganization | FhirServiceRequest | FhirCarePlan | FhirGoal | FhirTask;

export interface FhirBundleEntry {
  fullUrl: string;
  resource: ReferralResource;
  request: { method: 'POST'; url: ReferralResource['resourceType']; ifNoneExist?: string };
}
export interface FhirBundle {
  resourceType: 'Bundle';
  identifier: FhirIdentifier;
  type: 'transaction';
  timestamp: string;
  entry: FhirBundleEntry[];
}

export interface ReferralBundleOptions {
  /** The service's own URI, e.g. 'urn:imr-ward-rota' or 'https://imr.example.no'; identifier systems hang under it. */
  systemBaseUri: string;
  /** Where the referral stands; default 'sent'. */
  status?: 'draft' | 'sent' | 'accepted' | 'declined' | 'withdrawn';
  statusReason?: string | null;
}

/** The referral's lifecycle as FHIR sees it: the order (ServiceRequest) and the receiving service's task. */
export const FHIR_STATUS = {
  draft: { request: 'draft', task: 'draft' },
  sent: { request: 'active', task: 'requested' },
  accepted: { request: 'active', task: 'accepted' },
  declined: { request: 'revoked', task: 'rejected' },
  withdrawn: { request: 'revoked', task: 'cancelled' },
} as const;

export const IMR_PROGRAM_TEXT = 'Illness Management and Recovery (IMR)';

/** This service's fixed UUID v5 namespace; changing it changes every bundle's ids. */
const REFERRAL_UUID_NAMESPACE = '0f5c8c1e-3f0e-5b8e-9d8a-6a1c2b3d4e5f';

/** RFC 4122 name-based UUID, version 5. */
export function uuidV5(name: string, namespace: string = REFERRAL_UUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const SERVICE_KIND_TEXT: Record<ReceivingServiceKind, string> = {
  'outpatient-clinic': 'Outpatient clinic',
  'district-psychiatric-centre': 'District psychiatric centre',
  'municipal-service': 'Municipal (primary-level) mental health service',
};

export function buildReferralBundle(snapshot: ReferralSnapshot, opts: ReferralBundleOptions): FhirBundle {
  const base = opts.systemBaseUri.replace(/\/+$/, '');
  const urn = (role: string) => `urn:uuid:${uuidV5(`${snapshot.referralId}#${role}`)}`;
  const url = {
    patient: urn('Patient'),
    ward: urn('Organization/ward'),
    receiver: urn('Organization/receiving-service'),
    request: urn('ServiceRequest'),
    plan: urn('CarePlan'),
    task: urn('Task'),
    goal: (i: number) => urn(`Goal/${i}`),
  };
  const wardRef: FhirReference = { reference: url.ward, display: snapshot.ward.name };
  const receiverRef: FhirReference = { reference: url.receiver, display: snapshot.receivingService.name };
  const patientRef: FhirReference = { reference: url.patient };
  const goalRefs = snapshot.recoveryGoals.map((_, i) => ({ reference: url.goal(i) }));
  const referralIdentifier: FhirIdentifier = { system: `${base}/referral`, value: snapshot.referralId };
  const patientSystem = `${base}/patient-ref/${encodeURIComponent(snapshot.ward.code)}`;
  const wardSystem = `${base}/ward`;

  const patient: FhirPatient = {
    resourceType: 'Patient',
    identifier: [{ use: 'usual', system: patientSystem, value: snapshot.patientRef, assigner: wardRef }],
  };
  const ward: FhirOrganization = {
    resourceType: 'Organization',
    identifier: [{ system: wardSystem, value: snapshot.ward.code }],
    active: true,
    name: snapshot.ward.name,
    ...optional('contact', wardContact(snapshot)),
  };
  const receiver: FhirOrganization = {
    resourceType: 'Organization',
    active: true,
    type: [serviceKindConcept(base, snapshot.receivingService.kind)],
    name: snapshot.receivingService.name,
    ...optional('contact', contactFromText(snapshot.receivingService.contact ?? null)),
  };
  const request: FhirServiceRequest = {
    resourceType: 'ServiceRequest',
    identifier: [referralIdentifier],
    status: FHIR_STATUS[opts.status ?? 'sent'].request,
    intent: 'order',
    priority: 'routine',
    code: { coding: [{ system: `${base}/program`, code: 'imr', display: IMR_PROGRAM_TEXT }], text: IMR_PROGRAM_TEXT },
    subject: patientRef,
    authoredOn: snapshot.createdAt,
    requester: wardRef,
    performerType: serviceKindConcept(base, snapshot.receivingService.kind),
    performer: [receiverRef],
    reasonCode: [{ text: 'Continue IMR toward the person’s own recovery goals after discharge' }],
    supportingInfo: [{ reference: url.plan }, ...goalRefs],
    note: requestNotes(snapshot),
  };
  const plan: FhirCarePlan = {
    resourceType: 'CarePlan',
    status: snapshot.remainingModules.length === 0 ? 'completed' : 'active',
    intent: 'plan',
    title: `${IMR_PROGRAM_TEXT}: ${snapshot.edition.name}`,
    description: `${snapshot.completedModules.length} of ${snapshot.modules.length} modules completed during the stay; the rest continue at ${snapshot.receivingService.name}.`,
    subject: patientRef,
    period: { start: snapshot.admittedOn, ...(snapshot.remainingModules.length === 0 ? { end: snapshot.dischargedOn } : {}) },
    author: wardRef,
    ...optional('goal', goalRefs),
    activity: snapshot.modules.map((m) => moduleActivity(base, snapshot, m)),
    ...optional('note', planNotes(snapshot)),
  };
  const goals: FhirGoal[] = snapshot.recoveryGoals.map((g) => ({
    resourceType: 'Goal',
    lifecycleStatus: 'active',
    description: { text: g.text },
    subject: patientRef,
    expressedBy: patientRef,
    ...optional('note', g.progress ? [{ text: `Progress so far: ${g.progress}` }] : []),
  }));
  const task: FhirTask = {
    resourceType: 'Task',
    identifier: [referralIdentifier],
    status: FHIR_STATUS[opts.status ?? 'sent'].task,
    ...(opts.status === 'declined' && opts.statusReason ? { statusReason: { text: opts.statusReason } } : {}),
    intent: 'order',
    description: `Receive the IMR referral and offer the person a place to continue (${snapshot.receivingService.name})`,
    focus: { reference: url.request },
    basedOn: [{ reference: url.request }],
    for: patientRef,
    authoredOn: snapshot.createdAt,
    requester: wardRef,
    owner: receiverRef,
  };

  const entry: FhirBundleEntry[] = [
    post(url.patient, patient, `identifier=${encodeURIComponent(`${patientSystem}|${snapshot.patientRef}`)}`),
    post(url.ward, ward, `identifier=${encodeURIComponent(`${wardSystem}|${snapshot.ward.code}`)}`),
    post(url.receiver, receiver),
    post(url.request, request),
    post(url.plan, plan),
    ...goals.map((g, i) => post(url.goal(i), g)),
    post(url.task, task),
  ];
  return { resourceType: 'Bundle', identifier: referralIdentifier, type: 'transaction', timestamp: snapshot.createdAt, entry };
}

function post(fullUrl: string, resource: ReferralResource, ifNoneExist?: string): FhirBundleEntry {
  return { fullUrl, resource, request: { method: 'POST', url: resource.resourceType, ...(ifNoneExist ? { ifNoneExist } : {}) } };
}

/** Spreads `{ key: list }` only when the list has items: FHIR forbids empty arrays. */
function optional<K extends string, T>(key: K, list: T[]): { [P in K]?: T[] } {
  return (list.length ? { [key]: list } : {}) as { [P in K]?: T[] };
}

function serviceKindConcept(base: string, kind: ReceivingServiceKind): FhirCodeableConcept {
  return { coding: [{ system: `${base}/receiving-service-kind`, code: kind }], text: SERVICE_KIND_TEXT[kind] };
}

function wardContact(s: ReferralSnapshot): FhirOrganizationContact[] {
  const { contactPerson, replyAddress } = s.ward;
  if (!contactPerson && !replyAddress) return [];
  const contact: FhirOrganizationContact = contactPerson ? { name: { text: contactPerson } } : {};
  if (replyAddress && isEmail(replyAddress)) contact.telecom = [{ system: 'email', value: replyAddress }];
  else if (replyAddress) contact.address = { text: replyAddress };
  return [contact];
}

function contactFromText(text: string | null): FhirOrganizationContact[] {
  if (!text) return [];
  if (isEmail(text)) return [{ telecom: [{ system: 'email', value: text }] }];
  if (/^\+?[\d\s-]{8,}$/.test(text)) return [{ telecom: [{ system: 'phone', value: text }] }];
  return [{ name: { text } }];
}

function isEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
}

function moduleActivity(base: string, s: ReferralSnapshot, m: SnapshotModule): FhirCarePlanActivity {
  const done: CompletedModule | undefined = s.completedModules.find((c) => c.number === m.number);
  const title = m.titleNb ? `${m.title} (${m.titleNb})` : m.title;
  const where = done ? `completed on the ward, ${done.completedOn}` : `to continue at ${s.receivingService.name}`;
  return {
    ...(done ? { progress: [{ time: done.completedOn, text: 'Completed during the stay' }] } : {}),
    detail: {
      code: {
        coding: [{ system: `${base}/imr-module/${encodeURIComponent(s.edition.id)}`, code: String(m.number), display: m.title }],
        text: m.title,
      },
      status: done ? 'completed' : 'not-started',
      description: `Module ${m.number}${m.core ? ' (core)' : ''}: ${title}; ${where}`,
    },
  };
}

function requestNotes(s: ReferralSnapshot): FhirAnnotation[] {
  const list = (ns: number[]) => (ns.length ? ns.join(', ') : 'none');
  const notes = [
    `Edition: ${s.edition.name}. Completed modules: ${list(s.completedModules.map((c) => c.number))}. ` +
      `Remaining modules: ${list(s.remainingModules)}. Core modules still ahead: ${list(s.coreModulesMissing)}.`,
    `Took part in ${s.attendance.sessionsAttended} IMR session${s.attendance.sessionsAttended === 1 ? '' : 's'} during a ${s.stay} stay (${s.admittedOn} to ${s.dischargedOn}).`,
    s.consent.sharingConsented ? 'The person consented to sharing this referral.' : 'Consent to sharing is not recorded.',
    s.consent.patientGetsCopy ? 'The person receives a copy.' : 'No copy to the person is recorded.',
  ];
  const p = s.preferences;
  const prefs = [
    p?.format ? `format: ${p.format}` : null,
    p?.language ? `language: ${p.language}` : null,
    p?.timeOfDay ? `time of day: ${p.timeOfDay}` : null,
  ].filter((x): x is string => x !== null);
  if (prefs.length) notes.push(`Preferences: ${prefs.join('; ')}.`);
  if (s.ward.contactPerson) notes.push(`Contact person at the ward: ${s.ward.contactPerson}.`);
  return notes.map((text) => ({ text }));
}

function planNotes(s: ReferralSnapshot): FhirAnnotation[] {
  const social = s.socialSituation ?? {};
  const lines: [string, string[] | string | null | undefined][] = [
    ['What helps', s.whatHelps],
    ['Strengths', s.strengths],
    ['Housing', social.housing],
    ['Work or education', social.workOrEducation],
    ['Finances', social.finances],
    ['Network', social.network],
    ['Significant others involved', s.significantOthers],
    ['Handouts given', s.handoutsGiven],
    ['Plan for staying well', s.planForStayingWell],
  ];
  const notes: FhirAnnotation[] = [];
  for (const [label, value] of lines) {
    const text = Array.isArray(value) ? value.join('; ') : value;
    if (text) notes.push({ text: `${label}: ${text}` });
  }
  return notes;
}
