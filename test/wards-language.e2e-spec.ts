import { bearer, startTestApp, TestApp } from './support/test-app';

/** Ward language, Norwegian module titles and register numbers, through the API. */
describe('ward language and Norwegian module titles (e2e)', () => {
  let t: TestApp;
  let coordinator: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    coordinator = bearer(await t.key('coordinator'));
  });
  afterAll(() => t.close());

  const ward = async (body: object) => t.http().post('/api/wards').set(coordinator).send(body);

  it('defaults to bokmål in Norway’s time zones and to English elsewhere; an explicit language wins', async () => {
    const oslo = await ward({ code: 'LANG-NO', name: 'Post 1' });
    const svalbard = await ward({ code: 'LANG-SJ', name: 'Post 2', timezone: 'Arctic/Longyearbyen' });
    const london = await ward({ code: 'LANG-UK', name: 'Ward 3', timezone: 'Europe/London' });
    const chosen = await ward({ code: 'LANG-EN', name: 'Post 4', language: 'en' });
    expect([oslo.body.language, svalbard.body.language, london.body.language, chosen.body.language]).toEqual(['nb', 'nb', 'en', 'en']);
    const back = await t.http().patch(`/api/wards/${chosen.body.id}`).set(coordinator).send({ language: null });
    expect([back.status, back.body.language]).toEqual([200, 'nb']);
  });

  it('answers GET /api/modules in the requested language, marking module 11’s bokmål title as unconfirmed', async () => {
    const nb = await t.http().get('/api/modules?lang=nb').set(coordinator);
    expect(nb.status).toBe(200);
    expect(nb.body.map((m: { title: string }) => m.title)).toEqual([
      'Individuell mestring og tilfriskning',
      'Nyttige fakta om psykiske lidelser',
      'Nyttige fakta om ruslidelser',
      'Stress-sårbarhetsmodellen',
      'Mestre stress',
      'Bygge sosial støtte',
      'Effektiv bruk av medisiner',
      'Mestre vedvarende symptomer',
      'Sunn livsstil',
      'Lage en plan for å forebygge tilbakefall',
      'Få hjelp til dine behov i helsetjenesten',
    ]);
    expect(nb.body.filter((m: { titleNbUnconfirmed: boolean }) => m.titleNbUnconfirmed).map((m: { number: number }) => m.number)).toEqual([
      11,
    ]);
    const en = await t.http().get('/api/modules').set(coordinator);
    expect(en.body[4]).toMatchObject({ number: 5, title: 'Coping With Stress', language: 'en', titleNb: 'Mestre stress' });
    const bad = await t.http().get('/api/modules?lang=de').set(coordinator);
    expect([bad.status, [bad.body.message].flat().join(' ')]).toEqual([400, expect.stringMatching(/^lang must be one of nb, en/)]);
  });

  it('lets a ward replace a bokmål title, seen in its modules and its sessions', async () => {
    const w = (
      await ward({ code: 'LANG-OWN', name: 'Post 5', moduleTitlesNb: { 'health-care-system': 'Få dekket dine behov i helsetjenesten' } })
    ).body;
    const modules = await t.http().get(`/api/modules?wardId=${w.id}`).set(coordinator);
    expect(modules.body[10]).toMatchObject({ title: 'Få dekket dine behov i helsetjenesten', language: 'nb', titleNbUnconfirmed: false });
    const group = await t
      .http()
      .post(`/api/wards/${w.id}/groups`)
      .set(coordinator)
      .send({
        name: 'Gruppe',
        recurrence: 'FREQ=DAILY',
        startTime: '10:00',
        durationMinutes: 60,
        startsOn: '2027-03-01',
        curriculum: [11],
      });
    expect(group.status).toBe(201);
    const sessions = await t.http().get(`/api/wards/${w.id}/sessions?from=2027-03-01&to=2027-03-01`).set(coordinator);
    expect(sessions.body.map((s: { module: { title: string } }) => s.module.title)).toEqual(['Få dekket dine behov i helsetjenesten']);
  });

  it('refuses unknown modules, bad titles, bad organisation numbers and RESH ids, naming the field', async () => {
    const cases: [object, RegExp][] = [
      [{ moduleTitlesNb: { 'no-such-module': 'x' } }, /^moduleTitlesNb\.no-such-module /],
      [{ moduleTitlesNb: { 'coping-with-stress': '' } }, /^moduleTitlesNb\.coping-with-stress /],
      [{ organizationNumber: '974760674' }, /^organizationNumber /],
      [{ organizationNumber: '97476067' }, /^organizationNumber /],
      [{ reshId: 'R-12' }, /^reshId /],
      [{ language: 'se' }, /^language /],
    ];
    for (const [extra, message] of cases) {
      const res = await ward({ code: `LANG-BAD-${Math.random().toString(36).slice(2, 8)}`, name: 'x', ...extra });
      expect([JSON.stringify(extra), res.status, [res.body.message].flat().join(' ')]).toEqual([
        JSON.stringify(extra),
        400,
        expect.stringMatching(message),
      ]);
    }
    const ok = await ward({ code: 'LANG-ORG', name: 'Post 6', organizationNumber: '974760673', reshId: '4001031' });
    expect([ok.status, ok.body.organizationNumber, ok.body.reshId]).toEqual([201, '974760673', '4001031']);
  });
});
