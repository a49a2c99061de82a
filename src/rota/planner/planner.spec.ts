import { addDays, FIRST_MONDAY, makeSession, wardSessions } from '../../../test/bench/fixtures-rota';
import { planRota } from './planner';
import { hardRuleViolations } from './planner-oracle.testkit';
import type { PlannerFacilitator, PlannerInput, PlannerResult, PlannerSession } from './planner.types';

const MWF = [
  { weekday: 1, start: '10:00', minutes: 60 },
  { weekday: 3, start: '13:00', minutes: 90 },
  { weekday: 5, start: '10:00', minutes: 60 },
];

function person(id: string, opts: Partial<PlannerFacilitator> = {}): PlannerFacilitator {
  return {
    id,
    name: id.toUpperCase(),
    imrTrained: true,
    active: true,
    wardIds: ['a'],
    maxSessionsPerWeek: null,
    availability: null,
    absences: [],
    ...opts,
  };
}

function plan(sessions: PlannerSession[], facilitators: PlannerFacilitator[], extra: Partial<PlannerInput> = {}): PlannerResult {
  const input: PlannerInput = { sessions, facilitators, fixedBookings: [], bufferMinutes: 15, rebalance: false, ...extra };
  const result = planRota(input);
  expect(hardRuleViolations(input, result)).toEqual([]);
  return result;
}

const who = (r: PlannerResult, sessionId: string): string[] => r.assignments[sessionId].map((a) => a.facilitatorId).sort();
const withCurrent = (sessions: PlannerSession[], r: PlannerResult): PlannerSession[] =>
  sessions.map((s) => ({ ...s, current: r.assignments[s.id] }));
const team = ['t1', 't2', 't3', 'n1', 'n2', 'n3'].map((id) => person(id, { imrTrained: id.startsWith('t') }));

