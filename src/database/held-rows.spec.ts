import { heldInserts, HeldRows, literalRows } from './held-rows';

describe('held rows as literals', () => {
  it('writes each dialect’s literals: quotes doubled or escaped by pg, NULL, numbers and booleans as such', () => {
    const row = [`O'Brien \\ x`, null, 7, true, new Date('2027-01-04T10:00:00.000Z')];
    expect(literalRows([row], 'sqlite')).toBe(`('O''Brien \\ x', NULL, 7, 1, '2027-01-04T10:00:00.000Z')`);
    // pg writes a text with a backslash as an E'' string (with a space before it).
    expect(literalRows([row], 'postgres')).toBe(`( E'O''Brien \\\\ x', NULL, 7, TRUE, '2027-01-04T10:00:00.000Z')`);
  });

  it('has no SQLite literal for a text its exec would cut short, nor for a value it does not know', () => {
    expect(literalRows([['a\0b']], 'sqlite')).toBeNull();
    expect(literalRows([[{ a: 1 }]], 'postgres')).toBeNull();
    expect(literalRows([[Number.NaN]], 'sqlite')).toBeNull();
  });

  it('splits held rows into INSERTs of at most 200 rows, or none at all when one value has no literal', () => {
    const held: HeldRows = new Map([['INSERT INTO "t" ("a") VALUES ', { columns: 1, values: Array.from({ length: 450 }, (_, i) => [i]) }]]);
    const inserts = heldInserts(held, 'sqlite')!;
    expect(inserts.map((sql) => sql.split('), (').length)).toEqual([200, 200, 50]);
    held.get('INSERT INTO "t" ("a") VALUES ')!.values.push(['\0']);
    expect(heldInserts(held, 'sqlite')).toBeNull();
  });
});
