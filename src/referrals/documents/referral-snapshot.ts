/**
 * The referral as it was at discharge: plain JSON, stored as-is, so later changes to the ward,
 * its edition or its catalogue never alter what was handed over. Texts under `recoveryGoals`,
 * `whatHelps` and `strengths` are the person's own words; everything else is neutral description.
 */

export type ReceivingServiceKind = 'outpatient-clinic' | 'district-psychiatric-centre' | 'municipal-service';

export interface ReferralWard {
  id: string;
  code: string;
  name: string;
  timezone: string;
  contactPerson: string | null;
  replyAddress: string | null;
}

export interface ReceivingService {
  kind: ReceivingServiceKind;
  name: string;
  contact?: string | null;
}

export interface SnapshotModule {
  number: number;
  title: string;
  titleNb?: string | null;
  core: boolean;
}

export interface CompletedModule {
  number: number;
  /** Ward-local date, YYYY-MM-DD. */
  completedOn: string;
}

export interface RecoveryGoal {
  /** In the person's own words. */
  text: string;
  progress?: string | null;
}

export interface SocialSituation {
  housing?: string | null;
  workOrEducation?: string | null;
  finances?: string | null;
  network?: string | null;
}

export interface ReferralPreferences {
  format?: 'group' | 'individual' | null;
  language?: string | null;
  timeOfDay?: string | null;
}

export interface ReferralSnapshot {
  referralId: string;
  /** The identifier system base of FHIR exports, fixed at discharge so a later change of public URL keeps them stable. */
  fhirSystemBaseUri?: string;
  admissionId: string;
  /** Ward-local pseudonymous reference; never a name or national id. */
  patientRef: string;
  /** Instant (ISO, UTC). */
  createdAt: string;
  ward: ReferralWard;
  receivingService: ReceivingService;
  stay: 'short' | 'long';
  admittedOn: string;
  dischargedOn: string;
  edition: { id: string; name: string };
  /** The edition's whole catalogue at discharge. */
  modules: SnapshotModule[];
  completedModules: CompletedModule[];
  /** Module numbers of the full program not yet completed. */
  remainingModules: number[];
  coreModulesMissing: number[];
  attendance: { sessionsAttended: number; firstOn: string | null; lastOn: string | null };
  recoveryGoals: RecoveryGoal[];
  whatHelps?: string[];
  strengths?: string[];
  socialSituation?: SocialSituation;
  /** Described roles, e.g. 'sister'; no names required. */
  significantOthers?: string[];
  handoutsGiven?: string[];
  planForStayingWell?: string | null;
  preferences?: ReferralPreferences;
  consent: { sharingConsented: boolean; patientGetsCopy: boolean };
}
