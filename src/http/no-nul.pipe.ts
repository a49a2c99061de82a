import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

const joinPath = (path: string[]) => path.reduce((text, part) => (/^\[\d+\]$/.test(part) ? text + part : text ? `${text}.${part}` : part), '');

/** The path of the first string or key in a body that holds U+0000 ('recoveryGoals[0].text'); null when none does. */
export function findNulCharacter(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? joinPath(path) || 'body' : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const at = [...path, Array.isArray(value) ? `[${key}]` : key.replaceAll('\u0000', '\\0')];
    if (key.includes('\u0000')) return joinPath(at);
    const found = findNulCharacter(item, at);
    if (found) return found;
  }
  return null;
}

/**
 * PostgreSQL cannot store U+0000 in text or JSON columns (SQLite can) and no field here needs it, so a body
 * holding one is bad input on both databases, refused with the field's name before any work is done.
 */
@Injectable()
export class NoNulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    const field = findNulCharacter(value);
    if (field) throw new BadRequestException(`${field} must not contain NUL characters`);
    return value;
  }
}
