import { DateTime } from 'luxon';
import { addDays, daysBetween, isValidDate, isValidZone, localDate, toWardInstant } from './time';

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
    }
  });
  it('keeps milliseconds when there are some', () => {
    expect(toWardInstant('2027-03-29T08:00:00.250Z', 'Europe/Oslo')).toBe('2027-03-29T10:00:00.250+02:00');
  });
});
