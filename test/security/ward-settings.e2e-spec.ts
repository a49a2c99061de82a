import { JobsService } from '../../src/jobs/jobs.service';
import { WardEntity } from '../../src/database/schema/ward.entity';
import { bearer, startTestApp, TestApp } from '../support/test-app';
import { DomainEvents } from '../../src/events/domain-events';
import { changedTables, snapshotDb } from './db-snapshot.support';
import { expectStatus } from './world.support';

type Headers = Record<string, string>;

/**
 * Issue 14: ward settings are validated together, a failed write commits nothing, and no state of one
 * ward can make a read of another ward, the ward list, a feed or a job fail. Every setting is driven
 * to its edges on ward X; after each write, everything around it must still answer.
 */
const EDGES: { label: string; body: object; status: 200 | 400; field?: string }[] = [
  { label: 'name of 1 character', body: { name: 'X' }, status: 200 },
  { label: 'name of 200 characters', body: { name: 'Å'.repeat(200) }, status: 200 },
  { label: 'name of 201 characters', body: { name: 'a'.repeat(201) }, status: 400, field: 'name' },
  { label: 'empty name', body: { name: '' }, status: 400, field: 'name' },
  { label: 'name with a bidi override', body: { name: 'Post \u202E3' }, status: 400, field: 'name' },
  { label: 'timezone +14 (Kiritimati)', body: { timezone: 'Pacific/Kiritimati' }, status: 200 },
  { label: 'timezone -12', body: { timezone: 'Etc/GMT+12' }, status: 200 },
  { label: 'timezone with half hours', body: { timezone: 'America/St_Johns' }, status: 200 },
  { label: 'timezone with 45 minutes', body: { timezone: 'Asia/Kathmandu' }, status: 200 },
  { label: 'unknown timezone', body: { timezone: 'Europe/Nowhere' }, status: 400, field: 'timezone' },
  { label: 'back to Oslo', body: { timezone: 'Europe/Oslo' }, status: 200 },
  { label: 'core set of one', body: { coreModules: [1] }, status: 200 },
  { label: 'core set of all eleven', body: { coreModules: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }, status: 200 },
  { label: 'core set with repeats', body: { coreModules: [2, 2, 4] }, status: 200 },
  { label: 'empty core set', body: { coreModules: [] }, status: 400, field: 'coreModules' },
  { label: 'module 12 in an edition of 11', body: { coreModules: [12] }, status: 400, field: 'coreModules' },
  { label: 'module 0', body: { coreModules: [0] }, status: 400, field: 'coreModules' },
  { label: 'core set of 21', body: { coreModules: Array.from({ length: 21 }, () => 1) }, status: 400, field: 'coreModules' },
  { label: 'core set [11]', body: { coreModules: [11] }, status: 200 },
  // Story: this used to answer 500, commit, and break the ward list, shared feeds and the nightly job.
  { label: 'edition samhsa-toolkit after core [11] (carried over by module: 10)', body: { edition: 'samhsa-toolkit' }, status: 200 },
  { label: 'back to the default edition', body: { edition: null }, status: 200 },
  { label: 'core [9] (healthy lifestyles)', body: { coreModules: [9] }, status: 200 },
  { label: 'edition lacking the core module', body: { edition: 'samhsa-toolkit' }, status: 400, field: 'edition' },
  { label: 'edition and core set together', body: { edition: 'samhsa-toolkit', coreModules: [10] }, status: 200 },
  {
    label: 'a core set of the old edition with a new one',
    body: { edition: 'imr-norway', coreModules: [12] },
    status: 400,
    field: 'coreModules',
  },
  { label: 'unknown edition', body: { edition: 'made-up' }, status: 400, field: 'edition' },
  { label: 'edition of the wrong type', body: { edition: 7 }, status: 400, field: 'edition' },
  { label: 'contact person of 200', body: { contactPerson: 'k'.repeat(200) }, status: 200 },
  { label: 'contact person of 201', body: { contactPerson: 'k'.repeat(201) }, status: 400, field: 'contactPerson' },
  { label: 'reply address of 500', body: { replyAddress: 'r'.repeat(500) }, status: 200 },
  { label: 'reply address of 501', body: { replyAddress: 'r'.repeat(501) }, status: 400, field: 'replyAddress' },
  { label: 'a good and a bad field at once', body: { name: 'Fine', coreModules: [99] }, status: 400, field: 'coreModules' },
];

