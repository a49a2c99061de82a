import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bareReferralSnapshot, referralSnapshotFixture } from '../../../test/fixtures/referral-snapshot.fixture';
import { LETTER_TEXTS, LetterLanguage } from './letter-texts';
import { escapeHtml, renderReferralLetter } from './referral-letter';
import { ReferralSnapshot } from './referral-snapshot';

const LANGS: LetterLanguage[] = ['nb', 'en'];
const FIXTURE_DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures');

/** Deficit terms that have no place in a recovery-oriented letter (domain.md). */
const BANNED = [
  'non-compliant',
  'noncompliant',
  'non-compliance',
  'compliance',
  'compliant',
  'failed',
  'fails',
  'failure',
  'dropout',
  'drop-out',
  'dropped out',
  'refused',
  'refuses',
  'deficit',
  'deficits',
  'lack',
  'lacks',
  'lacking',
  'missing',
  'incomplete',
  'unmotivated',
  'poor insight',
  'weakness',
  'manipulative',
  'chronic',
  'manglende',
  'mangler',
  'mangel',
  'frafall',
  'droppet ut',
  'avbrutt',
  'nektet',
  'nekter',
  'svikt',
  'mislykket',
  'mislyktes',
  'umotivert',
  'etterlevelse',
  'sykdomsinnsikt',
  'svak',
  'svakhet',
  'kronisk',
];
const bannedIn = (text: string) => BANNED.filter((word) => new RegExp(`(^|[^\\p{L}])${word}($|[^\\p{L}])`, 'iu').test(text));

const bare = bareReferralSnapshot;

