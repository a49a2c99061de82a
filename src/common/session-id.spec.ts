import { SESSION_ID_NAMESPACE, sessionIdFor, uuidV5 } from './session-id';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

describe('uuidV5', () => {
  it('matches the reference value from Python uuid.uuid5(NAMESPACE_DNS, "python.org")', () => {
    expect(uuidV5('python.org', DNS_NAMESPACE)).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(RangeError);
  });
});

describe('sessionIdFor', () => {
  it('is the v5 UUID of "groupId/date" under our namespace (checked against Python uuid.uuid5)', () => {
    expect(uuidV5('g-1/2027-03-29', SESSION_ID_NAMESPACE)).toBe('f5336c56-cdfe-5157-a932-283b4888ba0a');
    expect(sessionIdFor('g-1', '2027-03-29')).toBe('f5336c56-cdfe-5157-a932-283b4888ba0a');
  });

  it('is stable across calls', () => {
    const groupId = '0b6f6a4e-2f4b-4c39-9a57-5d6a0c1e9b21';
    expect(sessionIdFor(groupId, '2027-10-31')).toBe(sessionIdFor(groupId, '2027-10-31'));
  });

  it('has the UUID shape with version nibble 5 and variant 10xx', () => {
    for (const date of ['2026-01-01', '2027-03-28', '2030-12-31']) {
      const id = sessionIdFor('group-a', date);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('differs for different groups, dates, and for names that only collide without the separator', () => {
    const ids = new Set([
      sessionIdFor('group-a', '2027-03-29'),
      sessionIdFor('group-a', '2027-03-30'),
      sessionIdFor('group-b', '2027-03-29'),
      sessionIdFor('group-a2', '027-03-29'),
    ]);
    expect(ids.size).toBe(4);
  });

  it('gives distinct ids for a year of daily sessions of many groups', () => {
    const ids = new Set<string>();
    for (let g = 0; g < 20; g++) {
      for (let d = 1; d <= 365; d++) ids.add(sessionIdFor(`group-${g}`, `2027-day-${d}`));
    }
    expect(ids.size).toBe(20 * 365);
  });
});
