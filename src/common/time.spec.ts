import { DateTime } from 'luxon';
import { addDays, daysBetween, isValidDate, isValidZone, localDate, toWardInstant, wardClock } from './time';

describe('time helpers', () => {
  it('validates dates and zones', () => {
    expect(isValidDate('2027-02-28')).toBe(true);
    expect(isValidDate('2027-02-29')).toBe(false);
    expect(isValidDate('2027-2-1')).toBe(false);
    expect(isValidZone('Europe/Oslo')).toBe(true);
    expect(isValidZone('Mars/Olympus')).toBe(false);
  });

  it('renders instants with the ward offset on both sides of the spring change', () => {
    expect(toWardInstant('2027-03-26T09:00:00.000Z', 'Europe/Oslo')).toBe('2027-03-26T10:00:00+01:00');
    expect(toWardInstant('2027-03-29T08:00:00.000Z', 'Europe/Oslo')).toBe('2027-03-29T10:00:00+02:00');
  });

  it('finds the ward-local day and counts days', () => {
    expect(localDate('2027-03-28T22:30:00.000Z', 'Europe/Oslo')).toBe('2027-03-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(daysBetween('2027-03-27', '2027-03-29')).toBe(2);
  });
});

describe('toWardInstant agrees with luxon', () => {
  const zones = ['Europe/Oslo', 'UTC', 'Asia/Kolkata', 'America/St_Johns', 'Australia/Lord_Howe', 'Pacific/Chatham'];
  it.each(zones)('in %s across a year, including both clock changes', (zone) => {
    for (let ms = Date.UTC(2027, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 3_600_000 * 7 + 61_000) {
      const iso = new Date(ms).toISOString();
      const expected = DateTime.fromISO(iso, { zone: 'UTC' }).setZone(zone).toISO({ suppressMilliseconds: true });
      expect(toWardInstant(iso, zone)).toBe(expected);
      // Remembered: the second answer is the first.
      expect(toWardInstant(iso, zone)).toBe(expected);
    }
  });
  it('keeps milliseconds when there are some', () => {
    expect(toWardInstant('2027-03-29T08:00:00.250Z', 'Europe/Oslo')).toBe('2027-03-29T10:00:00.250+02:00');
  });
});

describe('plain date arithmetic agrees with luxon', () => {
  const luxonAdd = (d: string, n: number) => DateTime.fromISO(d, { zone: 'UTC' }).plus({ days: n }).toISODate();
  it('adds and counts days across months, leap years and centuries', () => {
    const wrong: string[] = [];
    for (let ms = Date.UTC(1899, 11, 20); ms < Date.UTC(2101, 0, 10); ms += 86_400_000 * 47) {
      const day = new Date(ms).toISOString().slice(0, 10);
      for (const n of [-400, -31, -1, 0, 1, 28, 365, 731]) {
        if (addDays(day, n) !== luxonAdd(day, n)) wrong.push(`${day} + ${n}`);
        if (daysBetween(day, luxonAdd(day, n)!) !== n) wrong.push(`${day} .. ${n}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('validates days as luxon does', () => {
    const days = [
      '2024-02-29',
      '2023-02-29',
      '2027-13-01',
      '2027-00-10',
      '2027-04-31',
      '0001-01-01',
      '9999-12-31',
      '2027-1-01',
      ' 2027-01-01',
    ];
    expect(days.filter((d) => isValidDate(d) !== (/^\d{4}-\d{2}-\d{2}$/.test(d) && DateTime.fromISO(d, { zone: 'UTC' }).isValid))).toEqual(
      [],
    );
  });

  it('finds local days as luxon does in zones with odd offsets', () => {
    const wrong: string[] = [];
    for (const zone of ['Europe/Oslo', 'Pacific/Chatham', 'America/St_Johns', 'Asia/Kathmandu']) {
      for (let ms = Date.UTC(2027, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 3_600_000 * 5 + 7_000) {
        const iso = new Date(ms).toISOString();
        if (localDate(iso, zone) !== DateTime.fromMillis(ms, { zone }).toISODate()) wrong.push(`${zone} ${iso}`);
        if (localDate(new Date(ms), zone) !== DateTime.fromMillis(ms, { zone }).toISODate()) wrong.push(`${zone} Date ${iso}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('wardClock agrees with luxon', () => {
  it('gives the local day, ISO weekday, wall time and ISO week across years and clock changes', () => {
    const wrong: string[] = [];
    for (const zone of ['Europe/Oslo', 'UTC', 'America/St_Johns', 'Australia/Lord_Howe', 'Pacific/Kiritimati']) {
      for (let ms = Date.UTC(2026, 11, 20); ms < Date.UTC(2029, 0, 10); ms += 3_600_000 * 11 + 59_000) {
        const iso = new Date(ms).toISOString();
        const dt = DateTime.fromMillis(ms, { zone });
        const expected = { date: dt.toISODate(), weekday: dt.weekday, time: dt.toFormat('HH:mm'), isoWeek: dt.toFormat("kkkk-'W'WW") };
        if (JSON.stringify(wardClock(iso, zone)) !== JSON.stringify(expected)) wrong.push(`${zone} ${iso}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
