import request from 'supertest';
import { TestApp } from './support/test-app';

export type Headers = Record<string, string>;

export interface SessionView {
  id: string;
  groupId: string;
  date: string;
  startsAt: string;
  module: { number: number };
  part: number;
  parts: number;
  status: string;
}

/** A daily 10:00 group, so each ward-local day has exactly one session of it. */
export const DAILY_GROUP = {
  name: 'IMR open group',
  recurrence: 'FREQ=DAILY',
  startTime: '10:00',
  durationMinutes: 60,
  room: 'Peisestua',
};

export async function createWard(t: TestApp, key: Headers, code: string, extra: object = {}): Promise<{ id: string; timezone: string }> {
  const res = await t
    .http()
    .post('/api/wards')
    .set(key)
    .send({ code, name: `Ward ${code}`, ...extra });
  if (res.status !== 201) throw new Error(`ward: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createGroup(t: TestApp, key: Headers, wardId: string, body: object): Promise<{ id: string; capacity: number }> {
  const res = await t
    .http()
    .post(`/api/wards/${wardId}/groups`)
    .set(key)
    .send({ ...DAILY_GROUP, ...body });
  if (res.status !== 201) throw new Error(`group: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function listSessions(t: TestApp, key: Headers, wardId: string, from: string, to: string): Promise<SessionView[]> {
  const res = await t.http().get(`/api/wards/${wardId}/sessions?from=${from}&to=${to}`).set(key);
  if (res.status !== 200) throw new Error(`sessions: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The one session of `groupId` on a ward-local day. */
export function sessionOn(sessions: SessionView[], date: string, groupId?: string): SessionView {
  const found = sessions.filter((s) => s.date === date && (!groupId || s.groupId === groupId));
  if (found.length !== 1) throw new Error(`expected one session on ${date}, found ${found.length}`);
  return found[0];
}

export async function admit(
  t: TestApp,
  key: Headers,
  wardId: string,
  body: { patientRef: string; admittedOn: string; expectedDischargeOn?: string | null },
): Promise<{ id: string; stay: string; plannedModules: number[] }> {
  const res = await t.http().post(`/api/wards/${wardId}/admissions`).set(key).send(body);
  if (res.status !== 201) throw new Error(`admission: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function attend(t: TestApp, key: Headers, sessionId: string, admissionId: string): Promise<void> {
  const res = await t.http().post(`/api/sessions/${sessionId}/attendance`).set(key).send({ admissionId });
  if (res.status !== 201) throw new Error(`attendance: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Discharges a stay through the discharge route, without a referral. */
export async function markDischarged(t: TestApp, admissionId: string, dischargedOn: string): Promise<void> {
  // The route refuses a discharge in the future: for one that the test's clock has not reached yet,
  // the clock moves to that evening for the call and back after.
  const before = t.clock.now();
  const evening = new Date(`${dischargedOn}T20:00:00.000Z`);
  if (before < evening) t.clock.set(evening);
  try {
    const res = await request(t.app.getHttpServer())
      .post(`/api/admissions/${admissionId}/discharge`)
      .set('Authorization', `Bearer ${t.adminKey}`)
      .send({ dischargedOn, continueImr: false });
    if (res.status !== 201) throw new Error(`discharge failed: ${res.status} ${JSON.stringify(res.body)}`);
  } finally {
    t.clock.set(before);
  }
}

// Norwegian person numbers for the tests, with check digits computed here (mod 11, weights from
// Skatteetaten's description), independently of the service's own validator.
function checkDigit(digits: number[], weights: number[]): number | null {
  const remainder = weights.reduce((sum, weight, i) => sum + weight * digits[i], 0) % 11;
  const digit = (11 - remainder) % 11;
  return digit === 10 ? null : digit;
}

/** The first valid 11-digit number for a DDMMYY prefix (D-numbers: day + 40; H-numbers: month + 40). */
export function personNumber(ddmmyy: string, fromIndividual = 0): string {
  for (let individual = fromIndividual; individual < 1000; individual++) {
    const nine = ddmmyy + String(individual).padStart(3, '0');
    const digits = [...nine].map(Number);
    const k1 = checkDigit(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
    if (k1 === null) continue;
    const k2 = checkDigit([...digits, k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    if (k2 === null) continue;
    return `${nine}${k1}${k2}`;
  }
  throw new Error(`no valid number for ${ddmmyy}`);
}

/** The same number with its last check digit changed: an 11-digit lookalike that is no person number. */
export function withWrongCheckDigit(number: string): string {
  return number.slice(0, 10) + String((Number(number[10]) + 1) % 10);
}
