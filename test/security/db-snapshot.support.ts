import { createHash } from 'node:crypto';
import { Database } from '../../src/database/database';

/** Per table of the service: row count and a digest of every row (order-independent). */
export type DbSnapshot = Record<string, { rows: number; digest: string }>;

export async function snapshotDb(db: Database): Promise<DbSnapshot> {
  const tables = [...new Set(db.dataSource.entityMetadatas.map((m) => m.tableName))].sort();
  const snapshot: DbSnapshot = {};
  for (const table of tables) {
    const rows: Record<string, unknown>[] = await db.dataSource.query(`SELECT * FROM "${table}"`);
    const lines = rows
      .map((r) =>
        JSON.stringify(
          Object.keys(r)
            .sort()
            .map((k) => [k, r[k]]),
        ),
      )
      .sort();
    snapshot[table] = { rows: rows.length, digest: createHash('sha256').update(lines.join('\n')).digest('hex') };
  }
  return snapshot;
}

/** The tables whose rows changed between two snapshots, with their counts; empty when nothing did. */
export function changedTables(before: DbSnapshot, after: DbSnapshot): string[] {
  return Object.keys({ ...before, ...after })
    .filter((t) => before[t]?.digest !== after[t]?.digest)
    .map((t) => `${t} (${before[t]?.rows ?? 0} → ${after[t]?.rows ?? 0} rows)`);
}
