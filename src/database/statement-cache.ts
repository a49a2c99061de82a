import * as sqlite3 from 'sqlite3';

/** Prepared statements kept per connection (least recently used out). */
const MAX_STATEMENTS = 256;

type Callback = (this: unknown, error: Error | null, ...rest: unknown[]) => void;

interface Kept {
  statement: sqlite3.Statement;
  busy: boolean;
  dropped: boolean;
}

/** A statement compiled on `db`, as sqlite3's native constructor takes it (its typings omit this form): `prepared` hears once compiled. */
function compile(db: sqlite3.Database, sql: string, prepared: (error: Error | null) => void): sqlite3.Statement {
  const Statement = sqlite3.Statement as unknown as new (
    db: sqlite3.Database,
    sql: string,
    cb: (error: Error | null) => void,
  ) => sqlite3.Statement;
  return new Statement(db, sql, prepared);
}

/**
 * sqlite3 prepares, runs and finalizes each statement it is given as SQL text: two trips through
 * the thread pool and the event loop (prepare, then run) and a fresh compile every time. Under load
 * a trip waits for a turn of a busy event loop, so a statement costs two turns; SQLite's writer,
 * which every write waits for, spends most of its time so. This connection keeps the statements it
 * has prepared and runs a known text on its prepared statement: one trip, no compile.
 *
 * - A text is prepared aside the first time it is seen (that call runs as before) and kept only
 *   once it compiled; SQLite recompiles a kept statement itself if the schema changes.
 * - A statement runs one call at a time: a call that finds it busy runs the old way beside it.
 * - A call that fails drops its statement (finalized, which resets it), so no statement is left
 *   mid-step holding a lock; a statement pushed out while running is finalized after its call, and
 *   no statement is finalized twice; one that succeeded has stepped to its end (`all` reads every row; a
 *   `run` is TypeORM's INSERT, UPDATE or DELETE without RETURNING on SQLite).
 * - Closing finalizes every kept statement first (SQLite will not close a connection with any open).
 */
export function keepingStatements(db: sqlite3.Database, max = MAX_STATEMENTS): sqlite3.Database {
  /** `dropped`: finalized (once: a second finalize would make sqlite3 emit an error nobody hears). */
  const kept = new Map<string, Kept>();
  const preparing = new Map<string, Promise<void>>();
  let closing = false;
  const plain = { all: db.all, run: db.run, close: db.close };

  const drop = (sql: string, entry: Kept) => {
    if (kept.get(sql) === entry) kept.delete(sql);
    if (entry.dropped) return;
    entry.dropped = true;
    // Queued behind a call it is running, if any.
    entry.statement.finalize();
  };

  const prepareAside = (sql: string) => {
    if (closing || preparing.has(sql)) return;
    preparing.set(
      sql,
      new Promise<void>((resolve) => {
        const statement: sqlite3.Statement = compile(db, sql, (error: Error | null) => {
          preparing.delete(sql);
          if (error || closing) statement.finalize();
          else {
            kept.set(sql, { statement, busy: false, dropped: false });
            for (const [oldest, entry] of kept) {
              if (kept.size <= max) break;
              drop(oldest, entry);
            }
          }
          resolve();
        });
      }),
    );
  };

  const through = (method: 'all' | 'run') =>
    function (this: sqlite3.Database, sql: string, ...args: unknown[]): sqlite3.Database {
      const entry = typeof sql === 'string' && !closing ? kept.get(sql) : undefined;
      const last = args.length - 1;
      if (!entry || entry.busy || typeof args[last] !== 'function') {
        if (!entry && typeof sql === 'string') prepareAside(sql);
        return (plain[method] as (...a: unknown[]) => sqlite3.Database).call(this, sql, ...args);
      }
      // Most recently used last.
      kept.delete(sql);
      kept.set(sql, entry);
      entry.busy = true;
      const callback = args[last] as Callback;
      args[last] = function (this: unknown, error: Error | null, ...rest: unknown[]) {
        entry.busy = false;
        if (error) drop(sql, entry);
        return callback.call(this, error, ...rest);
      };
      (entry.statement[method] as (...a: unknown[]) => unknown)(...args);
      return this;
    };

  db.all = through('all') as sqlite3.Database['all'];
  db.run = through('run') as sqlite3.Database['run'];
  db.close = function (this: sqlite3.Database, callback?: (error: Error | null) => void) {
    closing = true;
    void Promise.all(preparing.values()).then(async () => {
      const open = [...kept.values()].filter((entry) => !entry.dropped);
      kept.clear();
      for (const entry of open) entry.dropped = true;
      await Promise.all(open.map(({ statement }) => new Promise<void>((done) => statement.finalize(() => done()))));
      plain.close.call(db, callback);
    });
  } as sqlite3.Database['close'];
  return db;
}

/** The sqlite3 module with a Database whose connections keep their statements (for TypeORM's `driver`). */
export function sqliteKeepingStatements(module: typeof sqlite3, busyTimeoutMs: number): typeof sqlite3 {
  function Database(this: unknown, ...args: ConstructorParameters<typeof sqlite3.Database>) {
    const db = new module.Database(...args);
    // Before any statement: TypeORM sets its busy_timeout only after switching the file to WAL, a
    // switch that fails at once (SQLITE_BUSY) while another instance migrates the same new file.
    db.configure('busyTimeout', busyTimeoutMs);
    return keepingStatements(db);
  }
  Database.prototype = module.Database.prototype;
  return Object.create(module, { Database: { value: Database } }) as typeof sqlite3;
}
