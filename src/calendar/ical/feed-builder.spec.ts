import ICAL from 'ical.js';
import { renderCalendar } from './ical';
import {
  buildFacilitatorFeed,
  buildWardRota,
  FacilitatorFeedInput,
  FeedEventRecord,
  FeedSessionRow,
  sessionLocation,
  sessionSummary,
  WITHDRAWN_NOTE,
} from './feed-builder';

const OLA = { id: 'f-ola', name: 'Ola Nordmann' };
const KARI = { id: 'f-kari', name: 'Kari Nordmann' };
const PER = { id: 'f-per', name: 'Per Hansen' };
const WINDOW = { from: '2027-01-04T00:00:00.000Z', to: '2027-06-01T00:00:00.000Z' };

function session(id: string, overrides: Partial<FeedSessionRow> = {}): FeedSessionRow {
  return {
    id,
    startsAt: '2027-03-29T08:00:00.000Z',
    endsAt: '2027-03-29T08:45:00.000Z',
    status: 'scheduled',
    published: true,
    sequence: 2,
    changedAt: '2027-03-01T10:00:00.000Z',
    moduleNumber: 5,
    modulePart: 1,
    moduleParts: 2,
    moduleTitle: 'Coping With Stress',
    language: 'en',
    groupName: 'Morning group',
    wardName: 'Sengepost Ø',
    room: 'Group room 2',
    facilitators: [
      { ...OLA, role: 'lead' },
      { ...KARI, role: 'co' },
    ],
    ...overrides,
  };
}

function feedOf(sessions: FeedSessionRow[], records: FeedEventRecord[] = [], facilitator = OLA) {
  const input: FacilitatorFeedInput = { facilitator, window: WINDOW, sessions, records, refreshMinutes: 60, language: 'en' };
  return buildFacilitatorFeed(input);
}

