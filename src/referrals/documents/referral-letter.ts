/**
 * The referral as a self-contained, printable HTML5 letter (inline CSS, A4, no external assets),
 * rendered from the letter model (letter-model.ts), which holds every word; this file adds markup only.
 *
 * Markup is built with the `html` tag below: every interpolated value is HTML-escaped unless it
 * is itself `Html` built the same way, so snapshot text can never become markup. Printing puts the
 * reference in every page's header and "side N av M" in its footer (CSS paged-media margin boxes);
 * texts the person or team wrote keep their line breaks (white-space: pre-line).
 */
import { createHash } from 'node:crypto';
import { Block, buildLetterModel, LetterDocument, LetterParty, LetterSection, Span } from './letter-model';
import { LetterLanguage } from './letter-texts';
import { ReferralSnapshot } from './referral-snapshot';

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

/** A CSS string literal: quotes, backslashes and anything that could close the style element are escaped. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"<>\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

export function renderReferralLetter(snapshot: ReferralSnapshot, lang: LetterLanguage): string {
  return renderLetterHtml(buildLetterModel(snapshot, lang));
}

export function renderLetterHtml(doc: LetterDocument): string {
  const out = html`<!DOCTYPE html>
<html lang="${doc.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${doc.title}</title>
<style>${new Html(pageCss(doc))}${new Html(LETTER_CSS)}</style>
</head>
<body>
<main class="letter">
<header class="letterhead">
${party(doc.from, true)}${party(doc.date, false)}</header>
<section class="addressee">${partyLines(doc.to, true)}</section>
<h1>${doc.heading}</h1>
${doc.sections.map(section)}</main>
</body>
</html>
`;
  return out.markup.replace(/\n{2,}/g, '\n');
}

/** The running header and footer of printed pages; the footer's {page} and {pages} become CSS counters. */
function pageCss(doc: LetterDocument): string {
  const footer = doc.pageFooter
    .split(/(\{page\}|\{pages\})/)
    .filter((part) => part !== '')
    .map((part) => (part === '{page}' ? 'counter(page)' : part === '{pages}' ? 'counter(pages)' : cssString(part)))
    .join(' ');
  return `
@page { size: A4; margin: 22mm 20mm 20mm;
  @top-left { content: ${cssString(doc.pageHeader)}; font: 8.5pt Arial, sans-serif; color: #5b6770; }
  @bottom-right { content: ${footer}; font: 8.5pt Arial, sans-serif; color: #5b6770; }
}`;
}

function party(p: LetterParty, org: boolean): Html {
  return html`<div class="party">${partyLines(p, org)}</div>
`;
}

function partyLines(p: LetterParty, org: boolean): Html {
  return html`<p class="label">${p.label}</p>${p.lines.map((line, i) => html`<p${org && i === 0 ? new Html(' class="org"') : ''}>${line}</p>`)}`;
}

function section(s: LetterSection): Html {
  const cls = s.className ? new Html(` class="${escapeHtml(s.className)}"`) : '';
  return html`<section${cls}>${s.title !== null && html`<h2>${s.title}</h2>`}
${s.blocks.map(block)}</section>
`;
}

function spans(list: Span[]): Html {
  return new Html(
    list
      .map((s) => {
        const inner = escapeHtml(s.text);
        if (s.tag) return `<span class="tag">${inner}</span>`;
        if (s.strong) return `<span class="label-inline">${inner}</span>`;
        return inner;
      })
      .join(''),
  );
}

function block(b: Block): Html {
  switch (b.kind) {
    case 'paragraph': {
      const classes = [b.className, b.multiline ? 'multiline' : null].filter(Boolean).join(' ');
      return html`<p${classes ? new Html(` class="${escapeHtml(classes)}"`) : ''}>${spans(b.spans)}</p>
`;
    }
    case 'facts':
      return html`<dl class="facts">
${b.rows.map(
  (r) => html`<dt>${r.label}</dt><dd${r.multiline ? new Html(' class="multiline"') : ''}>${r.value}</dd>
`,
)}</dl>
`;
    case 'list': {
      const items = b.items.map(
        (item) =>
          html`<li>${b.ordered ? html`<p class="goal multiline">${spans(item.spans)}</p>` : spans(item.spans)}${item.detail && html`<p class="progress multiline">${spans(item.detail)}</p>`}</li>
`,
      );
      return b.ordered
        ? html`<ol class="goals">
${items}</ol>
`
        : html`<ul>
${items}</ul>
`;
    }
    case 'table':
      return html`<table>${b.head && html`<thead><tr>${b.head.map((h) => html`<th>${h}</th>`)}</tr></thead>`}
<tbody>
${b.rows.map(
  (row) => html`<tr>${row.map((cell) => html`<td>${spans(cell)}</td>`)}</tr>
`,
)}</tbody></table>
`;
    case 'subheading':
      return html`<h3>${b.text}</h3>
`;
  }
}

const LETTER_CSS = `
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
.multiline { white-space: pre-line; }
.identity { font-size: 9pt; color: #5b6770; }
@media print {
  html, body { background: none; }
  .letter { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
  h2, h3 { break-after: avoid; }
  tr, li { break-inside: avoid; }
}
`;

/**
 * The letter's own Content-Security-Policy: nothing may load or run; its inline style blocks (page
 * size and the letter's CSS, which depend on the letter) are allowed by their hashes, never by
 * 'unsafe-inline', and the letter cannot be framed or submit anywhere.
 */
export function letterCsp(html: string): string {
  const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    ([, css]) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    `style-src ${hashes.length ? hashes.join(' ') : "'none'"}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
