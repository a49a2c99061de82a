/**
 * The referral letter as a document model: every word of the letter, in reading order, built once
 * from the snapshot and the language. The HTML letter (referral-letter.ts) and the PDF
 * (letter-pdf.ts) both render this model and add no text of their own, so the two always say the
 * same thing. Phrases come from the service dictionary (src/common/i18n); only the person's and
 * the team's own words come from the snapshot.
 */
import { DateTime } from 'luxon';
import { fillText, LetterTexts, SERVICE_TEXTS } from '../../common/i18n';
import type { Profession } from '../../common/professions';
import { LetterLanguage } from './letter-texts';
import { ReferralSnapshot, SnapshotModule } from './referral-snapshot';

/** A run of text; `strong` and `tag` change its look only. */
export interface Span {
  text: string;
  strong?: boolean;
  emphasis?: boolean;
  tag?: boolean;
}

export type Block =
  | { kind: 'paragraph'; spans: Span[]; multiline?: boolean; className?: string }
  | { kind: 'facts'; rows: { label: string; value: string; multiline?: boolean }[] }
  | { kind: 'list'; ordered: boolean; items: { spans: Span[]; detail?: Span[] }[] }
  | { kind: 'table'; head: string[] | null; rows: Span[][][] }
  | { kind: 'subheading'; text: string };

export interface LetterSection {
  title: string | null;
  className?: string;
  blocks: Block[];
}

export interface LetterParty {
  label: string;
  lines: string[];
}

export interface LetterDocument {
  lang: LetterLanguage;
  /** <title> of the HTML page and the PDF's metadata title. */
  title: string;
  reference: string;
  /** Running header of every page. */
  pageHeader: string;
  /** Running footer with {page} and {pages} left to the renderer. */
  pageFooter: string;
  from: LetterParty;
  date: LetterParty;
  to: LetterParty;
  heading: string;
  sections: LetterSection[];
}