function parsed(text: string): ICAL.Event[] {
  return new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe('sessionSummary and sessionLocation', () => {
  it('name the module, its part, the group, the ward and the room', () => {
    expect(sessionSummary(session('s1'))).toBe('IMR: Coping With Stress (part 1 of 2) – Morning group');
    expect(sessionSummary(session('s1', { moduleParts: 1 }))).toBe('IMR: Coping With Stress – Morning group');
    expect(sessionLocation(session('s1'))).toBe('Sengepost Ø, Group room 2');
    expect(sessionLocation(session('s1', { room: null }))).toBe('Sengepost Ø');
  });
});

describe('buildFacilitatorFeed: what is shown', () => {
  it('shows a published session with role, co-facilitator and module part', () => {
    const { calendar, contentChangedAt, recordChanges } = feedOf([session('s1')]);
    expect(calendar.name).toBe('IMR – Ola Nordmann');
    expect(calendar.refreshMinutes).toBe(60);
    expect(calendar.events).toEqual([
      {
        uid: 's1@imr-ward-rota',
        startsAt: '2027-03-29T08:00:00.000Z',
        endsAt: '2027-03-29T08:45:00.000Z',
        sequence: 2,
        status: 'CONFIRMED',
        lastModified: '2027-03-01T10:00:00.000Z',
        summary: 'IMR: Coping With Stress (part 1 of 2) – Morning group',
        location: 'Sengepost Ø, Group room 2',
        description: 'Your role: lead\nCo-facilitator: Kari Nordmann\nModule 5, part 1 of 2',
      },
    ]);
    expect(contentChangedAt).toBe('2027-03-01T10:00:00.000Z');
    expect(recordChanges).toEqual([
      expect.objectContaining({ sessionId: 's1', state: 'shown', sequence: 2, summary: calendar.events[0].summary }),
    ]);
  });

  it('describes a co-facilitator’s view: the lead and the other co-facilitators', () => {
    const s = session('s1', {
      facilitators: [
        { ...PER, role: 'co' },
        { ...OLA, role: 'co' },
        { ...KARI, role: 'lead' },
      ],
    });
    expect(feedOf([s]).calendar.events[0].description).toBe(
      'Your role: co-facilitator\nLead: Kari Nordmann\nOther co-facilitator: Per Hansen\nModule 5, part 1 of 2',
    );
    const alone = session('s2', { facilitators: [{ ...OLA, role: 'lead' }], moduleParts: 1 });
    expect(feedOf([alone]).calendar.events[0].description).toBe('Your role: lead\nCo-facilitator: none assigned yet\nModule 5');
  });

  it('leaves out unpublished sessions, sessions of others and sessions outside the window', () => {
    const { calendar, contentChangedAt } = feedOf([
      session('draft', { published: false }),
      session('others', { facilitators: [{ ...KARI, role: 'lead' }] }),
      session('old', { startsAt: '2027-01-03T23:59:59.000Z', endsAt: '2027-01-04T00:30:00.000Z' }),
      session('late', { startsAt: WINDOW.to, endsAt: '2027-06-01T01:00:00.000Z' }),
    ]);
    expect(calendar.events).toEqual([]);
    expect(contentChangedAt).toBeNull();
  });

  it('marks a cancelled session CANCELLED at its original time, without the cancellation reason', () => {
    const [event] = feedOf([session('s1', { status: 'cancelled', sequence: 3 })]).calendar.events;
    expect(event).toMatchObject({ status: 'CANCELLED', sequence: 3, startsAt: '2027-03-29T08:00:00.000Z' });
    expect(event.summary).toBe('Cancelled: IMR: Coping With Stress (part 1 of 2) – Morning group');
    expect(event.description.split('\n')[0]).toBe('This session is cancelled.');
  });

  it('takes the latest change of any event as the content’s change time', () => {
    const { contentChangedAt } = feedOf([
      session('a', { changedAt: '2027-03-05T10:00:00.000Z' }),
      session('b', { changedAt: '2027-03-07T10:00:00.000Z', startsAt: '2027-03-30T08:00:00.000Z', endsAt: '2027-03-30T09:00:00.000Z' }),
    ]);
    expect(contentChangedAt).toBe('2027-03-07T10:00:00.000Z');
  });
});

describe('buildFacilitatorFeed: a session that leaves the facilitator', () => {
  const first = feedOf([session('s1'), session('s2', { startsAt: '2027-03-31T08:00:00.000Z', endsAt: '2027-03-31T08:45:00.000Z' })]);
  const records = first.recordChanges;
  const handedOver = session('s1', {
    sequence: 3,
    changedAt: '2027-03-10T12:00:00.000Z',
    facilitators: [
      { ...KARI, role: 'lead' },
      { ...PER, role: 'co' },
    ],
  });

  it('is served CANCELLED under the same UID with a higher SEQUENCE, other events untouched', () => {
    const second = feedOf(
      [handedOver, session('s2', { startsAt: '2027-03-31T08:00:00.000Z', endsAt: '2027-03-31T08:45:00.000Z' })],
      records,
    );
    const s1 = second.calendar.events.find((e) => e.uid === 's1@imr-ward-rota')!;
    expect(s1).toMatchObject({ status: 'CANCELLED', sequence: 3, startsAt: '2027-03-29T08:00:00.000Z', description: WITHDRAWN_NOTE });
    expect(s1.summary).toBe('Cancelled: IMR: Coping With Stress (part 1 of 2) – Morning group');
    expect(s1.lastModified).toBe('2027-03-10T12:00:00.000Z');
    expect(second.calendar.events.find((e) => e.uid === 's2@imr-ward-rota')).toEqual(
      first.calendar.events.find((e) => e.uid === 's2@imr-ward-rota'),
    );
    expect(second.recordChanges).toEqual([expect.objectContaining({ sessionId: 's1', state: 'withdrawn', sequence: 3 })]);
    expect(JSON.stringify(s1)).not.toContain('Per Hansen');
  });

  it('raises SEQUENCE even when the rota did not raise the session’s own', () => {
    const second = feedOf([{ ...handedOver, sequence: 2, changedAt: '2027-03-01T10:00:00.000Z' }], records);
    expect(second.calendar.events.find((e) => e.uid === 's1@imr-ward-rota')!.sequence).toBe(3);
  });

  it('is cancelled from the snapshot when the session row is gone, and stays byte-stable afterwards', () => {
    const gone = feedOf([], records);
    expect(gone.calendar.events.map((e) => [e.uid, e.status, e.sequence])).toEqual([
      ['s1@imr-ward-rota', 'CANCELLED', 3],
      ['s2@imr-ward-rota', 'CANCELLED', 3],
    ]);
    const recordsAfter = [...gone.recordChanges];
    const again = feedOf([], recordsAfter);
    expect(again.recordChanges).toEqual([]);
    expect(renderCalendar(again.calendar)).toBe(renderCalendar(gone.calendar));
  });

  it('comes back CONFIRMED with a SEQUENCE above the cancellation when handed back', () => {
    const withdrawn = feedOf([handedOver], records).recordChanges;
    const back = feedOf([session('s1', { sequence: 3, changedAt: '2027-03-11T12:00:00.000Z' })], withdrawn);
    expect(back.calendar.events[0]).toMatchObject({ status: 'CONFIRMED', sequence: 4, lastModified: '2027-03-11T12:00:00.000Z' });
    expect(back.recordChanges).toEqual([expect.objectContaining({ state: 'shown', sequence: 4 })]);
  });

  it('is cancelled when the session is unpublished again', () => {
    const unpublished = feedOf([session('s1', { published: false })], records);
    expect(unpublished.calendar.events.find((e) => e.uid === 's1@imr-ward-rota')).toMatchObject({ status: 'CANCELLED', sequence: 3 });
  });

  it('leaves the feed for good once its snapshot falls out of the window', () => {
    const aged = records.map((r) => ({ ...r, startsAt: '2026-12-01T08:00:00.000Z', endsAt: '2026-12-01T09:00:00.000Z' }));
    expect(feedOf([], aged).calendar.events).toEqual([]);
  });

  it('records nothing when nothing changed, so an unchanged feed writes nothing', () => {
    const second = feedOf(
      [session('s1'), session('s2', { startsAt: '2027-03-31T08:00:00.000Z', endsAt: '2027-03-31T08:45:00.000Z' })],
      records,
    );
    expect(second.recordChanges).toEqual([]);
    expect(renderCalendar(second.calendar)).toBe(renderCalendar(first.calendar));
  });
});

describe('buildWardRota', () => {
  const rota = buildWardRota({
    ward: { name: 'Sengepost Ø', language: 'en' },
    from: '2027-03-29',
    to: '2027-04-04',
    refreshMinutes: 60,
    sessions: [
      session('s1'),
      session('s2', { published: false, facilitators: [], startsAt: '2027-03-31T08:00:00.000Z', endsAt: '2027-03-31T08:45:00.000Z' }),
      session('s3', {
        status: 'cancelled',
        changedAt: '2027-03-20T08:00:00.000Z',
        startsAt: '2027-04-02T08:00:00.000Z',
        endsAt: '2027-04-02T08:45:00.000Z',
        facilitators: [
          { ...PER, role: 'co' },
          { ...KARI, role: 'co' },
          { ...OLA, role: 'lead' },
        ],
      }),
    ],
  });

  it('holds every session given, with facilitator names, drafts and cancellations marked', () => {
    expect(rota.calendar.name).toBe('IMR rota – Sengepost Ø');
    expect(rota.calendar.events.map((e) => e.description)).toEqual([
      'Lead: Ola Nordmann\nCo-facilitator: Kari Nordmann\nModule 5, part 1 of 2',
      'Draft: not yet published to the facilitators’ calendars.\nNo facilitators assigned yet\nModule 5, part 1 of 2',
      'This session is cancelled.\nLead: Ola Nordmann\nCo-facilitators: Kari Nordmann, Per Hansen\nModule 5, part 1 of 2',
    ]);
    expect(rota.calendar.events.map((e) => e.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'CANCELLED']);
    expect(rota.contentChangedAt).toBe('2027-03-20T08:00:00.000Z');
  });

  it('renders to a calendar ical.js reads back with the same UIDs and instants', () => {
    const events = parsed(renderCalendar(rota.calendar));
    expect(events.map((e) => e.uid)).toEqual(['s1@imr-ward-rota', 's2@imr-ward-rota', 's3@imr-ward-rota']);
    expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual([
      '2027-03-29T08:00:00.000Z',
      '2027-03-31T08:00:00.000Z',
      '2027-04-02T08:00:00.000Z',
    ]);
  });
});
