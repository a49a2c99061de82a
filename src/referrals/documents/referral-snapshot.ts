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
  /** The ward's language at discharge: the letter's default. Absent in snapshots from before languages. */
  language?: 'nb' | 'en';
  organizationNumber?: string | null;
  reshId?: string | null;
}

export interface ReceivingService {
  kind: ReceivingServiceKind;
  name: string;
  contact?: string | null;
  /** Enhetsregisteret organisation number, checked mod 11. */
  organizationNumber?: string;
  /** HER-id: the address in Norsk Helsenett's address register that messages route on. */
  herId?: string;
}

export interface SnapshotModule {
  /** Stable module id across editions; absent in snapshots from before it was kept. */
  id?: string;
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

/** What a Norwegian henvisning carries besides the IMR facts; every field optional, shown when given. */
export interface ReferralLetterFields {
  referringClinician?: { name: string; profession?: string; hprNumber?: string };
  gp?: { name: string; practice?: string };
  /** Others who get a copy (the patient's copy is `consent.patientGetsCopy`). */
  copiesTo?: string[];
  /** The question to the receiving service. */
  question?: string;
  /** Ward-local date, YYYY-MM-DD. */
  desiredStart?: string;
  interpreter?: { needed: boolean; language?: string };
  individualPlan?: { exists: boolean; coordinator?: string };
  crisisPlan?: string;
}

export interface ReferralSnapshot extends ReferralLetterFields {
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
  edition: { id: string; name: string; nameNb?: string | null };
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
