/**
 * A session recorded as not held (issue 13's outcomes) shows in calendars as not having taken place:
 * a CANCELLED event with its own words in the ward's language and a higher SEQUENCE, in each
 * facilitator's feed and in the ward's rota.ics; undone, it is confirmed again. The reason given for
 * it (free text) never reaches a calendar.
 */
import {
  apiSessions,
  expectChangesCarryHigherSequence,
  fetchFeed,
  parseCalendar,
  RotaFixture,
  setUpRota,
  uidOf,
} from './calendar.e2e-support';
import { startTestApp, TestApp } from './support/test-app';

describe('calendars show a session that did not take place (e2e)', () => {
  let t: TestApp;
  let fx: RotaFixture;

  beforeAll(async () => {
    // Monday 1 March 2027, 09:00 in Oslo: the day's 10:00 session has not begun.
    t = await startTestApp({ now: '2027-03-01T08:00:00.000Z' });
    fx = await setUpRota(t, { from: '2027-03-01', to: '2027-03-26', publishTo: '2027-03-26' });
  });
  afterAll(() => t.close());

  const wardRota = async () => {
    const res = await t.http().get(`/api/wards/${fx.wardId}/rota.ics?from=2027-03-01&to=2027-03-05`).set(fx.coordinator);
    expect(res.status).toBe(200);
    return parseCalendar(res.text);
  };

  it('strikes it as not held, in Norwegian on an Oslo ward, and confirms it again when undone', async () => {
    const [monday] = await apiSessions(t, fx, '2027-03-01', '2027-03-01');
    const person = monday.facilitators[0].id;
    const feed = Object.entries(fx.people)
      .map(([name, id]) => [id, fx.feeds[name as keyof RotaFixture['feeds']]])
      .find(([id]) => id === person)![1];
    const uid = uidOf(monday.id);
    const before = await fetchFeed(t, feed);
    expect(before.events.get(uid)).toMatchObject({ status: 'CONFIRMED' });

    t.clock.set('2027-03-01T12:00:00.000Z');
    const recorded = await t
      .http()
      .put(`/api/sessions/${monday.id}/outcome`)
      .set(fx.coordinator)
      .send({ held: false, reason: 'Stormen stengte avdelingen' });
    expect(recorded.status).toBe(200);
    expect(recorded.body.status).toBe('not-held');

    const after = await fetchFeed(t, feed);
    const struck = after.events.get(uid)!;
    expect(struck.status).toBe('CANCELLED');
    expect(struck.summary.startsWith('Ikke holdt: ')).toBe(true);
    expect(struck.description).toContain('Denne samlingen ble ikke holdt.');
    expect(struck.sequence).toBeGreaterThan(before.events.get(uid)!.sequence);
    expectChangesCarryHigherSequence(before, after);
    expect(after.text).not.toContain('Stormen');
    const ward = (await wardRota()).events.get(uid)!;
    expect([ward.status, ward.summary.startsWith('Ikke holdt: ')]).toEqual(['CANCELLED', true]);

    const undone = await t.http().put(`/api/sessions/${monday.id}/outcome`).set(fx.coordinator).send({ held: true });
    expect(undone.status).toBe(200);
    const again = await fetchFeed(t, feed);
    const confirmed = again.events.get(uid)!;
    expect([confirmed.status, confirmed.summary]).toEqual(['CONFIRMED', before.events.get(uid)!.summary]);
    expect(confirmed.sequence).toBeGreaterThan(struck.sequence);
    expect((await wardRota()).events.get(uid)!.status).toBe('CONFIRMED');
  });
});
