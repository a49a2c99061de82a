import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sqlite3 from 'sqlite3';
import { keepingStatements } from './statement-cache';

/** Real SQLite files: a writer and a read-only reader, as the service opens them, both keeping statements. */
describe('connections that keep their prepared statements', () => {
  let dir: string;
  let writer: sqlite3.Database;
  let reader: sqlite3.Database;
  let prepared: string[];
  const OriginalStatement = sqlite3.Statement;
  // The module itself (the namespace import reads through to it).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const driver = require('sqlite3') as { Statement: unknown };

  const open = (path: string, mode?: number) =>
    new Promise<sqlite3.Database>((resolve, reject) => {
      const db: sqlite3.Database =
        mode === undefined
          ? new sqlite3.Database(path, (e) => (e ? reject(e) : resolve(db)))
          : new sqlite3.Database(path, mode, (e) => (e ? reject(e) : resolve(db)));
    });
  const all = (db: sqlite3.Database, sql: string, params: unknown[] = []) =>
    new Promise<Record<string, unknown>[]>((resolve, reject) =>
      db.all(sql, params, (e, rows) => (e ? reject(e) : resolve(rows as Record<string, unknown>[]))),
    );
  const run = (db: sqlite3.Database, sql: string, params: unknown[] = []) =>
    new Promise<{ lastID: number; changes: number }>((resolve, reject) =>
      db.run(sql, params, function (this: sqlite3.RunResult, e: Error | null) {
        if (e) reject(e);
        else resolve({ lastID: this.lastID, changes: this.changes });
      }),
    );
  const close = (db: sqlite3.Database) => new Promise<void>((resolve, reject) => db.close((e) => (e ? reject(e) : resolve())));
  /** Until the texts run so far have been prepared aside. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'imr-statements-'));
    writer = keepingStatements(await open(join(dir, 'db.sqlite')), 3);
    await new Promise<void>((resolve, reject) =>
      writer.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE)', (e) =>
        e ? reject(e) : resolve(),
      ),
    );
    reader = keepingStatements(await open(join(dir, 'db.sqlite'), sqlite3.OPEN_READONLY), 3);
    prepared = [];
    // Counts compiles of kept statements (what the cache saves is a compile and a trip per statement).
    driver.Statement = function (this: unknown, db: sqlite3.Database, sql: string, cb: () => void) {
      prepared.push(sql);
      return new (OriginalStatement as unknown as new (...a: unknown[]) => sqlite3.Statement)(db, sql, cb);
    };
  });

  afterEach(async () => {
    driver.Statement = OriginalStatement;
    await close(reader).catch(() => undefined);
    await close(writer).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a repeated text from its one prepared statement, with the rows and the insert ids of the plain driver', async () => {
    const insert = 'INSERT INTO t (label) VALUES (?)';
    const first = await run(writer, insert, ['a']);
    await settle();
    const second = await run(writer, insert, ['b']);
    const third = await run(writer, insert, ['c']);
    expect([first, second, third]).toEqual([
      { lastID: 1, changes: 1 },
      { lastID: 2, changes: 1 },
      { lastID: 3, changes: 1 },
    ]);
    const select = 'SELECT n, label FROM t WHERE n >= ? ORDER BY n';
    expect(await all(reader, select, [2])).toEqual([
      { n: 2, label: 'b' },
      { n: 3, label: 'c' },
    ]);
    await settle();
    expect(await all(reader, select, [3])).toEqual([{ n: 3, label: 'c' }]);
    expect(await all(reader, select, [9])).toEqual([]);
    expect(prepared.filter((sql) => sql === insert || sql === select)).toEqual([insert, select]);
  });

  it('leaves no read open: the reader sees each commit at once and a checkpoint can empty the WAL', async () => {
    const count = 'SELECT COUNT(*) AS c FROM t';
    await all(reader, count);
    await settle();
    for (let i = 1; i <= 3; i++) {
      await run(writer, 'INSERT INTO t (label) VALUES (?)', [`row ${i}`]);
      expect(await all(reader, count)).toEqual([{ c: i }]);
    }
    const [checkpoint] = await all(writer, 'PRAGMA wal_checkpoint(TRUNCATE)');
    expect(checkpoint).toEqual({ busy: 0, log: 0, checkpointed: 0 });
  });

  it('reports a failing statement as the plain driver does, drops it and runs the text afresh next time', async () => {
    const insert = 'INSERT INTO t (label) VALUES (?)';
    await run(writer, insert, ['same']);
    await settle();
    await expect(run(writer, insert, ['same'])).rejects.toThrow(/UNIQUE constraint failed: t.label/);
    expect(await run(writer, insert, ['other'])).toEqual({ lastID: 2, changes: 1 });
    await expect(all(writer, 'SELECT missing FROM t')).rejects.toThrow(/no such column: missing/);
    await settle();
    await expect(all(writer, 'SELECT missing FROM t')).rejects.toThrow(/no such column: missing/);
  });

  it('answers the same text asked many times at once, each call with its own rows', async () => {
    for (let i = 1; i <= 5; i++) await run(writer, 'INSERT INTO t (label) VALUES (?)', [`row ${i}`]);
    const select = 'SELECT label FROM t WHERE n = ?';
    await all(reader, select, [1]);
    await settle();
    const answers = await Promise.all([1, 2, 3, 4, 5, 1, 2, 3, 4, 5].map((n) => all(reader, select, [n])));
    expect(answers.map((rows) => rows[0].label)).toEqual([
      'row 1',
      'row 2',
      'row 3',
      'row 4',
      'row 5',
      'row 1',
      'row 2',
      'row 3',
      'row 4',
      'row 5',
    ]);
  });

  it('keeps at most its limit of statements, the least recently used out, and closes with statements kept', async () => {
    const texts = [1, 2, 3, 4, 5].map((k) => `SELECT ${k} AS k`);
    for (const sql of texts) await all(reader, sql);
    await settle();
    const compiles = () => prepared.filter((sql) => texts.includes(sql)).length;
    expect(compiles()).toBe(5);
    // The three newest are kept: asked again, none is compiled again.
    for (const sql of texts.slice(2)) expect(await all(reader, sql)).toEqual([{ k: Number(sql.slice(7, 8)) }]);
    await settle();
    expect(compiles()).toBe(5);
    // The oldest fell out: it runs the plain way and is compiled again to be kept.
    expect(await all(reader, texts[0])).toEqual([{ k: 1 }]);
    await settle();
    expect(compiles()).toBe(6);
    await expect(close(reader)).resolves.toBeUndefined();
    await expect(close(writer)).resolves.toBeUndefined();
  });

  it('survives statements pushed out while a failing call runs on them: every caller hears once, none twice', async () => {
    const small = keepingStatements(await open(join(dir, 'db.sqlite')), 1);
    const insert = 'INSERT INTO t (label) VALUES (?)';
    await run(small, insert, ['taken']);
    const stray: unknown[] = [];
    const onStray = (error: unknown) => stray.push(error);
    process.on('uncaughtException', onStray);
    try {
      const answers: string[] = [];
      for (let i = 0; i < 150; i++) {
        await Promise.all([
          run(small, insert, ['taken']).then(
            () => answers.push('inserted'),
            (error: Error) => answers.push(/UNIQUE/.test(error.message) ? 'refused' : error.message),
          ),
          all(small, `SELECT ${i} AS i`).then((rows) => answers.push(rows[0].i === i ? 'read' : 'wrong')),
          all(small, `SELECT ${i} + 1 AS j`).then((rows) => answers.push(rows[0].j === i + 1 ? 'read' : 'wrong')),
        ]);
      }
      await settle();
      expect(answers.filter((a) => a === 'refused')).toHaveLength(150);
      expect(answers.filter((a) => a === 'read')).toHaveLength(300);
      expect(answers).toHaveLength(450);
      expect(stray).toEqual([]);
    } finally {
      process.off('uncaughtException', onStray);
      await close(small);
    }
  });
});
