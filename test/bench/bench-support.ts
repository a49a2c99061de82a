/**
 * Shared helpers for the HTTP benchmarks (groups, load) and the runner: statistics, memory
 * sampling, a small fetch client for an app listening on 127.0.0.1, and child processes that run
 * a TypeScript file with ts-node (transpile only) and talk back over IPC.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { addDays, localDate } from '../../src/common/time';
import { PG_ADMIN_URL } from '../support/postgres-database';
import { seeded } from './fixtures-rota';

export { seeded };

export const ROOT = join(__dirname, '..', '..');
/** Lines a bench prints with this prefix are repeated by run-all in its closing summary. */
export const SUMMARY_PREFIX = '[summary] ';

export function summaryLine(text: string): void {
  process.stdout.write(`${SUMMARY_PREFIX}${text}\n`);
}

export const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

/** Peak resident set of this process so far, in MB (resourceUsage reports kilobytes). */
export const peakRssMb = (): number => Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;

/** Nearest-rank quantile of unsorted samples. */
export function quantile(samples: number[], q: number): number {
  if (!samples.length) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const median = (samples: number[]): number => quantile(samples, 0.5);

export interface RssSummary {
  startMb: number;
  maxMb: number;
  endMb: number;
  samples: number;
}

/** Samples process.memoryUsage().rss on a timer (default every second). */
export class RssSampler {
  private values: number[] = [];
  private timer: NodeJS.Timeout | null = null;

  start(intervalMs = 1000, onSample?: (rss: number) => void): void {
    this.values = [process.memoryUsage().rss];
    this.timer = setInterval(() => {
      const rss = process.memoryUsage().rss;
      this.values.push(rss);
      onSample?.(rss);
    }, intervalMs);
  }

  stop(): RssSummary {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.values.push(process.memoryUsage().rss);
    return {
      startMb: mb(this.values[0]),
      maxMb: mb(Math.max(...this.values)),
      endMb: mb(this.values[this.values.length - 1]),
      samples: this.values.length,
    };
  }
}

/** Listens on 127.0.0.1 only, on a free port, and returns the base URL. */
export async function listenLocal(app: NestFastifyApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  bytes: number;
  ms: number;
}

/** A JSON client for one key; `expect` makes an unexpected status throw with the route named. */
export class Api {
  constructor(
    readonly base: string,
    readonly key: string,
  ) {}

  async call<T = any>(method: string, path: string, body?: unknown, expect?: number): Promise<ApiResponse<T>> {
    const started = performance.now();
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.key}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const ms = performance.now() - started;
    const parsed = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
    if (expect !== undefined && res.status !== expect) {
      throw new Error(`${method} ${path.split('?')[0]}: expected ${expect}, got ${res.status} ${text.slice(0, 300)}`);
    }
    return { status: res.status, body: parsed as T, bytes: Buffer.byteLength(text), ms };
  }

  get = <T = any>(path: string, expect = 200) => this.call<T>('GET', path, undefined, expect);
  post = <T = any>(path: string, body: unknown, expect = 201) => this.call<T>('POST', path, body, expect);
}

/** Runs a TypeScript file in a child Node process (ts-node, transpile only), with an IPC channel. */
export function spawnTs(
  file: string,
  args: string[] = [],
  env: Record<string, string> = {},
  output: 'inherit' | 'pipe' = 'inherit',
): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', file, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', output, output, 'ipc'],
  });
}

