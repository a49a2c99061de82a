/**
 * Every fixed phrase of the referral letter, in Norwegian bokmål and English.
 *
 * Wording follows domain.md: personal recovery goals, strengths, what helps and the person's
 * social situation; the person is in the driver's seat. Never deficit terms. `{name}` marks a
 * value filled in (and HTML-escaped) by the renderer. Apostrophes are typographic (’) so escaping
 * leaves the text readable in the HTML source.
 */
import { ReceivingServiceKind } from './referral-snapshot';

export type LetterLanguage = 'nb' | 'en';

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
  serviceKinds: Record<ReceivingServiceKind, string>;
  patientRef: string;
  admittedOn: string;
  dischargedOn: string;
  stay: string;
  stayKinds: Record<'short' | 'long', string>;
  copyTo: string;
  copyToPerson: string;
  reasonTitle: string;
  /** {ward} {service} {program} {admitted} {discharged} */
  reason: string;
  expectedBenefit: string;
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
  contactPerson: string;
  replyAddress: string;
  /** {ward} */
  contactFallback: string;
  closing: string;
}

const nb: LetterTexts = {
  program: 'Individuell mestring og tilfriskning (IMR)',
  heading: 'Henvisning: videre deltakelse i Individuell mestring og tilfriskning (IMR)',
  documentTitle: 'Henvisning IMR',
  months: ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'],
  dateFormat: '{d}. {month} {y}',
  date: 'Dato',
  to: 'Til',
  from: 'Fra',
  serviceKinds: {
    'outpatient-clinic': 'Poliklinikk',
    'district-psychiatric-centre': 'Distriktspsykiatrisk senter (DPS)',
    'municipal-service': 'Kommunal tjeneste',
  },
  patientRef: 'Pasientreferanse (pseudonym)',
  admittedOn: 'Innlagt',
  dischargedOn: 'Utskrevet',
  stay: 'Opphold',
  stayKinds: { short: 'Kort opphold', long: 'Langt opphold' },
  copyTo: 'Kopi til',
  copyToPerson: 'Personen selv',
  reasonTitle: 'Begrunnelse og forventet nytte',
  reason:
    '{ward} henviser til videre deltakelse i {program} hos {service}. Under innleggelsen ({admitted}–{discharged}) ' +
    'har personen arbeidet med IMR og ønsker å fortsette mot sine egne mål for bedring.',
  expectedBenefit:
    'Forventet nytte: å gjennomføre resten av programmet i eget tempo, med støtte til de personlige målene nedenfor, ' +
    'og å bygge videre på det som allerede hjelper. Personen sitter i førersetet; behandlerne bidrar som veiledere og støttespillere.',
  goalsTitle: 'Personlige mål for bedring, med personens egne ord',
  goalsNone: 'Målene er ikke skrevet ned ennå. De kan settes sammen med personen ved oppstart.',
  progressSoFar: 'Så langt',
  quoteOpen: '«',
  quoteClose: '»',
  whatHelpsTitle: 'Dette hjelper',
  strengthsTitle: 'Styrker og ressurser',
  doneTitle: 'Dette er gjennomført',
  edition: 'Utgave av IMR-manualen: {edition}.',
  attendanceMany: 'Personen deltok på {n} IMR-samlinger fra {first} til {last}.',
  attendanceOne: 'Personen deltok på én IMR-samling ({first}).',
  attendanceCount: 'Personen deltok på {n} IMR-samlinger.',
  attendanceNone: 'Ingen IMR-samlinger er registrert under oppholdet.',
  moduleColumn: 'Modul',
  titleColumn: 'Tittel',
  completedColumn: 'Fullført',
  noneCompleted: 'Ingen moduler ble fullført under oppholdet; personen kan begynne der det passer.',
  moduleNumber: 'Modul {n}',
  remainingTitle: 'Videre i programmet',
  remainingIntro: 'Disse modulene kan personen fortsette med hos {service}:',
  noneRemaining: 'Alle modulene i programmet er gjennomført.',
  coreTag: 'kjernemodul',
  coreAhead: 'Kjernemoduler som ennå ikke er gjennomgått: {modules}.',
  coreAllDone: 'Alle kjernemodulene er gjennomgått.',
  socialTitle: 'Livssituasjon',
  housing: 'Bolig',
  workOrEducation: 'Arbeid eller utdanning',
  finances: 'Økonomi',
  network: 'Nettverk',
  othersTitle: 'Viktige personer som er involvert',
  preferencesTitle: 'Ønsker for videre opplegg',
  format: 'Gruppe eller individuelt',
  formats: { group: 'I gruppe', individual: 'Individuelt' },
  language: 'Språk',
  timeOfDay: 'Tid på dagen',
  stayingWellTitle: 'Arbeidsark og plan for å ivareta egen helse',
  handouts: 'Arbeidsark personen har fått',
  planForStayingWell: 'Plan for å ivareta egen helse',
  consentTitle: 'Samtykke og kopi',
  consentGiven: 'Personen har samtykket til at henvisningen deles med {service}.',
  consentNotRecorded: 'Samtykke til deling er ikke registrert.',
  copyGiven: 'Personen får kopi av henvisningen.',
  copyNotRecorded: 'Det er ikke registrert at personen skal ha kopi.',
  contactTitle: 'Kontakt',
  contactPerson: 'Kontaktperson',
  replyAddress: 'Svar sendes til',
  contactFallback: '{ward}',
  closing: 'Med vennlig hilsen',
};

