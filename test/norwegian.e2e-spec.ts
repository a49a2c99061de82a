import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readEditionFile } from '../src/catalogue/catalogue';
import { SERVICE_TEXTS } from '../src/common/i18n';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { apiSessions, RotaFixture, setUpRota } from './calendar.e2e-support';
import { unfoldContentLines } from '../src/calendar/ical/ical-fold';

/*
 * Acceptance 1 and 3 of issue 18 on a Norwegian ward (Europe/Oslo, so bokmål by default):
 * 1. the service's strings, listed per language from the dictionary (src/common/i18n) and the
 *    edition file, and no English one of them in the bokmål letter (HTML and PDF) or feed;
 * 3. the PDF opens, carries the same text as the HTML letter, and the reference on every page.
 */

/** Every string leaf of a dictionary section, with its key path. */
function leaves(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  return [];
}

/**
 * The fixed words of a phrase: the parts between {placeholders}, trimmed, with a run of three letters
 * or more (so "at", "No", "To", which are also bokmål words or names, are not taken for English).
 */
function fragments(phrase: string): string[] {
  return phrase
    .split(/\{\w+\}/)
    .map((part) => part.trim().replace(/^[\s,.;:–()-]+|[\s,.;:–()-]+$/g, ''))
    .filter((part) => /\p{L}{3,}/u.test(part));
}

/** The service's English strings that a bokmål text must not contain (those that bokmål shares, like "IMR", left out). */
function englishServiceStrings(): { where: string; text: string }[] {
  const nbPhrases = new Set(leaves(SERVICE_TEXTS.nb).flatMap(([, v]) => fragments(v)));
  // Words bokmål shares with English ("Plan", "IMR") are bokmål too: a fragment made only of them is not English.
  const nbWords = new Set(leaves(SERVICE_TEXTS.nb).flatMap(([, v]) => v.toLowerCase().split(/[^\p{L}]+/u)));
  const shared = (fragment: string) =>
    nbPhrases.has(fragment) ||
    fragment
      .toLowerCase()
      .split(/[^\p{L}]+/u)
      .filter(Boolean)
      .every((w) => nbWords.has(w));
  const editions = readEditionFile().editions;
  const english = [
    ...leaves(SERVICE_TEXTS.en).map(([path, text]) => ({ where: `dictionary en.${path}`, text })),
    ...editions.flatMap((e) => [
      { where: `edition ${e.id} name`, text: e.name },
      ...e.modules.map((m) => ({ where: `edition ${e.id} module ${m.number} title`, text: m.title })),
    ]),
  ];
  return english.flatMap(({ where, text }) =>
    fragments(text)
      .filter((f) => !shared(f))
      .map((f) => ({ where, text: f })),
  );
}

