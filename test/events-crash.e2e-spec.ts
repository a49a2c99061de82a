/**
 * Issue 17, acceptance 4. The real service runs as a child process (transpiled once, as in
 * crash-safety.e2e-spec.ts) with its jobs on, so its webhook job delivers. Changes are made through
 * the API and the service is killed with SIGKILL between the change and its delivery: first while
 * the receiver answers 500 (every event is still pending at the kill), then at random moments while
 * writes and deliveries are in flight. After each restart the new instance takes the delivery lease
 * and goes on. At the end the receiver has every event of the outbox once by id (duplicates are
 * allowed: at least once), in order per ward, each with a valid signature.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sqlite3 from 'sqlite3';
import { WebhookReceiver } from './support/webhook-receiver';
import { BuiltService, startBuiltService, transpileService } from './support/transpiled-service';

const ADMIN_KEY = 'imr_' + 'events-crash-admin-key-0123456789abcdefghij';
const headers = { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' };
const RANDOM_KILLS = 4;

function sqliteAll<T>(path: string, sql: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path, sqlite3.OPEN_READONLY, (openError) => {
      if (openError) return reject(openError);
      db.all(sql, (error, rows) => db.close(() => (error ? reject(error) : resolve(rows as T[]))));
    });
  });
}

async function call(base: string, method: string, path: string, body?: object): Promise<any> {
  const res = await fetch(`${base}${path}`, { method, headers, body: body && JSON.stringify(body), signal: AbortSignal.timeout(10000) });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

describe('webhooks across kill -9 of the service (e2e, child process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imr-events-crash-'));
  const build = join(dir, 'build');
  const dbFile = join(dir, 'imr.sqlite');
  const receiver = new WebhookReceiver();
  let current: BuiltService | undefined;

  const start = () =>
    startBuiltService(build, {
      DATABASE_URL: `sqlite:${dbFile}`,
      IMR_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
      IMR_JOBS_ENABLED: 'true',
      IMR_WEBHOOK_ALLOW_PRIVATE: 'true',
      IMR_EVENTS_POLL_MS: '50',
      IMR_EVENTS_LEASE_MS: '1000',
      IMR_AUTH_FAILURES_PER_MINUTE: '1000000',
      IMR_KEY_REQUESTS_PER_MINUTE: '1000000',
    });

  async function kill(): Promise<void> {
    current!.process.kill('SIGKILL');
    await current!.exited;
  }

  beforeAll(() => transpileService(build), 60000);
  afterAll(async () => {
    if (current && current.process.exitCode === null) {
      current.process.kill('SIGKILL');
      await current.exited;
    }
    await receiver.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every event once by id, in order per ward, signed, across SIGKILLs and a receiver answering 500', async () => {
    const hookUrl = await receiver.start();
    current = await start();
    const hook = await call(current.url, 'POST', '/api/webhooks', { url: hookUrl, events: ['*'] });
    receiver.secret = hook.secret;

    const sessions: { wardId: string; ids: string[] }[] = [];
    for (const code of ['CRU', 'CRV']) {
      const ward = await call(current.url, 'POST', '/api/wards', { code, name: `Ward ${code}` });
      for (const name of ['Kari', 'Ola', 'Per']) {
        await call(current.url, 'POST', '/api/facilitators', {
          name: `${name} ${code}`,
          profession: 'nurse',
          imrTrained: true,
          wardIds: [ward.id],
        });
      }
      await call(current.url, 'POST', `/api/wards/${ward.id}/groups`, {
        name: 'Open group',
        recurrence: 'FREQ=DAILY',
        startTime: '10:00',
        durationMinutes: 60,
        startsOn: '2030-01-07',
        curriculum: 'core',
      });
      await call(current.url, 'POST', `/api/wards/${ward.id}/rota/plan`, { from: '2030-01-07', to: '2030-01-20' });
      await call(current.url, 'POST', `/api/wards/${ward.id}/rota/publish`, { from: '2030-01-07', to: '2030-01-20' });
      const list = await call(current.url, 'GET', `/api/wards/${ward.id}/sessions?from=2030-01-07&to=2030-01-20`);
      sessions.push({ wardId: ward.id, ids: list.map((s: { id: string }) => s.id) });
    }
    const cancelled = new Set<string>();
    const acked: { sessionId: string; change: string }[] = [];
    let turn = 0;
    async function toggle(base: string, ward: { ids: string[] }): Promise<void> {
      // The last session of the window: cancelling it shifts no other session's module.
      const id = ward.ids[ward.ids.length - 1 - (turn++ % 3)];
      const change = cancelled.has(id) ? 'uncancelled' : 'cancelled';
      await call(
        base,
        'POST',
        `/api/sessions/${id}/${change === 'cancelled' ? 'cancel' : 'uncancel'}`,
        change === 'cancelled' ? { reason: 'Ward outing' } : {},
      );
      if (change === 'cancelled') cancelled.add(id);
      else cancelled.delete(id);
      acked.push({ sessionId: id, change });
    }

    // 1. The receiver is down (500): changes commit, the kill comes before any delivery succeeds.
    receiver.failWith = 500;
    for (let i = 0; i < 6; i++) await toggle(current.url, sessions[i % 2]);
    await kill();
    current = await start();
    await new Promise((r) => setTimeout(r, 1500)); // the new instance retries against the 500s
    const failuresWhileDown = receiver.failures;
    receiver.failWith = null;

    // 2. Kills at random moments while writers change both wards and deliveries run.
    let inFlightAtKills = 0;
    let cut = 0;
    for (let k = 0; k < RANDOM_KILLS; k++) {
      const base = current.url;
      let stop = false;
      let inFlight = 0;
      const writers = sessions.map(async (ward) => {
        while (!stop) {
          inFlight++;
          await toggle(base, ward)
            .catch((e) => {
              if (/answered/.test(String(e))) throw e; // a 4xx/5xx is a bug; a cut connection is the kill
              cut++;
            })
            .finally(() => inFlight--);
        }
      });
      await new Promise((r) => setTimeout(r, 150 + Math.floor(Math.random() * 350)));
      inFlightAtKills += inFlight;
      stop = true;
      current.process.kill('SIGKILL');
      await Promise.all(writers);
      await current.exited;
      current = await start();
    }

    // 3. Wait until the receiver has every event of the outbox.
    const outboxCount = async () => (await sqliteAll<{ n: number }>(dbFile, 'SELECT COUNT(*) AS n FROM outbox_events'))[0].n;
    const deadline = Date.now() + 90_000;
    while (receiver.distinct().length < (await outboxCount()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    current.process.kill('SIGTERM');
    await current.exited;

    const outbox = await sqliteAll<{ seq: number; id: string; wardId: string }>(
      dbFile,
      'SELECT seq, id, wardId FROM outbox_events ORDER BY seq',
    );
    const got = receiver.distinct();
    expect(got.filter((e) => !e.signatureValid).map((e) => e.id)).toEqual([]);
    expect(receiver.received.filter((e) => !e.signatureValid).length).toBe(0);
    const receivedIds = new Set(got.map((e) => e.id));
    expect(outbox.filter((e) => !receivedIds.has(e.id)).map((e) => e.id)).toEqual([]);
    expect(got.length).toBe(outbox.length);
    for (const { wardId } of sessions) {
      expect([wardId, got.filter((e) => e.wardId === wardId).map((e) => e.id)]).toEqual([
        wardId,
        outbox.filter((e) => e.wardId === wardId).map((e) => e.id),
      ]);
    }
    // Every acknowledged change reached the receiver as its event.
    const changes = new Set(got.filter((e) => e.type === 'session.changed').map((e) => `${e.data.sessionId}|${e.data.change}`));
    expect(acked.filter((a) => !changes.has(`${a.sessionId}|${a.change}`))).toEqual([]);
    expect(failuresWhileDown).toBeGreaterThan(0);
    process.stdout.write(
      `events-crash: ${outbox.length} events, all received once by id in order per ward ` +
        `(${receiver.received.length - got.length} duplicate deliveries), ${acked.length} acknowledged changes, ` +
        `${1 + RANDOM_KILLS} SIGKILLs (${inFlightAtKills} writes in flight at the random ones, ${cut} cut off), ` +
        `${failuresWhileDown} answers of 500 before the receiver came back\n`,
    );
  }, 240_000);
});
