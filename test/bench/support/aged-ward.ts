/**
 * Seeds, through the API of a running server, a ward whose groups have run for 49 weeks (so this
 * week is their fiftieth), a 12-week planned and published rota, a calendar link per facilitator,
 * admissions of the last weeks with some attendance, and a second ward whose two facilitators lead
 * every session for 20 weeks (a large feed). Dates follow the real clock: the server runs on it.
 */
import { addDays } from '../../../src/common/time';
import { Api, seeded } from '../bench-support';

export interface AgedWard {
  wardId: string;
  /** The same ward with the same groups and rota, except that the groups start this week (their week 1). */
  youngWardId: string;
  bigWardId: string;
  firstMonday: string;
  thisMonday: string;
  today: string;
  rotaTo: string;
  facilitatorIds: string[];
  admissionIds: string[];
  smallFeeds: string[];
  largeFeed: string;
  coordinatorKey: string;
  dischargeKey: string;
  summary: string;
}

const NAMES = ['Kari', 'Ola', 'Ingrid', 'Lars', 'Sigrid', 'Nils', 'Astrid', 'Jonas', 'Marit', 'Erik', 'Solveig', 'Håkon'];
const GROUPS = [
  { name: 'Morgengruppe', recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR', startTime: '10:00', durationMinutes: 60, curriculum: 'core' },
  {
    name: 'Ettermiddagsgruppe',
    recurrence: 'FREQ=WEEKLY;BYDAY=TU,TH',
    startTime: '13:00',
    durationMinutes: 60,
    curriculum: 'full',
    sessionsPerModule: 2,
  },
  { name: 'Kveldsgruppe', recurrence: 'FREQ=WEEKLY;BYDAY=MO,TH', startTime: '17:00', durationMinutes: 45, curriculum: [1, 3, 6, 9] },
];

function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

async function key(admin: Api, role: string, extra: Record<string, unknown> = {}): Promise<string> {
  return (await admin.post('/api/keys', { role, label: `bench ${role}`, ...extra })).body.key;
}

export async function seedAgedWard(base: string, adminKey: string): Promise<AgedWard> {
  const admin = new Api(base, adminKey);
  const coordinatorKey = await key(admin, 'coordinator');
  const dischargeKey = await key(admin, 'discharge');
  const api = new Api(base, coordinatorKey);
  const random = seeded(19);
  const today = new Date().toISOString().slice(0, 10);
  const thisMonday = mondayOf(today);
  const firstMonday = addDays(thisMonday, -49 * 7);
  const rotaTo = addDays(today, 12 * 7 - 1);

  const ward = (await api.post('/api/wards', { code: 'AGED', name: 'Sengepost Ø' })).body;
  const facilitatorIds: string[] = [];
  for (let i = 0; i < NAMES.length; i++) {
    const body = {
      name: `${NAMES[i]} Nordmann`,
      profession: i % 5 === 4 ? 'peer-specialist' : 'nurse',
      imrTrained: i % 4 !== 3,
      wardIds: [ward.id],
    };
    facilitatorIds.push((await api.post('/api/facilitators', { ...body, ...(i % 3 === 0 && { maxSessionsPerWeek: 2 }) })).body.id);
  }
  for (const group of GROUPS) await api.post(`/api/wards/${ward.id}/groups`, { ...group, startsOn: firstMonday, room: 'Peisestua' });
  const sessions = (await api.get<any[]>(`/api/wards/${ward.id}/sessions?from=${firstMonday}&to=${rotaTo}`)).body;
  const plan = (await api.post(`/api/wards/${ward.id}/rota/plan`, { from: today, to: rotaTo }, 200)).body;
  await api.post(`/api/wards/${ward.id}/rota/publish`, { from: today, to: rotaTo }, 200);
  const smallFeeds: string[] = [];
  for (const id of facilitatorIds) smallFeeds.push(new URL((await api.post(`/api/facilitators/${id}/calendar`, {})).body.url).pathname);

  const held = sessions.filter((s) => Date.parse(s.startsAt) < Date.now() && s.status === 'scheduled');
  const admissionIds: string[] = [];
  let recorded = 0;
  for (let i = 0; i < 12; i++) {
    const admittedOn = addDays(thisMonday, -7 * (1 + Math.floor(random() * 6)));
    const expectedDischargeOn = addDays(today, 5 + Math.floor(random() * 60));
    const admission = (
      await api.post(`/api/wards/${ward.id}/admissions`, { patientRef: `BENCH-${i + 1}`, admittedOn, expectedDischargeOn })
    ).body;
    admissionIds.push(admission.id);
    for (const s of held.filter((x) => x.startsAt.slice(0, 10) >= admittedOn && random() < 0.3)) {
      await api.post(`/api/sessions/${s.id}/attendance`, { admissionId: admission.id });
      recorded++;
    }
  }

  const young = (await api.post('/api/wards', { code: 'YOUNG', name: 'Sengepost Vest' })).body;
  for (let i = 0; i < NAMES.length; i++) {
    const body = {
      name: `${NAMES[i]} Vestli`,
      profession: i % 5 === 4 ? 'peer-specialist' : 'nurse',
      imrTrained: i % 4 !== 3,
      wardIds: [young.id],
    };
    await api.post('/api/facilitators', { ...body, ...(i % 3 === 0 && { maxSessionsPerWeek: 2 }) });
  }
  for (const group of GROUPS) await api.post(`/api/wards/${young.id}/groups`, { ...group, startsOn: thisMonday, room: 'Peisestua' });
  await api.get(`/api/wards/${young.id}/sessions?from=${thisMonday}&to=${rotaTo}`);
  await api.post(`/api/wards/${young.id}/rota/plan`, { from: today, to: rotaTo }, 200);
  await api.post(`/api/wards/${young.id}/rota/publish`, { from: today, to: rotaTo }, 200);

  const big = (await api.post('/api/wards', { code: 'BIG', name: 'Sengepost Nord' })).body;
  const pair: string[] = [];
  for (const name of ['Ola Storvik', 'Kari Storvik']) {
    pair.push((await api.post('/api/facilitators', { name, profession: 'nurse', imrTrained: true, wardIds: [big.id] })).body.id);
  }
  for (const group of GROUPS) await api.post(`/api/wards/${big.id}/groups`, { ...group, startsOn: thisMonday, room: 'Stua' });
  const bigTo = addDays(today, 20 * 7 - 1);
  await api.get(`/api/wards/${big.id}/sessions?from=${thisMonday}&to=${bigTo}`);
  await api.post(`/api/wards/${big.id}/rota/plan`, { from: today, to: bigTo }, 200);
  await api.post(`/api/wards/${big.id}/rota/publish`, { from: today, to: bigTo }, 200);
  const largeFeed = new URL((await api.post(`/api/facilitators/${pair[0]}/calendar`, {})).body.url).pathname;

  const summary =
    `${facilitatorIds.length} facilitators, ${GROUPS.length} groups since ${firstMonday} (this is their week 50), ${sessions.length} sessions; ` +
    `rota ${today}..${rotaTo}: ${plan.summary.assigned} assigned; ${admissionIds.length} admissions, ${recorded} attendance records; ` +
    `a twin ward whose groups start this week; a ward where 2 facilitators take every session for 20 weeks`;
  return {
    wardId: ward.id,
    youngWardId: young.id,
    bigWardId: big.id,
    firstMonday,
    thisMonday,
    today,
    rotaTo,
    facilitatorIds,
    admissionIds,
    smallFeeds,
    largeFeed,
    coordinatorKey,
    dischargeKey,
    summary,
  };
}
