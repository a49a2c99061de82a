/**
 * The discharge request, normalised, and the referral snapshot built from it.
 *
 * Normalising (trimmed text, empty lists and blank optional fields dropped, defaults filled in)
 * gives one canonical form per request, so the snapshot stores exactly that form and a repeated
 * discharge can be compared with the stored snapshot field by field: equal means the same request
 * (idempotent), any difference is named in the conflict.
 *
 * Modules: "remaining" is of the edition's full program (not only of the stay's plan), because the
 * receiving service continues the whole program; "core missing" is the edition's core set minus
 * what was completed. Completed modules outside the edition are dropped.
 */
import { InvalidInputError } from '../../common/errors';
import {
  CompletedModule,
  ReceivingService,
  ReceivingServiceKind,
  RecoveryGoal,
  ReferralLetterFields,
  ReferralPreferences,
  ReferralSnapshot,
  ReferralWard,
  SnapshotModule,
  SocialSituation,
} from './referral-snapshot';

export const RECEIVING_SERVICE_KINDS: readonly ReceivingServiceKind[] = [
  'outpatient-clinic',
  'district-psychiatric-centre',
  'municipal-service',
];

/** The request as the API accepts it (already shape-checked); goals may be plain strings. */
export interface DischargeRequestInput {
  dischargedOn: string;
  continueImr: boolean;
  receivingService?: {
    kind: ReceivingServiceKind;
    name: string;
    contact?: string | null;
    organizationNumber?: string | null;
    herId?: string | null;
  } | null;
  recoveryGoals?: (string | { text: string; progress?: string | null })[] | null;
  whatHelps?: string[] | null;
  strengths?: string[] | null;
  socialSituation?: SocialSituation | null;
  significantOthers?: string[] | null;
  handoutsGiven?: string[] | null;
  planForStayingWell?: string | null;
  preferences?: ReferralPreferences | null;
  consent?: { sharingConsented?: boolean | null; patientGetsCopy?: boolean | null } | null;
  referringClinician?: { name: string; profession?: string | null; hprNumber?: string | null } | null;
  gp?: { name: string; practice?: string | null } | null;
  copiesTo?: string[] | null;
  question?: string | null;
  desiredStart?: string | null;
  interpreter?: { needed: boolean; language?: string | null } | null;
  individualPlan?: { exists: boolean; coordinator?: string | null } | null;
  crisisPlan?: string | null;
}

/** What the person and the team hand over; stored verbatim in the snapshot. */
export interface HandoffDetails extends ReferralLetterFields {
  receivingService: ReceivingService;
  recoveryGoals: RecoveryGoal[];
  whatHelps?: string[];
  strengths?: string[];
  socialSituation?: SocialSituation;
  significantOthers?: string[];
  handoutsGiven?: string[];
  planForStayingWell?: string;
  preferences?: ReferralPreferences;
  consent: { sharingConsented: boolean; patientGetsCopy: boolean };
}

export interface NormalisedDischarge {
  dischargedOn: string;
  continueImr: boolean;
  /** null when the person does not continue IMR: nothing is handed over. */
  handoff: HandoffDetails | null;
}

/** The henvisning fields (ReferralLetterFields), in the order the letter shows them. */
export const LETTER_FIELDS = [
  'referringClinician',
  'gp',
  'copiesTo',
  'question',
  'desiredStart',
  'interpreter',
  'individualPlan',
  'crisisPlan',
] as const satisfies readonly (keyof ReferralLetterFields)[];

/** What the team hands over besides consent and the letter fields, in the order the snapshot keeps them. */
export const CARE_FIELDS = [
  'receivingService',
  'recoveryGoals',
  'whatHelps',
  'strengths',
  'socialSituation',
  'significantOthers',
  'handoutsGiven',
  'planForStayingWell',
  'preferences',
] as const satisfies readonly (keyof HandoffDetails)[];

const HANDOFF_FIELDS = [...CARE_FIELDS, 'consent', ...LETTER_FIELDS] as const satisfies readonly (keyof HandoffDetails)[];

