/**
 * The referral as a self-contained, printable HTML5 letter (inline CSS, A4, no external assets).
 *
 * Markup is built with the `html` tag below: every interpolated value is HTML-escaped unless it
 * is itself `Html` built the same way, so snapshot text can never become markup. Phrases come
 * from letter-texts.ts; the output depends only on the snapshot and the language.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { LETTER_TEXTS, LetterLanguage, LetterTexts } from './letter-texts';
import { ReferralSnapshot, SnapshotModule } from './referral-snapshot';

export type { LetterLanguage } from './letter-texts';

class Html {
  constructor(readonly markup: string) {}
}

type HtmlValue = string | number | Html | Html[] | null | undefined | false;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map((v) => v.markup).join('');
  return escapeHtml(String(value));
}

function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

/** Fills `{name}` placeholders in one pass; the phrase and the values are both escaped. */
function fill(template: string, values: Record<string, string | number | Html> = {}): Html {
  const parts = template.split(/\{(\w+)\}/);
  return new Html(parts.map((part, i) => (i % 2 === 0 ? escapeHtml(part) : render(values[part] ?? `{${part}}`))).join(''));
}

export function renderReferralLetter(snapshot: ReferralSnapshot, lang: LetterLanguage): string {
  const t = LETTER_TEXTS[lang];
  const letter = new LetterParts(snapshot, lang, t);
  const doc = html`<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.documentTitle} – ${snapshot.receivingService.name} – ${snapshot.patientRef}</title>
<style>${new Html(LETTER_CSS)}</style>
</head>
<body>
<main class="letter">
${letter.letterhead()}
<h1>${t.heading}</h1>
${letter.facts()}
${letter.reason()}
${letter.goals()}
${letter.listSection(t.whatHelpsTitle, snapshot.whatHelps)}
${letter.listSection(t.strengthsTitle, snapshot.strengths)}
${letter.done()}
${letter.remaining()}
${letter.social()}
${letter.listSection(t.othersTitle, snapshot.significantOthers)}
${letter.preferences()}
${letter.stayingWell()}
${letter.consent()}
${letter.contact()}
</main>
</body>
</html>
`;
  return doc.markup.replace(/\n{2,}/g, '\n');
}

class LetterParts {
  constructor(
    private readonly s: ReferralSnapshot,
    private readonly lang: LetterLanguage,
    private readonly t: LetterTexts,
  ) {}

  letterhead(): Html {
    const { s, t } = this;
    const service = s.receivingService;
    return html`<header class="letterhead">
<div class="party"><p class="label">${t.from}</p><p class="org">${s.ward.name}</p>${s.ward.replyAddress && html`<p>${s.ward.replyAddress}</p>`}</div>
<div class="party"><p class="label">${t.date}</p><p>${this.date(this.letterDate())}</p></div>
</header>
<section class="addressee"><p class="label">${t.to}</p><p class="org">${service.name}</p><p>${t.serviceKinds[service.kind]}</p>${service.contact && html`<p>${service.contact}</p>`}</section>`;
  }

  facts(): Html {
    const { s, t } = this;
    return html`<dl class="facts">
${row(t.patientRef, s.patientRef)}${row(t.admittedOn, this.date(s.admittedOn))}${row(t.dischargedOn, this.date(s.dischargedOn))}${row(t.stay, t.stayKinds[s.stay])}${s.consent.patientGetsCopy && row(t.copyTo, t.copyToPerson)}
</dl>`;
  }

  reason(): Html {
    const { s, t } = this;
    const values = { ward: s.ward.name, service: s.receivingService.name, program: t.program, admitted: this.date(s.admittedOn), discharged: this.date(s.dischargedOn) };
    return section(t.reasonTitle, html`<p>${fill(t.reason, values)}</p>
<p>${fill(t.expectedBenefit)}</p>`);
  }

  goals(): Html {
    const { s, t } = this;
    if (!s.recoveryGoals.length) return section(t.goalsTitle, html`<p>${t.goalsNone}</p>`);
    const items = s.recoveryGoals.map(
      (g) => html`<li><p class="goal">${t.quoteOpen}${g.text}${t.quoteClose}</p>${g.progress && html`<p class="progress"><span class="label-inline">${t.progressSoFar}:</span> ${g.progress}</p>`}</li>
`,
    );
    return section(t.goalsTitle, html`<ol class="goals">
${items}</ol>`);
  }

  listSection(title: string, entries: string[] | undefined): Html | null {
    if (!entries?.length) return null;
    return section(title, bulletList(entries));
  }

