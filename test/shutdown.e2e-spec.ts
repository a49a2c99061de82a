import { bearer, freshDatabase, startTestApp } from './support/test-app';

describe('graceful shutdown (e2e)', () => {
  it('lets a handler whose client went away finish its write before the database closes', async () => {
    const database = await freshDatabase();
    const t = await startTestApp({ database });
    const coordinator = bearer(await t.key('coordinator'));
    // Hold the wards table (SQLite: the write queue) so the request below is still running when shutdown starts.
    let release!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const held = t.db.transaction(async (em) => {
      if (t.db.isPostgres) await em.query('LOCK TABLE wards IN EXCLUSIVE MODE');
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await isLocked;
    const pending = t.http().post('/api/wards').set(coordinator).send({ code: 'LATE', name: 'Late ward' });
    const aborted = new Promise<void>((resolve) => {
      pending.on('error', () => resolve());
      setTimeout(() => {
        pending.abort();
        resolve();
      }, 200);
    });
    pending.then(
      () => undefined,
      () => undefined,
    );
    await aborted;
    setTimeout(release, 300);
    await t.close();
    await held;

    const reopened = await startTestApp({ database });
    try {
      const rows = await reopened.db.dataSource.query("SELECT code FROM wards WHERE code = 'LATE'");
      expect(rows).toHaveLength(1);
    } finally {
      await reopened.close();
      await database.drop();
    }
  });
});