function containing(output: string, strings: { where: string; text: string }[]): string[] {
  return strings
    .filter(({ text }) => new RegExp(`(^|[^\\p{L}])${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(output))
    .map(({ where, text }) => `${where}: "${text}"`);
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The letter's readable text: the body without markup, and what the printed page header and footer say. */
function htmlText(html: string): { body: string; pageBoxes: string } {
  const body = html.slice(html.indexOf('<body>'), html.indexOf('</body>'));
  const text = body.replace(/<[^>]+>/g, ' ').replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);
  // The quoted parts of the @page boxes' content (counter(page) is CSS, not text).
  const pageBoxes = [...html.matchAll(/content: ([^;]+);/g)].flatMap((m) => [...m[1].matchAll(/"([^"]*)"/g)].map((q) => q[1])).join(' ');
  return { body: text, pageBoxes };
}

const squeeze = (text: string) => text.replace(/\s+/g, '');

describe('a Norwegian ward in bokmål: letter, PDF and feed (e2e)', () => {
  let t: TestApp;
  let fx: RotaFixture;
  let referralId: string;
  let discharge: Record<string, string>;
  let feedText: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-02-26T09:00:00.000Z', env: { IMR_HORIZON_WEEKS: '20', IMR_CALENDAR_RATE_LIMIT: '100000' } });
    fx = await setUpRota(t, { from: '2027-03-01', to: '2027-06-30', publishTo: '2027-06-30' });
    discharge = bearer(await t.key('discharge'));
    const facilitator = bearer(await t.key('facilitator'));
    const sessions = await apiSessions(t, fx, '2027-03-01', '2027-06-30');
    const olas = sessions.filter((s) => s.published && s.facilitators.some((f) => f.id === fx.people.ola));
    await t.http().post(`/api/sessions/${olas[5].id}/cancel`).set(fx.coordinator).send({ reason: 'Avdelingstur' }).expect(200);
    const admission = await t
      .http()
      .post(`/api/wards/${fx.wardId}/admissions`)
      .set(discharge)
      .send({ patientRef: 'FEED-0142', admittedOn: '2027-03-01', expectedDischargeOn: '2027-04-10' });
    expect(admission.status).toBe(201);
    t.clock.set(new Date('2027-03-22T12:00:00.000Z'));
    for (const s of sessions.filter((x) => x.id !== olas[5].id).slice(0, 8)) {
      await t.http().post(`/api/sessions/${s.id}/attendance`).set(facilitator).send({ admissionId: admission.body.id }).expect(201);
    }
    const res = await t
      .http()
      .post(`/api/admissions/${admission.body.id}/discharge`)
      .set(discharge)
      .send({
        dischargedOn: '2027-03-22',
        continueImr: true,
        receivingService: {
          kind: 'district-psychiatric-centre',
          name: 'Nordre Fjordby DPS',
          contact: 'IMR-gruppen, tlf. 99 99 99 99',
          organizationNumber: '974703300',
          herId: '8142987',
        },
        recoveryGoals: [
          { text: 'Komme tilbake til jobben på verkstedet', progress: 'Møte med lederen avtalt i april' },
          'Sove bedre og ha faste rutiner',
        ],
        whatHelps: ['Gåturer langs sjøen om morgenen', 'Musikk på bussen'],
        strengths: ['Flink med hendene', 'Nysgjerrig'],
        socialSituation: {
          housing: 'Egen leilighet',
          workOrEducation: 'Bilverksted',
          finances: 'Sykepenger',
          network: 'Nær kontakt med søster',
        },
        significantOthers: ['Søster'],
        handoutsGiven: ['Arbeidsbok for modul 2, 4 og 5'],
        planForStayingWell: 'Tidlige tegn: sover dårlig.\nDa hjelper det å gå tur og ringe søster.\nKontakt DPS ved behov.',
        preferences: { format: 'group', language: 'norsk', timeOfDay: 'Formiddag' },
        consent: { sharingConsented: true, patientGetsCopy: true },
        referringClinician: { name: 'Ola Behandler', profession: 'psychologist', hprNumber: '9144889' },
        gp: { name: 'Lise Fastlege', practice: 'Torget legesenter' },
        copiesTo: ['Fastlege Lise Fastlege'],
        question: 'Kan personen få plass i en IMR-gruppe hos dere?\nGjerne med oppstart i modul 7.',
        desiredStart: '2027-04-12',
        interpreter: { needed: true, language: 'arabisk' },
        individualPlan: { exists: true, coordinator: 'Koordinerende enhet, Fjordby kommune' },
        crisisPlan: 'Ring søster først.\nDeretter akutteamet på DPS.',
      });
    expect(res.status).toBe(201);
    referralId = res.body.referral.id;
    const feed = await t.http().get(fx.feeds.ola);
    expect(feed.status).toBe(200);
    feedText = unfoldContentLines(feed.text)
      .filter((l) => !l.startsWith('PRODID:'))
      .join('\n');
  }, 90_000);
  afterAll(() => t.close());

  const letter = async (suffix: string, lang?: string) => {
    const res = await t
      .http()
      .get(`/api/referrals/${referralId}/${suffix}${lang ? `?lang=${lang}` : ''}`)
      .set(discharge)
      .buffer(true)
      .parse((r, done) => {
        const c: Buffer[] = [];
        r.on('data', (b: Buffer) => c.push(b));
        r.on('end', () => done(null, Buffer.concat(c)));
      });
    expect(res.status).toBe(200);
    return { body: res.body as Buffer, headers: res.headers };
  };

  /** pdf-parse, in its own process (test/support/pdf-text.cjs). */
  const pdfText = async (pdf: Buffer): Promise<{ pages: string[]; total: number }> =>
    JSON.parse(execFileSync(process.execPath, [join(__dirname, 'support', 'pdf-text.cjs')], { input: pdf }).toString('utf8'));

  it('lists the service’s strings per language: the same keys in nb and en, and English ones to look for', () => {
    expect(leaves(SERVICE_TEXTS.nb).map(([k]) => k)).toEqual(leaves(SERVICE_TEXTS.en).map(([k]) => k));
    const english = englishServiceStrings();
    expect(english.length).toBeGreaterThan(150);
    process.stdout.write(
      `service strings: ${leaves(SERVICE_TEXTS.nb).length} per language; ${english.length} English fragments looked for\n`,
    );
    expect(english.map((e) => e.text)).toEqual(
      expect.arrayContaining([
        'Lead',
        'Co-facilitator',
        'Coping With Stress',
        'Cancelled',
        'Your role: lead',
        'Reason and expected benefit',
      ]),
    );
  });

  it('the bokmål letter (the ward’s default) and the bokmål feed contain no English string of the service', async () => {
    const english = englishServiceStrings();
    const html = (await letter('letter')).body.toString('utf8');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="nb">/);
    const { body, pageBoxes } = htmlText(html);
    expect(containing(body, english)).toEqual([]);
    expect(containing(pageBoxes, english)).toEqual([]);
    const pdf = await pdfText((await letter('letter.pdf')).body);
    expect(containing(pdf.pages.join('\n'), english)).toEqual([]);
    expect(feedText).toMatch(/Hovedansvarlig|Medleder/);
    expect(feedText).toMatch(/SUMMARY:Avlyst: IMR: /);
    expect(containing(feedText, english)).toEqual([]);
    // The test can fail: the English letter of the same referral is full of them.
    const en = htmlText((await letter('letter', 'en')).body.toString('utf8')).body;
    expect(containing(en, english).length).toBeGreaterThan(20);
  });

  it('serves a PDF that opens, has the HTML letter’s text, and the reference and "side N av M" on every page', async () => {
    const { body: pdf, headers } = await letter('letter.pdf', 'nb');
    expect(headers['content-type']).toBe('application/pdf');
    expect(headers['content-disposition']).toMatch(/^inline; filename="henvisning-FEED-[0-9A-F]{8}\.pdf"$/);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, total } = await pdfText(pdf);
    expect(total).toBeGreaterThanOrEqual(2);
    const reference = /ref\. (FEED-[0-9A-F]{8})/.exec(pages[0])![1];
    const header = `Henvisning IMR – ref. ${reference}`;
    expect(pages.map((p, i) => [i + 1, p.includes(header), p.includes(`side ${i + 1} av ${total}`)])).toEqual(
      pages.map((_, i) => [i + 1, true, true]),
    );
    const running = new RegExp(`Henvisning IMR – ref\\. ${reference}|side \\d+ av \\d+`, 'g');
    const pdfBody = squeeze(pages.join('\n').replace(running, ''));
    const html = htmlText((await letter('letter', 'nb')).body.toString('utf8'));
    expect(pdfBody).toBe(squeeze(html.body));
    process.stdout.write(`letter.pdf: ${pdf.length} bytes, ${total} pages, ${pdfBody.length} non-space characters as in the HTML\n`);
  });

  it('keeps line breaks of the person’s and the team’s own texts, and shows the henvisning fields', async () => {
    const html = (await letter('letter')).body.toString('utf8');
    expect(html).toContain(
      '<p class="multiline">Tidlige tegn: sover dårlig.\nDa hjelper det å gå tur og ringe søster.\nKontakt DPS ved behov.</p>',
    );
    for (const text of [
      'HPR-nummer',
      '9144889',
      'Fastlege',
      'Lise Fastlege, Torget legesenter',
      'Ja, arabisk',
      'Ja; koordinator: Koordinerende enhet, Fjordby kommune',
      'Kriseplan',
      'Spørsmål til mottaker',
      '12. april 2027',
      'Personens identitet (navn og fødselsnummer) står ikke i dette brevet',
    ]) {
      expect([text, html.includes(text)]).toEqual([text, true]);
    }
  });

  it('answers ?lang= other than nb or en with 400 naming lang, on both letters', async () => {
    for (const suffix of ['letter', 'letter.pdf']) {
      const res = await t.http().get(`/api/referrals/${referralId}/${suffix}?lang=de`).set(discharge);
      expect([suffix, res.status, [res.body.message].flat().join(' ')]).toEqual([suffix, 400, expect.stringMatching(/^lang /)]);
    }
  });
});