/** The next IPC message of the given type; rejects if the child exits first. */
export function nextMessage<T extends { type: string }>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T) => {
      if (message?.type !== type) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`child exited (${signal ?? code}) before sending "${type}"`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

export function waitForExit(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
}

/** Sends a message to the parent (a no-op when the file runs on its own). */
export function tellParent<T extends { type: string }>(message: T): Promise<void> {
  return new Promise((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));
}

export async function postgresReachable(): Promise<boolean> {
  const client = new Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A seeded ward for the load bench: ids and paths its requests draw from. */
export interface WardFixture {
  wardId: string;
  /** The materialised window: firstDay and `days` days on. */
  firstDay: string;
  days: number;
  rotaFrom: string;
  facilitatorIds: string[];
  admissionIds: string[];
  calendarPaths: string[];
  /** [sessionId, admissionId] of held sessions within each stay: attendance that may be recorded. */
  attendancePairs: [string, string][];
  summary: string;
}

/** The service's default calendar look-back (config/default.json), where its kept window starts. */
const PAST_WEEKS: number = JSON.parse(readFileSync(join(ROOT, 'config', 'default.json'), 'utf8')).calendar.pastWeeks;

const NAMES = ['Kari', 'Ola', 'Ingrid', 'Lars', 'Sigrid', 'Nils', 'Astrid', 'Jonas', 'Marit', 'Erik', 'Solveig', 'Håkon'];
const PROFESSIONS = ['nurse', 'social-worker', 'psychologist', 'occupational-therapist', 'nurse', 'peer-specialist'];
const LOAD_GROUPS = [
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

/**
 * Seeds through the API, as a coordinator would: 12 facilitators, 3 groups since `firstDay`, a
 * planned and published rota for the 12 weeks from `now`'s date (a Monday), a calendar link per
 * facilitator, 30 open admissions, and attendance at about 30% of the held sessions in each stay.
 */
export async function seedRealisticWard(api: Api, now: string, firstDay = '2027-01-04'): Promise<WardFixture> {
  const random = seeded(8);
  const today = now.slice(0, 10);
  const rotaTo = addDays(today, 12 * 7 - 1);
  const ward = (await api.post('/api/wards', { code: 'LOAD', name: 'Sengepost Ø' })).body;
  const facilitatorIds: string[] = [];
  for (let i = 0; i < NAMES.length; i++) {
    const res = await api.post('/api/facilitators', {
      name: `${NAMES[i]} Nordmann`,
      profession: PROFESSIONS[i % PROFESSIONS.length],
      imrTrained: i % 4 !== 3,
      wardIds: [ward.id],
      ...(i % 3 === 0 && { maxSessionsPerWeek: 2 }),
      ...(i % 4 === 1 && { availability: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '16:00' })) }),
    });
    facilitatorIds.push(res.body.id);
  }
  for (const group of LOAD_GROUPS) await api.post(`/api/wards/${ward.id}/groups`, { ...group, startsOn: firstDay, room: 'Peisestua' });
  const sessions = (await api.get<any[]>(`/api/wards/${ward.id}/sessions?from=${firstDay}&to=${rotaTo}`)).body;
  const plan = (await api.post(`/api/wards/${ward.id}/rota/plan`, { from: today, to: rotaTo }, 200)).body;
  const published = (await api.post(`/api/wards/${ward.id}/rota/publish`, { from: today, to: rotaTo }, 200)).body;
  const calendarPaths: string[] = [];
  for (const id of facilitatorIds) calendarPaths.push(new URL((await api.post(`/api/facilitators/${id}/calendar`, {})).body.url).pathname);

  // Sessions before the kept window (kept-window.ts: the calendar look-back) are listed but computed, never
  // stored, so no attendance can be recorded there (404): a group started more than 8 weeks ago on
  // a weekday after its first Monday has a day or two of them.
  const keptFrom = addDays(localDate(now, ward.timezone), -PAST_WEEKS * 7);
  const held = sessions.filter((s) => Date.parse(s.startsAt) < Date.parse(now) && s.status === 'scheduled' && s.date >= keptFrom);
  const admissionIds: string[] = [];
  const attendancePairs: [string, string][] = [];
  let recorded = 0;
  for (let i = 0; i < 30; i++) {
    const admittedOn = addDays(firstDay, Math.floor(random() * 53));
    const expectedDischargeOn = random() < 0.2 ? null : addDays(today, 2 + Math.floor(random() * 100));
    const admission = (await api.post(`/api/wards/${ward.id}/admissions`, { patientRef: `LOAD-${i + 1}`, admittedOn, expectedDischargeOn }))
      .body;
    admissionIds.push(admission.id);
    for (const s of held.filter((x) => x.date >= admittedOn)) {
      attendancePairs.push([s.id, admission.id]);
      if (random() < 0.3) {
        await api.post(`/api/sessions/${s.id}/attendance`, { admissionId: admission.id });
        recorded++;
      }
    }
  }
  const summary =
    `${facilitatorIds.length} facilitators, ${LOAD_GROUPS.length} groups, ${sessions.length} sessions (${held.length} held); ` +
    `rota ${today}..${rotaTo}: ${plan.summary.assigned} assignments, ${plan.summary.unfilled.length} unfilled, ${published.published} published; ` +
    `30 admissions, ${recorded} attendance records`;
  const days = Math.round((Date.parse(rotaTo) - Date.parse(firstDay)) / 86_400_000) + 1;
  return { wardId: ward.id, firstDay, days, rotaFrom: today, facilitatorIds, admissionIds, calendarPaths, attendancePairs, summary };
}

export const fmt = (n: number, digits = 0, width = 8): string => n.toFixed(digits).padStart(width);

/**
 * Preloaded by run-all (`-r`) when /usr/bin/time is missing: writes this process's peak RSS (kB)
 * to BENCH_MAXRSS_FILE on exit.
 */
if (process.env.BENCH_MAXRSS_FILE && require.main !== module) {
  const target = process.env.BENCH_MAXRSS_FILE;
  delete process.env.BENCH_MAXRSS_FILE;
  process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
}
