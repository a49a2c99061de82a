import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/** Deeper than this, a body is refused before validation walks it (class-transformer recurses). */
export const MAX_BODY_DEPTH = 64;

/** Characters that reorder text on screen (Trojan Source, CVE-2021-42574): ALM, LRM, RLM, embeddings, overrides, isolates. */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** With the u flag this matches only a surrogate that is not half of a pair: malformed UTF-16 no database or client should get. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export interface BadText {
  field: string;
  reason: string;
}

function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  const bidi = BIDI_CONTROL.exec(text);
  if (bidi)
    return `must not contain bidirectional control characters (U+${bidi[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
  if (LONE_SURROGATE.test(text)) return 'must not contain lone surrogates (malformed UTF-16)';
  return null;
}

/** 'receivingService.kind', 'excludedDates[2]': dots between keys, brackets for array indices. */
const joinPath = (path: string[]) =>
  path.reduce((text, part) => (/^\[\d+\]$/.test(part) ? text + part : text ? `${text}.${part}` : part), '');

const printable = (key: string) => key.replaceAll('\u0000', '\\0').replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu, '?');

/**
 * The first field of a body (its path, 'recoveryGoals[0].text', or 'body' for the whole) that is
 * nested deeper than MAX_BODY_DEPTH or whose text or key holds NUL, a bidirectional control or a
 * lone surrogate; null when none does. Iterative, so any depth that fits the body limit is safe.
 */
export function findBadText(value: unknown): BadText | null {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const { value: item, path } = stack.pop()!;
    const field = joinPath(path) || 'body';
    if (typeof item === 'string') {
      const reason = textProblem(item);
      if (reason) return { field, reason };
      continue;
    }
    if (item === null || typeof item !== 'object') continue;
    if (path.length >= MAX_BODY_DEPTH)
      return { field: path[0].replace(/^\[\d+\]$/, 'body'), reason: `must not be nested deeper than ${MAX_BODY_DEPTH} levels` };
    const entries = Object.entries(item);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const at = [...path, Array.isArray(item) ? `[${key}]` : printable(key)];
      const reason = textProblem(key);
      if (reason) return { field: joinPath(at), reason: `(a key) ${reason}` };
      stack.push({ value: child, path: at });
    }
  }
  return null;
}

/** Kept for callers of the first version: the path of a NUL character only. */
export function findNulCharacter(value: unknown): string | null {
  const bad = findBadText(value);
  return bad && bad.reason.includes('NUL') ? bad.field : null;
}

/**
 * Refuses, with a 400 naming the field, bodies no field here needs and that break something later:
 * U+0000 (PostgreSQL cannot store it), bidirectional controls (text that shows other than it reads),
 * lone surrogates (not Unicode; invalid in UTF-8 and in JSON consumers), nesting beyond 64 levels.
 */
@Injectable()
export class BodyTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    const bad = findBadText(value);
    if (bad) throw new BadRequestException(`${bad.field} ${bad.reason}`);
    return value;
  }
}
