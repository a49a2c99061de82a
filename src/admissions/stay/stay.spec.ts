import { classifyStay, longStayThresholdDate, plannedModulesFor } from './stay';

const threeMonths = (admittedOn: string, expectedDischargeOn: string | null, today = admittedOn) =>
  classifyStay({ admittedOn, expectedDischargeOn, today, thresholdMonths: 3 });

describe('classifyStay with a known expected discharge', () => {
  it('1 Feb → 30 Apr 2027 is short', () => {
    expect(threeMonths('2027-02-01', '2027-04-30')).toBe('short');
  });

  it('1 Feb → 1 May 2027 is long: exactly three months is not under three months', () => {
    expect(threeMonths('2027-02-01', '2027-05-01')).toBe('long');
  });

  it('six weeks is short, four months is long', () => {
    expect(threeMonths('2027-02-01', '2027-03-15')).toBe('short');
    expect(threeMonths('2027-02-01', '2027-06-01')).toBe('long');
  });

  it('a discharge on the admission day is short', () => {
    expect(threeMonths('2027-02-01', '2027-02-01')).toBe('short');
  });

  it('ignores today while the expected discharge is still ahead', () => {
    expect(threeMonths('2027-02-01', '2027-04-30', '2027-04-30')).toBe('short');
    expect(threeMonths('2027-02-01', '2027-06-01', '2027-02-01')).toBe('long');
  });

  it('decides an overrun stay (expected day passed, still admitted) by today', () => {
    expect(threeMonths('2027-02-01', '2027-03-15', '2027-04-30')).toBe('short');
    expect(threeMonths('2027-02-01', '2027-03-15', '2027-05-01')).toBe('long');
  });

  it('31 Jan + 1 month clamps to the end of February (luxon)', () => {
    expect(longStayThresholdDate('2027-01-31', 1)).toBe('2027-02-28');
    expect(longStayThresholdDate('2028-01-31', 1)).toBe('2028-02-29');
    const oneMonth = (admittedOn: string, expectedDischargeOn: string) =>
      classifyStay({ admittedOn, expectedDischargeOn, today: admittedOn, thresholdMonths: 1 });
    expect(oneMonth('2027-01-31', '2027-02-27')).toBe('short');
    expect(oneMonth('2027-01-31', '2027-02-28')).toBe('long');
    expect(oneMonth('2028-01-31', '2028-02-28')).toBe('short');
    expect(oneMonth('2028-01-31', '2028-02-29')).toBe('long');
  });

  it('three months from 30 Nov lands on the last day of February, leap year or not', () => {
    expect(longStayThresholdDate('2026-11-30', 3)).toBe('2027-02-28');
    expect(longStayThresholdDate('2027-11-30', 3)).toBe('2028-02-29');
    expect(threeMonths('2027-11-30', '2028-02-28')).toBe('short');
    expect(threeMonths('2027-11-30', '2028-02-29')).toBe('long');
    expect(threeMonths('2026-11-30', '2027-02-27')).toBe('short');
    expect(threeMonths('2026-11-30', '2027-02-28')).toBe('long');
  });

  it('an admission on 29 Feb keeps the 29th when the target month has it', () => {
    expect(longStayThresholdDate('2028-02-29', 3)).toBe('2028-05-29');
    expect(threeMonths('2028-02-29', '2028-05-28')).toBe('short');
    expect(threeMonths('2028-02-29', '2028-05-29')).toBe('long');
  });

  it('crosses a year end', () => {
    expect(threeMonths('2027-11-15', '2028-02-14')).toBe('short');
    expect(threeMonths('2027-11-15', '2028-02-15')).toBe('long');
  });
});

describe('classifyStay with an unknown expected discharge', () => {
  it('is short the day before the threshold and long on the day of it', () => {
    expect(threeMonths('2027-02-01', null, '2027-02-01')).toBe('short');
    expect(threeMonths('2027-02-01', null, '2027-04-30')).toBe('short');
    expect(threeMonths('2027-02-01', null, '2027-05-01')).toBe('long');
    expect(threeMonths('2027-02-01', null, '2027-08-01')).toBe('long');
  });

  it('follows the clamped threshold from 31 Jan', () => {
    expect(threeMonths('2027-01-31', null, '2027-04-29')).toBe('short');
    expect(threeMonths('2027-01-31', null, '2027-04-30')).toBe('long');
  });
});

describe('classifyStay with a configured threshold', () => {
  const twoMonths = (expectedDischargeOn: string | null, today = '2027-02-01') =>
    classifyStay({ admittedOn: '2027-02-01', expectedDischargeOn, today, thresholdMonths: 2 });

  it('honours two months for a known discharge', () => {
    expect(twoMonths('2027-03-31')).toBe('short');
    expect(twoMonths('2027-04-01')).toBe('long');
    expect(threeMonths('2027-02-01', '2027-04-01')).toBe('short');
  });

  it('honours two months for an unknown discharge', () => {
    expect(twoMonths(null, '2027-03-31')).toBe('short');
    expect(twoMonths(null, '2027-04-01')).toBe('long');
  });

  it('honours six months', () => {
    const sixMonths = (expectedDischargeOn: string) =>
      classifyStay({ admittedOn: '2027-02-01', expectedDischargeOn, today: '2027-02-01', thresholdMonths: 6 });
    expect(sixMonths('2027-07-31')).toBe('short');
    expect(sixMonths('2027-08-01')).toBe('long');
  });
});

describe('classifyStay input checks', () => {
  it('refuses a threshold that is not a whole number of months >= 1', () => {
    for (const thresholdMonths of [0, -1, 1.5, Number.NaN]) {
      expect(() => classifyStay({ admittedOn: '2027-02-01', expectedDischargeOn: null, today: '2027-02-01', thresholdMonths })).toThrow(
        RangeError,
      );
    }
  });

  it('refuses a date that is not YYYY-MM-DD or does not exist', () => {
    for (const bad of ['2027-02-30', '2027-2-1', '2027-02-01T00:00:00Z', '']) {
      expect(() => threeMonths(bad, null)).toThrow(/admittedOn/);
      expect(() => threeMonths('2027-02-01', bad)).toThrow(/expectedDischargeOn/);
    }
  });
});

describe('plannedModulesFor', () => {
  const edition = { modules: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], core: [7, 2, 5, 4] };

  it('plans the core set for a short stay, ascending', () => {
    expect(plannedModulesFor('short', edition)).toEqual([2, 4, 5, 7]);
  });

  it('plans the whole program for a long stay', () => {
    expect(plannedModulesFor('long', edition)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('follows a ward-configured edition and core set', () => {
    expect(plannedModulesFor('short', { modules: [1, 2, 3, 4, 5], core: [3, 3, 1] })).toEqual([1, 3]);
    expect(plannedModulesFor('long', { modules: [5, 1, 3], core: [3] })).toEqual([1, 3, 5]);
  });

  it('reports a core module missing from the edition', () => {
    expect(() => plannedModulesFor('short', { modules: [1, 2, 3], core: [2, 12] })).toThrow(/12/);
  });

  it('does not hand out the edition arrays themselves', () => {
    const planned = plannedModulesFor('long', edition);
    planned.push(99);
    expect(edition.modules).toHaveLength(11);
  });
});
