import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { unfoldContentLines } from './ical-fold';
import { type CalendarEvent, type CalendarInput, DEFAULT_PROD_ID, renderCalendar, sessionEventUid } from './ical';

const NORWEGIAN = 'Ærlig øving på å håndtere stress';

/** 10:00 Oslo wall time on a date, as the rota core would hand it over (UTC ISO instant). */
function osloTen(date: string): string {
  return DateTime.fromISO(`${date}T10:00`, { zone: 'Europe/Oslo' }).toUTC().toISO()!;
}

function plusMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

function sessionEvent(id: number, startsAt: string, overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    uid: sessionEventUid(id),
    startsAt,
    endsAt: plusMinutes(startsAt, 45),
    sequence: 0,
    status: 'CONFIRMED',
    lastModified: '2027-02-01T09:30:00.000Z',
    summary: 'IMR: Coping With Stress (part 1 of 2) – Open group',
    location: 'Ward 3 – Group room 2',
    description: 'Your role: lead\nCo-facilitator: Kari Nordmann\nModule 5, part 1 of 2',
    ...overrides,
  };
}

const DST_DATES = ['2027-03-26', '2027-03-29', '2027-10-29', '2027-11-01'];

function feed(events: CalendarEvent[], overrides: Partial<CalendarInput> = {}): CalendarInput {
  return { name: 'IMR – Ola Nordmann', description: 'Published IMR sessions', refreshMinutes: 15, events, ...overrides };
}

function parse(text: string): { calendar: ICAL.Component; events: ICAL.Event[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return { calendar, events: calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent)) };
}

function veventBlock(text: string, uid: string): string {
  const blocks = text.split('BEGIN:VEVENT\r\n').slice(1);
  const block = blocks.find((b) => b.startsWith(`UID:${uid}\r\n`));
  if (!block) throw new Error(`no VEVENT with UID ${uid}`);
  return block.slice(0, block.indexOf('END:VEVENT\r\n'));
}

describe('renderCalendar: instants', () => {
  const events = DST_DATES.map((date, i) => sessionEvent(i + 1, osloTen(date)));
  const { events: parsed } = parse(renderCalendar(feed(events)));

  it('hands over the expected UTC instants around both daylight-saving changes', () => {
    expect(events.map((e) => e.startsAt)).toEqual([
      '2027-03-26T09:00:00.000Z',
      '2027-03-29T08:00:00.000Z',
      '2027-10-29T08:00:00.000Z',
      '2027-11-01T09:00:00.000Z',
    ]);
  });

  it('parses back (ical.js) to exactly the input start and end instants, in UTC, never floating', () => {
    expect(parsed.map((e) => e.startDate.toJSDate().toISOString())).toEqual(events.map((e) => e.startsAt));
    expect(parsed.map((e) => e.endDate.toJSDate().toISOString())).toEqual(events.map((e) => e.endsAt));
    for (const e of parsed) {
      expect(e.startDate.zone.tzid).toBe('UTC');
      expect(e.endDate.zone.tzid).toBe('UTC');
    }
  });

  it('writes every date-time as UTC with a Z suffix', () => {
    const text = renderCalendar(feed(events));
    const stamped = unfoldContentLines(text).filter((l) => /^(DTSTART|DTEND|DTSTAMP|LAST-MODIFIED)[:;]/.test(l));
    expect(stamped).toHaveLength(events.length * 4);
    for (const line of stamped) expect(line).toMatch(/^[A-Z-]+:\d{8}T\d{6}Z$/);
    expect(text).not.toContain('TZID');
  });

  it('accepts instants with an explicit offset and converts them to UTC', () => {
    const text = renderCalendar(feed([sessionEvent(1, '2027-03-29T10:00:00+02:00')]));
    expect(parse(text).events[0].startDate.toJSDate().toISOString()).toBe('2027-03-29T08:00:00.000Z');
  });
});

