import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as sqlite3 from 'sqlite3';
import { DataSource, DataSourceOptions } from 'typeorm';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from '../../migrations';
import { DatabaseConfig } from '../config/app-config';
import { ENTITIES } from './schema/index';
import { sqliteKeepingStatements } from './statement-cache';

/**
 * TypeORM turns on sqlite3's verbose mode, which traces every call with a fresh stack and appends
 * the SQL and its parameters (possibly a patient reference) to error stacks. It also costs about
 * 15% of CPU under load. This driver's verbose() returns the plain module, whose connections keep
 * their prepared statements (statement-cache.ts).
 */
/** How long a statement waits for another connection's lock on the file before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 3000;
const keeping = sqliteKeepingStatements(sqlite3, BUSY_TIMEOUT_MS);
const quietSqlite = Object.create(keeping, { verbose: { value: () => keeping } });

/** The one data-source factory: the app, the tests and the migration CLI all build from it. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM types its migrations option as Function[]
export function dataSourceOptions(db: DatabaseConfig, overrides: { migrations?: Function[] } = {}): DataSourceOptions {
  const common = { entities: ENTITIES, synchronize: false, migrationsRun: false, logging: false } as const;
  if (db.type === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: db.url,
      migrations: overrides.migrations ?? POSTGRES_MIGRATIONS,
      extra: { max: 10, connectionTimeoutMillis: 5000 },
    };
  }
  return {
    ...common,
    type: 'sqlite',
    driver: quietSqlite,
    database: db.path,
    enableWAL: true,
    busyTimeout: BUSY_TIMEOUT_MS,
    migrations: overrides.migrations ?? SQLITE_MIGRATIONS,
  };
}

const MIGRATION_LOCK = 7_263_510_451;
/** SQLite: attempts at the pending migrations when instances start together (see openDatabase). */
const MIGRATION_TRIES = 20;

/** Opens the database, applies the durability setting and runs pending migrations. */
export async function openDatabase(db: DatabaseConfig): Promise<DataSource> {
  if (db.type === 'sqlite' && db.path !== ':memory:') mkdirSync(dirname(db.path), { recursive: true });
  const dataSource = new DataSource(dataSourceOptions(db));
  await dataSource.initialize();
  if (db.type === 'sqlite') {
    // WAL + synchronous=FULL: a committed transaction survives a process crash and a power cut.
    await dataSource.query('PRAGMA synchronous = FULL');
  }
  if (db.type === 'postgres') {
    // Instances starting together on an empty database must not both run the same migration.
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await runner.release();
    }
  } else {
    // SQLite has no advisory lock: a second process migrating the same new file fails (busy, or the
    // table already made) and, on a retry, finds the migration applied. On a loaded machine the
    // first one can hold the file for seconds, so retries go on for up to about 20 s.
    for (let attempt = 1; ; attempt++) {
      try {
        await dataSource.runMigrations({ transaction: 'each' });
        break;
      } catch (error) {
        if (attempt >= MIGRATION_TRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(200 * attempt, 1000)));
      }
    }
  }
  return dataSource;
}

/**
 * SQLite on a file: a read-only connection beside the writer (see Database), opened after the
 * writer has migrated the file and set WAL. Undefined for PostgreSQL and in-memory SQLite.
 */
export async function openReader(db: DatabaseConfig): Promise<DataSource | undefined> {
  if (db.type !== 'sqlite' || db.path === ':memory:') return undefined;
  const { migrations: _none, enableWAL: _wal, ...options } = dataSourceOptions(db) as Extract<DataSourceOptions, { type: 'sqlite' }>;
  const reader = new DataSource({ ...options, flags: sqlite3.OPEN_READONLY });
  await reader.initialize();
  return reader;
}
