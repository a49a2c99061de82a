/** The FHIR R4 shapes the referral bundle uses (a subset, typed as the bundle fills them). */
export interface FhirReference {
  reference: string;
  display?: string;
}
export interface FhirCoding {
  system?: string;
  code?: string;
  display?: string;
}
export interface FhirCodeableConcept {
  coding?: FhirCoding[];
  text?: string;
}
export interface FhirIdentifier {
  use?: 'usual' | 'official' | 'secondary';
  system?: string;
  value: string;
  assigner?: FhirReference;
}
export interface FhirAnnotation {
  time?: string;
  text: string;
}
export interface FhirContactPoint {
  system: 'phone' | 'email' | 'other';
  value: string;
  use?: 'work';
}
export interface FhirOrganizationContact {
  name?: { text: string };
  telecom?: FhirContactPoint[];
  address?: { text: string };
}

export interface FhirPatient {
  resourceType: 'Patient';
  identifier: FhirIdentifier[];
}
export interface FhirOrganization {
  resourceType: 'Organization';
  identifier: FhirIdentifier[];
  active: boolean;
  type?: FhirCodeableConcept[];
  name: string;
  telecom?: FhirContactPoint[];
  contact?: FhirOrganizationContact[];
}
export interface FhirPractitioner {
  resourceType: 'Practitioner';
  identifier: FhirIdentifier[];
  active: boolean;
  name: { text: string }[];
}
export interface FhirPractitionerRole {
  resourceType: 'PractitionerRole';
  identifier: FhirIdentifier[];
  active: boolean;
  practitioner: FhirReference;
  organization: FhirReference;
  code?: FhirCodeableConcept[];
}
export interface FhirServiceRequest {
  resourceType: 'ServiceRequest';
  identifier: FhirIdentifier[];
  status: 'draft' | 'active' | 'revoked';
  intent: 'order';
  category: FhirCodeableConcept[];
  priority: 'routine';
  code: FhirCodeableConcept;
  occurrencePeriod?: { start: string };
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
  identifier: FhirIdentifier[];
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
  identifier: FhirIdentifier[];
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
  code: FhirCodeableConcept;
  description: string;
  focus: FhirReference;
  basedOn: FhirReference[];
  for: FhirReference;
  authoredOn: string;
  requester: FhirReference;
  owner: FhirReference;
}
export type ReferralResource =
  FhirPatient | FhirOrganization | FhirPractitioner | FhirPractitionerRole | FhirServiceRequest | FhirCarePlan | FhirGoal | FhirTask;

export interface FhirBundleEntry {
  fullUrl: string;
  resource: ReferralResource;
  request: { method: 'POST'; url: ReferralResource['resourceType']; ifNoneExist: string };
}
export interface FhirBundle {
  resourceType: 'Bundle';
  identifier: FhirIdentifier;
  type: 'transaction';
  timestamp: string;
  entry: FhirBundleEntry[];
}
