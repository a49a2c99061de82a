import { BoardTexts } from '../../common/i18n/board-en';
import { fillText, isLanguage, Language, LANGUAGES, SERVICE_TEXTS, ServiceTexts } from '../../common/i18n';

/** The board's words are the `board` section of the service's one dictionary per language (src/common/i18n). */
export type Lang = Language;
export type Dictionary = BoardTexts;
export const LANGS: readonly Lang[] = LANGUAGES;
export const DICTIONARIES: Record<Lang, Dictionary> = { nb: SERVICE_TEXTS.nb.board, en: SERVICE_TEXTS.en.board };
export const isLang = isLanguage;

/** The rest of the service's words (professions, service and stay kinds live in the letter's section). */
export const serviceTexts = (lang: Lang): ServiceTexts => SERVICE_TEXTS[lang];

export function format(template: string, values: Record<string, string | number> = {}): string {
  return fillText(template, values);
}

/** A dictionary entry by a key built at run time (a state, rule or profession); falls back to the raw value. */
export function term(dict: Dictionary, prefix: string, value: string): string {
  return (dict as Record<string, string>)[`${prefix}_${value}`] ?? value;
}

const LOCALES: Record<Lang, string> = { nb: 'nb-NO', en: 'en-GB' };

/** A ward-local calendar day (YYYY-MM-DD) in the language's format, independent of the server's zone. */
export function formatDay(date: string, lang: Lang, style: 'short' | 'long' = 'short'): string {
  const [y, m, d] = date.split('-').map(Number);
  const options: Intl.DateTimeFormatOptions =
    style === 'short'
      ? { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }
      : { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(LOCALES[lang], options).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A plain date (12.03.2027 / 12/03/2027). */
export function formatDate(date: string, lang: Lang): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(LOCALES[lang], { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/**
 * Wall-clock time of an instant the API gives with the ward's offset (2027-03-29T10:00:00+02:00): the
 * digits are already ward-local, so they are read, never converted in the server's or browser's zone.
 */
export function formatTime(instant: string, lang: Lang): string {
  const hhmm = instant.slice(11, 16);
  return lang === 'nb' ? `kl. ${hhmm}` : hhmm;
}

export function formatShare(value: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: 0 }).format(value);
}
