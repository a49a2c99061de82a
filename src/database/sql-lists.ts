/**
 * Numbered parameter lists for plain SQL on both databases (TypeORM turns `$n` into `?` for SQLite,
 * in order): `$first, …` for an IN list, and the VALUES of a multi-row INSERT.
 */
export const placeholders = (first: number, count: number): string => Array.from({ length: count }, (_, i) => `$${first + i}`).join(', ');

/** `($1, $2, $3), ($4, $5, $6), …`: the VALUES of a multi-row INSERT of `rows` rows of `columns` columns. */
export const valueRows = (columns: number, rows: number, first = 1): string =>
  Array.from({ length: rows }, (_, r) => `(${placeholders(first + r * columns, columns)})`).join(', ');
