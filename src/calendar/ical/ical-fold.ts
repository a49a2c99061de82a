/**
 * RFC 5545 §3.1 content-line folding by octets: a physical line holds at most 75 octets of UTF-8
 * (excluding CRLF); continuation lines start with one space, which counts toward the 75. Folds
 * fall between code points, so a multi-octet character (æ, ø, å, emoji) is never split.
 */

export const MAX_LINE_OCTETS = 75;
const CRLF = '\r\n';

function utf8Octets(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3; // includes lone surrogates, which Buffer encodes as U+FFFD
  return 4;
}

/** One logical line (no CR/LF inside) as physical lines joined by CRLF + space. */
export function foldContentLine(line: string, maxOctets = MAX_LINE_OCTETS): string {
  if (line.length * 3 <= maxOctets || Buffer.byteLength(line, 'utf8') <= maxOctets) return line;
  const physical: string[] = [];
  let current = '';
  let used = 0;
  let limit = maxOctets;
  for (const char of line) {
    const octets = utf8Octets(char.codePointAt(0)!);
    if (used + octets > limit && current !== '') {
      physical.push(current);
      current = '';
      used = 0;
      limit = maxOctets - 1; // the leading space of a continuation line
    }
    current += char;
    used += octets;
  }
  physical.push(current);
  return physical.join(CRLF + ' ');
}

/** Logical lines of an iCalendar stream: folds (CRLF followed by space or tab) removed. */
export function unfoldContentLines(text: string): string[] {
  const lines = text.replace(/\r\n[ \t]/g, '').split(CRLF);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Logical lines to an iCalendar stream: each folded at 75 octets and ended with CRLF. */
export function serializeContentLines(lines: readonly string[]): string {
  return lines.map((line) => foldContentLine(line) + CRLF).join('');
}