describe('renderCalendar: event identity and status', () => {
  const input = feed([
    sessionEvent(7, osloTen('2027-03-29'), { sequence: 3, status: 'CANCELLED', lastModified: '2027-03-20T14:15:16.789Z' }),
    sessionEvent(8, osloTen('2027-03-26'), { sequence: 0, url: 'https://rota.example.org/sessions/8' }),
  ]);
  const { events } = parse(renderCalendar(input));

  it('sorts by start and carries UID, SEQUENCE and STATUS through', () => {
    expect(events.map((e) => e.uid)).toEqual(['8@imr-ward-rota', '7@imr-ward-rota']);
    expect(events.map((e) => e.sequence)).toEqual([0, 3]);
    expect(events.map((e) => e.component.getFirstPropertyValue('status'))).toEqual(['CONFIRMED', 'CANCELLED']);
  });

  it('keeps a cancelled session at its original time', () => {
    expect(events[1].startDate.toJSDate().toISOString()).toBe('2027-03-29T08:00:00.000Z');
  });

  it('derives DTSTAMP and LAST-MODIFIED from lastModified (to the second), not the clock', () => {
    const stamps = (name: string) => events.map((e) => (e.component.getFirstPropertyValue(name) as ICAL.Time).toJSDate().toISOString());
    expect(stamps('dtstamp')).toEqual(['2027-02-01T09:30:00.000Z', '2027-03-20T14:15:16.000Z']);
    expect(stamps('last-modified')).toEqual(['2027-02-01T09:30:00.000Z', '2027-03-20T14:15:16.000Z']);
  });

  it('carries summary, location, description and URL', () => {
    expect(events[0].summary).toBe('IMR: Coping With Stress (part 1 of 2) – Open group');
    expect(events[0].location).toBe('Ward 3 – Group room 2');
    expect(events[0].description).toBe('Your role: lead\nCo-facilitator: Kari Nordmann\nModule 5, part 1 of 2');
    expect(events[0].component.getFirstPropertyValue('url')).toBe('https://rota.example.org/sessions/8');
    expect(events[1].component.hasProperty('url')).toBe(false);
  });

  it('re-timing, cancelling or reassigning one session changes only its own VEVENT, under the same UID', () => {
    const sessions = [1, 2, 3].map((id) => sessionEvent(id, osloTen(`2027-10-2${id + 5}`)));
    const before = renderCalendar(feed(sessions));
    const changes: Array<Partial<CalendarEvent>> = [
      { startsAt: osloTen('2027-11-01'), endsAt: plusMinutes(osloTen('2027-11-01'), 45) },
      { status: 'CANCELLED' },
      { description: 'Your role: co\nLead: Per Hansen\nModule 5, part 1 of 2' },
    ];
    for (const change of changes) {
      const after = renderCalendar(
        feed([sessions[0], { ...sessions[1], ...change, sequence: 1, lastModified: '2027-10-01T08:00:00Z' }, sessions[2]]),
      );
      const changed = parse(after).events.find((e) => e.uid === '2@imr-ward-rota')!;
      expect(changed.sequence).toBe(1);
      expect(veventBlock(after, '2@imr-ward-rota')).not.toBe(veventBlock(before, '2@imr-ward-rota'));
      for (const uid of ['1@imr-ward-rota', '3@imr-ward-rota']) {
        expect(veventBlock(after, uid)).toBe(veventBlock(before, uid));
      }
      expect(
        parse(after)
          .events.map((e) => e.uid)
          .sort(),
      ).toEqual(['1@imr-ward-rota', '2@imr-ward-rota', '3@imr-ward-rota']);
    }
  });
});

describe('renderCalendar: calendar properties', () => {
  const text = renderCalendar(feed([sessionEvent(1, osloTen('2027-03-29'))]));
  const { calendar } = parse(text);

  it('has VERSION, PRODID, NAME and X-WR-CALNAME, and no METHOD (a feed is not an iTIP message)', () => {
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe(DEFAULT_PROD_ID);
    expect(calendar.hasProperty('method')).toBe(false);
    expect(text).not.toContain('METHOD:');
    expect(calendar.getFirstPropertyValue('name')).toBe('IMR – Ola Nordmann');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('IMR – Ola Nordmann');
    expect(calendar.getFirstPropertyValue('description')).toBe('Published IMR sessions');
    expect(calendar.getFirstPropertyValue('x-wr-caldesc')).toBe('Published IMR sessions');
  });

  it('has REFRESH-INTERVAL and a matching X-PUBLISHED-TTL, once each', () => {
    const refresh = calendar.getAllProperties('refresh-interval');
    expect(refresh).toHaveLength(1);
    expect(refresh[0].type).toBe('duration');
    expect(String(refresh[0].getFirstValue())).toBe('PT15M');
    expect(text).toContain('\r\nREFRESH-INTERVAL;VALUE=DURATION:PT15M\r\n');
    expect(calendar.getAllProperties('x-published-ttl')).toHaveLength(1);
    expect(String(calendar.getFirstPropertyValue('x-published-ttl'))).toBe('PT15M');
  });

  it('takes a custom PRODID and omits the calendar description when none is given', () => {
    const text = renderCalendar(feed([], { prodId: '-//Example//Rota//EN', description: undefined, refreshMinutes: 60 }));
    const { calendar: custom } = parse(text);
    expect(custom.getFirstPropertyValue('prodid')).toBe('-//Example//Rota//EN');
    expect(custom.hasProperty('description')).toBe(false);
    expect(text).toContain('\r\nREFRESH-INTERVAL;VALUE=DURATION:PT60M\r\nX-PUBLISHED-TTL:PT60M\r\n');
  });

  it('renders an empty calendar that still parses with all calendar properties', () => {
    const text = renderCalendar(feed([]));
    const { calendar: empty, events } = parse(text);
    expect(events).toHaveLength(0);
    expect(empty.name).toBe('vcalendar');
    for (const name of ['version', 'prodid', 'name', 'x-wr-calname', 'refresh-interval', 'x-published-ttl']) {
      expect(empty.hasProperty(name)).toBe(true);
    }
    expect(text.slice(0, 40)).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text.slice(-40)).toMatch(/END:VCALENDAR\r\n$/);
  });
});

