import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { setUpRota, RotaFixture } from './calendar.e2e-support';
import { listenLocally, rawGet } from './support/raw-http';
import { startTestApp, TestApp } from './support/test-app';

/*
 * Acceptance 5 of issue 18: an iTIP-aware parser accepts the feed, and gzip at least halves it.
 * The parser is libical (Debian's libical-dev): test/interop/ical-check.c parses the feed and runs
 * icalrestriction_check, the check that refused METHOD:PUBLISH without ORGANIZER.
 */
describe('calendar feeds with libical and gzip (e2e)', () => {
  let t: TestApp;
  let fx: RotaFixture;
  let base: string;
  let checker: string;

  beforeAll(async () => {
    checker = join(mkdtempSync(join(tmpdir(), 'ical-check-')), 'ical-check');
    execFileSync('cc', ['-o', checker, join(__dirname, 'interop', 'ical-check.c'), '-lical']);
    t = await startTestApp({ now: '2027-02-26T09:00:00.000Z', env: { IMR_HORIZON_WEEKS: '40', IMR_CALENDAR_RATE_LIMIT: '100000' } });
    fx = await setUpRota(t, { from: '2027-03-01', to: '2027-11-26', publishTo: '2027-11-07' });
    base = await listenLocally(t.app.getHttpServer());
  }, 60_000);
  afterAll(() => t.close());

  const libical = (body: Buffer) => {
    const run = spawnSync(checker, { input: body, encoding: 'utf8' });
    return { status: run.status, output: run.stdout.trim() };
  };

  it('libical parses the feed and its iTIP restriction check passes: no METHOD, no X-LIC-ERROR', async () => {
    const plain = await rawGet(base + fx.feeds.ola);
    expect(plain.status).toBe(200);
    const text = plain.body.toString('utf8');
    expect(text).not.toMatch(/^METHOD:/m);
    const result = libical(plain.body);
    expect(result).toEqual({ status: 0, output: expect.stringMatching(/^events=\d+ restrictions=1 errors=0$/) });
    expect(Number(/events=(\d+)/.exec(result.output)![1])).toBeGreaterThan(50);
  });

  it('the checker itself refuses what the old feed did: METHOD:PUBLISH without ORGANIZER', async () => {
    const plain = await rawGet(base + fx.feeds.ola);
    const withMethod = plain.body.toString('utf8').replace('VERSION:2.0\r\n', 'VERSION:2.0\r\nMETHOD:PUBLISH\r\n');
    const result = libical(Buffer.from(withMethod));
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/Failed iTIP restrictions for ORGANIZER property/);
  });

  it('gzips the feed when asked, to at most half its bytes, under the same ETag', async () => {
    const plain = await rawGet(base + fx.feeds.kari);
    const zipped = await rawGet(base + fx.feeds.kari, { 'accept-encoding': 'gzip, deflate, br' });
    expect([zipped.status, zipped.headers['content-encoding'], zipped.headers.vary]).toEqual([200, 'gzip', 'Accept-Encoding']);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect(zipped.headers.etag).toBe(plain.headers.etag);
    const ratio = zipped.body.length / plain.body.length;
    // Printed for the report: the measured sizes.
    process.stdout.write(`feed ${plain.body.length} B plain, ${zipped.body.length} B gzip (${(ratio * 100).toFixed(1)} %)\n`);
    expect(ratio).toBeLessThanOrEqual(0.5);
    const again = await rawGet(base + fx.feeds.kari, { 'accept-encoding': 'gzip', 'if-none-match': plain.headers.etag! });
    expect([again.status, again.body.length]).toEqual([304, 0]);
  });

  it('gzips the ward rota download too, and libical accepts it', async () => {
    const path = `${base}/api/wards/${fx.wardId}/rota.ics?from=2027-03-01&to=2027-06-30`;
    const auth = { authorization: fx.coordinator.Authorization };
    const plain = await rawGet(path, auth);
    const zipped = await rawGet(path, { ...auth, 'accept-encoding': 'gzip' });
    expect([plain.status, zipped.status, zipped.headers['content-encoding']]).toEqual([200, 200, 'gzip']);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect(zipped.headers.etag).toBe(plain.headers.etag);
    expect(zipped.body.length / plain.body.length).toBeLessThanOrEqual(0.5);
    expect(libical(plain.body).status).toBe(0);
  });
});
