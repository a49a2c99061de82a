/**
 * Benchmark (issue 5, acceptance 6): a ward with 30 concurrent admissions and a year of attendance.
 *
 * The ward runs two open groups (Mon/Wed/Fri core curriculum and Tue/Thu full program, two sessions
 * per module) from 1 March 2026. Thirty beds are filled back to back with stays of 3–20 weeks, so a
 * year of admissions and discharges lies behind "now" (1 March 2027, 13:00 in Oslo) and thirty stays
 * are open. Each patient came to a session with probability 0.7. Seeding goes through the services
 * (same checks as the HTTP routes); the timings go through HTTP on a temp SQLite database.
 *
 *   npx ts-node --transpile-only test/bench/admissions.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { AdmissionEntity } from '../../src/database/schema/admission.entity';
import { AdmissionsService } from '../../src/admissions/admissions.service';
import { AttendanceService } from '../../src/admissions/attendance.service';
import { AuthContext } from '../../src/auth/auth-context';
import { addDays, localDate } from '../../src/common/time';
import { SessionsService } from '../../src/sessions/sessions.service';
import { WardsService } from '../../src/wards/wards.service';
import { bearer, startTestApp } from '../support/test-app';
import { seeded } from './fixtures-rota';

const NOW = '2027-03-01T12:00:00.000Z';
const YEAR_START = '2026-03-01';
const BEDS = 30;
const ATTEND_PROBABILITY = 0.7;
const SYSTEM: AuthContext = { keyId: null, role: 'admin', wardIds: null, facilitatorId: null };

function summary(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const total = samples.reduce((a, b) => a + b, 0);
  return `${label.padEnd(34)} n=${String(samples.length).padStart(3)}  median ${pick(0.5).toFixed(1)} ms  p95 ${pick(0.95).toFixed(1)} ms  max ${sorted[sorted.length - 1].toFixed(1)} ms  total ${total.toFixed(0)} ms`;
}

async function main(): Promise<void> {
  const t = await startTestApp({ now: '2026-02-27T12:00:00.000Z' });
  try {
    const coordinator = bearer(await t.key('coordinator'));
    const ward = (await t.http().post('/api/wards').set(coordinator).send({ code: 'BENCH', name: 'Bench ward' })).body;
    for (const group of [
      { name: 'Core group', recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR', curriculum: 'core' },
      { name: 'Full program', recurrence: 'FREQ=WEEKLY;BYDAY=TU,TH', curriculum: 'full' },
    ]) {
      const res = await t
        .http()
        .post(`/api/wards/${ward.id}/groups`)
        .set(coordinator)
        .send({
          ...group,
          startTime: '10:00',
          durationMinutes: 60,
          startsOn: YEAR_START,
          sessionsPerModule: 2,
        });
      if (res.status !== 201) throw new Error(`group: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const wardEntity = await t.app.get(WardsService).requireWard(SYSTEM, ward.id);
    const sessions = await t.app.get(SessionsService).materialiseWindow(wardEntity, YEAR_START, '2027-06-30');
    t.clock.set(NOW);
    const today = localDate(new Date(NOW), ward.timezone);

    const random = seeded(20270301);
    const admissions = t.app.get(AdmissionsService);
    const attendance = t.app.get(AttendanceService);
    const seedStart = performance.now();
    const open: string[] = [];
    const closed: string[] = [];
    let records = 0;
    for (let bed = 0; bed < BEDS; bed++) {
      let admittedOn = addDays(YEAR_START, Math.floor(random() * 60));
      for (let stay = 0; ; stay++) {
        const days = 21 + Math.floor(random() * 120);
        const leaves = addDays(admittedOn, days);
        const isOpen = leaves > today;
        const created = await admissions.create(SYSTEM, ward.id, {
          patientRef: `B${bed}-${stay}`,
          admittedOn,
          expectedDischargeOn: isOpen && random() < 0.85 ? leaves : isOpen ? null : leaves,
        });
        const lastDay = isOpen ? today : leaves;
        for (const session of sessions) {
          const day = localDate(session.startsAt, ward.timezone);
          if (day < admittedOn || day > lastDay || session.startsAt > NOW || random() >= ATTEND_PROBABILITY) continue;
          await attendance.record(SYSTEM, session.id, created.id);
          records++;
        }
        if (isOpen) {
          open.push(created.id);
          break;
        }
        await t.db.transaction((em) => em.update(AdmissionEntity, { id: created.id }, { status: 'discharged', dischargedOn: leaves }));
        closed.push(created.id);
        admittedOn = addDays(leaves, 1 + Math.floor(random() * 4));
      }
    }
    const seedMs = performance.now() - seedStart;

    const discharge = bearer(await t.key('discharge'));
    const time = async (path: string): Promise<number> => {
      const started = performance.now();
      const res = await t.http().get(path).set(discharge);
      const elapsed = performance.now() - started;
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return elapsed;
    };
    const openProgress: number[] = [];
    for (const id of open) openProgress.push(await time(`/api/admissions/${id}/progress`));
    const openProgressWarm: number[] = [];
    for (const id of open) openProgressWarm.push(await time(`/api/admissions/${id}/progress`));
    const closedProgress: number[] = [];
    for (const id of closed) closedProgress.push(await time(`/api/admissions/${id}/progress`));
    const worklist: number[] = [];
    for (let i = 0; i < 20; i++) worklist.push(await time(`/api/wards/${ward.id}/discharge-worklist`));
    const worklistMonth: number[] = [];
    for (let i = 0; i < 20; i++) worklistMonth.push(await time(`/api/wards/${ward.id}/discharge-worklist?withinDays=90`));
    const listed = await t.http().get(`/api/wards/${ward.id}/discharge-worklist?withinDays=90`).set(discharge);
    const stats: number[] = [];
    for (let i = 0; i < 5; i++) stats.push(await time(`/api/wards/${ward.id}/stats?from=${YEAR_START}&to=2027-02-28`));

    const heldInYear = sessions.filter((s) => s.startsAt <= NOW).length;
    console.log(`admissions bench (SQLite, ${process.version}, TZ=${process.env.TZ ?? 'unset'})`);
    console.log(
      `seeded: ${open.length} open + ${closed.length} discharged admissions, ${heldInYear} sessions held in the year, ` +
        `${records} attendance records, in ${(seedMs / 1000).toFixed(1)} s (through the services)`,
    );
    console.log(summary('progress, 30 open stays (first)', openProgress));
    console.log(summary('progress, 30 open stays (again)', openProgressWarm));
    console.log(summary('progress, discharged stays', closedProgress));
    console.log(summary('worklist, default 14 days', worklist));
    console.log(summary(`worklist, 90 days (${listed.body.length} rows)`, worklistMonth));
    console.log(summary('ward figures, one year', stats));
  } finally {
    await t.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