describe('renderCalendar: bytes on the wire', () => {
  const longText = Array.from({ length: 6 }, () => NORWEGIAN).join(' – ');
  const events = DST_DATES.map((date, i) =>
    sessionEvent(i + 1, osloTen(date), { summary: `IMR: ${longText}`, location: `Sengepost Ø, ${NORWEGIAN}`, description: longText }),
  );
  const text = renderCalendar(feed(events, { name: `Øvingsgruppe ${NORWEGIAN}`, description: longText }));

  it('folds every physical line to at most 75 octets and ends each with CRLF', () => {
    expect(text.slice(-20)).toMatch(/\r\n$/);
    const physical = text.split('\r\n').slice(0, -1);
    expect(physical).toContainEqual(expect.stringMatching(/^ /));
    for (const line of physical) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(line).not.toMatch(/[\r\n]/);
      expect(line).not.toMatch(/\uFFFD/);
    }
  });

  it('unfolds (ical.js) to the original Norwegian text', () => {
    const { calendar, events: parsed } = parse(text);
    expect(calendar.getFirstPropertyValue('name')).toBe(`Øvingsgruppe ${NORWEGIAN}`);
    expect(calendar.getFirstPropertyValue('description')).toBe(longText);
    for (const e of parsed) {
      expect(e.summary).toBe(`IMR: ${longText}`);
      expect(e.location).toBe(`Sengepost Ø, ${NORWEGIAN}`);
      expect(e.description).toBe(longText);
    }
  });

  it('is byte-identical on repeat renders and whatever the input order', () => {
    const again = renderCalendar(feed([...events].reverse(), { name: `Øvingsgruppe ${NORWEGIAN}`, description: longText }));
    expect(Buffer.compare(Buffer.from(again), Buffer.from(text))).toBe(0);
    expect(renderCalendar(feed(events, { name: `Øvingsgruppe ${NORWEGIAN}`, description: longText }))).toBe(text);
  });

  it('orders sessions at the same instant by UID', () => {
    const start = osloTen('2027-03-29');
    const out = renderCalendar(feed([sessionEvent(20, start), sessionEvent(10, start), sessionEvent(3, plusMinutes(start, -60))]));
    expect(parse(out).events.map((e) => e.uid)).toEqual(['3@imr-ward-rota', '10@imr-ward-rota', '20@imr-ward-rota']);
  });

  it('escapes comma, semicolon, backslash and newline per RFC 5545 and parses them back', () => {
    const tricky = 'Stress, coping; part 1\\2\r\nline two\nline three';
    const out = renderCalendar(
      feed([sessionEvent(1, osloTen('2027-03-29'), { summary: tricky, location: 'Ward A; room 1, east', description: tricky })], {
        name: 'Rota, ward A; east',
      }),
    );
    const lines = unfoldContentLines(out);
    expect(lines).toContain('SUMMARY:Stress\\, coping\\; part 1\\\\2\\nline two\\nline three');
    expect(lines).toContain('LOCATION:Ward A\\; room 1\\, east');
    expect(lines).toContain('NAME:Rota\\, ward A\\; east');
    expect(lines).toContain('X-WR-CALNAME:Rota\\, ward A\\; east');
    const { calendar, events: parsed } = parse(out);
    expect(parsed[0].summary).toBe('Stress, coping; part 1\\2\nline two\nline three');
    expect(parsed[0].location).toBe('Ward A; room 1, east');
    // ical.js hands properties it has no type for (NAME, X-*) over still escaped.
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Rota\\, ward A\\; east');
  });

  it('drops control characters that iCalendar TEXT may not hold', () => {
    const out = renderCalendar(feed([sessionEvent(1, osloTen('2027-03-29'), { summary: 'A\u0000B\u0007C\rD\u007F' })]));
    expect(unfoldContentLines(out)).toContain('SUMMARY:ABC\\nD');
  });
});

describe('renderCalendar: rejects input it cannot render faithfully', () => {
  const start = osloTen('2027-03-29');
  it.each<[string, CalendarInput]>([
    ['an instant without a zone (would depend on the process TZ)', feed([sessionEvent(1, '2027-03-29T10:00:00')])],
    ['a date without a time', feed([sessionEvent(1, '2027-03-29')])],
    ['an end before the start', feed([sessionEvent(1, start, { endsAt: plusMinutes(start, -5) })])],
    ['a duplicate UID', feed([sessionEvent(1, start), sessionEvent(1, plusMinutes(start, 60))])],
    ['a UID with a comma', feed([sessionEvent(1, start, { uid: 'a,b@imr-ward-rota' })])],
    ['a negative sequence', feed([sessionEvent(1, start, { sequence: -1 })])],
    ['a fractional refresh interval', feed([], { refreshMinutes: 1.5 })],
    ['a zero refresh interval', feed([], { refreshMinutes: 0 })],
    ['an empty name', feed([], { name: '  ' })],
    ['a URL ics rejects', feed([sessionEvent(1, start, { url: 'not a url' })])],
  ])('throws for %s', (_label, input) => {
    expect(() => renderCalendar(input)).toThrow();
  });
});