export function normaliseDischarge(input: DischargeRequestInput): NormalisedDischarge {
  const base = { dischargedOn: input.dischargedOn, continueImr: input.continueImr };
  if (!input.continueImr) return { ...base, handoff: null };
  const service = input.receivingService;
  if (!service) throw new InvalidInputError('receivingService', 'is required when continueImr is true');
  const name = text(service.name);
  if (!name) throw new InvalidInputError('receivingService.name', 'must not be blank');
  const contact = text(service.contact);
  const organizationNumber = text(service.organizationNumber);
  const herId = text(service.herId);
  const handoff: HandoffDetails = {
    receivingService: {
      kind: service.kind,
      name,
      ...(contact && { contact }),
      ...(organizationNumber && { organizationNumber }),
      ...(herId && { herId }),
    },
    recoveryGoals: goals(input.recoveryGoals),
    whatHelps: list(input.whatHelps),
    strengths: list(input.strengths),
    socialSituation: compact({
      housing: text(input.socialSituation?.housing),
      workOrEducation: text(input.socialSituation?.workOrEducation),
      finances: text(input.socialSituation?.finances),
      network: text(input.socialSituation?.network),
    }),
    significantOthers: list(input.significantOthers),
    handoutsGiven: list(input.handoutsGiven),
    planForStayingWell: text(input.planForStayingWell),
    preferences: compact({
      format: input.preferences?.format ?? undefined,
      language: text(input.preferences?.language),
      timeOfDay: text(input.preferences?.timeOfDay),
    }),
    consent: {
      sharingConsented: input.consent?.sharingConsented ?? false,
      patientGetsCopy: input.consent?.patientGetsCopy ?? false,
    },
    ...normaliseLetterFields(input),
  };
  return { ...base, handoff: dropUndefined(handoff) };
}

/** The henvisning fields in canonical form: texts trimmed, blanks dropped; also used when a draft is edited. */
export function normaliseLetterFields(input: Omit<DischargeRequestInput, 'dischargedOn' | 'continueImr'>): ReferralLetterFields {
  const clinicianName = text(input.referringClinician?.name);
  const gpName = text(input.gp?.name);
  const fields: ReferralLetterFields = {
    referringClinician: clinicianName
      ? compact({
          name: clinicianName,
          profession: text(input.referringClinician?.profession),
          hprNumber: text(input.referringClinician?.hprNumber),
        })
      : undefined,
    gp: gpName ? compact({ name: gpName, practice: text(input.gp?.practice) }) : undefined,
    copiesTo: list(input.copiesTo),
    question: text(input.question),
    desiredStart: text(input.desiredStart),
    interpreter: input.interpreter
      ? dropUndefined({
          needed: input.interpreter.needed,
          language: input.interpreter.needed ? text(input.interpreter.language) : undefined,
        })
      : undefined,
    individualPlan: input.individualPlan
      ? dropUndefined({
          exists: input.individualPlan.exists,
          coordinator: input.individualPlan.exists ? text(input.individualPlan.coordinator) : undefined,
        })
      : undefined,
    crisisPlan: text(input.crisisPlan),
  };
  return dropUndefined(fields);
}

export interface SnapshotEdition {
  id: string;
  name: string;
  nameNb?: string | null;
  modules: { id?: string; number: number; title: string; titleNb?: string | null; core: boolean }[];
  core: number[];
}

export interface ProgressFacts {
  completed: CompletedModule[];
  attendance: { sessionsAttended: number; firstOn: string | null; lastOn: string | null };
}

export interface SnapshotInput {
  referralId: string;
  /** Instant (ISO, UTC). */
  createdAt: string;
  admission: { id: string; patientRef: string; admittedOn: string; stay: 'short' | 'long' };
  dischargedOn: string;
  ward: ReferralWard;
  edition: SnapshotEdition;
  progress: ProgressFacts;
  handoff: HandoffDetails;
}

