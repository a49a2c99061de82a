import ICAL from 'ical.js';
import { bearer, TestApp } from './support/test-app';

/** One VEVENT as ical.js (an independent parser) reads it, plus its raw text for byte comparisons. */
export interface ParsedEvent {
  uid: string;
  start: string;
  end: string;
  sequence: number;
  status: string;
  summary: string;
  location: string;
  description: string;
  block: string;
}

export interface FetchedFeed {
  status: number;
  text: string;
  etag: string;
  lastModified: string;
  events: Map<string, ParsedEvent>;
}

export interface ApiSession {
  id: string;
  groupId: string;
  date: string;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'cancelled';
  published: boolean;
  sequence: number;
  module: { number: number; title: string };
  facilitators: { id: string; name: string; role: 'lead' | 'co' }[];
}

function rawBlocks(text: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const block of text.split('BEGIN:VEVENT\r\n').slice(1)) {
    const body = block.slice(0, block.indexOf('END:VEVENT\r\n'));
    const uid = /^UID:(.*)$/m.exec(body.replace(/\r\n[ \t]/g, ''))![1].trim();
    blocks.set(uid, body);
  }
  return blocks;
}

export function parseCalendar(text: string): { calendar: ICAL.Component; events: Map<string, ParsedEvent> } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const blocks = rawBlocks(text);
  const events = new Map<string, ParsedEvent>();
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    const e = new ICAL.Event(vevent);
    expect([...events.keys()]).not.toContain(e.uid);
    events.set(e.uid, {
      uid: e.uid,
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
      sequence: e.sequence,
      status: String(vevent.getFirstPropertyValue('status')),
      summary: e.summary,
      location: e.location,
      description: e.description,
      block: blocks.get(e.uid)!,
    });
  }
  expect(events.size).toBe(blocks.size);
  return { calendar, events };
}

export async function fetchFeed(t: TestApp, path: string): Promise<FetchedFeed> {
  const res = await t.http().get(path);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
  return {
    status: res.status,
    text: res.text,
    etag: res.headers['etag'],
    lastModified: res.headers['last-modified'],
    events: parseCalendar(res.text).events,
  };
}

export const uidOf = (sessionId: string) => `${sessionId}@imr-ward-rota`;
export const sessionIdOf = (uid: string) => uid.replace(/@imr-ward-rota$/, '');

/** Every event present in both feeds is either byte-identical or carries a higher SEQUENCE. */
export function expectChangesCarryHigherSequence(before: FetchedFeed, after: FetchedFeed): void {
  for (const [uid, old] of before.events) {
    const now = after.events.get(uid);
    if (!now) continue;
    if (now.block === old.block) continue;
    // The UID in the value makes a failure name the event.
    expect(`${uid} SEQUENCE ${now.sequence > old.sequence ? 'raised' : `stayed ${now.sequence}`}`).toBe(`${uid} SEQUENCE raised`);
  }
}

export interface RotaFixture {
  coordinator: Record<string, string>;
  wardId: string;
  groupId: string;
  people: { ola: string; kari: string; per: string };
  feeds: { ola: string; kari: string; per: string };
}

/** A ward in Europe/Oslo with one Mon/Wed/Fri 10:00 group, three facilitators, a planned and published rota. */
export async function setUpRota(t: TestApp, window: { from: string; to: string; publishTo: string }): Promise<RotaFixture> {
  const coordinator = bearer(await t.key('coordinator'));
  const ward = await t.http().post('/api/wards').set(coordinator).send({ code: 'FEED', name: 'Sengepost Ø', timezone: 'Europe/Oslo' });
  expect(ward.status).toBe(201);
  const wardId: string = ward.body.id;
  const person = async (name: string) => {
    const res = await t
      .http()
      .post('/api/facilitators')
      .set(coordinator)
      .send({ name, profession: 'nurse', imrTrained: true, wardIds: [wardId] });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const people = { ola: await person('Ola Nordmann'), kari: await person('Kari Nordmann'), per: await person('Per Hansen') };
  const group = await t.http().post(`/api/wards/${wardId}/groups`).set(coordinator).send({
    name: 'Morgengruppe',
    recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR',
    startTime: '10:00',
    durationMinutes: 60,
    startsOn: window.from,
    endsOn: window.to,
    curriculum: 'core',
    sessionsPerModule: 2,
    room: 'Peisestua',
  });
  expect(group.status).toBe(201);
  const plan = await t.http().post(`/api/wards/${wardId}/rota/plan`).set(coordinator).send({ from: window.from, to: window.to });
  expect(plan.status).toBe(200);
  const publish = await t
    .http()
    .post(`/api/wards/${wardId}/rota/publish`)
    .set(coordinator)
    .send({ from: window.from, to: window.publishTo });
  expect(publish.status).toBe(200);
  const link = async (id: string) => {
    const res = await t.http().post(`/api/facilitators/${id}/calendar`).set(coordinator);
    expect(res.status).toBe(201);
    return new URL(res.body.url).pathname;
  };
  const feeds = { ola: await link(people.ola), kari: await link(people.kari), per: await link(people.per) };
  return { coordinator, wardId, groupId: group.body.id, people, feeds };
}

export async function apiSessions(t: TestApp, fx: RotaFixture, from: string, to: string): Promise<ApiSession[]> {
  const res = await t.http().get(`/api/wards/${fx.wardId}/sessions?from=${from}&to=${to}`).set(fx.coordinator);
  expect(res.status).toBe(200);
  return res.body;
}
