import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryRunner, Repository } from 'typeorm';
import { HELD_ROWS_PER_INSERT, heldInserts, HeldRows, literalRows } from './held-rows';
import { inOneTrip } from './one-trip';
import { PostgresTransaction } from './postgres-transaction';
import { WritesAfter } from './writes-after';
import { valueRows } from './sql-lists';

/**
 * Work that a request wants done inside its first transaction, just before COMMIT (the write audit
 * row: one commit, so one fsync, per write request). Set with `transactionHooks.run(hook, ...)`.
 */
export interface TransactionHook {
  /** Called once, in the first transaction of the request, with what the work returned. */
  beforeCommit(em: EntityManager, result: unknown): Promise<void>;
  /** That transaction committed. */
  committed(): void;
  used: boolean;
}

export const transactionHooks = new AsyncLocalStorage<TransactionHook>();
let hookedRequests = 0;

/**
 * Runs `fn` with `hook` for its transactions. On Node 20 an enabled AsyncLocalStorage makes every
 * await about four times dearer, so the storage is switched off again whenever no request holds a
 * hook (reads between writes run without it).
 */
export function withTransactionHook<T>(hook: TransactionHook, fn: () => T): T {
  hookedRequests++;
  return transactionHooks.run(hook, fn);
}

/** The request that called withTransactionHook is done. */
export function releaseTransactionHook(): void {
  if (--hookedRequests === 0) transactionHooks.disable();
}

/** A transaction's work waiting for SQLite's writer, and what its caller is told. */
interface QueuedWork {
  /** Bound to its caller's async context (it runs from whichever caller started the drain). */
  work: (em: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Already run once in a group that was lost through no fault of its own. */
  retried?: boolean;
}

/**
 * Runs the tasks at once and answers once every one has ended: so a statement still running never
 * meets the caller's undo of its transaction or savepoint. Rejects with the first failure.
 */
export async function allEnded<T extends readonly unknown[]>(...tasks: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(tasks.map((task) => task()));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Works taken into one SQLite transaction at most (each after the first in its own savepoint)... */
const GROUP_COMMIT_MAX = 16;
/** ...and none taken once the transaction has run this long, so its first caller never waits much longer. */
const GROUP_COMMIT_MS = 20;

/**
 * The service's handle on its database. Every write goes through `transaction`, so a request
 * either writes everything or nothing; on SQLite the transactions are queued one at a time.
 */
export class Database {
  /** SQLite: transactions wait here for the one writer connection, in arrival order. */
  private readonly sqliteQueue: QueuedWork[] = [];
  private sqliteDrain: Promise<void> | null = null;
  /** The rows each running transaction holds back for its COMMIT, by its manager (see insertLate). */
  private readonly held = new WeakMap<EntityManager, HeldRows>();
  /** PostgreSQL: each running transaction of ours, by its manager. */
  private readonly opening = new WeakMap<EntityManager, PostgresTransaction>();

  /**
   * `reader`: on a SQLite file, a second, read-only connection for everything read outside a
   * transaction. SQLite serialises the statements of one connection, so without it a read could run
   * inside another request's open transaction and see writes that then roll back; and a write's
   * statements would queue behind every read's. WAL lets the reader run beside the writer and see
   * each commit at once. Without one (PostgreSQL's pool, or an in-memory SQLite) reads use `dataSource`.
   */
  constructor(
    readonly dataSource: DataSource,
    readonly reader: DataSource = dataSource,
    /** How long a SQLite group keeps taking waiting works after its BEGIN (GROUP_COMMIT_MS). */
    private readonly groupCommitMs: number = GROUP_COMMIT_MS,
  ) {}

  get isPostgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  /** Reads outside a transaction: committed data only. Writes go through `transaction`. */
  get manager(): EntityManager {
    return this.reader.manager;
  }

  repo<T extends ObjectLiteral>(entity: EntityTarget<T>): Repository<T> {
    return this.reader.getRepository(entity);
  }

  /** Closes the connections (the reader first), once the transactions queued for SQLite's writer are done. */
  async destroy(): Promise<void> {
    while (this.sqliteDrain) await this.sqliteDrain;
    if (this.reader !== this.dataSource && this.reader.isInitialized) await this.reader.destroy();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const hook = transactionHooks.getStore();
    if (!hook || hook.used) return this.run(work);
    hook.used = true;
    const hooked = async (em: EntityManager) => {
      const result = await work(em);
      await hook.beforeCommit(em, result);
      return result;
    };
    return this.run(hooked).then(
      (result) => (hook.committed(), result),
      (error) => {
        hook.used = false; // rolled back: the next transaction of the request carries it
        throw error;
      },
    );
  }

  private run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.isPostgres) return this.runPostgres(work);
    return new Promise<T>((resolve, reject) => {
      this.sqliteQueue.push({ work: AsyncResource.bind(work), resolve: resolve as (value: unknown) => void, reject });
      if (!this.sqliteDrain) this.sqliteDrain = this.drainSqlite();
    });
  }

