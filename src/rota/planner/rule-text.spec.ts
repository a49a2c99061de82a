import { dateRangeText, describeBreach, type BreachWording } from './rule-text';
import type { RuleBreach } from './planner.types';

const words = (language: 'nb' | 'en'): BreachWording => ({
  language,
  name: (id) => ({ k: 'Kari', o: 'Ola' })[id] ?? id,
  booking: () => "Post 4 'Samtalegruppe' 10:00–11:00",
});

describe('rule sentences in the ward language', () => {
  it.each([
    [{ from: '2027-04-05', to: '2027-04-05' }, '5 April', '5. april'],
    [{ from: '2027-04-05', to: '2027-04-18' }, '5–18 April', '5.–18. april'],
    [{ from: '2027-03-30', to: '2027-04-02' }, '30 March–2 April', '30. mars–2. april'],
    [{ from: '2027-12-30', to: '2028-01-02' }, '30 December 2027–2 January 2028', '30. desember 2027–2. januar 2028'],
  ])('date range %j', (range, en, nb) => {
    expect(dateRangeText(range, 'en')).toBe(en);
    expect(dateRangeText(range, 'nb')).toBe(nb);
  });

  const cases: [RuleBreach, 'assigned' | 'candidate', string, string][] = [
    [
      { rule: 'absent', facilitatorId: 'k', absence: { from: '2027-03-05', to: '2027-03-18' } },
      'assigned',
      'Kari is absent 5–18 March',
      'Kari har fravær 5.–18. mars',
    ],
    [{ rule: 'absent', facilitatorId: 'k' }, 'assigned', 'Kari is absent that day', 'Kari har fravær den dagen'],
    [
      { rule: 'unavailable', facilitatorId: 'k', windows: [] },
      'assigned',
      'Kari is not available on that day',
      'Kari er ikke tilgjengelig den dagen',
    ],
    [
      { rule: 'unavailable', facilitatorId: 'k', windows: [{ weekday: 3, from: '08:00', to: '12:00' }] },
      'assigned',
      'Kari is not available at that time (available Wednesday 08:00–12:00)',
      'Kari er ikke tilgjengelig på det tidspunktet (tilgjengelig onsdag 08:00–12:00)',
    ],
    [
      { rule: 'over-cap', facilitatorId: 'o', week: { booked: 3, cap: 2 } },
      'assigned',
      'Ola is over weekly cap 3/2',
      'Ola er over ukegrensen 3/2',
    ],
    [
      { rule: 'over-cap', facilitatorId: 'o', week: { booked: 3, cap: 2 } },
      'candidate',
      'Ola is at weekly cap 2/2',
      'Ola har nådd ukegrensen 2/2',
    ],
    [
      { rule: 'clash', facilitatorId: 'o', booking: { facilitatorId: 'o', startsAt: 'a', endsAt: 'b', weekKey: 'w', sessionId: 's' } },
      'assigned',
      "Ola is in Post 4 'Samtalegruppe' 10:00–11:00",
      "Ola er satt opp på Post 4 'Samtalegruppe' 10:00–11:00",
    ],
    [{ rule: 'inactive', facilitatorId: 'o' }, 'assigned', 'Ola is deactivated', 'Ola er ikke lenger aktiv'],
    [{ rule: 'untrained-lead', facilitatorId: 'o' }, 'assigned', 'the lead Ola is not IMR-trained', 'lederen Ola er ikke IMR-utdannet'],
    [{ rule: 'understaffed', staffing: { have: 1, need: 2 } }, 'assigned', '1 of 2 facilitators assigned', '1 av 2 gruppeledere satt opp'],
  ];
  it.each(cases)('%j (%s)', (breach, view, en, nb) => {
    expect(describeBreach(breach, words('en'), view)).toBe(en);
    expect(describeBreach(breach, words('nb'), view)).toBe(nb);
  });

  it('no Norwegian sentence keeps an English word of its rule', () => {
    const english = /\b(is|absent|available|weekly|cap|booked|deactivated|pool's|trained|facilitators|assigned)\b/;
    for (const [breach, view] of cases) expect(describeBreach(breach, words('nb'), view)).not.toMatch(english);
  });
});
