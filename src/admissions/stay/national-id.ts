/*
 * Recognises Norwegian person numbers, so a patientRef that is one can be refused (data
 * minimisation: the service never needs to hold an identity).
 *
 * An 11-digit number DDMMYY III K1 K2 is a person number when both mod-11 check digits are right
 * and DDMMYY is a real day after removing a known offset:
 *   - fødselsnummer: no offset;
 *   - D-number: day + 40 (first digit + 4);
 *   - H-number: month + 40 (the help number Norwegian hospitals give patients without a known
 *     fødselsnummer; NAV's synthetic test persons share this offset);
 *   - synthetic: month + 80 (Skatteetaten's "syntetiske" test numbers).
 * Check digits: K1 from weights 3 7 6 1 8 9 4 5 2 over the first nine digits, K2 from weights
 * 5 4 3 2 7 6 5 4 3 2 over the first ten; digit = 11 - (sum mod 11), remainder 0 gives 0 and
 * remainder 1 gives no valid number.
 * The century is not derived from the individual number: 29 Feb is accepted whenever YY is
 * divisible by 4 (2000 was a leap year). Refusing a rare lookalike costs a user a retyped
 * reference; accepting a real number would store an identity.
 * Spaces, dots and dashes are ignored, so "010203 12345" is judged as "01020312345".
 */

export type NorwegianPersonNumberKind = 'fodselsnummer' | 'd-number' | 'h-number' | 'synthetic';

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** The check digit for `digits` with `weights`, or null when none exists (remainder 1). */
export function mod11CheckDigit(digits: number[], weights: number[]): number | null {
  const sum = weights.reduce((total, weight, index) => total + weight * digits[index], 0);
  const remainder = sum % 11;
  if (remainder === 0) return 0;
  if (remainder === 1) return null;
  return 11 - remainder;
}

export function identifyNorwegianPersonNumber(value: string): NorwegianPersonNumberKind | null {
  const compact = value.replace(/[\s.-]/g, '');
  if (!/^\d{11}$/.test(compact)) return null;
  const digits = [...compact].map(Number);
  if (mod11CheckDigit(digits, K1_WEIGHTS) !== digits[9]) return null;
  if (mod11CheckDigit(digits, K2_WEIGHTS) !== digits[10]) return null;

  const rawDay = digits[0] * 10 + digits[1];
  const rawMonth = digits[2] * 10 + digits[3];
  const year = digits[4] * 10 + digits[5];
  const dayOffset = rawDay > 40 ? 40 : 0;
  const monthOffset = rawMonth > 80 ? 80 : rawMonth > 40 ? 40 : 0;
  if (!isBirthDay(rawDay - dayOffset, rawMonth - monthOffset, year)) return null;

  if (monthOffset === 80) return 'synthetic';
  if (monthOffset === 40) return 'h-number';
  return dayOffset === 40 ? 'd-number' : 'fodselsnummer';
}

function isBirthDay(day: number, month: number, twoDigitYear: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = [31, twoDigitYear % 4 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= daysInMonth[month - 1];
}

/** Any character that is neither a letter nor a digit: '_', '-', '.', spaces, slashes, … */
const SEPARATORS = /[^\p{L}\p{N}]/gu;

/**
 * The first person number hidden anywhere in a value, separators ignored: 'P-15038512363',
 * '15038512363X', 'p_1503851236_3' and '0-15038512363-0' all hold 15038512363. Every 11-digit window
 * of every run of digits (after dropping separators; letters end a run) is judged as above, so a
 * lookalike whose check digits fail stays accepted. null when the value holds none.
 */
export function findEmbeddedPersonNumber(value: string): { kind: NorwegianPersonNumberKind; digits: string } | null {
  const compact = value.replace(SEPARATORS, '');
  for (const run of compact.match(/\d{11,}/g) ?? []) {
    for (let start = 0; start + 11 <= run.length; start++) {
      const digits = run.slice(start, start + 11);
      const kind = identifyNorwegianPersonNumber(digits);
      if (kind) return { kind, digits };
    }
  }
  return null;
}