describe('planRota: fixed scenarios', () => {
  it('fills a 12-week ward, every session with a trained lead, loads even to within one', () => {
    const sessions = wardSessions('a', 12, MWF, 2);
    const r = plan(sessions, team);
    expect(r.unfilled).toEqual([]);
    for (const s of sessions) expect(r.assignments[s.id].filter((a) => a.role === 'lead')).toHaveLength(1);
    const counts = r.load.map((l) => l.sessions);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(r.fairness.maxShare).toBeCloseTo(12 / 36);
  });

  it('keeps a facilitator on leave off every session in the leave, and gives others the load', () => {
    const sessions = wardSessions('a', 4, MWF, 2);
    const leave = { from: addDays(FIRST_MONDAY, 7), to: addDays(FIRST_MONDAY, 20) };
    const r = plan(
      sessions,
      team.map((f) => (f.id === 't1' ? { ...f, absences: [leave] } : f)),
    );
    expect(r.unfilled).toEqual([]);
    const inLeave = sessions.filter((s) => s.localDate >= leave.from && s.localDate <= leave.to);
    expect(inLeave).toHaveLength(6);
    for (const s of inLeave) expect(who(r, s.id)).not.toContain('t1');
    const t1 = r.load.find((l) => l.facilitatorId === 't1');
    expect(t1?.availableSessions).toBe(6);
    expect(t1?.sessions).toBeLessThanOrEqual(Math.ceil(6 * r.fairness.maxShare));
  });

  it('never changes a locked session whose people can still work it, fills an empty one, and plans around its people', () => {
    const sessions = wardSessions('a', 2, MWF, 2);
    const lockedCurrent = [
      { facilitatorId: 'n1', role: 'co' as const },
      { facilitatorId: 't1', role: 'lead' as const },
    ];
    sessions[0] = { ...sessions[0], locked: true, current: lockedCurrent };
    sessions[1] = { ...sessions[1], locked: true, current: [] };
    const other = { ...makeSession('b-1', 'b', sessions[0].localDate, '10:30', 60, 1), wardId: 'b' };
    const facilitators = team
      .map((f) => (f.id === 't1' ? { ...f, wardIds: ['a', 'b'] } : f))
      .concat(person('b1', { wardIds: ['b'], imrTrained: false }));
    const r = plan([...sessions, other], facilitators, { rebalance: true });
    expect(r.assignments[sessions[0].id]).toEqual(lockedCurrent);
    expect(r.changed).not.toContain(sessions[0].id);
    expect(r.assignments[sessions[1].id]).toHaveLength(2);
    expect(r.changed).toContain(sessions[1].id);
    expect(r.unfilled.map((u) => u.sessionId)).toEqual(['b-1']);
    expect(r.lockedIssues).toEqual([]);
  });

  it('reports a locked assignment that breaks a rule, keeps the pinned people who may stay and replaces the rest (issue 12)', () => {
    const sessions = wardSessions('a', 1, MWF, 2);
    const current = [
      { facilitatorId: 'n1', role: 'lead' as const },
      { facilitatorId: 'n2', role: 'co' as const },
    ];
    sessions[0] = { ...sessions[0], locked: true, current };
    const r = plan(sessions, team);
    expect(r.lockedIssues).toEqual([{ sessionId: sessions[0].id, rule: 'no-trained', facilitatorId: 'n1' }]);
    const after = r.assignments[sessions[0].id];
    expect(after.map((a) => a.facilitatorId)).toContain('n1');
    expect(after.filter((a) => a.role === 'lead').map((a) => team.find((f) => f.id === a.facilitatorId)?.imrTrained)).toEqual([true]);
    expect(r.changed).toContain(sessions[0].id);
  });

  it('replaces a pinned lead who became absent and keeps the co-facilitator pinned with her (issue 12, acceptance 2)', () => {
    const sessions = wardSessions('a', 1, MWF, 2);
    const current = [
      { facilitatorId: 't1', role: 'lead' as const },
      { facilitatorId: 't2', role: 'co' as const },
    ];
    sessions[0] = { ...sessions[0], locked: true, current };
    const away = team.map((f) => (f.id === 't1' ? { ...f, absences: [{ from: sessions[0].localDate, to: sessions[0].localDate }] } : f));
    const r = plan(sessions, away);
    expect(r.lockedIssues).toEqual([expect.objectContaining({ sessionId: sessions[0].id, rule: 'absent', facilitatorId: 't1' })]);
    const after = r.assignments[sessions[0].id];
    expect(after).toHaveLength(2);
    expect(after.map((a) => a.facilitatorId)).toContain('t2');
    expect(after.map((a) => a.facilitatorId)).not.toContain('t1');
    expect(hardRuleViolations({ sessions, facilitators: away, fixedBookings: [], bufferMinutes: 15, rebalance: false }, r)).toEqual([]);
  });

  it('re-plans only the sessions a new absence hits (acceptance 3), and nothing when nothing changed', () => {
    const sessions = wardSessions('a', 12, MWF, 2);
    const first = plan(sessions, team);
    const again = plan(withCurrent(sessions, first), team);
    expect(again.changed).toEqual([]);
    expect(again.assignments).toEqual(first.assignments);
    const leave = { from: addDays(FIRST_MONDAY, 28), to: addDays(FIRST_MONDAY, 41) };
    const hit = sessions
      .filter((s) => s.localDate >= leave.from && s.localDate <= leave.to && who(first, s.id).includes('t2'))
      .map((s) => s.id);
    expect(hit.length).toBeGreaterThan(0);
    const after = plan(
      withCurrent(sessions, first),
      team.map((f) => (f.id === 't2' ? { ...f, absences: [leave] } : f)),
    );
    expect(after.unfilled).toEqual([]);
    expect(after.changed).toEqual(hit);
    for (const id of hit) expect(who(after, id)).not.toContain('t2');
  });

  it('reports an understaffed ward as unfilled with reasons (acceptance 4)', () => {
    const sessions = [
      ...wardSessions('small', 1, MWF.slice(0, 1), 3),
      ...wardSessions('novices', 1, MWF.slice(0, 1), 2),
      ...wardSessions('capped', 1, MWF, 1),
    ];
    const facilitators = [
      person('s1', { wardIds: ['small'] }),
      person('s2', { wardIds: ['small'], imrTrained: false }),
      person('v1', { wardIds: ['novices'], imrTrained: false }),
      person('v2', { wardIds: ['novices'], imrTrained: false }),
      person('c1', { wardIds: ['capped'], maxSessionsPerWeek: 1 }),
      person('c2', { wardIds: ['capped'], maxSessionsPerWeek: 1 }),
    ];
    const r = plan(sessions, facilitators);
    const reasons = Object.fromEntries(r.unfilled.map((u) => [u.sessionId.split('-')[0], u.reason]));
    expect(reasons).toEqual({ small: 'pool-too-small', novices: 'no-trained-facilitator', capped: 'all-at-cap' });
    expect(r.unfilled).toHaveLength(3);
    for (const u of r.unfilled) expect(r.assignments[u.sessionId]).toEqual([]);
    expect(r.load.map((l) => [l.facilitatorId, l.sessions])).toEqual([
      ['c1', 1],
      ['c2', 1],
      ['s1', 0],
      ['s2', 0],
      ['v1', 0],
      ['v2', 0],
    ]);
  });

  it('is deterministic, whatever the order of its input', () => {
    const sessions = wardSessions('a', 6, MWF, 2);
    const r = plan(sessions, team);
    expect(plan(sessions, team)).toEqual(r);
    expect(plan([...sessions].reverse(), [...team].reverse())).toEqual(r);
  });

  it('pairs trainees only with a trained lead, and leaves a one-person session to the trained', () => {
    const sessions = [
      ...wardSessions('a', 4, MWF, 2),
      ...wardSessions('a', 2, [{ weekday: 2, start: '09:00', minutes: 60 }], 1).map((s) => ({ ...s, id: `solo-${s.id}` })),
    ];
    const r = plan(sessions, team);
    const trained = new Set(['t1', 't2', 't3']);
    for (const s of sessions) {
      const lead = r.assignments[s.id].find((a) => a.role === 'lead');
      expect(trained.has(lead?.facilitatorId ?? '')).toBe(true);
    }
    expect(r.unfilled).toEqual([]);
  });

  it('respects availability windows and rotates leads and pairs', () => {
    const sessions = wardSessions('a', 6, MWF, 2);
    const mornings = [1, 3, 5].map((weekday) => ({ weekday, from: '08:00', to: '12:00' }));
    const facilitators = [
      ...team,
      person('m1', { availability: mornings }),
      person('m2', { availability: [{ weekday: 3, from: '12:00', to: '14:00' }] }),
    ];
    const r = plan(sessions, facilitators);
    for (const s of sessions) {
      if (s.localStart !== '10:00') expect(who(r, s.id)).not.toContain('m1');
      if (s.localWeekday !== 3) expect(who(r, s.id)).not.toContain('m2');
    }
    expect(r.load.find((l) => l.facilitatorId === 'm2')?.availableSessions).toBe(0);
    const leads = r.load.filter((l) => ['t1', 't2', 't3'].includes(l.facilitatorId)).map((l) => l.leads);
    expect(Math.max(...leads) - Math.min(...leads)).toBeLessThanOrEqual(1);
    const pairs = new Set(sessions.map((s) => who(r, s.id).join('+')));
    expect(pairs.size).toBeGreaterThanOrEqual(6);
  });

  it('holds the weekly cap, counting bookings outside the plan', () => {
    const sessions = wardSessions('a', 2, MWF, 1);
    const outside = makeSession('elsewhere', 'z', addDays(FIRST_MONDAY, 1), '09:00', 60, 1);
    const facilitators = [person('t1', { maxSessionsPerWeek: 1 }), person('t2', { maxSessionsPerWeek: 2 })];
    const r = plan(sessions, facilitators, {
      fixedBookings: [{ facilitatorId: 't1', startsAt: outside.startsAt, endsAt: outside.endsAt, weekKey: outside.weekKey }],
    });
    const weekOne = sessions.filter((s) => s.weekKey === outside.weekKey);
    expect(weekOne.flatMap((s) => who(r, s.id))).not.toContain('t1');
    expect(r.unfilled).toHaveLength(1);
    expect(r.unfilled[0].reason).toBe('all-at-cap');
    expect(weekOne.map((s) => s.id)).toContain(r.unfilled[0].sessionId);
  });

  it('never puts a shared person in two wards at once, buffer included', () => {
    const date = addDays(FIRST_MONDAY, 0);
    const sessions = [makeSession('a-1', 'a', date, '10:00', 60, 1), makeSession('b-1', 'b', date, '11:10', 60, 1)];
    const shared = [person('x', { wardIds: ['a', 'b'] })];
    const tight = plan(sessions, shared, { bufferMinutes: 15 });
    expect(tight.unfilled).toHaveLength(1);
    const loose = plan(sessions, shared, { bufferMinutes: 10 });
    expect(loose.unfilled).toEqual([]);
    expect(who(loose, 'a-1')).toEqual(['x']);
    expect(who(loose, 'b-1')).toEqual(['x']);
  });

  it('with rebalance, ignores current assignments; without, keeps the valid part of them', () => {
    const sessions = wardSessions('a', 2, MWF, 2);
    const stacked = sessions.map((s) => ({
      ...s,
      current: [
        { facilitatorId: 't1', role: 'lead' as const },
        { facilitatorId: 'n1', role: 'co' as const },
      ],
    }));
    const kept = plan(stacked, team);
    expect(kept.changed).toEqual([]);
    const rebalanced = plan(stacked, team, { rebalance: true });
    expect(rebalanced.load.find((l) => l.facilitatorId === 't1')?.sessions).toBe(2);
    const broken = stacked.map((s, i) =>
      i === 0
        ? {
            ...s,
            current: [
              { facilitatorId: 'gone', role: 'lead' as const },
              { facilitatorId: 'n1', role: 'co' as const },
            ],
          }
        : s,
    );
    const repaired = plan(broken, team);
    expect(repaired.changed).toEqual([sessions[0].id]);
    expect(who(repaired, sessions[0].id)).toContain('n1');
  });
});
