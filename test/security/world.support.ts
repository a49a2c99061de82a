import { randomUUID } from 'node:crypto';
import { bearer, TestApp } from '../support/test-app';
import type { Fixture } from './role-matrix';
import { seedSwapFixtures } from './world-swaps.support';

/**
 * Two wards, A and B, each with everything a route can name: facilitators, an absence, a daily group
 * with past and future sessions, an admission with attendance, a discharge with a referral, a
 * calendar link. Seeded through the HTTP API as an unscoped coordinator; the clock stands at NOW.
 */
export const NOW = '2027-03-10T12:00:00.000Z';

export type WardName = 'A' | 'B';
export type WardFixtures = Record<Exclude<Fixture, `fresh${string}` | 'unique'>, string> & {
  patientRefs: string[];
  calendarTokens: string[];
};

export interface World {
  A: WardFixtures;
  B: WardFixtures;
  coordinator: Record<string, string>;
}

let uniqueCounter = 0;
export const unique = (): string => `${Date.now().toString(36)}${(uniqueCounter++).toString(36)}`.toUpperCase();

export async function expectStatus(
  req: PromiseLike<{ status: number; body: any; text?: string }>,
  status: number,
  what: string,
): Promise<any> {
  const res = await req;
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status}: ${JSON.stringify(res.body) || res.text}`);
  return res.body;
}

async function seedWard(t: TestApp, coordinator: Record<string, string>, name: WardName): Promise<WardFixtures> {
  const http = () => t.http();
  const ward = await expectStatus(
    http()
      .post('/api/wards')
      .set(coordinator)
      .send({ code: `SEC-${name}`, name: `Security ward ${name}` }),
    201,
    'ward',
  );
  const facilitator = (label: string) =>
    expectStatus(
      http()
        .post('/api/facilitators')
        .set(coordinator)
        .send({ name: `${label} ${name}`, profession: 'nurse', imrTrained: true, wardIds: [ward.id] }),
      201,
      'facilitator',
    );
  const f1 = await facilitator('Kari');
  const f2 = await facilitator('Ola');
  const spare = await facilitator('Reserve');
  await expectStatus(
    http().post(`/api/facilitators/${f1.id}/absences`).set(coordinator).send({ from: '2027-07-01', to: '2027-07-02', reason: 'leave' }),
    201,
    'absence',
  );
  const group = await expectStatus(
    http()
      .post(`/api/wards/${ward.id}/groups`)
      .set(coordinator)
      .send({
        name: `Open group ${name}`,
        recurrence: 'FREQ=DAILY',
        startTime: '10:00',
        durationMinutes: 60,
        startsOn: '2027-03-01',
        curriculum: 'core',
      }),
    201,
    'group',
  );
  const sessions: { id: string; date: string }[] = await expectStatus(
    http().get(`/api/wards/${ward.id}/sessions?from=2027-03-01&to=2027-03-31`).set(coordinator),
    200,
    'sessions',
  );
  const on = (date: string) => sessions.find((s) => s.date === date)!.id;
  const patientRefs = [`SEC${name}-ADM-1`, `SEC${name}-ADM-2`];
  const admit = (patientRef: string) =>
    expectStatus(
      http()
        .post(`/api/wards/${ward.id}/admissions`)
        .set(coordinator)
        .send({ patientRef, admittedOn: '2027-03-01', expectedDischargeOn: '2027-04-15' }),
      201,
      'admission',
    );
  const admission = await admit(patientRefs[0]);
  const leaving = await admit(patientRefs[1]);
  for (const a of [admission, leaving]) {
    await expectStatus(
      http()
        .post(`/api/sessions/${on('2027-03-02')}/attendance`)
        .set(coordinator)
        .send({ admissionId: a.id }),
      201,
      'attendance',
    );
  }
  const discharged = await expectStatus(
    http()
      .post(`/api/admissions/${leaving.id}/discharge`)
      .set(coordinator)
      .send({
        dischargedOn: '2027-03-09',
        continueImr: true,
        receivingService: { kind: 'district-psychiatric-centre', name: `DPS ${name}` },
        recoveryGoals: [`Goal of ward ${name}: walk to the harbour every morning`],
      }),
    201,
    'discharge',
  );
  // Kari ran the past session: her key may record its outcome, Ola's may not.
  await expectStatus(
    http()
      .put(`/api/sessions/${on('2027-03-02')}/outcome`)
      .set(coordinator)
      .send({ held: true, facilitatorIds: [f1.id] }),
    200,
    'outcome',
  );
  await expectStatus(
    http().post(`/api/wards/${ward.id}/rota/plan`).set(coordinator).send({ from: '2027-03-11', to: '2027-03-31' }),
    200,
    'plan',
  );
  await expectStatus(
    http().post(`/api/wards/${ward.id}/rota/publish`).set(coordinator).send({ from: '2027-03-01', to: '2027-03-31' }),
    200,
    'publish',
  );
  const swaps = await seedSwapFixtures(t, ward.id, coordinator, f1.id, f2.id);
  const link = await expectStatus(http().post(`/api/facilitators/${f1.id}/calendar`).set(coordinator), 201, 'calendar');
  const key = await expectStatus(
    http()
      .post('/api/keys')
      .set(bearer(t.adminKey))
      .send({ role: 'coordinator', label: `spare ${name}`, wardIds: [ward.id] }),
    201,
    'key',
  );
  return {
    ward: ward.id,
    group: group.id,
    pastSession: on('2027-03-02'),
    futureSession: on('2027-03-20'),
    spareSession: on('2027-03-21'),
    admission: admission.id,
    referral: discharged.referral.id,
    facilitator: f1.id,
    facilitator2: f2.id,
    spareFacilitator: spare.id,
    key: key.id,
    ...swaps,
    patientRefs,
    calendarTokens: [fileOf(link.url)],
  };
}

export function fileOf(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

export async function seedWorld(t: TestApp): Promise<World> {
  t.clock.set(NOW);
  const coordinator = bearer(await t.key('coordinator'));
  const A = await seedWard(t, coordinator, 'A');
  const B = await seedWard(t, coordinator, 'B');
  return { A, B, coordinator };
}

/** The value of a fixture for one ward; fresh ones are created now, through the API. */
export async function resolveFixture(t: TestApp, world: World, ward: WardName, fixture: Fixture): Promise<string> {
  const f = world[ward];
  const admin = bearer(t.adminKey);
  switch (fixture) {
    case 'unique':
      return unique();
    case 'freshAbsence': {
      const body = await expectStatus(
        t.http().post(`/api/facilitators/${f.facilitator}/absences`).set(admin).send({ from: '2027-08-01', to: '2027-08-01' }),
        201,
        'fresh absence',
      );
      return body.id;
    }
    case 'freshAdmission': {
      const patientRef = `FRESH-${ward}-${unique()}`;
      f.patientRefs.push(patientRef);
      const body = await expectStatus(
        t.http().post(`/api/wards/${f.ward}/admissions`).set(admin).send({ patientRef, admittedOn: '2027-03-01' }),
        201,
        'fresh admission',
      );
      return body.id;
    }
    case 'freshWebhook': {
      const body = await expectStatus(
        t
          .http()
          .post('/api/webhooks')
          .set(admin)
          .send({ url: 'https://203.0.113.11/imr', events: ['rota.published'], wardIds: [f.ward] }),
        201,
        'fresh webhook',
      );
      return body.id;
    }
    case 'freshDischarged':
    case 'freshReferral': {
      const patientRef = `FRESH-${ward}-${unique()}`;
      f.patientRefs.push(patientRef);
      const admitted = await expectStatus(
        t.http().post(`/api/wards/${f.ward}/admissions`).set(admin).send({ patientRef, admittedOn: '2027-03-01' }),
        201,
        'fresh admission',
      );
      const body = await expectStatus(
        t
          .http()
          .post(`/api/admissions/${admitted.id}/discharge`)
          .set(admin)
          .send({
            dischargedOn: '2027-03-09',
            continueImr: true,
            receivingService: { kind: 'district-psychiatric-centre', name: `DPS ${ward}` },
            recoveryGoals: [`Goal of ward ${ward}`],
          }),
        201,
        'fresh discharge',
      );
      return fixture === 'freshDischarged' ? admitted.id : body.referral.id;
    }
    case 'freshWard': {
      const code = `FW${unique()}`.slice(0, 20);
      return (
        await expectStatus(
          t
            .http()
            .post('/api/wards')
            .set(admin)
            .send({ code, name: `Fresh ward ${code}` }),
          201,
          'fresh ward',
        )
      ).id;
    }
    case 'freshGroup': {
      const body = await expectStatus(
        t
          .http()
          .post(`/api/wards/${f.ward}/groups`)
          .set(admin)
          .send({
            name: `Fresh group ${unique()}`,
            recurrence: 'FREQ=WEEKLY;BYDAY=TH',
            startTime: '15:00',
            durationMinutes: 60,
            startsOn: '2027-06-03',
            curriculum: 'core',
          }),
        201,
        'fresh group',
      );
      return body.id;
    }
    case 'freshCalendarFile': {
      const body = await expectStatus(t.http().post(`/api/facilitators/${f.facilitator}/calendar`).set(admin), 201, 'fresh calendar');
      const file = fileOf(body.url);
      f.calendarTokens.push(file);
      return file;
    }
    default:
      return f[fixture];
  }
}

/** Every id and patient reference of a ward: none may show up in answers to the other ward's keys. */
export function markersOf(f: WardFixtures): string[] {
  const { patientRefs, calendarTokens, key: _key, ...ids } = f;
  return [...Object.values(ids), ...patientRefs];
}

export const unknownId = (): string => randomUUID();