const en: LetterTexts = {
  program: 'Illness Management and Recovery (IMR)',
  heading: 'Referral: continuing Illness Management and Recovery (IMR)',
  documentTitle: 'IMR referral',
  months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  dateFormat: '{d} {month} {y}',
  date: 'Date',
  to: 'To',
  from: 'From',
  serviceKinds: {
    'outpatient-clinic': 'Outpatient clinic',
    'district-psychiatric-centre': 'District psychiatric centre (DPS)',
    'municipal-service': 'Municipal service',
  },
  patientRef: 'Patient reference (pseudonymous)',
  admittedOn: 'Admitted',
  dischargedOn: 'Discharged',
  stay: 'Stay',
  stayKinds: { short: 'Short stay', long: 'Long stay' },
  copyTo: 'Copy to',
  copyToPerson: 'The person',
  reasonTitle: 'Reason and expected benefit',
  reason:
    '{ward} refers the person to continue {program} at {service}. During the stay ({admitted} to {discharged}) ' +
    'the person has worked with IMR and wishes to keep going toward their own recovery goals.',
  expectedBenefit:
    'Expected benefit: completing the rest of the program at the person’s own pace, with support for the personal goals below, ' +
    'building on what already helps. The person is in the driver’s seat; practitioners take part as consultants and supporters.',
  goalsTitle: 'Personal recovery goals, in the person’s own words',
  goalsNone: 'The goals are not written down yet. They can be set together with the person at the start.',
  progressSoFar: 'So far',
  quoteOpen: '“',
  quoteClose: '”',
  whatHelpsTitle: 'What helps',
  strengthsTitle: 'Strengths and resources',
  doneTitle: 'What has been done',
  edition: 'Edition of the IMR manual: {edition}.',
  attendanceMany: 'The person took part in {n} IMR sessions from {first} to {last}.',
  attendanceOne: 'The person took part in one IMR session ({first}).',
  attendanceCount: 'The person took part in {n} IMR sessions.',
  attendanceNone: 'No IMR sessions are recorded for the stay.',
  moduleColumn: 'Module',
  titleColumn: 'Title',
  completedColumn: 'Completed on',
  noneCompleted: 'No modules were completed during the stay; the person can start wherever suits them.',
  moduleNumber: 'Module {n}',
  remainingTitle: 'The rest of the program',
  remainingIntro: 'The person can continue with these modules at {service}:',
  noneRemaining: 'All modules of the program are done.',
  coreTag: 'core module',
  coreAhead: 'Core modules still ahead: {modules}.',
  coreAllDone: 'All core modules are done.',
  socialTitle: 'Social situation',
  housing: 'Housing',
  workOrEducation: 'Work or education',
  finances: 'Finances',
  network: 'Network',
  othersTitle: 'Significant others involved',
  preferencesTitle: 'Preferences for what comes next',
  format: 'Group or individual',
  formats: { group: 'In a group', individual: 'Individually' },
  language: 'Language',
  timeOfDay: 'Time of day',
  stayingWellTitle: 'Handouts and plan for staying well',
  handouts: 'Handouts the person has',
  planForStayingWell: 'Plan for staying well',
  consentTitle: 'Consent and copy',
  consentGiven: 'The person has consented to sharing this referral with {service}.',
  consentNotRecorded: 'Consent to sharing is not recorded.',
  copyGiven: 'The person receives a copy of this referral.',
  copyNotRecorded: 'No copy to the person is recorded.',
  contactTitle: 'Contact',
  contactPerson: 'Contact person',
  replyAddress: 'Reply to',
  contactFallback: '{ward}',
  closing: 'Kind regards',
};

export const LETTER_TEXTS: Record<LetterLanguage, LetterTexts> = { nb, en };
