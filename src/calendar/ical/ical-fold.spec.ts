import fc from 'fast-check';
import { foldContentLine, MAX_LINE_OCTETS, serializeContentLines, unfoldContentLines } from './ical-fold';

const octets = (s: string): number => Buffer.byteLength(s, 'utf8');
const physicalLines = (folded: string): string[] => folded.split('\r\n');

describe('foldContentLine', () => {
  it('leaves a line of exactly 75 octets alone', () => {
    const line = 'X'.repeat(75);
    expect(foldContentLine(line)).toBe(line);
  });

  it('folds ASCII at 75 octets, then 74 plus the leading space', () => {
    const line = 'A'.repeat(75) + 'B'.repeat(74) + 'C';
    expect(physicalLines(foldContentLine(line))).toEqual(['A'.repeat(75), ' ' + 'B'.repeat(74), ' C']);
  });

  it('moves a two-octet character whole to the next line instead of splitting it', () => {
    const line = 'S'.repeat(74) + 'æ' + 'tail';
    const [first, second] = physicalLines(foldContentLine(line));
    expect(first).toBe('S'.repeat(74));
    expect(octets(first)).toBe(74);
    expect(second).toBe(' ætail');
  });

  it('never splits three- and four-octet characters', () => {
    const line = 'SUMMARY:' + '–€😀å'.repeat(30);
    const folded = foldContentLine(line);
    for (const physical of physicalLines(folded)) {
      expect(octets(physical)).toBeLessThanOrEqual(MAX_LINE_OCTETS);
      expect(Buffer.from(physical, 'utf8').toString('utf8')).toBe(physical);
      expect(physical).not.toMatch(/\uFFFD/);
    }
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('folds any line to ≤ 75 octets per physical line, and unfolding restores it (property)', () => {
    const lineArb = fc.string({ unit: 'binary', maxLength: 400 }).map((s) => s.replace(/[\r\n]/g, ''));
    fc.assert(
      fc.property(lineArb, (line) => {
        const folded = foldContentLine(line);
        for (const physical of physicalLines(folded)) {
          if (octets(physical) > MAX_LINE_OCTETS) return false;
        }
        return unfoldContentLines(folded + '\r\n').length === 1 && folded.replace(/\r\n /g, '') === line;
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe('unfoldContentLines', () => {
  it('joins continuations marked by a space or a tab (ics folds with a tab)', () => {
    const text = 'BEGIN:VCALENDAR\r\nSUMMARY:ab\r\n\tcd\r\n ef\r\nEND:VCALENDAR\r\n';
    expect(unfoldContentLines(text)).toEqual(['BEGIN:VCALENDAR', 'SUMMARY:abcdef', 'END:VCALENDAR']);
  });
});

describe('serializeContentLines', () => {
  it('ends every logical line with CRLF and folds the long ones', () => {
    const text = serializeContentLines(['A:1', 'B:' + 'ø'.repeat(60)]);
    expect(text.slice(-20)).toMatch(/\r\n$/);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(unfoldContentLines(text)).toEqual(['A:1', 'B:' + 'ø'.repeat(60)]);
    expect(text.split('\r\n')).toHaveLength(4); // A, B folded once, trailing empty
  });

  it('gives an empty string for no lines', () => {
    expect(serializeContentLines([])).toBe('');
  });
});
