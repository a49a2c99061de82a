/**
 * The load bench's ward (seedRealisticWard) on a Sunday: its groups began on the Monday eight weeks
 * and six days back, so their first six days lie before the kept window (kept-window.ts). Those
 * sessions are listed but computed, never stored, so attendance there answers 404: the seed must
 * offer only sessions that are stored (the bench's 1–2 stray 404s on POST …/attendance).
 */
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Api, listenLocal, seedRealisticWard } from './bench/bench-support';
import { startTestApp, TestApp } from './support/test-app';

const NOW = '2027-03-07T09:00:00.000Z'; // a Sunday
const FIRST_DAY = '2027-01-04'; // the Monday eight weeks and six days before
const KEPT_FROM = '2027-01-10';

describe('load bench seed', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    const base = await listenLocal(t.app as NestFastifyApplication);
    api = new Api(base, await t.key('coordinator'));
  }, 60_000);

  afterAll(async () => t?.close());

  it('offers attendance only at stored sessions, each of which records', async () => {
    const ward = await seedRealisticWard(api, NOW, FIRST_DAY);
    const listed = (
      await api.get<{ id: string; date: string; startsAt: string }[]>(
        `/api/wards/${ward.wardId}/sessions?from=${FIRST_DAY}&to=${KEPT_FROM}`,
      )
    ).body;
    const early = listed.filter((s) => s.date < KEPT_FROM);
    expect(early.length).toBeGreaterThan(0);
    // What the seed leaves out: listed, not stored.
    for (const s of early) expect((await api.call('GET', `/api/sessions/${s.id}`)).status).toBe(404);
    const offered = new Map(ward.attendancePairs.map(([sessionId, admissionId]) => [sessionId, admissionId]));
    expect(offered.size).toBeGreaterThan(40);
    for (const s of early) expect(offered.has(s.id)).toBe(false);
    for (const [sessionId, admissionId] of offered) {
      const res = await api.call('POST', `/api/sessions/${sessionId}/attendance`, { admissionId });
      expect([sessionId, res.status]).toEqual([sessionId, 201]);
    }
  }, 120_000);
});
