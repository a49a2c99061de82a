import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';

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

/** Serialises async work: SQLite has one connection, so two transactions must never interleave on it. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * The service's handle on its database. Every write goes through `transaction`, so a request
 * either writes everything or nothing; on SQLite the transactions are queued one at a time.
 */
export class Database {
  private readonly sqliteWrites = new Mutex();

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

  /** Closes the connections (the reader first). */
  async destroy(): Promise<void> {
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
    if (this.isPostgres) return this.dataSource.transaction(work);
    return this.sqliteWrites.run(() => this.retryWhenBusy(() => this.immediateTransaction(work)));
  }

  /** Another process writing the same SQLite file (a second instance, a tool) can time us out: retry whole. */
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
   * SQLite: BEGIN IMMEDIATE takes the write lock up front (waiting up to busy_timeout), so a second
   * process or connection on the same file queues instead of failing with SQLITE_BUSY halfway through.
   * TypeORM only issues a deferred BEGIN, so the query runner is told a transaction is open.
   */
  private async immediateTransaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    let begun = false;
    try {
      await runner.connect();
      await runner.query('BEGIN IMMEDIATE');
      begun = true;
      Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
      const result = await work(runner.manager);
      await runner.query('COMMIT');
      return result;
    } catch (error) {
      if (begun) {
        // SQLite may already have rolled back (some errors end the transaction): keep the first error.
        await runner.query('ROLLBACK').catch(() => undefined);
      }
      throw error;
    } finally {
      Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
      await runner.release();
    }
  }

  /**
   * Takes per-row write locks inside a PostgreSQL transaction (SQLite transactions are already serial).
   * Keys are sorted so two transactions never wait on each other in opposite order.
   */
  async lockKeys(em: EntityManager, keys: string[]): Promise<void> {
    if (!this.isPostgres) return;
    for (const key of [...new Set(keys)].sort()) {
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
    }
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
