import type { QueryRunner } from 'typeorm';

/** Statements that only read: they may run before or after a savepoint sent beside them. */
const READS = /^\s*SELECT\b/i;

/**
 * The writes of a work in a SQLite group, held until its savepoint has run. Its reads go at once,
 * beside the savepoint (one connection runs them one after another, and a read sees the same rows
 * before or after it), so a work that reads first costs the writer no round trip for its
 * savepoint. sqlite3 starts the statements it is given at once and in no set order: only the
 * writes must come after the savepoint.
 */
export class WritesAfter {
  private pending: Promise<unknown> | null = null;
  /** A write of the current work has been sent (its savepoint must undo it if the work fails). */
  wrote = false;
  /** Why the last savepoint failed. */
  failure: unknown = null;

  constructor(private readonly runner: QueryRunner) {
    delete (runner as { query?: unknown }).query; // TypeORM's SQLite driver keeps one runner: never wrap twice
    const send = runner.query.bind(runner);
    runner.query = ((sql: string, ...rest: unknown[]) => {
      const before = this.pending;
      if (!before || READS.test(sql)) return send(sql, ...(rest as []));
      this.wrote = true;
      return before.then(() => send(sql, ...(rest as [])));
    }) as QueryRunner['query'];
  }

  /** Writes wait for `savepoint` until clear(); true once it ran, false if it failed (`failure` says why). */
  after(savepoint: Promise<unknown>): Promise<boolean> {
    this.failure = null;
    this.wrote = false;
    this.pending = savepoint;
    return savepoint.then(
      () => true,
      (error: unknown) => {
        this.failure = error;
        return false;
      },
    );
  }

  clear(): void {
    this.pending = null;
  }

  /** The runner's own query again. */
  restore(): void {
    delete (this.runner as { query?: unknown }).query;
  }
}