  done(): Html {
    const { s, t } = this;
    const completed = [...s.completedModules].sort((a, b) => a.completedOn.localeCompare(b.completedOn) || a.number - b.number);
    const rows = completed.map(
      (c) => html`<tr><td class="num">${fill(t.moduleNumber, { n: c.number })}</td><td>${this.moduleTitle(c.number)}</td><td class="date">${this.date(c.completedOn)}</td></tr>
`,
    );
    const table = rows.length
      ? html`<table><thead><tr><th>${t.moduleColumn}</th><th>${t.titleColumn}</th><th>${t.completedColumn}</th></tr></thead>
<tbody>
${rows}</tbody></table>`
      : html`<p>${t.noneCompleted}</p>`;
    return section(t.doneTitle, html`<p>${fill(t.edition, { edition: s.edition.name })} ${this.attendance()}</p>
${table}`);
  }

  remaining(): Html {
    const { s, t } = this;
    const rows = s.remainingModules.map(
      (n) => html`<tr><td class="num">${fill(t.moduleNumber, { n })}</td><td>${this.moduleTitle(n)}${this.module(n)?.core && html` <span class="tag">${t.coreTag}</span>`}</td></tr>
`,
    );
    const body = rows.length
      ? html`<p>${fill(t.remainingIntro, { service: s.receivingService.name })}</p>
<table><tbody>
${rows}</tbody></table>`
      : html`<p>${t.noneRemaining}</p>`;
    const coreList = s.coreModulesMissing.map((n) => html`${fill(t.moduleNumber, { n })} (${this.moduleTitle(n)})`);
    const core = coreList.length
      ? fill(t.coreAhead, { modules: new Html(coreList.map((c) => c.markup).join(', ')) })
      : fill(t.coreAllDone);
    return section(t.remainingTitle, html`${body}
<p class="core">${core}</p>`);
  }

  social(): Html | null {
    const { t } = this;
    const social = this.s.socialSituation ?? {};
    const rows = [
      social.housing && row(t.housing, social.housing),
      social.workOrEducation && row(t.workOrEducation, social.workOrEducation),
      social.finances && row(t.finances, social.finances),
      social.network && row(t.network, social.network),
    ].filter((r): r is Html => r instanceof Html);
    return rows.length ? section(t.socialTitle, html`<dl class="facts">
${rows}
</dl>`) : null;
  }

  preferences(): Html | null {
    const { t } = this;
    const p = this.s.preferences ?? {};
    const rows = [
      p.format && row(t.format, t.formats[p.format]),
      p.language && row(t.language, p.language),
      p.timeOfDay && row(t.timeOfDay, p.timeOfDay),
    ].filter((r): r is Html => r instanceof Html);
    return rows.length ? section(t.preferencesTitle, html`<dl class="facts">
${rows}
</dl>`) : null;
  }

  stayingWell(): Html | null {
    const { s, t } = this;
    if (!s.handoutsGiven?.length && !s.planForStayingWell) return null;
    const handouts = s.handoutsGiven ?? [];
    return section(t.stayingWellTitle, html`${handouts.length > 0 && html`<h3>${t.handouts}</h3>
${bulletList(handouts)}`}
${s.planForStayingWell && html`<h3>${t.planForStayingWell}</h3>
<p>${s.planForStayingWell}</p>`}`);
  }

  consent(): Html {
    const { s, t } = this;
    const sharing = s.consent.sharingConsented ? fill(t.consentGiven, { service: s.receivingService.name }) : fill(t.consentNotRecorded);
    const copy = s.consent.patientGetsCopy ? t.copyGiven : t.copyNotRecorded;
    return section(t.consentTitle, html`<p>${sharing}</p>
<p>${copy}</p>`);
  }

  contact(): Html {
    const { s, t } = this;
    const person = s.ward.contactPerson ?? fill(t.contactFallback, { ward: s.ward.name });
    return html`<section class="contact"><h2>${t.contactTitle}</h2>
<dl class="facts">
${row(t.contactPerson, person)}${s.ward.replyAddress && row(t.replyAddress, s.ward.replyAddress)}
</dl>
<p class="closing">${t.closing}</p>
<p class="signature">${s.ward.contactPerson && html`${s.ward.contactPerson}<br>`}${s.ward.name}</p>
</section>`;
  }

