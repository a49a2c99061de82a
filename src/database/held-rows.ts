import { escapeLiteral } from 'pg';

/** Rows waiting for a transaction's COMMIT, by their INSERT's head (table and columns). */
export type HeldRows = Map<string, { columns: number; values: unknown[][] }>;

/** Rows per INSERT when held rows are written (well under SQLite's 32,766 parameters). */
export const HELD_ROWS_PER_INSERT = 200;

type Dialect = 'postgres' | 'sqlite';

/**
 * A value as a literal of the dialect: PostgreSQL's through pg's own escaping, SQLite's with its
 * one rule (a quote doubled; no backslash escapes). Only what held rows hold; a text SQLite's
 * exec would cut short (U+0000) has no literal, so the caller binds it instead.
 */
function literal(value: unknown, dialect: Dialect): string | null {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return dialect === 'postgres' ? (value ? 'TRUE' : 'FALSE') : value ? '1' : '0';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : null;
  if (text === null || (dialect === 'sqlite' && text.includes('\0'))) return null;
  return dialect === 'postgres' ? escapeLiteral(text) : `'${text.replace(/'/g, "''")}'`;
}

/** `(v, v, ...), (...)` for a multi-row INSERT's VALUES, as literals; null when a value has none. */
export function literalRows(rows: readonly (readonly unknown[])[], dialect: Dialect): string | null {
  const out: string[] = [];
  for (const row of rows) {
    const values: string[] = [];
    for (const value of row) {
      const text = literal(value, dialect);
      if (text === null) return null;
      values.push(text);
    }
    out.push(`(${values.join(', ')})`);
  }
  return out.join(', ');
}

/** The held rows as INSERT statements without parameters (to ride with COMMIT), or null if a value has no literal. */
export function heldInserts(held: HeldRows, dialect: Dialect): string[] | null {
  const out: string[] = [];
  for (const [head, { values }] of held) {
    for (let i = 0; i < values.length; i += HELD_ROWS_PER_INSERT) {
      const rows = literalRows(values.slice(i, i + HELD_ROWS_PER_INSERT), dialect);
      if (rows === null) return null;
      out.push(head + rows);
    }
  }
  return out;
}