export function buildReferralSnapshot(input: SnapshotInput): ReferralSnapshot {
  const { edition } = input;
  const modules: SnapshotModule[] = [...edition.modules]
    .sort((a, b) => a.number - b.number)
    .map((m) => ({ ...(m.id && { id: m.id }), number: m.number, title: m.title, ...(m.titleNb && { titleNb: m.titleNb }), core: m.core }));
  const inEdition = new Set(modules.map((m) => m.number));
  const completedModules = firstCompletionPerModule(input.progress.completed.filter((c) => inEdition.has(c.number)));
  const done = new Set(completedModules.map((c) => c.number));
  return {
    referralId: input.referralId,
    admissionId: input.admission.id,
    patientRef: input.admission.patientRef,
    createdAt: input.createdAt,
    ward: { ...input.ward },
    receivingService: input.handoff.receivingService,
    stay: input.admission.stay,
    admittedOn: input.admission.admittedOn,
    dischargedOn: input.dischargedOn,
    edition: { id: edition.id, name: edition.name, ...(edition.nameNb && { nameNb: edition.nameNb }) },
    modules,
    completedModules,
    remainingModules: modules.map((m) => m.number).filter((n) => !done.has(n)),
    coreModulesMissing: [...new Set(edition.core)].sort((a, b) => a - b).filter((n) => !done.has(n)),
    attendance: { ...input.progress.attendance },
    recoveryGoals: input.handoff.recoveryGoals,
    ...dropUndefined({
      whatHelps: input.handoff.whatHelps,
      strengths: input.handoff.strengths,
      socialSituation: input.handoff.socialSituation,
      significantOthers: input.handoff.significantOthers,
      handoutsGiven: input.handoff.handoutsGiven,
      planForStayingWell: input.handoff.planForStayingWell,
      preferences: input.handoff.preferences,
      ...Object.fromEntries(LETTER_FIELDS.map((f) => [f, input.handoff[f]])),
    }),
    consent: { ...input.handoff.consent },
  };
}

/** The handoff part of a stored snapshot, in the same canonical form `normaliseDischarge` gives. */
export function handoffOf(snapshot: ReferralSnapshot): HandoffDetails {
  const picked: Partial<Record<keyof HandoffDetails, unknown>> = {};
  for (const field of HANDOFF_FIELDS) picked[field] = snapshot[field] ?? undefined;
  return dropUndefined(picked) as unknown as HandoffDetails;
}

/**
 * The fields in which a repeated discharge differs from the one already recorded; empty means
 * the same request. `recorded.handoff` is null when no referral was made.
 */
export function dischargeDifferences(recorded: NormalisedDischarge, request: NormalisedDischarge): string[] {
  const differences: string[] = [];
  if (recorded.dischargedOn !== request.dischargedOn) differences.push('dischargedOn');
  if (recorded.continueImr !== request.continueImr) differences.push('continueImr');
  if (recorded.handoff && request.handoff) {
    for (const field of HANDOFF_FIELDS) {
      if (canonical(recorded.handoff[field]) !== canonical(request.handoff[field])) differences.push(field);
    }
  }
  return differences;
}

/** JSON with object keys sorted, so key order never makes two equal values differ. */
export function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function firstCompletionPerModule(completed: CompletedModule[]): CompletedModule[] {
  const first = new Map<number, string>();
  for (const c of completed) {
    const seen = first.get(c.number);
    if (seen === undefined || c.completedOn < seen) first.set(c.number, c.completedOn);
  }
  return [...first.entries()].sort(([a], [b]) => a - b).map(([number, completedOn]) => ({ number, completedOn }));
}

function goals(raw: DischargeRequestInput['recoveryGoals']): RecoveryGoal[] {
  const result: RecoveryGoal[] = [];
  (raw ?? []).forEach((goal, i) => {
    const given = typeof goal === 'string' ? { text: goal, progress: null } : goal;
    const goalText = text(given.text);
    if (!goalText) throw new InvalidInputError(`recoveryGoals[${i}].text`, 'must not be blank');
    result.push({ text: goalText, progress: text(given.progress) ?? null });
  });
  return result;
}

function text(value: string | null | undefined): string | undefined {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  return trimmed === '' ? undefined : trimmed;
}

function list(values: string[] | null | undefined): string[] | undefined {
  const kept = (values ?? []).map((v) => text(v)).filter((v): v is string => v !== undefined);
  return kept.length ? kept : undefined;
}

function compact<T extends object>(value: T): T | undefined {
  const kept = dropUndefined(value);
  return Object.keys(kept).length ? kept : undefined;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
