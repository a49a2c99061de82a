/**
 * The referral letter as a PDF (A4), from the same letter model as the HTML letter, so both carry
 * the same words in the same order. Made with pdfkit, no browser: text is real text (extractable,
 * searchable), in the standard Helvetica fonts (WinAnsi: Norwegian letters, dashes and typographic
 * quotes included). Every page carries the reference in its header and "side N av M" in its footer;
 * list bullets are drawn, not written, so the text equals the HTML letter's text.
 */
import type PDFKit from 'pdfkit';
import { fillText } from '../../common/i18n';
import { Block, LetterDocument, LetterParty, Span } from './letter-model';

const MM = 72 / 25.4;
const MARGIN = { top: 24 * MM, bottom: 22 * MM, left: 20 * MM, right: 20 * MM };
const ACCENT = '#2d6a6e';
const MUTED = '#5b6770';
const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' };

type Doc = InstanceType<typeof PDFKit>;

/** pdfkit takes about 200 ms and 20 MB to load: loaded on the first letter, not at start-up. */
let pdfkit: typeof PDFKit | null = null;

export function renderLetterPdf(letter: LetterDocument, createdAt: string): Promise<Buffer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  pdfkit ??= require('pdfkit') as typeof PDFKit;
  const PDFDocument = pdfkit;
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: letter.lang === 'nb' ? 'nb-NO' : 'en-GB',
    displayTitle: true,
    info: { Title: letter.title, Subject: letter.reference, CreationDate: new Date(createdAt), ModDate: new Date(createdAt) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  new LetterWriter(doc).write(letter);
  runningHeadersAndFooters(doc, letter);
  doc.end();
  return done;
}

function runningHeadersAndFooters(doc: Doc, letter: LetterDocument): void {
  const range = doc.bufferedPageRange();
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONT.regular).fontSize(8.5).fillColor(MUTED);
    doc.text(letter.pageHeader, MARGIN.left, 12 * MM, { width, lineBreak: false });
    const footer = fillText(letter.pageFooter, { page: i - range.start + 1, pages: range.count });
    doc.text(footer, MARGIN.left, doc.page.height - 14 * MM, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

class LetterWriter {
  constructor(private readonly doc: Doc) {}

  private get width(): number {
    return this.doc.page.width - MARGIN.left - MARGIN.right;
  }

  write(letter: LetterDocument): void {
    const { doc } = this;
    this.party(letter.from, true);
    this.party(letter.date, false);
    doc
      .moveTo(MARGIN.left, doc.y + 2)
      .lineTo(MARGIN.left + this.width, doc.y + 2)
      .lineWidth(1.5)
      .strokeColor(ACCENT)
      .stroke();
    doc.moveDown(1);
    this.party(letter.to, true);
    doc.moveDown(0.8);
    doc.font(FONT.bold).fontSize(15).fillColor(ACCENT).text(letter.heading, MARGIN.left, doc.y, { width: this.width });
    doc.moveDown(0.6);
    for (const section of letter.sections) {
      if (section.title !== null) this.sectionTitle(section.title);
      for (const block of section.blocks) this.block(block);
      doc.moveDown(0.4);
    }
  }

  private party(p: LetterParty, org: boolean): void {
    const { doc } = this;
    doc.font(FONT.regular).fontSize(8).fillColor(MUTED).text(p.label, MARGIN.left, doc.y, {
      width: this.width,
      characterSpacing: 0.4,
    });
    p.lines.forEach((line, i) => {
      doc
        .font(org && i === 0 ? FONT.bold : FONT.regular)
        .fontSize(10)
        .fillColor('#1d2327')
        .text(line, { width: this.width });
    });
    doc.moveDown(0.3);
  }

  private sectionTitle(title: string): void {
    const { doc } = this;
    if (doc.y > doc.page.height - MARGIN.bottom - 60) doc.addPage();
    doc.moveDown(0.4);
    doc.font(FONT.bold).fontSize(12).fillColor(ACCENT).text(title, MARGIN.left, doc.y, { width: this.width });
    const y = doc.y + 1;
    doc
      .moveTo(MARGIN.left, y)
      .lineTo(MARGIN.left + this.width, y)
      .lineWidth(0.5)
      .strokeColor('#cfdcdd')
      .stroke();
    doc.moveDown(0.3);
  }

  private spans(list: Span[], x: number, width: number, base: { size: number; italic?: boolean } = { size: 10 }): void {
    const { doc } = this;
    const kept = list.filter((s) => s.text !== '');
    kept.forEach((span, i) => {
      const font = span.strong ? FONT.bold : span.emphasis || base.italic ? FONT.italic : FONT.regular;
      doc
        .font(font)
        .fontSize(span.tag ? base.size - 1.5 : base.size)
        .fillColor(span.tag ? ACCENT : '#1d2327');
      const continued = i < kept.length - 1;
      if (i === 0) doc.text(span.text, x, doc.y, { width, continued });
      else doc.text(span.text, { continued });
    });
  }

  private block(b: Block): void {
    const { doc } = this;
    const x = MARGIN.left;
    switch (b.kind) {
      case 'paragraph':
        this.spans(b.spans, x, this.width, { size: b.className === 'identity' ? 8.5 : 10 });
        doc.moveDown(0.35);
        return;
      case 'subheading':
        doc.font(FONT.bold).fontSize(10.5).fillColor('#1d2327').text(b.text, x, doc.y, { width: this.width });
        doc.moveDown(0.15);
        return;
      case 'facts':
        for (const row of b.rows) {
          doc.font(FONT.bold).fontSize(10).fillColor('#1d2327').text(row.label, x, doc.y, { width: this.width });
          doc.font(FONT.regular).text(row.value, x + 8 * MM, doc.y, { width: this.width - 8 * MM });
        }
        doc.moveDown(0.35);
        return;
      case 'list':
        for (const item of b.items) {
          const top = doc.y;
          doc
            .circle(x + 2 * MM, top + 5, 1.3)
            .fillColor(b.ordered ? ACCENT : '#1d2327')
            .fill();
          this.spans(item.spans, x + 6 * MM, this.width - 6 * MM, { size: b.ordered ? 11 : 10 });
          if (item.detail) this.spans(item.detail, x + 6 * MM, this.width - 6 * MM);
          doc.moveDown(0.25);
        }
        doc.moveDown(0.2);
        return;
      case 'table':
        if (b.head) {
          doc
            .font(FONT.bold)
            .fontSize(8)
            .fillColor(MUTED)
            .text(b.head.join('    '), x, doc.y, { width: this.width, characterSpacing: 0.3 });
          doc.moveDown(0.2);
        }
        for (const row of b.rows) {
          const cells: Span[] = row.flatMap((cell, i) => [...(i > 0 ? [{ text: '    ' }] : []), ...cell]);
          this.spans([{ ...cells[0], strong: true }, ...cells.slice(1)], x, this.width);
          doc.moveDown(0.15);
        }
        doc.moveDown(0.3);
        return;
    }
  }
}
