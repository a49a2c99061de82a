import { bearer, TestApp } from './support/test-app';

/**
 * A ward with an open core-module group (Mon/Wed/Fri 10:00, Oslo) and helpers to admit, attend and
 * discharge through the HTTP API, as the referral e2e specs need them.
 */
export interface ReferralWorld {
  coordinator: Record<string, string>;
  discharge: Record<string, string>;
  dischargeKeyId: string;
  facilitator: Record<string, string>;
  admin: Record<string, string>;
  ward: { id: string; code: string; name: string };
}

export const SETUP_NOW = '2027-01-25T09:00:00.000Z';
export const DISCHARGE_NOW = '2027-02-09T12:00:00.000Z';

export async function createKey(t: TestApp, role: string, wardIds?: string[]): Promise<{ key: string; id: string }> {
  const res = await t
    .http()
    .post('/api/keys')
    .set(bearer(t.adminKey))
    .send({ role, label: `${role} key`, wardIds });
  if (res.status !== 201) throw new Error(`key: ${res.status} ${JSON.stringify(res.body)}`);
  return { key: res.body.key, id: res.body.id };
}

export async function createWorld(t: TestApp, code = 'A3'): Promise<ReferralWorld> {
  t.clock.set(SETUP_NOW);
  const coordinator = bearer(await t.key('coordinator'));
  const dischargeKey = await createKey(t, 'discharge');
  const ward = await expectStatus(
    t
      .http()
      .post('/api/wards')
      .set(coordinator)
      .send({
        code,
        name: `Sengepost ${code}, Fjordby sykehus`,
        contactPerson: 'Kari Nordmann, IMR-veileder',
        replyAddress: 'Fjordby sykehus, Postboks 100, 9999 Fjordby',
      }),
    201,
  );
  await expectStatus(
    t.http().post(`/api/wards/${ward.id}/groups`).set(coordinator).send({
      name: 'IMR open group',
      recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR',
      startTime: '10:00',
      durationMinutes: 60,
      startsOn: '2027-02-01',
      curriculum: 'core',
    }),
    201,
  );
  return {
    coordinator,
    discharge: bearer(dischargeKey.key),
    dischargeKeyId: dischargeKey.id,
    facilitator: bearer(await t.key('facilitator')),
    admin: bearer(t.adminKey),
    ward,
  };
}

export async function admit(t: TestApp, w: ReferralWorld, patientRef: string, admittedOn = '2027-02-01'): Promise<string> {
  const body = await expectStatus(
    t
      .http()
      .post(`/api/wards/${w.ward.id}/admissions`)
      .set(w.coordinator)
      .send({ patientRef, admittedOn, expectedDischargeOn: '2027-03-15' }),
    201,
  );
  return body.id;
}

export interface ListedSession {
  id: string;
  startsAt: string;
  module: { number: number; title: string };
}

export async function sessionsOn(t: TestApp, w: ReferralWorld, from: string, to: string): Promise<ListedSession[]> {
  return expectStatus(t.http().get(`/api/wards/${w.ward.id}/sessions?from=${from}&to=${to}`).set(w.coordinator), 200);
}

/** Records attendance at every session in the window; returns the sessions attended. */
export async function attend(t: TestApp, w: ReferralWorld, admissionId: string, from: string, to: string): Promise<ListedSession[]> {
  const sessions = await sessionsOn(t, w, from, to);
  for (const s of sessions) {
    await expectStatus(t.http().post(`/api/sessions/${s.id}/attendance`).set(w.coordinator).send({ admissionId }), 201);
  }
  return sessions;
}

export const fullDischarge = {
  dischargedOn: '2027-02-09',
  continueImr: true,
  receivingService: { kind: 'district-psychiatric-centre', name: 'Nordre Fjordby DPS', contact: 'IMR-gruppen, tlf. 99 99 99 99' },
  recoveryGoals: [
    { text: 'Komme tilbake til jobben på verkstedet', progress: 'Møte med lederen avtalt i april' },
    'Sove bedre og ha faste rutiner',
  ],
  whatHelps: ['Gåturer langs sjøen om morgenen'],
  strengths: ['Flink med hendene'],
  socialSituation: { housing: 'Egen leilighet', network: 'Nær kontakt med søster' },
  significantOthers: ['Søster'],
  handoutsGiven: ['Arbeidsbok for modul 2, 4 og 5'],
  planForStayingWell: 'Påbegynt: tidlige tegn og hvem som kan kontaktes.',
  preferences: { format: 'group', language: 'norsk', timeOfDay: 'Formiddag' },
  consent: { sharingConsented: true, patientGetsCopy: true },
};

export async function expectStatus(req: PromiseLike<{ status: number; body: any; text?: string }>, status: number): Promise<any> {
  const res = await req;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body) || res.text}`);
  return res.body;
}
