/**
 * The shape of the service's dictionary: every fixed phrase a person reads, in one object per
 * language (nb.ts, en.ts). Sections by where the words appear; the board adds its own section.
 * `{name}` marks a value filled in by the renderer.
 */
import type { Profession } from '../professions';
import type { BoardTexts } from './board-en';

export type ServiceKindKey = 'outpatient-clinic' | 'district-psychiatric-centre' | 'municipal-service';

export interface LetterTexts {
  program: string;
  heading: string;
  documentTitle: string;
  months: readonly string[];
  /** {d} {month} {y} */
  dateFormat: string;
  date: string;
  to: string;
  from: string;
  serviceKinds: Record<ServiceKindKey, string>;
  reference: string;
  patientRef: string;
  admittedOn: string;
  dischargedOn: string;
  stay: string;
  stayKinds: Record<'short' | 'long', string>;
  copyTo: string;
  copyToPerson: string;
  /** Shown under the facts: identity is never in the letter. */
  identitySeparately: string;
  reasonTitle: string;
  /** {ward} {service} {program} {admitted} {discharged} */
  reason: string;
  expectedBenefit: string;
  questionTitle: string;
  desiredStart: string;
  goalsTitle: string;
  goalsNone: string;
  progressSoFar: string;
  quoteOpen: string;
  quoteClose: string;
  whatHelpsTitle: string;
  strengthsTitle: string;
  doneTitle: string;
  /** {edition} */
  edition: string;
  /** {n} {first} {last} */
  attendanceMany: string;
  attendanceOne: string;
  attendanceCount: string;
  attendanceNone: string;
  moduleColumn: string;
  titleColumn: string;
  completedColumn: string;
  noneCompleted: string;
  /** {n} */
  moduleNumber: string;
  remainingTitle: string;
  /** {service} */
  remainingIntro: string;
  noneRemaining: string;
  coreTag: string;
  /** {modules} */
  coreAhead: string;
  coreAllDone: string;
  socialTitle: string;
  housing: string;
  workOrEducation: string;
  finances: string;
  network: string;
  othersTitle: string;
  preferencesTitle: string;
  format: string;
  formats: Record<'group' | 'individual', string>;
  language: string;
  timeOfDay: string;
  practicalTitle: string;
  interpreter: string;
  interpreterNo: string;
  interpreterYes: string;
  /** {language} */
  interpreterYesLanguage: string;
  individualPlan: string;
  individualPlanNo: string;
  individualPlanYes: string;
  /** {coordinator} */
  individualPlanCoordinator: string;
  crisisPlan: string;
  stayingWellTitle: string;
  handouts: string;
  planForStayingWell: string;
  consentTitle: string;
  /** {service} */
  consentGiven: string;
  consentNotRecorded: string;
  copyGiven: string;
  copyNotRecorded: string;
  contactTitle: string;
  referringClinician: string;
  hprNumber: string;
  professions: Record<Profession, string>;
  gp: string;
  gpPractice: string;
  contactPerson: string;
  replyAddress: string;
  /** {ward} */
  contactFallback: string;
  closing: string;
  /** Running header of every page: {title} {reference} */
  pageHeader: string;
  /** Running footer: {page} {pages} */
  pageFooter: string;
}

export interface CalendarTexts {
  /** {title} {part} {group} */
  summary: string;
  /** {part} {parts} */
  summaryPart: string;
  cancelledPrefix: string;
  cancelledLine: string;
  /** A session that had its time but was recorded as not held (an outcome). */
  notHeldPrefix: string;
  notHeldLine: string;
  withdrawnNote: string;
  draftLine: string;
  noFacilitators: string;
  yourRoleLead: string;
  yourRoleCo: string;
  /** {names} */
  lead: string;
  co: string;
  cos: string;
  otherCo: string;
  otherCos: string;
  noneAssigned: string;
  /** {n} */
  module: string;
  /** {n} {part} {parts} */
  modulePart: string;
  /** {name} */
  feedName: string;
  feedDescription: string;
  /** {ward} {from} {to} */
  rotaName: string;
  rotaDescription: string;
  groupFallback: string;
}

export type FidelityItemKey =
  | 'group-size'
  | 'program-length'
  | 'curriculum'
  | 'handouts'
  | 'significant-others'
  | 'goal-setting'
  | 'goal-follow-up'
  | 'motivation'
  | 'educational-techniques'
  | 'cognitive-behavioural'
  | 'coping-skills'
  | 'relapse-prevention'
  | 'medication-tailoring';

export interface FidelityTexts {
  title: string;
  items: Record<FidelityItemKey, string>;
  notMeasured: string;
  measured: string;
  score: string;
  mean: string;
}

/**
 * The sentences a coordinator reads for a broken rule (a conflict's or a candidate's `detail`, a
 * refusal's message): rule-text.ts fills them. {who} is a facilitator's name.
 */
export interface RuleTexts {
  months: readonly string[];
  /** Monday first. */
  weekdays: readonly string[];
  /** {d} {month}: one day of a range. */
  day: string;
  /** {d} {month} {y} */
  dayWithYear: string;
  /** {from} {to} {month}: a range inside one month. */
  daysInMonth: string;
  /** {who} {range} */
  absent: string;
  /** {who} */
  absentThatDay: string;
  /** {who} */
  unavailableThatDay: string;
  /** {who} {weekday} {times} */
  unavailableAtThatTime: string;
  /** {who} {booked} {cap} */
  atWeeklyCap: string;
  /** {who} {booked} {cap} */
  overWeeklyCap: string;
  /** {who} {session}: the other session, as "Post 4 'Samtalegruppe' 10:00–11:00". */
  inOtherSession: string;
  /** {who} */
  bookedElsewhere: string;
  /** {from} {to}: another session known only by its instants. */
  anotherSession: string;
  /** {who} */
  inactive: string;
  /** {who} */
  notInPool: string;
  /** {who} */
  untrainedLead: string;
  noTrained: string;
  /** {have} {need} */
  understaffed: string;
}

export interface ServiceTexts {
  letter: LetterTexts;
  calendar: CalendarTexts;
  fidelity: FidelityTexts;
  rules: RuleTexts;
  /** The ward board's words (board-en.ts, board-nb.ts). */
  board: BoardTexts;
}
