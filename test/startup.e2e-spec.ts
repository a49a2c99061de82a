import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildService, startChildService } from './support/child-service';

describe('first start and restart of the standalone service (e2e, child process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imr-start-'));
  const databaseUrl = `sqlite:${join(dir, 'data', 'imr.sqlite')}`;
  // The build (dist/ when stale) is not part of what is timed below; under load it alone can take minutes.
  beforeAll(buildService, 600000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates and migrates the SQLite file, prints an admin key once, and keeps data across a restart', async () => {
    const first = await startChildService({ DATABASE_URL: databaseUrl, IMR_BOOTSTRAP_ADMIN_KEY: '' });
    const keys = first.output().match(/imr_[A-Za-z0-9_-]{43}/g) ?? [];
    expect(keys).toHaveLength(1);
    expect(existsSync(join(dir, 'data', 'imr.sqlite'))).toBe(true);
    const key = keys[0];
    const ward = await fetch(`${first.url}/api/wards`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: 'RESTART', name: 'Restart ward' }),
    });
    expect(ward.status).toBe(201);
    await first.stop();

    const second = await startChildService({ DATABASE_URL: databaseUrl, IMR_BOOTSTRAP_ADMIN_KEY: '' });
    try {
      expect(second.output()).not.toMatch(/imr_[A-Za-z0-9_-]{43}/);
      const list = await fetch(`${second.url}/api/wards`, { headers: { Authorization: `Bearer ${key}` } });
      expect(list.status).toBe(200);
      expect(((await list.json()) as { code: string }[]).map((w) => w.code)).toEqual(['RESTART']);
    } finally {
      await second.stop();
    }
  }, 300000);

  it('fails fast naming a bad variable', async () => {
    await expect(startChildService({ DATABASE_URL: databaseUrl, PORT: 'eighty' })).rejects.toThrow(
      /service exited with 78: Invalid configuration: PORT must be a whole number/,
    );
  }, 180000);
});