describe('renderReferralLetter', () => {
  it.each(LANGS)('(%s) is a complete HTML5 document in the requested language', (lang) => {
    const letter = renderReferralLetter(referralSnapshotFixture, lang);
    expect(letter.slice(0, 40)).toMatch(new RegExp(`^<!DOCTYPE html>\n<html lang="${lang}">`));
    expect(letter).toContain('<meta charset="utf-8">');
    expect(letter.trimEnd().slice(-40)).toMatch(/<\/html>$/);
  });

  it.each(LANGS)('(%s) is self-contained and printable on A4', (lang) => {
    const letter = renderReferralLetter(referralSnapshotFixture, lang);
    expect(letter).not.toMatch(/<script|<link|<img|\bsrc=|\bhref=|@import|url\(/i);
    expect(letter).toContain('@media print');
    expect(letter).toContain('size: A4');
  });

  it.each(LANGS)('(%s) names the receiving service, the goals, the modules done and those left', (lang) => {
    const letter = renderReferralLetter(referralSnapshotFixture, lang);
    expect(letter).toContain('Nordre Fjordby DPS, allmennpoliklinikk');
    expect(letter).toContain('Komme tilbake til jobben på verkstedet, først noen timer i uka');
    expect(letter).toContain('Gå på butikken &amp; handle selv uten å stresse');
    expect(letter).toContain('Handler nå sammen med søsteren sin én gang i uka');
    for (const m of referralSnapshotFixture.modules) expect(letter).toContain(escapeHtml(lang === 'nb' ? m.titleNb! : m.title));
    expect(letter).toContain(lang === 'nb' ? '10. mars 2027' : '10 March 2027');
    expect(letter).toContain('Recoveryakademiet');
    expect(letter).toContain(lang === 'nb' ? 'Kjernemoduler som ennå ikke er gjennomgått: Modul 7' : 'Core modules still ahead: Module 7');
    expect(letter).toContain('Kari Nordmann, sykepleier og IMR-veileder');
    expect(letter).toContain('Postboks 100, 9999 Fjordby');
  });

  it('uses the Norwegian program name in bokmål and the English one in English', () => {
    expect(renderReferralLetter(referralSnapshotFixture, 'nb')).toContain('Individuell mestring og tilfriskning (IMR)');
    expect(renderReferralLetter(referralSnapshotFixture, 'en')).toContain('Illness Management and Recovery (IMR)');
  });

  it('shows module titles in the letter’s language only; English only where the snapshot has no bokmål title', () => {
    const modules = referralSnapshotFixture.modules.map((m) => (m.number === 3 ? { ...m, titleNb: null } : m));
    const nb = renderReferralLetter({ ...referralSnapshotFixture, modules }, 'nb');
    const en = renderReferralLetter({ ...referralSnapshotFixture, modules }, 'en');
    expect(nb).toContain('Mestre stress');
    expect(nb).not.toContain('Coping With Stress');
    expect(nb).toContain('Practical Facts About Substance Use Disorders');
    expect(en).not.toContain('Mestre stress');
  });

  it.each(LANGS)('(%s) shows the henvisning fields when given, with line breaks kept', (lang) => {
    const letter = renderReferralLetter(referralSnapshotFixture, lang);
    const t = LETTER_TEXTS[lang];
    for (const label of [
      t.referringClinician,
      t.hprNumber,
      t.gp,
      t.copyTo,
      t.questionTitle,
      t.desiredStart,
      t.interpreter,
      t.individualPlan,
      t.crisisPlan,
    ]) {
      expect(letter).toContain(`>${escapeHtml(label)}<`);
    }
    expect(letter).toContain('9144889');
    expect(letter).toContain('Koordinerende enhet, Fjordby kommune');
    expect(letter).toContain(escapeHtml(t.identitySeparately));
    expect(letter).toContain('<p class="multiline">Tidlige tegn: søvnen blir dårligere.\nDa hjelper');
    expect(letter).toMatch(/\.multiline \{ white-space: pre-line; \}/);
    expect(letter).toContain(lang === 'nb' ? '12. april 2027' : '12 April 2027');
  });

  it.each(LANGS)('(%s) prints the reference in every page header and the page number in every footer', (lang) => {
    const letter = renderReferralLetter(referralSnapshotFixture, lang);
    expect(letter).toContain('@top-left { content: "' + LETTER_TEXTS[lang].documentTitle + ' – ref. A3-6F1D2C3B"');
    expect(letter).toContain(
      lang === 'nb'
        ? '@bottom-right { content: "side " counter(page) " av " counter(pages)'
        : '"page " counter(page) " of " counter(pages)',
    );
  });

  it.each(LANGS)('(%s) escapes every piece of snapshot text', (lang) => {
    const evil = '<script>alert(1)</script>';
    const hostile: ReferralSnapshot = {
      ...referralSnapshotFixture,
      patientRef: `ref"'${evil}`,
      ward: { ...referralSnapshotFixture.ward, name: `Ward ${evil}`, contactPerson: evil, replyAddress: evil },
      receivingService: { kind: 'outpatient-clinic', name: `<img src=x onerror=alert(1)>`, contact: evil },
      edition: { id: 'x', name: evil },
      modules: referralSnapshotFixture.modules.map((m) => ({ ...m, title: `${m.title} ${evil}`, titleNb: evil })),
      recoveryGoals: [{ text: evil, progress: evil }],
      whatHelps: [evil],
      strengths: [evil],
      significantOthers: [evil],
      handoutsGiven: [evil],
      planForStayingWell: evil,
      referringClinician: { name: evil, hprNumber: evil },
      gp: { name: evil, practice: evil },
      copiesTo: [evil],
      question: evil,
      interpreter: { needed: true, language: evil },
      individualPlan: { exists: true, coordinator: evil },
      crisisPlan: evil,
      socialSituation: { housing: evil, workOrEducation: evil, finances: evil, network: evil },
      preferences: { format: 'individual', language: evil, timeOfDay: evil },
    };
    const letter = renderReferralLetter(hostile, lang);
    expect(letter).not.toMatch(/<script|<img/i);
    expect(letter).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(letter).toContain('ref&quot;&#39;&lt;script&gt;');
    expect(letter.split('&lt;script&gt;').length - 1).toBeGreaterThan(20);
  });

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });

  it.each(LANGS)('(%s) never uses deficit terms, in the phrase table or in letters', (lang) => {
    expect(bannedIn(JSON.stringify(LETTER_TEXTS[lang]))).toEqual([]);
    expect(bannedIn(renderReferralLetter(referralSnapshotFixture, lang))).toEqual([]);
    expect(bannedIn(renderReferralLetter(bare, lang))).toEqual([]);
    expect(bannedIn('The person lacks insight; she dropped out.')).toEqual(['dropped out', 'lacks']);
  });

  it.each(LANGS)('(%s) reads well for a bare snapshot: no empty sections, no "undefined"', (lang) => {
    const t = LETTER_TEXTS[lang];
    const letter = renderReferralLetter(bare, lang);
    expect(letter).not.toMatch(/undefined|null|NaN|\{\w+\}/);
    expect(letter).toContain(escapeHtml(t.goalsNone));
    expect(letter).toContain(escapeHtml(t.noneCompleted));
    expect(letter).toContain(escapeHtml(t.attendanceNone));
    expect(letter).toContain(escapeHtml(t.consentNotRecorded));
    for (const absent of [
      t.socialTitle,
      t.preferencesTitle,
      t.whatHelpsTitle,
      t.strengthsTitle,
      t.stayingWellTitle,
      t.copyTo,
      t.questionTitle,
      t.practicalTitle,
      t.referringClinician,
      t.gp,
    ]) {
      expect(letter).not.toContain(`>${escapeHtml(absent)}<`);
    }
    expect(letter).toContain(`<dt>${escapeHtml(t.contactPerson)}</dt><dd>Sengepost A3, Fjordby sykehus</dd>`);
  });

  it('dates the letter by the ward’s own calendar day, not UTC', () => {
    const lateEvening = { ...referralSnapshotFixture, createdAt: '2027-03-28T22:30:00.000Z' };
    expect(renderReferralLetter(lateEvening, 'nb')).toMatch(/<p class="label">Dato<\/p><p>29\. mars 2027<\/p>/);
    const utcWard = { ...lateEvening, ward: { ...lateEvening.ward, timezone: 'UTC' } };
    expect(renderReferralLetter(utcWard, 'en')).toMatch(/<p class="label">Date<\/p><p>28 March 2027<\/p>/);
  });

  it('is deterministic', () => {
    for (const lang of LANGS) {
      expect(renderReferralLetter(structuredClone(referralSnapshotFixture), lang)).toBe(
        renderReferralLetter(referralSnapshotFixture, lang),
      );
    }
  });

  it.each(LANGS)('(%s) matches the committed example letter (UPDATE_FIXTURES=1 rewrites it)', (lang) => {
    const file = join(FIXTURE_DIR, `referral-letter.${lang}.html`);
    const letter = renderReferralLetter(referralSnapshotFixture, lang);
    if (process.env.UPDATE_FIXTURES === '1') writeFileSync(file, letter, 'utf8');
    expect(existsSync(file)).toBe(true);
    expect(letter).toBe(readFileSync(file, 'utf8'));
  });
});
