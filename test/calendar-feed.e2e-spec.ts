import { DateTime } from 'luxon';
import { startTestApp, TestApp } from './support/test-app';
import {
  ApiSession,
  apiSessions,
  expectChangesCarryHigherSequence,
  FetchedFeed,
  fetchFeed,
  parseCalendar,
  RotaFixture,
  setUpRota,
  uidOf,
} from './calendar.e2e-support';

type Who = 'ola' | 'kari' | 'per';
const EVERYONE: Who[] = ['ola', 'kari', 'per'];
const FROM = '2027-03-01';
const TO = '2027-11-26';
const ZONE = 'Europe/Oslo';
const localTime = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' }).setZone(ZONE).toFormat('HH:mm');

/** Subscription feeds against the API, through cancelling, re-timing, reassigning and re-planning. */
describe('calendar feeds follow the rota (e2e)', () => {
  let t: TestApp;
  let fx: RotaFixture;
  const lastModified: Record<Who, number[]> = { ola: [], kari: [], per: [] };

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-02-26T09:00:00.000Z', env: { IMR_HORIZON_WEEKS: '40', IMR_CALENDAR_RATE_LIMIT: '100000' } });
    fx = await setUpRota(t, { from: FROM, to: TO, publishTo: '2027-11-07' });
  }, 60_000);
  afterAll(() => t.close());

  async function feed(who: Who): Promise<FetchedFeed> {
    const f = await fetchFeed(t, fx.feeds[who]);
    lastModified[who].push(Date.parse(f.lastModified));
    return f;
  }

  const sessions = () => apiSessions(t, fx, FROM, TO);
  /**
   * Each change happens a minute after the previous one, so change times (and Last-Modified) can
   * rise; well inside the feed cache's TTL, so only invalidation by domain events refreshes a feed.
   */
  const aMinuteLater = () => t.clock.set(new Date(t.clock.now().getTime() + 60_000));
  const onRota = (s: ApiSession, who: Who) => s.facilitators.some((f) => f.id === fx.people[who]);

  /** The feed holds the facilitator's published sessions at the API's instants; anything else is CANCELLED. */
  function expectFeedMatchesApi(f: FetchedFeed, who: Who, all: ApiSession[]): void {
    const mine = all.filter((s) => s.published && onRota(s, who));
    for (const s of mine) {
      const e = f.events.get(uidOf(s.id));
      expect(e && { start: e.start, end: e.end, status: e.status }).toEqual({
        start: new Date(s.startsAt).toISOString(),
        end: new Date(s.endsAt).toISOString(),
        status: s.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
      });
      expect(e!.sequence).toBeGreaterThanOrEqual(s.sequence);
    }
    const mineUids = new Set(mine.map((s) => uidOf(s.id)));
    for (const [uid, e] of f.events) if (!mineUids.has(uid)) expect(`${uid} ${e.status}`).toBe(`${uid} CANCELLED`);
  }

  it('holds exactly each facilitator’s published sessions, at the API’s instants, across both DST changes', async () => {
    const all = await sessions();
    expect(all.length).toBeGreaterThan(100);
    const feeds = { ola: await feed('ola'), kari: await feed('kari'), per: await feed('per') };
    for (const who of EVERYONE) {
      expectFeedMatchesApi(feeds[who], who, all);
      expect(feeds[who].events.size).toBe(all.filter((s) => s.published && onRota(s, who)).length);
      for (const e of feeds[who].events.values()) {
        expect(localTime(e.start)).toBe('10:00');
        expect(e.summary).toMatch(/^IMR: .+ \(del [12] av 2\) – Morgengruppe$/);
        expect(e.location).toBe('Sengepost Ø, Peisestua');
        expect(e.description).toMatch(/^Din rolle: (hovedansvarlig|medleder)\n(Medleder|Hovedansvarlig): .+\nModul \d+, del [12] av 2$/);
      }
    }
    for (const s of all) {
      const holders = EVERYONE.filter((who) => feeds[who].events.has(uidOf(s.id)));
      expect(holders.length).toBe(s.published ? s.facilitators.length : 0);
    }
    expect(all).toContainEqual(expect.objectContaining({ published: false }));

    const byDate = new Map(all.map((s) => [s.date, s]));
    const expected: [string, string, string][] = [
      ['2027-03-26', '2027-03-26T10:00:00+01:00', '2027-03-26T09:00:00.000Z'],
      ['2027-03-29', '2027-03-29T10:00:00+02:00', '2027-03-29T08:00:00.000Z'],
      ['2027-10-29', '2027-10-29T10:00:00+02:00', '2027-10-29T08:00:00.000Z'],
      ['2027-11-01', '2027-11-01T10:00:00+01:00', '2027-11-01T09:00:00.000Z'],
    ];
    for (const [date, api, utc] of expected) {
      const s = byDate.get(date)!;
      expect(s.startsAt).toBe(api);
      for (const who of EVERYONE.filter((w) => onRota(s, w))) expect(feeds[who].events.get(uidOf(s.id))!.start).toBe(utc);
    }

    const { calendar } = parseCalendar(feeds.ola.text);
    expect(calendar.hasProperty('method')).toBe(false);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('IMR – Ola Nordmann');
    expect(calendar.hasProperty('refresh-interval')).toBe(true);
    const physical = feeds.ola.text.split('\r\n');
    expect(physical.pop()).toBe('');
    for (const line of physical) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(feeds.ola.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('serves an unchanged feed byte-identical, also when rebuilt after a cache drop, and answers 304', async () => {
    const first = await feed('ola');
    const again = await feed('ola');
    expect(again.text).toBe(first.text);
    // facilitator-changed drops the cached body: the rebuild must give the same bytes and headers
    expect((await t.http().patch(`/api/facilitators/${fx.people.ola}`).set(fx.coordinator).send({ name: 'Ola Nordmann' })).status).toBe(
      200,
    );
    const rebuilt = await feed('ola');
    expect(rebuilt.text).toBe(first.text);
    expect(rebuilt.etag).toBe(first.etag);
    expect(rebuilt.lastModified).toBe(first.lastModified);
    const conditional = await t.http().get(fx.feeds.ola).set('If-None-Match', first.etag);
    expect(conditional.status).toBe(304);
  });

  it('shows a colleague’s new name at once (facilitator-changed drops every feed that names them)', async () => {
    const before = await feed('ola');
    expect(before.text).toContain('Kari Nordmann');
    const rename = async (name: string) =>
      expect((await t.http().patch(`/api/facilitators/${fx.people.kari}`).set(fx.coordinator).send({ name })).status).toBe(200);
    await rename('Kari Berg');
    const after = await feed('ola');
    expect(after.text).not.toContain('Kari Nordmann');
    expect([...after.events.values()].map((e) => e.description)).toContainEqual(expect.stringMatching(/Kari Berg/));
    await rename('Kari Nordmann');
    expect((await feed('ola')).text).toBe(before.text);
  });

  it('cancelling: the same UID turns CANCELLED at its original time with a higher SEQUENCE; other UIDs stay', async () => {
    const before = await sessions();
    const target = before.find((s) => s.date >= '2027-04-05' && s.published && onRota(s, 'ola'))!;
    const holders = EVERYONE.filter((w) => onRota(target, w));
    const old = Object.fromEntries(await Promise.all(holders.map(async (w) => [w, await feed(w)] as const)));
    aMinuteLater();
    const res = await t.http().post(`/api/sessions/${target.id}/cancel`).set(fx.coordinator).send({ reason: 'Staff training day' });
    expect(res.status).toBe(200);
    const after = await sessions();
    for (const who of holders) {
      const f = await feed(who);
      const e = f.events.get(uidOf(target.id))!;
      const was = old[who].events.get(uidOf(target.id))!;
      expect({ status: e.status, start: e.start, end: e.end }).toEqual({ status: 'CANCELLED', start: was.start, end: was.end });
      expect(e.sequence).toBeGreaterThan(was.sequence);
      expect([...f.events.keys()].sort()).toEqual([...old[who].events.keys()].sort());
      expectChangesCarryHigherSequence(old[who], f);
      for (const [uid, earlier] of old[who].events) {
        if (earlier.start < was.start) expect(f.events.get(uid)!.block).toBe(earlier.block);
      }
      expectFeedMatchesApi(f, who, after);
    }
  });

  it('re-timing by a group edit: same UIDs at the API’s new instants with higher SEQUENCE, across the autumn change', async () => {
    const old = { ola: await feed('ola'), kari: await feed('kari'), per: await feed('per') };
    aMinuteLater();
    const res = await t
      .http()
      .patch(`/api/wards/${fx.wardId}/groups/${fx.groupId}`)
      .set(fx.coordinator)
      .send({ startTime: '11:00', effectiveFrom: '2027-09-01' });
    expect(res.status).toBe(200);
    const after = await sessions();
    const byDate = new Map(after.map((s) => [s.date, s]));
    expect(byDate.get('2027-10-29')!.startsAt).toBe('2027-10-29T11:00:00+02:00');
    expect(byDate.get('2027-11-01')!.startsAt).toBe('2027-11-01T11:00:00+01:00');
    for (const who of EVERYONE) {
      const f = await feed(who);
      expect([...f.events.keys()].sort()).toEqual([...old[who].events.keys()].sort());
      expectFeedMatchesApi(f, who, after);
      expectChangesCarryHigherSequence(old[who], f);
      for (const e of f.events.values()) {
        const moved = e.start >= '2027-09-01';
        expect(localTime(e.start)).toBe(moved ? '11:00' : '10:00');
        if (moved) expect(e.sequence).toBeGreaterThan(old[who].events.get(e.uid)!.sequence);
        else expect(e.block).toBe(old[who].events.get(e.uid)!.block);
      }
    }
    const oct29 = byDate.get('2027-10-29')!;
    const holder = EVERYONE.find((w) => onRota(oct29, w))!;
    expect((await feed(holder)).events.get(uidOf(oct29.id))!.start).toBe('2027-10-29T09:00:00.000Z');
  });

  it('reassigning: the facilitator who lost the session sees it CANCELLED with a higher SEQUENCE; the newcomer gets the same UID', async () => {
    const all = await sessions();
    const target = all.find((s) => s.date >= '2027-05-03' && s.published && s.status === 'scheduled' && onRota(s, 'ola'))!;
    const others = EVERYONE.filter((w) => w !== 'ola');
    const old = { ola: await feed('ola'), kari: await feed('kari'), per: await feed('per') };
    aMinuteLater();
    const put = await t
      .http()
      .put(`/api/sessions/${target.id}/facilitators`)
      .set(fx.coordinator)
      .send({ facilitatorIds: others.map((w) => fx.people[w]) });
    expect(put.status).toBe(200);
    const after = await sessions();
    const uid = uidOf(target.id);

    const ola = await feed('ola');
    const lost = ola.events.get(uid)!;
    expect({ status: lost.status, start: lost.start }).toEqual({ status: 'CANCELLED', start: old.ola.events.get(uid)!.start });
    expect(lost.sequence).toBeGreaterThan(old.ola.events.get(uid)!.sequence);
    expect(lost.description).toMatch(/står ikke lenger på denne samlingen/);
    for (const [other, e] of old.ola.events) if (other !== uid) expect(ola.events.get(other)!.block).toBe(e.block);
    expectFeedMatchesApi(ola, 'ola', after);

    const apiTarget = after.find((s) => s.id === target.id)!;
    for (const who of others) {
      const f = await feed(who);
      expect(f.events.get(uid)).toMatchObject({ status: 'CONFIRMED', sequence: apiTarget.sequence, start: lost.start });
      expectChangesCarryHigherSequence(old[who], f);
      expectFeedMatchesApi(f, who, after);
    }

    // handed back: CONFIRMED again, above the cancellation's SEQUENCE
    aMinuteLater();
    const back = await t
      .http()
      .put(`/api/sessions/${target.id}/facilitators`)
      .set(fx.coordinator)
      .send({ facilitatorIds: [fx.people.ola, fx.people.kari] });
    expect(back.status).toBe(200);
    const returned = (await feed('ola')).events.get(uid)!;
    expect(returned.status).toBe('CONFIRMED');
    expect(returned.sequence).toBeGreaterThan(lost.sequence);
  });

  it('re-planning (with rebalance) never changes UIDs, and nothing vanishes from a feed', async () => {
    const wardBefore = await t.http().get(`/api/wards/${fx.wardId}/rota.ics?from=${FROM}&to=${TO}`).set(fx.coordinator);
    const old = { ola: await feed('ola'), kari: await feed('kari'), per: await feed('per') };
    const idsBefore = (await sessions()).map((s) => s.id);
    aMinuteLater();
    const plan = await t.http().post(`/api/wards/${fx.wardId}/rota/plan`).set(fx.coordinator).send({ from: FROM, to: TO, rebalance: true });
    expect(plan.status).toBe(200);
    const after = await sessions();
    expect(after.map((s) => s.id)).toEqual(idsBefore);
    const wardAfter = await t.http().get(`/api/wards/${fx.wardId}/rota.ics?from=${FROM}&to=${TO}`).set(fx.coordinator);
    expect([...parseCalendar(wardAfter.text).events.keys()]).toEqual([...parseCalendar(wardBefore.text).events.keys()]);
    const wardUids = new Set(idsBefore.map(uidOf));
    for (const who of EVERYONE) {
      const f = await feed(who);
      expect([...old[who].events.keys()].filter((uid) => !f.events.has(uid))).toEqual([]);
      expect([...f.events.keys()].filter((uid) => !wardUids.has(uid))).toEqual([]);
      expectChangesCarryHigherSequence(old[who], f);
      expectFeedMatchesApi(f, who, after);
    }
  });

  it('sessions deleted by a schedule change stay in the feeds as CANCELLED (no ghosts)', async () => {
    const all = await sessions();
    const fridays = all.filter((s) => s.date >= '2027-10-01' && DateTime.fromISO(s.date).weekday === 5);
    expect(fridays.length).toBeGreaterThan(0);
    const old = { ola: await feed('ola'), kari: await feed('kari'), per: await feed('per') };
    aMinuteLater();
    const res = await t
      .http()
      .patch(`/api/wards/${fx.wardId}/groups/${fx.groupId}`)
      .set(fx.coordinator)
      .send({ recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE', effectiveFrom: '2027-10-01' });
    expect(res.status).toBe(200);
    const after = await sessions();
    expect(after.filter((s) => fridays.some((f) => f.id === s.id))).toEqual([]);
    for (const who of EVERYONE) {
      const f = await feed(who);
      for (const s of fridays.filter((x) => x.published && onRota(x, who))) {
        const e = f.events.get(uidOf(s.id))!;
        expect(e.status).toBe('CANCELLED');
        expect(e.start).toBe(old[who].events.get(uidOf(s.id))!.start);
        expect(e.sequence).toBeGreaterThan(old[who].events.get(uidOf(s.id))!.sequence);
      }
      expect([...old[who].events.keys()].filter((uid) => !f.events.has(uid))).toEqual([]);
      expectChangesCarryHigherSequence(old[who], f);
      expectFeedMatchesApi(f, who, after);
    }
  });

  it('never moved Last-Modified backwards', () => {
    for (const who of EVERYONE) {
      const dates = lastModified[who];
      expect(dates.length).toBeGreaterThan(4);
      for (let i = 1; i < dates.length; i++) expect(dates[i]).toBeGreaterThanOrEqual(dates[i - 1]);
      expect(dates[dates.length - 1]).toBeGreaterThan(dates[0]);
    }
  });
});
