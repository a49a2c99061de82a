/** The referral letter's phrases: the `letter` section of the service dictionary (src/common/i18n). */
import { Language, LetterTexts, SERVICE_TEXTS } from '../../common/i18n';

export type LetterLanguage = Language;
export type { LetterTexts } from '../../common/i18n';

export const LETTER_TEXTS: Record<LetterLanguage, LetterTexts> = { nb: SERVICE_TEXTS.nb.letter, en: SERVICE_TEXTS.en.letter };