describe('ward settings at their edges', () => {
  let t: TestApp;
  let coordinator: Headers;
  let x: string;
  let y: string;
  let feed: string;
  let ticks = 0;

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-03-10T12:00:00.000Z' });
    coordinator = bearer(await t.key('coordinator'));
    const ward = async (code: string) =>
      (await expectStatus(t.http().post('/api/wards').set(coordinator).send({ code, name: code }), 201, 'ward')).id;
    x = await ward('EDGE-X');
    y = await ward('EDGE-Y');
    for (const wardId of [x, y]) {
      await expectStatus(
        t.http().post(`/api/wards/${wardId}/groups`).set(coordinator).send({
          name: 'Open group',
          recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE',
          startTime: '10:00',
          durationMinutes: 60,
          startsOn: '2027-03-01',
          curriculum: 'core',
        }),
        201,
        'group',
      );
      await expectStatus(
        t
          .http()
          .post(`/api/wards/${wardId}/admissions`)
          .set(coordinator)
          .send({ patientRef: `EDGE-${wardId.slice(0, 4)}`, admittedOn: '2027-03-01' }),
        201,
        'admission',
      );
    }
    const shared = await expectStatus(
      t
        .http()
        .post('/api/facilitators')
        .set(coordinator)
        .send({ name: 'Shared', profession: 'nurse', imrTrained: true, wardIds: [y, x], homeWardId: y }),
      201,
      'facilitator',
    );
    await expectStatus(
      t.http().post(`/api/wards/${x}/rota/plan`).set(coordinator).send({ from: '2027-03-10', to: '2027-04-10' }),
      200,
      'plan',
    );
    await expectStatus(
      t.http().post(`/api/wards/${x}/rota/publish`).set(coordinator).send({ from: '2027-03-10', to: '2027-04-10' }),
      200,
      'publish',
    );
    feed = new URL((await expectStatus(t.http().post(`/api/facilitators/${shared.id}/calendar`).set(coordinator), 201, 'link')).url)
      .pathname;
  }, 60_000);

  afterAll(() => t?.close());

  /** Everything a ward's state could break: its own reads, the other ward, the list, a shared feed, every job. */
  async function aroundStillWorks(label: string): Promise<string[]> {
    const problems: string[] = [];
    const reads = [
      '/api/wards',
      `/api/wards/${x}`,
      `/api/wards/${y}`,
      `/api/wards/${x}/sessions?from=2027-03-01&to=2027-04-30`,
      `/api/wards/${y}/sessions?from=2027-03-01&to=2027-04-30`,
      `/api/wards/${x}/rota.ics`,
      `/api/wards/${x}/discharge-worklist?withinDays=30`,
      '/api/modules',
    ];
    for (const url of reads) {
      const res = await t.http().get(url).set(coordinator);
      if (res.status !== 200) problems.push(`${label}: GET ${url} → ${res.status}`);
    }
    t.clock.set(new Date(t.clock.now().getTime() + 6 * 60_000));
    const feedRes = await t.http().get(feed);
    if (feedRes.status !== 200) problems.push(`${label}: feed → ${feedRes.status}`);
    const jobs = t.app.get(JobsService);
    for (const job of jobs.names()) {
      try {
        await jobs.runJob(job, `edge-${++ticks}`);
      } catch (error) {
        problems.push(`${label}: job ${job} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return problems;
  }

  it('accepts the valid edges, refuses the others naming the field and writing nothing, and breaks nothing around', async () => {
    const problems: string[] = [];
    for (const edge of EDGES) {
      const before = await snapshotDb(t.db);
      const res = await t.http().patch(`/api/wards/${x}`).set(coordinator).send(edge.body);
      if (res.status !== edge.status)
        problems.push(`${edge.label}: expected ${edge.status}, got ${res.status} ${JSON.stringify(res.body)}`);
      if (edge.status === 400) {
        if (!JSON.stringify(res.body.message).includes(edge.field!))
          problems.push(`${edge.label}: the message does not name ${edge.field}: ${JSON.stringify(res.body)}`);
        const changed = changedTables(before, await snapshotDb(t.db));
        if (changed.length) problems.push(`${edge.label}: a refused write changed ${changed.join(', ')}`);
      }
      problems.push(...(await aroundStillWorks(edge.label)));
    }
    expect(problems).toEqual([]);
    const ward = await expectStatus(t.http().get(`/api/wards/${x}`).set(coordinator), 200, 'ward');
    expect(ward).toMatchObject({ edition: 'samhsa-toolkit', coreModules: [10], contactPerson: 'k'.repeat(200) });
  }, 180_000);

  it('keeps everything answering when a stored setting no longer fits the catalogue (an edition dropped from the file)', async () => {
    await t.db.dataSource.getRepository(WardEntity).update({ id: x }, { edition: 'dropped-edition', coreModules: [42] });
    // The file changes only with a restart, which starts with empty caches: drop what this instance remembers of the ward.
    t.app.get(DomainEvents).emit({ type: 'ward-changed', wardId: x });
    expect(await aroundStillWorks('dropped edition')).toEqual([]);
    const ward = await expectStatus(t.http().get(`/api/wards/${x}`).set(coordinator), 200, 'ward');
    expect(ward).toMatchObject({ edition: 'imr-norway', coreModules: [2, 4, 5, 7] });
    const fixed = await expectStatus(
      t
        .http()
        .patch(`/api/wards/${x}`)
        .set(coordinator)
        .send({ edition: null, coreModules: [2, 4] }),
      200,
      'repair',
    );
    expect(fixed).toMatchObject({ edition: 'imr-norway', coreModules: [2, 4] });
  }, 60_000);
});
