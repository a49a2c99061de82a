import type { QueryRunner } from 'typeorm';
import { inOneTrip } from './one-trip';

/** The pg client under a connected TypeORM runner, for statements TypeORM's query cannot carry (several in one). */
interface RawClient {
  query(text: string): Promise<unknown>;
}

/**
 * A PostgreSQL transaction that costs no round trip of its own. Under load every statement waits
 * for a turn of a busy event loop to hear its answer, so START TRANSACTION goes with the first
 * statement that can carry it (one without parameters, sent as a simple query of two statements:
 * the advisory locks a write takes first) or just before the first that cannot, and COMMIT goes
 * with the rows held for it (the audit row). A work that sends nothing sends no transaction.
 * TypeORM is told a transaction is active, so it never starts one of its own inside.
 */
export class PostgresTransaction {
  private beginning: Promise<unknown> | null = null;
  private readonly raw: RawClient;

  constructor(private readonly runner: QueryRunner) {
    this.raw = (runner as unknown as { databaseConnection: RawClient }).databaseConnection;
    const send = runner.query.bind(runner);
    runner.query = (async (sql: string, ...rest: unknown[]) => {
      await (this.beginning ??= this.send(['START TRANSACTION']));
      return send(sql, ...(rest as []));
    }) as QueryRunner['query'];
    Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
  }

  /** A statement without parameters, with START TRANSACTION before it when nothing has been sent yet. */
  async simple(sql: string): Promise<void> {
    if (this.beginning) {
      await this.beginning;
      await this.send([sql]);
      return;
    }
    await (this.beginning = this.send(['START TRANSACTION', sql]));
  }

  /** Commits, with `last` (statements without parameters) just before COMMIT in the same round trip. */
  async commit(last: string[]): Promise<void> {
    if (this.beginning) await this.beginning;
    else if (!last.length) return;
    const parts = this.beginning ? [...last, 'COMMIT'] : ['START TRANSACTION', ...last, 'COMMIT'];
    this.beginning ??= Promise.resolve();
    await this.send(parts);
  }

  /** Undoes whatever was sent, if anything; the runner is TypeORM's own again. */
  async end(failed: boolean): Promise<void> {
    try {
      if (failed && this.beginning) await this.send(['ROLLBACK']).catch(() => undefined);
    } finally {
      delete (this.runner as { query?: unknown }).query;
      Object.assign(this.runner, { isTransactionActive: false, transactionDepth: 0 });
    }
  }

  /** Statements in one simple query (one round trip). */
  private send(parts: string[]): Promise<unknown> {
    return inOneTrip(this.runner, parts, (text) => this.raw.query(text));
  }
}
