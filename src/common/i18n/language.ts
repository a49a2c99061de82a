/**
 * The languages the service writes in. A ward has one (its `language`); letters, calendars,
 * module titles and the board follow it. Norwegian wards default to bokmål: a ward whose time
 * zone is Norway's (Europe/Oslo, or Arctic/Longyearbyen on Svalbard) gets `nb`, any other `en`.
 */
import { InvalidInputError } from '../errors';

export const LANGUAGES = ['nb', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const NORWEGIAN_ZONES = new Set(['Europe/Oslo', 'Arctic/Longyearbyen']);

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function defaultLanguageForZone(timezone: string): Language {
  return NORWEGIAN_ZONES.has(timezone) ? 'nb' : 'en';
}

/** A `?lang=` value: undefined or empty means "not given"; anything else must be a known language. */
export function parseLanguage(value: unknown, field = 'lang'): Language | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isLanguage(value)) throw new InvalidInputError(field, `must be one of ${LANGUAGES.join(', ')}`);
  return value;
}

/** Fills `{name}` placeholders; unknown names stay as they are. */
export function fillText(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
