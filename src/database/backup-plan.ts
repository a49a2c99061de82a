import { join } from 'node:path';
import { parseDatabaseUrl } from '../config/app-config';

/** What `npm run backup` will do, decided from DATABASE_URL, the optional target argument and the time. */
export type BackupPlan =
  { kind: 'sqlite'; source: string; target: string } | { kind: 'postgres'; dumpCommand: string; restoreCommand: string };

export class BackupPlanError extends Error {}

/** 2027-03-01T09:00:05.123Z → 20270301T090005Z (sortable, safe in a file name on every platform). */
export function backupTimestamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** The URL with its password replaced, so the printed commands never show a secret. */
export function redactPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '****';
  return parsed.toString();
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function planBackup(databaseUrl: string, targetArg: string | undefined, now: Date): BackupPlan {
  const db = parseDatabaseUrl(databaseUrl);
  const stamp = backupTimestamp(now);
  if (db.type === 'postgres') {
    const url = shellQuote(redactPassword(db.url));
    const file = targetArg || join('backups', `imr-${stamp}.dump`);
    return {
      kind: 'postgres',
      dumpCommand: `pg_dump --format=custom --no-owner --file=${shellQuote(file)} ${url}`,
      restoreCommand: `pg_restore --clean --if-exists --no-owner --single-transaction --dbname=${url} ${shellQuote(file)}`,
    };
  }
  if (db.path === ':memory:') throw new BackupPlanError('DATABASE_URL names an in-memory database; there is nothing to back up');
  return { kind: 'sqlite', source: db.path, target: targetArg || join('backups', `imr-${stamp}.sqlite`) };
}
