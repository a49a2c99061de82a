/**
 * `npm run backup [target]`: an online backup of the SQLite database named by DATABASE_URL
 * (default sqlite:data/imr.sqlite) to backups/imr-<UTC timestamp>.sqlite or the given path.
 *
 * `VACUUM INTO` copies inside one read transaction, so the copy is a consistent snapshot even while
 * the service keeps writing (WAL: readers do not block the writer). The copy is then opened and
 * checked with PRAGMA integrity_check before the path and size are printed.
 * For PostgreSQL it prints the pg_dump / pg_restore commands to use instead and exits 0.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as sqlite3 from 'sqlite3';
import { CONFIG_DIR, ConfigError } from '../config/app-config';
import { BackupPlanError, planBackup } from './backup-plan';

class BackupError extends Error {}

function open(path: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((ok, fail) => {
    const db = new sqlite3.Database(path, mode, (error) => (error ? fail(error) : ok(db)));
  });
}

function all<T>(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<T[]> {
  return new Promise((ok, fail) => db.all(sql, params, (error, rows) => (error ? fail(error) : ok(rows as T[]))));
}

function close(db: sqlite3.Database): Promise<void> {
  return new Promise((ok, fail) => db.close((error) => (error ? fail(error) : ok())));
}

/** Copies a live SQLite database to `target` as one consistent snapshot and checks the copy. */
export async function backupSqlite(source: string, target: string): Promise<{ path: string; bytes: number }> {
  if (!existsSync(source)) throw new BackupError(`no SQLite database at ${source}`);
  if (existsSync(target)) throw new BackupError(`${target} already exists; choose another path`);
  mkdirSync(dirname(resolve(target)), { recursive: true });
  const db = await open(source, sqlite3.OPEN_READWRITE);
  try {
    await all(db, 'PRAGMA busy_timeout = 10000');
    await all(db, 'VACUUM INTO ?', [target]);
  } finally {
    await close(db);
  }
  const copy = await open(target, sqlite3.OPEN_READONLY);
  let result: string;
  try {
    const rows = await all<{ integrity_check: string }>(copy, 'PRAGMA integrity_check');
    result = rows.map((r) => r.integrity_check).join('; ');
  } finally {
    await close(copy);
  }
  if (result !== 'ok') {
    rmSync(target, { force: true });
    throw new BackupError(`the copy failed PRAGMA integrity_check (${result}); it was removed`);
  }
  return { path: resolve(target), bytes: statSync(target).size };
}

function defaultDatabaseUrl(): string {
  return JSON.parse(readFileSync(join(CONFIG_DIR, 'default.json'), 'utf8')).databaseUrl;
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const plan = planBackup(env.DATABASE_URL || defaultDatabaseUrl(), argv[0], new Date());
  if (plan.kind === 'postgres') {
    process.stdout.write(
      [
        'DATABASE_URL is PostgreSQL: back it up with its own tools (password from PGPASSWORD or ~/.pgpass).',
        `  backup:  ${plan.dumpCommand}`,
        `  restore: ${plan.restoreCommand}`,
        '',
      ].join('\n'),
    );
    return 0;
  }
  const { path, bytes } = await backupSqlite(plan.source, plan.target);
  process.stdout.write(`backup written: ${path} (${bytes} bytes), integrity_check ok\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const known = error instanceof BackupError || error instanceof BackupPlanError || error instanceof ConfigError;
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`backup failed: ${known ? message : `unexpected error: ${message}`}\n`);
      process.exit(1);
    },
  );
}