  private attendance(): Html {
    const { t } = this;
    const { sessionsAttended: n, firstOn, lastOn } = this.s.attendance;
    if (n === 0) return fill(t.attendanceNone);
    if (n === 1 && firstOn) return fill(t.attendanceOne, { first: this.date(firstOn) });
    if (firstOn && lastOn) return fill(t.attendanceMany, { n, first: this.date(firstOn), last: this.date(lastOn) });
    return fill(t.attendanceCount, { n });
  }

  private module(n: number): SnapshotModule | undefined {
    return this.s.modules.find((m) => m.number === n);
  }

  /** English title, with the Norwegian one first in the nb letter only where the snapshot has it. */
  private moduleTitle(n: number): Html {
    const m = this.module(n);
    if (!m) return fill(this.t.moduleNumber, { n });
    if (this.lang === 'en') return html`${m.title}`;
    return m.titleNb ? html`${m.titleNb} <span lang="en">(${m.title})</span>` : html`<span lang="en">${m.title}</span>`;
  }

  private letterDate(): string {
    const local = DateTime.fromISO(this.s.createdAt, { zone: 'utc' }).setZone(this.s.ward.timezone).toISODate();
    return local ?? this.s.createdAt.slice(0, 10);
  }

  private date(isoDate: string): string {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
    if (!match) return isoDate;
    const [, y, m, d] = match;
    const parts: Record<string, string> = { d: String(Number(d)), month: this.t.months[Number(m) - 1], y };
    return this.t.dateFormat.replace(/\{(\w+)\}/g, (_, key: string) => parts[key]);
  }
}

function section(title: string, body: Html): Html {
  return html`<section><h2>${title}</h2>
${body}
</section>`;
}

function row(label: string, value: string | Html): Html {
  return html`<dt>${label}</dt><dd>${value}</dd>
`;
}

function bulletList(entries: string[]): Html {
  return html`<ul>
${entries.map((e) => html`<li>${e}</li>
`)}</ul>`;
}

const LETTER_CSS = `
@page { size: A4; margin: 18mm 20mm; }
html { color: #1d2327; background: #e9edef; }
body { margin: 0; font: 10.5pt/1.5 "Segoe UI", "Helvetica Neue", Arial, sans-serif; }
.letter { box-sizing: border-box; width: 210mm; max-width: 100%; min-height: 297mm; margin: 10mm auto; padding: 18mm 20mm; background: #fff; box-shadow: 0 1px 6px rgba(0, 0, 0, 0.18); }
.letterhead { display: flex; justify-content: space-between; gap: 10mm; border-bottom: 2px solid #2d6a6e; padding-bottom: 4mm; }
.party p, .addressee p { margin: 0; }
.addressee { margin-top: 6mm; }
.label { font-size: 8.5pt; text-transform: uppercase; letter-spacing: 0.06em; color: #5b6770; }
.label-inline { font-weight: 600; }
.org { font-weight: 600; }
h1 { font-size: 16pt; line-height: 1.25; margin: 8mm 0 4mm; color: #2d6a6e; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; padding-bottom: 1mm; border-bottom: 1px solid #cfdcdd; color: #2d6a6e; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm; }
p { margin: 0 0 2mm; }
section { break-inside: avoid; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 6mm; margin: 0 0 2mm; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
ol.goals { padding-left: 6mm; margin: 0; }
ol.goals li { margin-bottom: 2.5mm; }
.goal { font-size: 11.5pt; font-style: italic; margin: 0; }
.progress { margin: 0.5mm 0 0; }
ul { margin: 0 0 2mm; padding-left: 6mm; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 2mm; }
th, td { text-align: left; vertical-align: top; padding: 1.2mm 2mm; border-bottom: 1px solid #e1e7e8; }
th { font-size: 8.5pt; font-weight: 600; text-transform: uppercase; letter-spacing: 0.05em; color: #5b6770; }
td.num { white-space: nowrap; width: 18mm; }
td.date { white-space: nowrap; }
.tag { display: inline-block; font-size: 8pt; padding: 0 1.5mm; border: 1px solid #2d6a6e; border-radius: 1.5mm; color: #2d6a6e; }
.core { font-weight: 600; }
.closing { margin-top: 8mm; }
@media print {
  html, body { background: none; }
  .letter { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
  h2, h3 { break-after: avoid; }
  tr, li { break-inside: avoid; }
}
`;

/**
 * The letter's own Content-Security-Policy: nothing may load or run; the one inline style block is
 * allowed by its hash (no 'unsafe-inline'), and the letter cannot be framed or submit anywhere.
 */
export const LETTER_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(LETTER_CSS, 'utf8').digest('base64')}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
