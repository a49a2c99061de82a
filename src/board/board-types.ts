/** The API's shapes as the board reads them (the contract's fields; later rounds' fields are optional). */
export interface WardView {
  id: string;
  code: string;
  name: string;
  timezone: string;
  language?: string;
}

export interface SessionConflictView {
  facilitatorId?: string;
  rule: string;
  detail: string;
}

export interface SessionOutcomeView {
  held: boolean;
  reason: string | null;
  facilitatorIds?: string[];
  moduleNumber?: number;
  recordedAt?: string;
}

export interface SessionView {
  id: string;
  groupId: string;
  groupName: string;
  wardId: string;
  date: string;
  startsAt: string;
  endsAt: string;
  module: { number: number; title: string };
  part: number;
  parts: number;
  room: string | null;
  capacity: number;
  facilitatorsPerSession: number;
  facilitators: { id: string; name: string; role: 'lead' | 'co' }[];
  status: string;
  cancelReason: string | null;
  locked: boolean;
  published: boolean;
  conflicts?: SessionConflictView[];
  outcome?: SessionOutcomeView | null;
}

export interface UnfilledView {
  sessionId: string;
  reason: string;
}

export interface LoadView {
  facilitatorId: string;
  name: string;
  sessions: number;
  leads: number;
  availableSessions: number;
  share: number;
}

export interface RotaSummaryView {
  assigned: number;
  unfilled: UnfilledView[];
  load: LoadView[];
  fairness: { maxShare: number; repeatedPairs: number };
}

export interface FacilitatorView {
  id: string;
  name: string;
  profession: string;
  imrTrained: boolean;
  wardIds: string[];
  maxSessionsPerWeek: number | null;
  availability: { weekday: number; from: string; to: string }[] | null;
  active: boolean;
}

export interface AbsenceView {
  id: string;
  facilitatorId: string;
  from: string;
  to: string;
  reason: string | null;
}

export interface CandidateView {
  facilitatorId: string;
  name: string;
  trained: boolean;
  eligible: boolean;
  canLead: boolean;
  reasons: { rule: string; detail: string }[];
}

export interface AdmissionView {
  id: string;
  wardId: string;
  patientRef: string;
  admittedOn: string;
  expectedDischargeOn: string | null;
  stay: 'short' | 'long';
  plannedModules: number[];
  status: string;
  dischargedOn: string | null;
}

export interface WorklistItemView {
  admissionId: string;
  patientRef: string;
  expectedDischargeOn: string;
  daysLeft: number;
  stay: 'short' | 'long';
  completedModules: number[];
  remainingModules: number[];
  atRiskModules: number[];
  atRisk: boolean;
}

export interface ProgressView {
  plannedModules: number[];
  completedModules: number[];
  remainingModules: number[];
  atRisk: boolean;
  atRiskModules?: number[];
}

export interface ReferralView {
  id: string;
  admissionId: string;
  patientRef: string;
  status: string;
  receivingService: { kind: string; name: string; contact?: string | null };
  remainingModules: number[];
  coreModulesMissing: number[];
  dischargedOn: string;
}

export interface PlanChangeView {
  sessionId: string;
  before: string[];
  after: string[];
  /** Why, when a fact forced the change of a locked session. */
  reason?: string;
}

export interface PlanResultView {
  sessions: SessionView[];
  summary: RotaSummaryView & { changed?: number };
  changes?: PlanChangeView[];
  gain?: { maxShareBefore: number; maxShareAfter: number; spreadBefore: number; spreadAfter: number };
}
