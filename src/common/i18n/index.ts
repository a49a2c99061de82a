/**
 * The service's strings, one dictionary per language. Everything a person reads (letters,
 * calendars, fidelity labels, the board) takes its words from here, so a language is complete
 * or visibly not: nb.ts and en.ts have the same shape (texts.ts), checked by the compiler.
 */
import { en } from './en';
import { Language } from './language';
import { nb } from './nb';
import type { ServiceTexts } from './texts';

export * from './language';
export type * from './texts';

export const SERVICE_TEXTS: Readonly<Record<Language, ServiceTexts>> = { nb, en };

export function textsFor(language: Language): ServiceTexts {
  return SERVICE_TEXTS[language];
}
