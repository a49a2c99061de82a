import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sqlite3 from 'sqlite3';
import { bearer, startTestApp, TestApp, TestDatabase } from './support/test-app';

// SQLite-specific by nature: it runs on SQLite files even when TEST_DATABASE=postgres.
const ROOT = join(__dirname, '..');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the backup CLI as its own process (asynchronously, so the app in this process keeps serving). */
function runBackupCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'database', 'backup-cli.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

function sqliteAt(dir: string): TestDatabase {
  return { url: `sqlite:${join(dir, 'imr.sqlite')}`, drop: async () => undefined };
}

describe('npm run backup: online SQLite backup and restore (e2e)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imr-backup-'));
  const liveDir = join(dir, 'live');
  const restoredDir = join(dir, 'restored');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('copies a running service consistently, and a new service on the copy has the data', async () => {
    mkdirSync(liveDir);
    const liveDb = sqliteAt(liveDir);
    const live: TestApp = await startTestApp({ database: liveDb });
    let liveOpen = true;
    let restored: TestApp | undefined;
    try {
      const admin = bearer(live.adminKey);
      const coordinatorKey = await live.key('coordinator');
      const ward = await live.http().post('/api/wards').set(admin).send({ code: 'BACKUP', name: 'Backup ward' });
      expect(ward.status).toBe(201);
      const facilitator = await live
        .http()
        .post('/api/facilitators')
        .set(admin)
        .send({ name: 'Kari Backup', profession: 'nurse', imrTrained: true, wardIds: [ward.body.id] });
      expect(facilitator.status).toBe(201);
      const absence = await live
        .http()
        .post(`/api/facilitators/${facilitator.body.id}/absences`)
        .set(admin)
        .send({ from: '2027-04-05', to: '2027-04-18', reason: 'annual leave' });
      expect(absence.status).toBe(201);

      // One writer keeps writing, one at a time, while the backup runs: the copy must hold a prefix of them.
      const duringBackup: string[] = [];
      let writing = true;
      const writer = (async () => {
        for (let i = 0; writing; i++) {
          const res = await live
            .http()
            .post('/api/wards')
            .set(admin)
            .send({ code: `DURING-${i}`, name: `During ${i}` });
          expect(res.status).toBe(201);
          duringBackup.push(res.body.id);
        }
      })();
      const target = join(dir, 'backups', 'copy.sqlite');
      const cli = await runBackupCli([target], { DATABASE_URL: liveDb.url });
      writing = false;
      await writer;

      expect(cli.stderr).toBe('');
      expect(cli.code).toBe(0);
      expect(cli.stdout).toContain(target);
      expect(cli.stdout).toContain(`(${statSync(target).size} bytes), integrity_check ok`);
      expect(duringBackup.length).toBeGreaterThan(0);
      await live.close();
      liveOpen = false;

      // Restore: service stopped, copy the file over the database, remove -wal/-shm, start.
      mkdirSync(restoredDir);
      const restoredFile = join(restoredDir, 'imr.sqlite');
      copyFileSync(target, restoredFile);
      for (const suffix of ['-wal', '-shm']) rmSync(restoredFile + suffix, { force: true });
      restored = await startTestApp({ database: sqliteAt(restoredDir) });
      const asAdmin = bearer(restored.adminKey);

      const wards = await restored.http().get('/api/wards').set(asAdmin);
      expect(wards.status).toBe(200);
      const ids = (wards.body as { id: string }[]).map((w) => w.id);
      expect(ids).toContain(ward.body.id);
      const kept = duringBackup.filter((id) => ids.includes(id));
      expect(kept).toEqual(duringBackup.slice(0, kept.length));
      expect(ids).toHaveLength(1 + kept.length);

      const f = await restored.http().get(`/api/facilitators/${facilitator.body.id}`).set(asAdmin);
      expect(f.status).toBe(200);
      expect(f.body).toMatchObject({ name: 'Kari Backup', wardIds: [ward.body.id] });
      const absences = await restored.http().get(`/api/facilitators/${facilitator.body.id}/absences`).set(asAdmin);
      expect(absences.body).toEqual([expect.objectContaining({ id: absence.body.id, from: '2027-04-05', to: '2027-04-18' })]);
      // Keys live in the database too: the coordinator key made before the backup still works.
      expect((await restored.http().get('/api/wards').set(bearer(coordinatorKey))).status).toBe(200);
      const check: { integrity_check: string }[] = await restored.db.dataSource.query('PRAGMA integrity_check');
      expect(check).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      if (liveOpen) await live.close();
      await restored?.close();
    }
  }, 90000);

  it('refuses to overwrite an existing file and to back up a missing database', async () => {
    const existing = join(dir, 'exists.sqlite');
    copyFileSync(__filename, existing);
    const refused = await runBackupCli([existing], { DATABASE_URL: `sqlite:${join(dir, 'nowhere', 'imr.sqlite')}` });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/backup failed: no SQLite database at/);
    const src = join(dir, 'source.sqlite');
    await new Promise<void>((resolve, reject) => {
      const db = new sqlite3.Database(src, (error) => (error ? reject(error) : db.close((e) => (e ? reject(e) : resolve()))));
    });
    const overwrite = await runBackupCli([existing], { DATABASE_URL: `sqlite:${src}` });
    expect(overwrite.code).toBe(1);
    expect(overwrite.stderr).toMatch(/already exists/);
    expect(statSync(existing).size).toBe(statSync(__filename).size);
  }, 60000);

  it('prints the pg_dump / pg_restore commands for PostgreSQL, without the password, and exits 0', async () => {
    const res = await runBackupCli([], { DATABASE_URL: 'postgres://imr:s3cret-pw@db.example:5432/imr' });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/pg_dump --format=custom .*'postgres:\/\/imr:\*\*\*\*@db\.example:5432\/imr'/);
    expect(res.stdout).toMatch(/pg_restore --clean --if-exists/);
    expect(res.stdout + res.stderr).not.toContain('s3cret-pw');
  }, 60000);
});