/** The letter's reference: the ward's code and the referral id's first eight hex digits, e.g. POST3-1A2B3C4D. */
export function referralReference(s: Pick<ReferralSnapshot, 'referralId' | 'ward'>): string {
  return `${s.ward.code}-${s.referralId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}

const text = (value: string, extra: Omit<Span, 'text'> = {}): Span => ({ text: value, ...extra });

export function buildLetterModel(s: ReferralSnapshot, lang: LetterLanguage): LetterDocument {
  const t = SERVICE_TEXTS[lang].letter;
  const parts = new LetterParts(s, lang, t);
  const reference = referralReference(s);
  const sections = [
    parts.facts(reference),
    parts.reason(),
    parts.question(),
    parts.goals(),
    parts.listSection(t.whatHelpsTitle, s.whatHelps),
    parts.listSection(t.strengthsTitle, s.strengths),
    parts.done(),
    parts.remaining(),
    parts.social(),
    parts.listSection(t.othersTitle, s.significantOthers),
    parts.preferences(),
    parts.practical(),
    parts.stayingWell(),
    parts.consent(),
    parts.contact(),
  ].filter((x): x is LetterSection => x !== null);
  const service = s.receivingService;
  return {
    lang,
    title: `${t.documentTitle} – ${service.name} – ${s.patientRef}`,
    reference,
    pageHeader: fillText(t.pageHeader, { title: t.documentTitle, reference }),
    pageFooter: t.pageFooter,
    from: { label: t.from, lines: [s.ward.name, ...(s.ward.replyAddress ? [s.ward.replyAddress] : [])] },
    date: { label: t.date, lines: [parts.date(parts.letterDate())] },
    to: { label: t.to, lines: [service.name, t.serviceKinds[service.kind], ...(service.contact ? [service.contact] : [])] },
    heading: t.heading,
    sections,
  };
}

class LetterParts {
  constructor(
    private readonly s: ReferralSnapshot,
    private readonly lang: LetterLanguage,
    private readonly t: LetterTexts,
  ) {}

  facts(reference: string): LetterSection {
    const { s, t } = this;
    const copies = [...(s.consent.patientGetsCopy ? [t.copyToPerson] : []), ...(s.copiesTo ?? [])];
    const rows = [
      { label: t.reference, value: reference },
      { label: t.patientRef, value: s.patientRef },
      { label: t.admittedOn, value: this.date(s.admittedOn) },
      { label: t.dischargedOn, value: this.date(s.dischargedOn) },
      { label: t.stay, value: t.stayKinds[s.stay] },
      ...(copies.length ? [{ label: t.copyTo, value: copies.join(', ') }] : []),
    ];
    return {
      title: null,
      className: 'facts-block',
      blocks: [
        { kind: 'facts', rows },
        { kind: 'paragraph', spans: [text(t.identitySeparately)], className: 'identity' },
      ],
    };
  }

  reason(): LetterSection {
    const { s, t } = this;
    const values = {
      ward: s.ward.name,
      service: s.receivingService.name,
      program: t.program,
      admitted: this.date(s.admittedOn),
      discharged: this.date(s.dischargedOn),
    };
    return {
      title: t.reasonTitle,
      blocks: [
        { kind: 'paragraph', spans: [text(fillText(t.reason, values))] },
        { kind: 'paragraph', spans: [text(t.expectedBenefit)] },
      ],
    };
  }

  question(): LetterSection | null {
    const { s, t } = this;
    if (!s.question && !s.desiredStart) return null;
    const blocks: Block[] = [];
    if (s.question) blocks.push({ kind: 'paragraph', spans: [text(s.question)], multiline: true });
    if (s.desiredStart) blocks.push({ kind: 'facts', rows: [{ label: t.desiredStart, value: this.date(s.desiredStart) }] });
    return { title: t.questionTitle, blocks };
  }

  goals(): LetterSection {
    const { s, t } = this;
    if (!s.recoveryGoals.length) return { title: t.goalsTitle, blocks: [{ kind: 'paragraph', spans: [text(t.goalsNone)] }] };
    const items = s.recoveryGoals.map((g) => ({
      spans: [text(`${t.quoteOpen}${g.text}${t.quoteClose}`, { emphasis: true })],
      ...(g.progress ? { detail: [text(`${t.progressSoFar}:`, { strong: true }), text(` ${g.progress}`)] } : {}),
    }));
    return { title: t.goalsTitle, blocks: [{ kind: 'list', ordered: true, items }] };
  }

  listSection(title: string, entries: string[] | undefined): LetterSection | null {
    if (!entries?.length) return null;
    return { title, blocks: [bullets(entries)] };
  }

  done(): LetterSection {
    const { s, t } = this;
    const completed = [...s.completedModules].sort((a, b) => a.completedOn.localeCompare(b.completedOn) || a.number - b.number);
    const intro: Block = {
      kind: 'paragraph',
      spans: [text(`${fillText(t.edition, { edition: this.editionName() })} ${this.attendance()}`)],
    };
    const table: Block = completed.length
      ? {
          kind: 'table',
          head: [t.moduleColumn, t.titleColumn, t.completedColumn],
          rows: completed.map((c) => [
            [text(this.moduleNumber(c.number))],
            [text(this.moduleTitle(c.number))],
            [text(this.date(c.completedOn))],
          ]),
        }
      : { kind: 'paragraph', spans: [text(t.noneCompleted)] };
    return { title: t.doneTitle, blocks: [intro, table] };
  }

  remaining(): LetterSection {
    const { s, t } = this;
    const blocks: Block[] = s.remainingModules.length
      ? [
          { kind: 'paragraph', spans: [text(fillText(t.remainingIntro, { service: s.receivingService.name }))] },
          {
            kind: 'table',
            head: null,
            rows: s.remainingModules.map((n) => [
              [text(this.moduleNumber(n))],
              [text(this.moduleTitle(n)), ...(this.module(n)?.core ? [text(' '), text(t.coreTag, { tag: true })] : [])],
            ]),
          },
        ]
      : [{ kind: 'paragraph', spans: [text(t.noneRemaining)] }];
    const core = s.coreModulesMissing.map((n) => `${this.moduleNumber(n)} (${this.moduleTitle(n)})`);
    const coreLine = core.length ? fillText(t.coreAhead, { modules: core.join(', ') }) : t.coreAllDone;
    blocks.push({ kind: 'paragraph', spans: [text(coreLine, { strong: true })], className: 'core' });
    return { title: t.remainingTitle, blocks };
  }

  social(): LetterSection | null {
    const { t } = this;
    const social = this.s.socialSituation ?? {};
    return factsSection(t.socialTitle, [
      [t.housing, social.housing],
      [t.workOrEducation, social.workOrEducation],
      [t.finances, social.finances],
      [t.network, social.network],
    ]);
  }

  preferences(): LetterSection | null {
    const { t } = this;
    const p = this.s.preferences ?? {};
    return factsSection(t.preferencesTitle, [
      [t.format, p.format ? t.formats[p.format] : null],
      [t.language, p.language],
      [t.timeOfDay, p.timeOfDay],
    ]);
  }

  /** Interpreter, individual plan, crisis plan: shown only when given. */
  practical(): LetterSection | null {
    const { s, t } = this;
    const interpreter = s.interpreter
      ? s.interpreter.needed
        ? s.interpreter.language
          ? fillText(t.interpreterYesLanguage, { language: s.interpreter.language })
          : t.interpreterYes
        : t.interpreterNo
      : null;
    const plan = s.individualPlan
      ? s.individualPlan.exists
        ? s.individualPlan.coordinator
          ? fillText(t.individualPlanCoordinator, { coordinator: s.individualPlan.coordinator })
          : t.individualPlanYes
        : t.individualPlanNo
      : null;
    const section = factsSection(t.practicalTitle, [
      [t.interpreter, interpreter],
      [t.individualPlan, plan],
    ]);
    if (!s.crisisPlan) return section;
    const crisis: Block[] = [
      { kind: 'subheading', text: t.crisisPlan },
      { kind: 'paragraph', spans: [text(s.crisisPlan)], multiline: true },
    ];
    return section ? { ...section, blocks: [...section.blocks, ...crisis] } : { title: t.practicalTitle, blocks: crisis };
  }

  stayingWell(): LetterSection | null {
    const { s, t } = this;
    if (!s.handoutsGiven?.length && !s.planForStayingWell) return null;
    const blocks: Block[] = [];
    if (s.handoutsGiven?.length) blocks.push({ kind: 'subheading', text: t.handouts }, bullets(s.handoutsGiven));
    if (s.planForStayingWell) {
      blocks.push(
        { kind: 'subheading', text: t.planForStayingWell },
        { kind: 'paragraph', spans: [text(s.planForStayingWell)], multiline: true },
      );
    }
    return { title: t.stayingWellTitle, blocks };
  }

  consent(): LetterSection {
    const { s, t } = this;
    const sharing = s.consent.sharingConsented ? fillText(t.consentGiven, { service: s.receivingService.name }) : t.consentNotRecorded;
    const copy = s.consent.patientGetsCopy ? t.copyGiven : t.copyNotRecorded;
    return {
      title: t.consentTitle,
      blocks: [
        { kind: 'paragraph', spans: [text(sharing)] },
        { kind: 'paragraph', spans: [text(copy)] },
      ],
    };
  }

  contact(): LetterSection {
    const { s, t } = this;
    const clinician = s.referringClinician;
    const clinicianLine = clinician
      ? [clinician.name, clinician.profession ? this.profession(clinician.profession) : null].filter(Boolean).join(', ')
      : null;
    const gp = s.gp ? [s.gp.name, s.gp.practice].filter(Boolean).join(', ') : null;
    const rows = [
      ...(clinicianLine ? [{ label: t.referringClinician, value: clinicianLine }] : []),
      ...(clinician?.hprNumber ? [{ label: t.hprNumber, value: clinician.hprNumber }] : []),
      { label: t.contactPerson, value: s.ward.contactPerson ?? fillText(t.contactFallback, { ward: s.ward.name }) },
      ...(s.ward.replyAddress ? [{ label: t.replyAddress, value: s.ward.replyAddress }] : []),
      ...(gp ? [{ label: t.gp, value: gp }] : []),
    ];
    const signature = [clinician?.name ?? s.ward.contactPerson, s.ward.name].filter((x): x is string => !!x);
    return {
      title: t.contactTitle,
      className: 'contact',
      blocks: [
        { kind: 'facts', rows },
        { kind: 'paragraph', spans: [text(t.closing)], className: 'closing' },
        { kind: 'paragraph', spans: [text(signature.join('\n'))], multiline: true, className: 'signature' },
      ],
    };
  }

  private profession(value: string): string {
    return this.t.professions[value as Profession] ?? value;
  }

  private attendance(): string {
    const { t } = this;
    const { sessionsAttended: n, firstOn, lastOn } = this.s.attendance;
    if (n === 0) return t.attendanceNone;
    if (n === 1 && firstOn) return fillText(t.attendanceOne, { first: this.date(firstOn) });
    if (firstOn && lastOn) return fillText(t.attendanceMany, { n, first: this.date(firstOn), last: this.date(lastOn) });
    return fillText(t.attendanceCount, { n });
  }

  private editionName(): string {
    const { edition } = this.s;
    return this.lang === 'nb' && edition.nameNb ? edition.nameNb : edition.name;
  }

  private module(n: number): SnapshotModule | undefined {
    return this.s.modules.find((m) => m.number === n);
  }

  private moduleNumber(n: number): string {
    return fillText(this.t.moduleNumber, { n });
  }

  /** The title in the letter's language; the English one only where no bokmål title exists at all. */
  private moduleTitle(n: number): string {
    const m = this.module(n);
    if (!m) return this.moduleNumber(n);
    return this.lang === 'nb' && m.titleNb ? m.titleNb : m.title;
  }

  letterDate(): string {
    const local = DateTime.fromISO(this.s.createdAt, { zone: 'utc' }).setZone(this.s.ward.timezone).toISODate();
    return local ?? this.s.createdAt.slice(0, 10);
  }

  date(isoDate: string): string {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
    if (!match) return isoDate;
    const [, y, m, d] = match;
    return fillText(this.t.dateFormat, { d: String(Number(d)), month: this.t.months[Number(m) - 1], y });
  }
}

function bullets(entries: string[]): Block {
  return { kind: 'list', ordered: false, items: entries.map((e) => ({ spans: [text(e)] })) };
}

function factsSection(title: string, rows: [string, string | null | undefined][]): LetterSection | null {
  const kept = rows.filter((r): r is [string, string] => !!r[1]).map(([label, value]) => ({ label, value }));
  return kept.length ? { title, blocks: [{ kind: 'facts', rows: kept }] } : null;
}
