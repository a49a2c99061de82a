import { bearer, TestApp } from '../support/test-app';

export interface SwapFixtures {
  /** A future session the ward's first facilitator is on and the second is not. */
  ownSession: string;
  /** A future session the second facilitator is on and the first is not. */
  colleagueSession: string;
  /** An open offer of the second facilitator's place on a session the first could take. */
  offer: string;
  /** A swap the second facilitator proposed to the first. */
  swap: string;
  /** A webhook for this ward's events. */
  webhook: string;
}

/** Offers, swaps and a webhook for the role matrix, after the ward's rota is planned. Avoids the dates other fixtures use. */
export async function seedSwapFixtures(
  t: TestApp,
  wardId: string,
  coordinator: Record<string, string>,
  first: string,
  second: string,
): Promise<SwapFixtures> {
  const admin = bearer(t.adminKey);
  // Hand-assigned beside a colleague of their own, so no other fixture (a deleted facilitator, say) makes these invalid.
  const mona = await t
    .http()
    .post('/api/facilitators')
    .set(coordinator)
    .send({ name: `Mona ${wardId.slice(0, 4)}`, profession: 'psychologist', imrTrained: true, wardIds: [wardId] });
  if (mona.status !== 201) throw new Error(`swap fixture facilitator: ${mona.status}`);
  const sessions: { id: string; date: string }[] = (
    await t.http().get(`/api/wards/${wardId}/sessions?from=2027-03-23&to=2027-03-25`).set(coordinator).expect(200)
  ).body;
  const [offered, theirs, own] = sessions;
  for (const [s, ids] of [
    [offered, [second, mona.body.id]],
    [theirs, [second, mona.body.id]],
    [own, [first, mona.body.id]],
  ] as const) {
    const res = await t.http().put(`/api/sessions/${s.id}/facilitators`).set(coordinator).send({ facilitatorIds: ids });
    if (res.status !== 200) throw new Error(`swap fixture assignment: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const secondOnly = [offered, theirs];
  const firstOnly = [own];
  const offer = await t.http().post(`/api/sessions/${secondOnly[0].id}/offers`).set(coordinator).send({ facilitatorId: second });
  if (offer.status !== 201) throw new Error(`offer fixture: ${offer.status} ${JSON.stringify(offer.body)}`);
  const swap = await t
    .http()
    .post('/api/swaps')
    .set(admin)
    .send({ sessionId: secondOnly[1].id, withSessionId: firstOnly[0].id, facilitatorId: second, withFacilitatorId: first });
  if (swap.status !== 201) throw new Error(`swap fixture: ${swap.status} ${JSON.stringify(swap.body)}`);
  const webhook = await t
    .http()
    .post('/api/webhooks')
    .set(admin)
    .send({ url: 'https://203.0.113.10/imr-events', events: ['*'], wardIds: [wardId] });
  if (webhook.status !== 201) throw new Error(`webhook fixture: ${webhook.status} ${JSON.stringify(webhook.body)}`);
  return { ownSession: own.id, colleagueSession: theirs.id, offer: offer.body.id, swap: swap.body.id, webhook: webhook.body.id };
}