  /** PostgreSQL: a transaction on a pool client whose START TRANSACTION and COMMIT ride with other statements (PostgresTransaction). */
  private async runPostgres<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const tx = new PostgresTransaction(runner);
    const em = runner.manager;
    const rows: HeldRows = new Map();
    this.held.set(em, rows);
    this.opening.set(em, tx);
    let failed = true;
    try {
      const result = await work(em);
      const last = heldInserts(rows, 'postgres');
      // A value with no literal: the rows bound, one INSERT at a time, before COMMIT.
      if (!last) await this.writeHeld(em, rows);
      await tx.commit(last ?? []);
      failed = false;
      return result;
    } finally {
      this.held.delete(em);
      this.opening.delete(em);
      await tx.end(failed);
      await runner.release();
    }
  }

  /**
   * SQLite's writer, one transaction at a time, with group commit: the work at the head of the queue
   * begins a transaction, and the works waiting when it is done (or that arrive while the group runs,
   * up to GROUP_COMMIT_MAX works and GROUP_COMMIT_MS) run one after another inside it, each in a
   * savepoint of its own, so one COMMIT (one fsync) covers them all. A lone work sends exactly
   * BEGIN, its statements and COMMIT (with the held rows: commitSqlite). The writer is the one
   * thing every write waits for, and each statement it sends costs an event-loop round trip, so it
   * sends no statement it can do without.
   *
   * A work that fails is undone alone (the head by rolling the transaction back, the others to their
   * savepoint, sent beside their first reads: WritesAfter; one that failed before writing anything has
   * nothing to undo). Every caller hears only once the group has ended: success after COMMIT has returned;
   * a work's own error once the writes it read have committed. If the transaction is lost (an error
   * SQLite answers by ending it, a failed COMMIT), the works that did not cause it run again, each
   * once, in the next transaction; the one that caused it gets its error.
   */
  private async drainSqlite(): Promise<void> {
    try {
      while (this.sqliteQueue.length) await this.sqliteGroup();
    } finally {
      this.sqliteDrain = null;
    }
  }

  private async sqliteGroup(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    const first = this.sqliteQueue.shift()!;
    try {
      await runner.connect();
      await this.retryWhenBusy(() => runner.query('BEGIN IMMEDIATE'));
    } catch (error) {
      await runner.release();
      first.reject(error);
      return;
    }
    Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
    const send = runner.query.bind(runner);
    const writes = new WritesAfter(runner);
    const began = performance.now();
    const settled: { item: QueuedWork; ok: boolean; value: unknown }[] = [];
    let lost: unknown = null; // the transaction is gone: nothing of it is kept
    const held: HeldRows = new Map(); // the rows of the works that succeeded, for COMMIT
    /** Runs a work with its late rows collected apart, kept only if it succeeds. */
    const run = async (item: QueuedWork) => {
      const rows: HeldRows = new Map();
      this.held.set(runner.manager, rows);
      try {
        const value = await item.work(runner.manager);
        for (const [head, batch] of rows) {
          const all = held.get(head);
          if (all) all.values.push(...batch.values);
          else held.set(head, batch);
        }
        return value;
      } finally {
        this.held.delete(runner.manager);
      }
    };
    try {
      try {
        settled.push({ item: first, ok: true, value: await run(first) });
      } catch (error) {
        // The head read only committed rows: its error stands at once.
        await runner.query('ROLLBACK').catch(() => undefined);
        first.reject(error);
        return;
      }
      let taken = 1;
      while (this.sqliteQueue.length && taken < GROUP_COMMIT_MAX && performance.now() - began < this.groupCommitMs) {
        const item = this.sqliteQueue.shift()!;
        taken++;
        // Kept on the stack, unreleased: COMMIT commits every savepoint, and a later work's
        // ROLLBACK TO names the newest one, its own (a RELEASE would cost the writer a statement).
        // Sent beside the work's first reads, which see the same rows before or after it.
        const savepoint = writes.after(send('SAVEPOINT work'));
        let outcome: { ok: boolean; value: unknown };
        try {
          outcome = { ok: true, value: await run(item) };
        } catch (error) {
          outcome = { ok: false, value: error };
        }
        writes.clear();
        if (!(await savepoint)) {
          this.sqliteQueue.unshift(item); // not begun (none of its writes ran): it waits for the next transaction
          throw writes.failure;
        }
        if (!outcome.ok && writes.wrote) {
          try {
            await send('ROLLBACK TO work');
            await send('RELEASE work');
          } catch (undo) {
            // SQLite ended the whole transaction on this work's error: the others run again.
            item.reject(outcome.value);
            lost = undo;
            break;
          }
        }
        settled.push({ item, ...outcome });
      }
      if (!lost) await this.commitSqlite(runner, held);
    } catch (error) {
      lost = error;
    } finally {
      if (lost) await runner.query('ROLLBACK').catch(() => undefined);
      writes.restore();
      Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
      await runner.release();
    }
    if (!lost) {
      for (const { item, ok, value } of settled) (ok ? item.resolve : item.reject)(value);
      return;
    }
    const again: QueuedWork[] = [];
    for (const { item } of settled) {
      if (item.retried) item.reject(lost);
      else again.push(Object.assign(item, { retried: true }));
    }
    this.sqliteQueue.unshift(...again);
  }

  /**
   * Independent statements of `em`, sent together where its connection takes them so: outside a
   * transaction (the pool, the reader) and in SQLite's writer (one connection runs them one after
   * another without a round trip through the event loop each); one after another in a PostgreSQL
   * transaction, whose one client takes one query at a time.
   */
  async together<T extends readonly unknown[]>(em: EntityManager, ...tasks: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
    if (!this.isPostgres || em === this.manager) return allEnded<T>(...tasks);
    const out: unknown[] = [];
    for (const task of tasks) out.push(await task());
    return out as unknown as T;
  }

  /**
   * Inserts a row that nothing reads before its transaction commits (an audit row), as part of
   * `em`'s transaction: held back until the transaction is about to commit, then written with the
   * other rows held for the same table in one statement. In SQLite's writer that is the group's
   * COMMIT, with the rows of every work in it; a work that fails takes its rows with it. A manager
   * outside a transaction inserts at once.
   */
  async insertLate(em: EntityManager, table: string, columns: readonly string[], values: unknown[]): Promise<void> {
    if (values.length !== columns.length) throw new RangeError(`${columns.length} columns, ${values.length} values`);
    const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `;
    const rows = this.held.get(em);
    if (rows) {
      const held = rows.get(head) ?? { columns: columns.length, values: [] };
      held.values.push(values);
      rows.set(head, held);
      return;
    }
    await em.query(head + valueRows(columns.length, 1), values);
  }

  /**
   * SQLite: the rows the group's works held back and COMMIT in one trip through the thread pool
   * (sqlite3's exec runs them in order and stops at the first that fails), the values as literals;
   * bound one INSERT at a time as before when a value has no literal.
   */
  private async commitSqlite(runner: QueryRunner, held: HeldRows): Promise<void> {
    const inserts = heldInserts(held, 'sqlite');
    if (!inserts?.length) {
      if (!inserts) await this.writeHeld(runner.manager, held);
      await runner.query('COMMIT');
      return;
    }
    // The connected runner's sqlite3 Database (TypeORM's SQLite runner answers connect() with it).
    const connection = (await runner.connect()) as { exec(sql: string, done: (error: Error | null) => void): void };
    await inOneTrip(
      runner,
      [...inserts, 'COMMIT'],
      (text) => new Promise<void>((resolve, reject) => connection.exec(text, (error) => (error ? reject(error) : resolve()))),
    );
  }

  /** Writes the rows a group's works held back. */
  private async writeHeld(em: EntityManager, held: HeldRows): Promise<void> {
    for (const [head, { columns, values }] of held) {
      for (let i = 0; i < values.length; i += HELD_ROWS_PER_INSERT) {
        const batch = values.slice(i, i + HELD_ROWS_PER_INSERT);
        await em.query(head + valueRows(columns, batch.length), batch.flat());
      }
    }
  }

  /** Another process writing the same SQLite file (a second instance, a tool) can time us out: retry. */
  private async retryWhenBusy<T>(attempt: () => Promise<T>, tries = 4): Promise<T> {
    for (let i = 1; ; i++) {
      try {
        return await attempt();
      } catch (error) {
        if (i >= tries || !/SQLITE_BUSY/.test(error instanceof Error ? error.message : '')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * i + Math.floor(Math.random() * 20)));
      }
    }
  }

  /**
   * Takes per-row write locks inside a PostgreSQL transaction (SQLite transactions are already serial).
   * Keys are sorted so two transactions never wait on each other in opposite order; one statement
   * takes them all, in that order (PostgreSQL runs a volatile function of the select list row by
   * row as the rows come, here sorted by their place in the array).
   */
  async lockKeys(em: EntityManager, keys: string[]): Promise<void> {
    if (!this.isPostgres) return;
    const sorted = [...new Set(keys)].sort();
    if (!sorted.length) return;
    const sql = 'SELECT pg_advisory_xact_lock(hashtext(u.k)) FROM unnest($1::text[]) WITH ORDINALITY AS u(k, i) ORDER BY u.i';
    const tx = this.opening.get(em);
    // In a transaction of ours the keys go as literals, so the statement can carry START TRANSACTION.
    const literals = tx && literalRows([sorted], 'postgres');
    if (tx && literals) await tx.simple(sql.replace('$1::text[]', `ARRAY[${literals.slice(1, -1)}]::text[]`));
    else await em.query(sql, [sorted]);
  }

  async ping(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}

export const IMR_DATABASE = Symbol('IMR_DATABASE');
