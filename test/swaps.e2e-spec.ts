import { OffersService } from '../src/swaps/offers.service';
import { startTestApp, TestApp } from './support/test-app';
import { approvalOn, assign, seedSwapWorld, SwapWorld, teamOf } from './swaps.support';

/** Issue 17, acceptance 1 and 3: offers, claims, approval, decline, expiry and swaps; refusals name the rule. */
describe('offers and swaps between facilitators (e2e)', () => {
  let t: TestApp;
  let w: SwapWorld;
  const http = () => t.http();

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-03-01T09:00:00.000Z' });
    w = await seedSwapWorld(t);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const offer = async (date: string, who = 'Kari') =>
    (
      await http()
        .post(`/api/sessions/${w.sessionOn(date)}/offers`)
        .set(w.people[who].key)
        .send({})
        .expect(201)
    ).body;
  const claim = (offerId: string, who: string) => http().post(`/api/offers/${offerId}/claim`).set(w.people[who].key).send({});

  describe('on a ward without approval', () => {
    it('offer → visible to colleagues who could take it → first claim wins at once → later claims 409', async () => {
      await assign(t, w, w.sessionOn('2027-03-03'), ['Kari', 'Ola']);
      const o = await offer('2027-03-03');
      expect(o).toMatchObject({ sessionId: w.sessionOn('2027-03-03'), facilitatorId: w.people.Kari.id, status: 'open' });
      const seenByPer = (await http().get('/api/offers?status=open').set(w.people.Per.key).expect(200)).body.map(
        (x: { id: string }) => x.id,
      );
      expect(seenByPer).toContain(o.id);
      // Ola is on the session already: it is not offered to him.
      const seenByOla = (await http().get('/api/offers?status=open').set(w.people.Ola.key).expect(200)).body.map(
        (x: { id: string }) => x.id,
      );
      expect(seenByOla).not.toContain(o.id);

      const won = await claim(o.id, 'Per');
      expect([won.status, won.body.status, won.body.claimedBy]).toEqual([200, 'approved', w.people.Per.id]);
      expect(await teamOf(t, w, w.sessionOn('2027-03-03'))).toEqual(['Per:lead', 'Ola:co']);
      const late = await claim(o.id, 'Cato');
      expect([late.status, late.body.message]).toEqual([409, ['the offer has already been taken']]);

      const mine = (await http().get('/api/me/sessions?from=2027-03-01&to=2027-03-07').set(w.people.Per.key).expect(200)).body;
      expect(mine.map((s: { id: string }) => s.id)).toContain(w.sessionOn('2027-03-03'));
      const karis = (await http().get('/api/me/sessions?from=2027-03-01&to=2027-03-07').set(w.people.Kari.key).expect(200)).body;
      expect(karis.map((s: { id: string }) => s.id)).not.toContain(w.sessionOn('2027-03-03'));
      const history = (
        await http()
          .get(`/api/wards/${w.u.id}/rota/history?sessionId=${w.sessionOn('2027-03-03')}`)
          .set(w.coordinator)
          .expect(200)
      ).body;
      expect(history.map((h: { action: string }) => h.action)).toContain('offer-claimed');
      const audit = (
        await http()
          .get('/api/audit?limit=50')
          .set({ Authorization: `Bearer ${t.adminKey}` })
          .expect(200)
      ).body;
      expect(JSON.stringify(audit)).toContain('POST /api/offers/:id/claim');
    });

    it('swap: propose → the colleague accepts → both sessions change in one step', async () => {
      await assign(t, w, w.sessionOn('2027-03-05'), ['Kari', 'Ola']);
      await assign(t, w, w.sessionOn('2027-03-08'), ['Per', 'Cato']);
      const s = await http()
        .post('/api/swaps')
        .set(w.people.Kari.key)
        .send({ sessionId: w.sessionOn('2027-03-05'), withSessionId: w.sessionOn('2027-03-08') })
        .expect(201);
      expect(s.body).toMatchObject({ status: 'proposed', withFacilitatorId: w.people.Per.id });
      // Only the colleague asked may accept.
      expect((await http().post(`/api/swaps/${s.body.id}/accept`).set(w.people.Ola.key)).status).toBe(403);
      const done = await http().post(`/api/swaps/${s.body.id}/accept`).set(w.people.Per.key).expect(200);
      expect(done.body.status).toBe('approved');
      expect(await teamOf(t, w, w.sessionOn('2027-03-05'))).toEqual(['Per:lead', 'Ola:co']);
      expect(await teamOf(t, w, w.sessionOn('2027-03-08'))).toEqual(['Kari:lead', 'Cato:co']);
    });

    it('an offer expires when its session changes or starts', async () => {
      await assign(t, w, w.sessionOn('2027-03-10'), ['Kari', 'Ola']);
      const changed = await offer('2027-03-10');
      await http()
        .post(`/api/sessions/${w.sessionOn('2027-03-10')}/cancel`)
        .set(w.coordinator)
        .send({ reason: 'Ward outing' })
        .expect(200);
      const refused = await claim(changed.id, 'Per');
      expect([refused.status, refused.body.message]).toEqual([409, ['the offer has expired: the session is cancelled']]);
      await http()
        .post(`/api/sessions/${w.sessionOn('2027-03-10')}/uncancel`)
        .set(w.coordinator)
        .expect(200);

      await assign(t, w, w.sessionOn('2027-03-12'), ['Kari', 'Ola']);
      const started = await offer('2027-03-12');
      t.clock.set('2027-03-12T09:30:00.000Z');
      try {
        const list = (await http().get(`/api/offers?wardId=${w.u.id}`).set(w.coordinator).expect(200)).body;
        expect(list.find((x: { id: string }) => x.id === started.id)).toMatchObject({
          status: 'expired',
          reason: 'the session has started',
        });
        // The jobs' sweep records the expiry (reads and refused claims write nothing) and raises offer.expired.
        expect(await t.app.get(OffersService).expireStale()).toBeGreaterThanOrEqual(2);
        const rows: { type: string; data: string }[] = await t.db.dataSource.query(
          "SELECT type, data FROM outbox_events WHERE type = 'offer.expired'",
        );
        expect(rows.map((r) => JSON.parse(r.data).offerId)).toEqual(expect.arrayContaining([changed.id, started.id]));
      } finally {
        t.clock.set('2027-03-01T09:00:00.000Z');
      }
    });
  });

  describe('on a ward with swapApproval', () => {
    beforeAll(() => approvalOn(t, w, w.u.id, true));
    afterAll(() => approvalOn(t, w, w.u.id, false));

    it('a claim waits; the coordinator approves (re-checking every rule) or declines (the offer reopens)', async () => {
      await assign(t, w, w.sessionOn('2027-03-15'), ['Kari', 'Ola']);
      const o = await offer('2027-03-15');
      const waiting = await claim(o.id, 'Per');
      expect([waiting.status, waiting.body.status]).toEqual([200, 'awaiting-approval']);
      expect(await teamOf(t, w, w.sessionOn('2027-03-15'))).toEqual(['Kari:lead', 'Ola:co']);
      expect((await claim(o.id, 'Cato')).status).toBe(409);
      const declined = await http().post(`/api/offers/${o.id}/decline`).set(w.coordinator).expect(200);
      expect(declined.body).toMatchObject({ status: 'open', claimedBy: null });
      expect((await claim(o.id, 'Cato')).body.status).toBe('awaiting-approval');
      const approved = await http().post(`/api/offers/${o.id}/approve`).set(w.coordinator).expect(200);
      expect(approved.body).toMatchObject({ status: 'approved', claimedBy: w.people.Cato.id });
      expect(await teamOf(t, w, w.sessionOn('2027-03-15'))).toEqual(['Cato:lead', 'Ola:co']);
      expect((await http().post(`/api/offers/${o.id}/approve`).set(w.coordinator)).status).toBe(409);
    });

    it('declining an open offer ends it; the place stays', async () => {
      await assign(t, w, w.sessionOn('2027-03-17'), ['Kari', 'Ola']);
      const o = await offer('2027-03-17');
      await http().post(`/api/offers/${o.id}/decline`).set(w.coordinator).expect(200);
      expect((await claim(o.id, 'Per')).body.message).toEqual(['the offer is declined']);
      expect(await teamOf(t, w, w.sessionOn('2027-03-17'))).toEqual(['Kari:lead', 'Ola:co']);
    });

    it('a swap waits for approval after the colleague accepts; a declined swap changes nothing', async () => {
      await assign(t, w, w.sessionOn('2027-03-19'), ['Kari', 'Ola']);
      await assign(t, w, w.sessionOn('2027-03-22'), ['Per', 'Cato']);
      const propose = () =>
        http()
          .post('/api/swaps')
          .set(w.people.Kari.key)
          .send({ sessionId: w.sessionOn('2027-03-19'), withSessionId: w.sessionOn('2027-03-22') })
          .expect(201);
      const s = (await propose()).body;
      expect((await http().post(`/api/swaps/${s.id}/accept`).set(w.people.Per.key).expect(200)).body.status).toBe('awaiting-approval');
      expect(await teamOf(t, w, w.sessionOn('2027-03-19'))).toEqual(['Kari:lead', 'Ola:co']);
      expect((await http().post(`/api/swaps/${s.id}/approve`).set(w.coordinator).expect(200)).body.status).toBe('approved');
      expect(await teamOf(t, w, w.sessionOn('2027-03-19'))).toEqual(['Per:lead', 'Ola:co']);
      expect(await teamOf(t, w, w.sessionOn('2027-03-22'))).toEqual(['Kari:lead', 'Cato:co']);

      const back = (
        await http()
          .post('/api/swaps')
          .set(w.people.Kari.key)
          .send({ sessionId: w.sessionOn('2027-03-22'), withSessionId: w.sessionOn('2027-03-19') })
          .expect(201)
      ).body;
      expect((await http().post(`/api/swaps/${back.id}/decline`).set(w.people.Per.key).expect(200)).body.status).toBe('declined');
      expect((await http().post(`/api/swaps/${back.id}/accept`).set(w.people.Per.key)).status).toBe(409);
      expect(await teamOf(t, w, w.sessionOn('2027-03-22'))).toEqual(['Kari:lead', 'Cato:co']);
    });
  });

  describe('claims and approvals that would break a rule are refused with the reason', () => {
    it('weekly cap', async () => {
      await assign(t, w, w.sessionOn('2027-03-29'), ['Cato', 'Ola']);
      await assign(t, w, w.sessionOn('2027-03-31'), ['Kari', 'Ola']);
      const o = await offer('2027-03-31');
      const res = await claim(o.id, 'Cato');
      expect([res.status, res.body.message]).toEqual([
        409,
        ['Cato has reached their weekly maximum of sessions: Cato is at weekly cap 1/1'],
      ]);
    });

    it('a clash in another ward', async () => {
      await assign(t, w, w.vSessionOn('2027-04-05'), ['Per', 'Vera']);
      await assign(t, w, w.sessionOn('2027-04-05'), ['Kari', 'Ola']);
      const o = await offer('2027-04-05');
      const res = await claim(o.id, 'Per');
      expect([res.status, res.body.message]).toEqual([
        409,
        ["Per is already booked at that time (another session overlaps, buffer included): Per is in Ward SWV 'Open group' 10:00–11:00"],
      ]);
      expect(await teamOf(t, w, w.sessionOn('2027-04-05'))).toEqual(['Kari:lead', 'Ola:co']);
    });

    it('an absence entered between the claim and the approval', async () => {
      await approvalOn(t, w, w.u.id, true);
      try {
        await assign(t, w, w.sessionOn('2027-04-07'), ['Kari', 'Ola']);
        const o = await offer('2027-04-07');
        expect((await claim(o.id, 'Per')).body.status).toBe('awaiting-approval');
        await http()
          .post(`/api/facilitators/${w.people.Per.id}/absences`)
          .set(w.coordinator)
          .send({ from: '2027-04-07', to: '2027-04-07' })
          .expect(201);
        const res = await http().post(`/api/offers/${o.id}/approve`).set(w.coordinator);
        expect([res.status, res.body.message]).toEqual([409, ['Per is absent that day']]);
        expect(await teamOf(t, w, w.sessionOn('2027-04-07'))).toEqual(['Kari:lead', 'Ola:co']);
      } finally {
        await approvalOn(t, w, w.u.id, false);
      }
    });

    it('training: a trainee cannot take a place that would leave two trainees', async () => {
      await assign(t, w, w.sessionOn('2027-04-09'), ['Kari', 'Tove']);
      const o = await offer('2027-04-09');
      const res = await claim(o.id, 'Tuva');
      expect([res.status, res.body.message]).toEqual([409, ['a trainee cannot run a session without a trained facilitator']]);
      // A trained colleague may; a trainee beside a trained co makes the co lead.
      await assign(t, w, w.sessionOn('2027-04-12'), ['Kari', 'Ola']);
      const o2 = await offer('2027-04-12');
      expect((await claim(o2.id, 'Tuva')).body.status).toBe('approved');
      expect(await teamOf(t, w, w.sessionOn('2027-04-12'))).toEqual(['Ola:lead', 'Tuva:co']);
    });

    it('a swap is checked on both sides together, and refused whole', async () => {
      // Cato (cap 1 a week) may take Kari's Friday only because he gives up his Wednesday in the same swap.
      await assign(t, w, w.sessionOn('2027-04-14'), ['Cato', 'Ola']);
      await assign(t, w, w.sessionOn('2027-04-16'), ['Kari', 'Per']);
      const s = await http()
        .post('/api/swaps')
        .set(w.people.Kari.key)
        .send({ sessionId: w.sessionOn('2027-04-16'), withSessionId: w.sessionOn('2027-04-14') });
      expect([s.status, s.body.withFacilitatorId]).toEqual([201, w.people.Cato.id]);
      // Then Kari is registered absent on the Wednesday she would take: the whole swap is refused, nothing moves.
      await http()
        .post(`/api/facilitators/${w.people.Kari.id}/absences`)
        .set(w.coordinator)
        .send({ from: '2027-04-14', to: '2027-04-14' })
        .expect(201);
      const res = await http().post(`/api/swaps/${s.body.id}/accept`).set(w.people.Cato.key);
      expect([res.status, res.body.message]).toEqual([409, ['Kari is absent that day']]);
      expect(await teamOf(t, w, w.sessionOn('2027-04-14'))).toEqual(['Cato:lead', 'Ola:co']);
      expect(await teamOf(t, w, w.sessionOn('2027-04-16'))).toEqual(['Kari:lead', 'Per:co']);
    });
  });
});
