/**
 * Contact points out of free text: "IMR-gruppen, tlf. 99 99 99 99" becomes a contact named
 * "IMR-gruppen" with a phone ContactPoint, so numbers and addresses land in `telecom`, not in a name.
 */
import type { FhirContactPoint, FhirOrganizationContact } from './fhir-types';

const EMAIL = /[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+/g;
const PHONE = /\+?\d[\d ]{6,}\d/g;
const LABELS = /\b(tlf|tel|telefon|phone|mobil|e-post|epost|email|e-mail)\b\.?:?/gi;

export function isEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
}

export function contactPoints(text: string): FhirContactPoint[] {
  const emails = text.match(EMAIL) ?? [];
  const phones = text.replace(EMAIL, ' ').match(PHONE) ?? [];
  return [
    ...phones.map((p): FhirContactPoint => ({ system: 'phone', value: p.trim(), use: 'work' })),
    ...emails.map((e): FhirContactPoint => ({ system: 'email', value: e, use: 'work' })),
  ];
}

/** What is left of the text once its contact points and their labels are taken out. */
function remainder(text: string): string {
  return text
    .replace(EMAIL, ' ')
    .replace(PHONE, ' ')
    .replace(LABELS, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:–-]+|[\s,;:–-]+$/g, '')
    .trim();
}

export function contactFromText(text: string | null | undefined): FhirOrganizationContact[] {
  if (!text) return [];
  const telecom = contactPoints(text);
  const name = remainder(text);
  if (!telecom.length) return [{ name: { text } }];
  return [{ ...(name ? { name: { text: name } } : {}), telecom }];
}
