import { BoardRequestContext } from '../board-context';
import { SessionView } from '../board-types';
import { DICTIONARIES, formatDay, formatTime, Lang } from '../i18n';
import { boardEn as en } from '../../common/i18n/board-en';
import { boardNb as nb } from '../../common/i18n/board-nb';
import { weekOf } from '../week';
import { cardStates, sessionCard } from './card';
import { escapeHtml } from './html';
import { signInPage } from './layout';
import { weekPage } from './week.view';

const ctx = (lang: Lang = 'nb'): BoardRequestContext => ({
  base: '/imr',
  lang,
  t: DICTIONARIES[lang],
  role: 'coordinator',
  facilitatorId: null,
  idleMinutes: 30,
  auth: { keyId: 'k', role: 'coordinator', wardIds: null, facilitatorId: null },
  chosenLang: null,
});

const session = (over: Partial<SessionView> = {}): SessionView => ({
  id: '0c1b348f-c87e-5a8d-a68f-d2cd6d25963c',
  groupId: 'g',
  groupName: 'IMR formiddag',
  wardId: 'w',
  date: '2027-03-28',
  startsAt: '2027-03-28T10:00:00+02:00',
  endsAt: '2027-03-28T11:00:00+02:00',
  module: { number: 5, title: 'Mestre stress' },
  part: 1,
  parts: 2,
  room: 'Peisestua',
  capacity: 8,
  facilitatorsPerSession: 2,
  facilitators: [{ id: 'a', name: 'Kari', role: 'lead' }],
  status: 'scheduled',
  cancelReason: null,
  locked: false,
  published: true,
  ...over,
});

describe('board views (no browser)', () => {
  it('has every string in both languages, none empty', () => {
    expect(Object.keys(nb).sort()).toEqual(Object.keys(en).sort());
    expect(Object.entries(nb).filter(([, v]) => !v.trim())).toEqual([]);
    expect(Object.entries(en).filter(([, v]) => !v.trim())).toEqual([]);
  });

  it('reads ward-local times from the instant itself, so both sides of the clock change show 10:00', () => {
    expect([formatTime('2027-03-27T10:00:00+01:00', 'nb'), formatTime('2027-03-28T10:00:00+02:00', 'nb')]).toEqual([
      'kl. 10:00',
      'kl. 10:00',
    ]);
    expect(formatTime('2027-10-31T10:00:00+01:00', 'en')).toBe('10:00');
    expect([formatDay('2027-03-28', 'nb'), formatDay('2027-03-28', 'en')]).toEqual(['søn. 28. mars', 'Sun 28 Mar']);
  });

  it('names every state in words, with its reason: unfilled, conflict, locked, unpublished, cancelled, not held', () => {
    const c = ctx('en');
    const states = cardStates(c, session({ locked: true, published: false }), 'all-at-cap', [
      { facilitatorId: 'a', rule: 'absent', detail: 'Kari is on leave 2027-03-28' },
      { rule: 'understaffed', detail: '1 of 2' },
    ]);
    expect(states).toEqual([
      { key: 'unfilled', detail: 'everyone free is at their weekly cap; too few facilitators: 1 of 2 (1 of 2 facilitators)' },
      { key: 'conflict', detail: 'on leave: Kari is on leave 2027-03-28' },
      { key: 'locked', detail: null },
      { key: 'unpublished', detail: null },
    ]);
    expect(cardStates(c, session({ status: 'cancelled', cancelReason: 'Outing' }), undefined, [])).toEqual([
      { key: 'cancelled', detail: 'Outing' },
    ]);
    expect(cardStates(c, session({ status: 'not-held', outcome: { held: false, reason: 'Fire drill' } }), undefined, [])).toEqual([
      { key: 'notHeld', detail: 'Fire drill' },
    ]);
  });

  it('renders a card with time, group, module number and title, room, lead and co, under the mount prefix', () => {
    const card = String(sessionCard(ctx(), session(), undefined, [], '/imr/board/week'));
    expect(card).toContain('<time datetime="2027-03-28T10:00:00+02:00">kl. 10:00</time>');
    expect(card).toContain('Modul 5</span> Mestre stress');
    expect(card).toContain('(del 1 av 2)');
    expect(card).toContain('Rom: Peisestua');
    expect(card).toContain('<dt>Leder</dt><dd>Kari</dd><dt>Medleder</dt><dd><em>ingen ennå</em></dd>');
    expect(card).toContain('href="/imr/board/sessions/0c1b348f-c87e-5a8d-a68f-d2cd6d25963c?back=%2Fimr%2Fboard%2Fweek"');
    expect(card).toContain('Ikke bemannet</strong>: <span class="state-detail">1 av 2 gruppeledere</span>');
  });

  it('escapes everything the API gives it', () => {
    const card = String(
      sessionCard(ctx(), session({ groupName: '<script>alert(1)</script>', room: '" onmouseover="x' }), undefined, [], '/b'),
    );
    expect(card).not.toContain('<script>');
    expect(card).toContain(escapeHtml('<script>alert(1)</script>'));
    expect(card).not.toContain('" onmouseover="x');
  });

  it('lays out a week Monday to Sunday with a row per ward, and a sign-in page with a labelled key field', () => {
    const ward = { id: 'w', code: 'P3', name: 'Post 3', timezone: 'Europe/Oslo' };
    const page = String(
      weekPage(ctx(), {
        wards: [ward],
        selected: 'w',
        window: weekOf('2027-03-24'),
        rows: [{ ward, sessions: [session()] }],
        unfilled: new Map(),
        conflicts: new Map(),
        today: '2027-03-24',
      }),
    );
    expect(page).toContain('<h1 id="week-title">Post 3: uke 12, 2027</h1>');
    expect((page.match(/<th scope="col"/g) ?? []).length).toBe(8);
    expect(page).toContain('aria-current="date">ons. 24. mars</th>');
    const signIn = String(signInPage(ctx(), null));
    expect(signIn).toContain('<label for="key">Tilgangsnøkkel</label>');
    expect(signIn).toContain('type="password"');
  });
});
