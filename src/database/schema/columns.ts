/**
 * Portable column shapes, so one entity maps to SQLite and PostgreSQL alike.
 * Instants are stored as ISO-8601 UTC strings of fixed width ('2027-03-29T08:00:00.000Z'),
 * which sort and compare correctly as text on both databases; dates are ward-local 'YYYY-MM-DD'.
 */
export const idColumn = { type: 'varchar', length: 36 } as const;
export const refColumn = { type: 'varchar', length: 36 } as const;
export const instantColumn = { type: 'varchar', length: 24 } as const;
export const dateColumn = { type: 'varchar', length: 10 } as const;
export const jsonColumn = { type: 'simple-json' } as const;
