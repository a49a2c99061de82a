import { findEmbeddedPersonNumber, identifyNorwegianPersonNumber } from './national-id';

// An independent generator of test vectors: random birth dates and individual numbers, check
// digits computed here (not with the code under test), from a seeded generator so runs repeat.
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkDigit(digits: number[], weights: number[]): number | null {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += digits[i] * weights[i];
  const digit = (11 - (sum % 11)) % 11;
  return digit === 10 ? null : digit;
}

function withCheckDigits(nineDigits: string): string | null {
  const digits = [...nineDigits].map(Number);
  const k1 = checkDigit(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
  if (k1 === null) return null;
  const k2 = checkDigit([...digits, k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
  if (k2 === null) return null;
  return `${nineDigits}${k1}${k2}`;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

// Individual-number ranges that encode each century.
function individualRangesFor(year: number): [number, number][] {
  if (year < 1900) return [[500, 749]];
  if (year < 1940) return [[0, 499]];
  if (year < 2000)
    return [
      [0, 499],
      [900, 999],
    ];
  return [[500, 999]];
}

type Offsets = { day: number; month: number };
const FNR: Offsets = { day: 0, month: 0 };
const D_NUMBER: Offsets = { day: 40, month: 0 };
const H_NUMBER: Offsets = { day: 0, month: 40 };
const SYNTHETIC: Offsets = { day: 0, month: 80 };

function generatePersonNumbers(count: number, offsets: Offsets, seed: number): string[] {
  const random = seededRandom(seed);
  const result: string[] = [];
  while (result.length < count) {
    const year = 1854 + Math.floor(random() * (2039 - 1854 + 1));
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * new Date(Date.UTC(year, month, 0)).getUTCDate());
    const ranges = individualRangesFor(year);
    const [low, high] = ranges[Math.floor(random() * ranges.length)];
    const individual = low + Math.floor(random() * (high - low + 1));
    const prefix = pad(day + offsets.day, 2) + pad(month + offsets.month, 2) + pad(year % 100, 2) + pad(individual, 3);
    const number = withCheckDigits(prefix);
    if (number !== null) result.push(number);
  }
  return result;
}

function singleDigitChanges(number: string): string[] {
  const changes: string[] = [];
  for (let position = 0; position < number.length; position++) {
    for (let digit = 0; digit <= 9; digit++) {
      if (String(digit) === number[position]) continue;
      changes.push(number.slice(0, position) + digit + number.slice(position + 1));
    }
  }
  return changes;
}

const fodselsnumre = generatePersonNumbers(300, FNR, 20270201);
const dNumbers = generatePersonNumbers(300, D_NUMBER, 20270501);

describe('the test-vector generator', () => {
  it('reproduces the worked example on fnrinfo.no (311299567 → check digits 1 and 5)', () => {
    expect(withCheckDigits('311299567')).toBe('31129956715');
  });

  it('keeps fødselsnummer days at 01-31 and D-number days at 41-71, without repeats', () => {
    expect(dNumbers.filter((n) => Number(n.slice(0, 2)) < 41 || Number(n.slice(0, 2)) > 71)).toEqual([]);
    expect(fodselsnumre.filter((n) => Number(n.slice(0, 2)) > 31)).toEqual([]);
    expect(new Set(fodselsnumre).size).toBe(fodselsnumre.length);
  });
});

describe('identifyNorwegianPersonNumber for fødselsnumre and D-numbers', () => {
  it('recognises every generated fødselsnummer', () => {
    for (const number of fodselsnumre) {
      expect([number, identifyNorwegianPersonNumber(number)]).toEqual([number, 'fodselsnummer']);
    }
  });

  it('recognises every generated D-number', () => {
    for (const number of dNumbers) {
      expect([number, identifyNorwegianPersonNumber(number)]).toEqual([number, 'd-number']);
    }
  });

  it('accepts a lookalike whose check digit is wrong', () => {
    for (const number of [...fodselsnumre, ...dNumbers]) {
      for (const position of [9, 10]) {
        const wrong = (Number(number[position]) + 1) % 10;
        const lookalike = number.slice(0, position) + wrong + number.slice(position + 1);
        expect([lookalike, identifyNorwegianPersonNumber(lookalike)]).toEqual([lookalike, null]);
      }
    }
  });

  it('accepts every single-digit change of a valid number, check digits included', () => {
    for (const number of [...fodselsnumre.slice(0, 40), ...dNumbers.slice(0, 40)]) {
      for (const lookalike of singleDigitChanges(number)) {
        expect([lookalike, identifyNorwegianPersonNumber(lookalike)]).toEqual([lookalike, null]);
      }
    }
  });

  it('sees through spaces, dots and dashes', () => {
    for (const [number, kind] of [
      [fodselsnumre[0], 'fodselsnummer'],
      [dNumbers[0], 'd-number'],
    ]) {
      const [dd, mm, yy, rest] = [number.slice(0, 2), number.slice(2, 4), number.slice(4, 6), number.slice(6)];
      for (const written of [`${dd}${mm}${yy} ${rest}`, `${dd}${mm}${yy}-${rest}`, `${dd}.${mm}.${yy} ${rest}`, `  ${number}\t`]) {
        expect([written, identifyNorwegianPersonNumber(written)]).toEqual([written, kind]);
      }
    }
  });

  it('lets ordinary ward references through', () => {
    for (const reference of ['P-0042', 'A7', '12345678901', '', 'bed 12', '0102031234', '010203123456', 'P0102031234']) {
      expect([reference, identifyNorwegianPersonNumber(reference)]).toEqual([reference, null]);
    }
  });

  it('needs a real birth date even when both check digits are right', () => {
    // day 32, day 00, 31 Nov, 30 Feb, month 13, month 00, D-number day 72, H month 53, synthetic month 93
    for (const date of ['320127', '001027', '311127', '300227', '011327', '010027', '720127', '015327', '019327']) {
      const number = firstValid(date);
      expect([number, identifyNorwegianPersonNumber(number)]).toEqual([number, null]);
    }
  });

  it('allows 29 February only in years divisible by four (00 counts: 2000 was a leap year)', () => {
    const leap = ['290200', '290204', '290296'].map((date) => firstValid(date));
    const notLeap = ['290201', '290227', '290299'].map((date) => firstValid(date));
    for (const number of leap) expect([number, identifyNorwegianPersonNumber(number)]).toEqual([number, 'fodselsnummer']);
    for (const number of notLeap) expect([number, identifyNorwegianPersonNumber(number)]).toEqual([number, null]);
  });

  it('has no valid number when the first check digit would be 10', () => {
    const prefix = findPrefix((digits) => checkDigit(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2]) === null);
    for (let last = 0; last < 100; last++) {
      expect(identifyNorwegianPersonNumber(prefix + pad(last, 2))).toBeNull();
    }
  });
});

describe('identifyNorwegianPersonNumber for help and synthetic numbers', () => {
  it('names H-numbers (month + 40): not national ids, but person numbers all the same', () => {
    for (const number of generatePersonNumbers(100, H_NUMBER, 41)) {
      expect([number, identifyNorwegianPersonNumber(number)]).toEqual([number, 'h-number']);
    }
  });

  it('names synthetic numbers (month + 80), also with a D-number day', () => {
    const synthetic = [...generatePersonNumbers(50, SYNTHETIC, 80), ...generatePersonNumbers(50, { day: 40, month: 80 }, 81)];
    for (const number of synthetic) {
      expect([number, identifyNorwegianPersonNumber(number)]).toEqual([number, 'synthetic']);
    }
  });
});

function firstValid(sixDigitDate: string): string {
  for (let individual = 0; individual < 1000; individual++) {
    const number = withCheckDigits(sixDigitDate + pad(individual, 3));
    if (number !== null) return number;
  }
  throw new Error(`no valid number for ${sixDigitDate}`);
}

function findPrefix(matches: (digits: number[]) => boolean): string {
  for (let individual = 0; individual < 1000; individual++) {
    const prefix = `150627${pad(individual, 3)}`;
    if (matches([...prefix].map(Number))) return prefix;
  }
  throw new Error('no prefix found');
}

describe('findEmbeddedPersonNumber (issue 14)', () => {
  const valid = '15038512363';

  it('is fed a valid fødselsnummer by this test', () => {
    expect(identifyNorwegianPersonNumber(valid)).toBe('fodselsnummer');
  });

  it.each(['P-15038512363', '15038512363X', 'p_1503851236_3', '0-15038512363-0', 'ref 150385 123 63', 'A.1.5.0.3.8.5.1.2.3.6.3'])(
    'finds the number in %s',
    (value) => {
      expect(findEmbeddedPersonNumber(value)).toEqual({ kind: 'fodselsnummer', digits: valid });
    },
  );

  it('finds D- and H-numbers inside other text', () => {
    const d = String(Number(valid.slice(0, 1)) + 4) + valid.slice(1, 9);
    const dNumber = [...Array(100).keys()]
      .map((i) => d.slice(0, 6) + String(i).padStart(3, '0'))
      .map(withCheckDigits)
      .find(Boolean)!;
    expect(findEmbeddedPersonNumber(`X-${dNumber}-Y`)?.kind).toBe('d-number');
    const hNumber = [...Array(100).keys()]
      .map((i) => '1543' + '85' + String(i).padStart(3, '0'))
      .map(withCheckDigits)
      .find(Boolean)!;
    expect(findEmbeddedPersonNumber(`h_${hNumber}`)?.kind).toBe('h-number');
  });

  it('accepts lookalikes whose check digits fail, and letters end a run of digits', () => {
    const wrong = valid.slice(0, 10) + String((Number(valid[10]) + 1) % 10);
    expect(findEmbeddedPersonNumber(`P-${wrong}`)).toBeNull();
    expect(findEmbeddedPersonNumber(`0-${wrong}-0`)).toBeNull();
    expect(findEmbeddedPersonNumber('150385A12363')).toBeNull();
    expect(findEmbeddedPersonNumber('SEC-A-ADM-1')).toBeNull();
    expect(findEmbeddedPersonNumber('P3-2027-0042')).toBeNull();
  });
});
