/**
 * Starts the compiled service (`npm start`'s scripts/start.js, dist/ rebuilt when stale, with the
 * node flags of npm start's script: startFlags) in a child process with the probe preloaded, on a
 * fresh SQLite file or PostgreSQL database. With
 * BENCH_BEFORE_REF (a git commit, e.g. main before this round's performance work) a second build of
 * that commit can run beside it in the same bench, so before and after are measured in one run.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from '../bench-support';
import { freePort } from '../../support/child-service';
import { throwawayPostgres } from '../../support/postgres-database';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureBuilt } = require('../../../scripts/build') as { ensureBuilt: (o?: { log?: (m: string) => void }) => boolean };

export interface ProbeStats {
  cpuUs: number;
  rss: number;
  heapUsed: number;
  statements: number;
  commits: number;
}

/** V8's view of the server's memory (bytes): process.memoryUsage(), v8.getHeapStatistics(), used and reserved per heap space. */
export interface HeapReport {
  memory: NodeJS.MemoryUsage;
  heap: Record<string, number>;
  spaces: Record<string, { size: number; used: number }>;
  /** Garbage-collection pauses so far: milliseconds and count, scavenges (minor) and mark-compacts (major). */
  gc: { minorMs: number; minor: number; majorMs: number; major: number; otherMs: number };
}

export interface CompiledServer {
  label: string;
  process: ChildProcess;
  base: string;
  adminKey: string;
  /** The server's DATABASE_URL (a throwaway SQLite file or PostgreSQL database). */
  databaseUrl: string;
  /** Milliseconds from spawn to the first 200 from /health. */
  startupMs: number;
  output(): string;
  stats(): Promise<ProbeStats>;
  profileStart(): Promise<void>;
  heap(): Promise<HeapReport>;
  /** Writes a .heapsnapshot of the server (after a full GC; the server pauses meanwhile). */
  heapSnapshot(file: string): Promise<void>;
  /** V8's sampling heap profiler: every allocation, or (`promoted`) only what survived the young generation. */
  allocationsStart(promoted: boolean): Promise<void>;
  allocationsStop(file: string): Promise<void>;
  profileStop(file: string): Promise<void>;
  /** With BENCH_SQL_TRACE=1: writes the statements run since the last call (start ms, ms until answered, SQL) to `file`. */
  sqlTrace(file: string): Promise<void>;
  stop(): Promise<void>;
}

const ADMIN_KEY = 'bench-admin-key-0123456789abcdefghijklmnopqrstuvwxyz';
let requestId = 0;

/** A checkout of `ref` in a temp directory, built the way `npm start` builds (this build script); returns its root. */
export function buildRef(ref: string): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'imr-before-'));
  execFileSync('bash', ['-c', `git -C "${ROOT}" archive "${ref}" | tar -x -C "${root}"`]);
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  mkdirSync(join(root, 'scripts'), { recursive: true });
  copyFileSync(join(ROOT, 'scripts', 'build.js'), join(root, 'scripts', 'build.js'));
  execFileSync(process.execPath, [join(root, 'scripts', 'build.js'), '--force'], { stdio: 'inherit' });
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * The node flags `npm start` runs the service with (package.json: `node <flags> scripts/start.js`),
 * so a bench measures the heap settings production gets; none for a root whose script has another shape.
 */
export function startFlags(root: string): string[] {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts?.start ?? '';
  const flags = /^node((?:\s+--[\w-]+(?:=\S+)?)*)\s+scripts\/start\.js$/.exec(start.trim())?.[1] ?? '';
  return flags.split(/\s+/).filter(Boolean);
}

export interface StartOptions {
  label?: string;
  db?: 'sqlite' | 'postgres';
  env?: Record<string, string>;
  /** Root of another build (buildRef); default this checkout. */
  root?: string;
  nodeArgs?: string[];
}

export async function startCompiledServer(options: StartOptions = {}): Promise<CompiledServer> {
  const root = options.root ?? ROOT;
  if (root === ROOT) ensureBuilt({ log: (m) => process.stdout.write(`  ${m}\n`) });
  const dir = mkdtempSync(join(tmpdir(), 'imr-bench-db-'));
  const pg = options.db === 'postgres' ? await throwawayPostgres('imr_bench') : null;
  const port = await freePort();
  let output = '';
  const databaseUrl = pg ? pg.url : `sqlite:${join(dir, 'imr.sqlite')}`;
  const started = performance.now();
  const child = spawn(
    process.execPath,
    // BENCH_NODE_ARGS: more node flags (e.g. to try a heap setting), after npm start's own.
    [
      ...startFlags(root),
      ...(options.nodeArgs ?? []),
      ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
      '-r',
      join(__dirname, 'server-probe.js'),
      join(root, 'dist', 'src', 'main.js'),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        IMR_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
        IMR_JOBS_ENABLED: 'false',
        // High enough that no feed run meets a 429: the bench measures answers, not refusals (a build
        // before 1e9 was allowed takes its old maximum; its feed-304 may then count 429s).
        IMR_CALENDAR_RATE_LIMIT: root === ROOT ? '1000000000' : '100000',
        IMR_AUTH_FAILURES_PER_MINUTE: '1000000',
        // The per-key budget protects a ward from one runaway client; a load generator is one.
        IMR_KEY_REQUESTS_PER_MINUTE: '1000000',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  child.stdout!.on('data', (c) => (output = (output + c).slice(-200_000)));
  child.stderr!.on('data', (c) => (output = (output + c).slice(-200_000)));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${output.slice(-2000)}`);
    try {
      if ((await fetch(`${base}/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 60_000) {
      child.kill('SIGKILL');
      throw new Error(`server did not come up: ${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const startupMs = performance.now() - started;
  const ask = <T>(type: string, extra: Record<string, unknown> = {}): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = ++requestId;
      const onMessage = (m: any) => {
        if (m?.type !== type || m.id !== id) return;
        child.off('message', onMessage);
        if (m.error) reject(new Error(m.error));
        else resolve(m as T);
      };
      child.on('message', onMessage);
      child.send({ type, id, ...extra });
    });
  return {
    label: options.label ?? 'after',
    process: child,
    base,
    adminKey: ADMIN_KEY,
    databaseUrl,
    startupMs,
    output: () => output,
    stats: () => ask<ProbeStats>('probe:stats'),
    profileStart: async () => void (await ask('probe:profile-start')),
    heap: () => ask<HeapReport>('probe:heap'),
    heapSnapshot: async (file) => void (await ask('probe:heap-snapshot', { file })),
    allocationsStart: async (promoted) => void (await ask('probe:allocations-start', { promoted })),
    allocationsStop: async (file) => void (await ask('probe:allocations-stop', { file })),
    profileStop: async (file) => void (await ask('probe:profile-stop', { file })),
    sqlTrace: async (file) => void (await ask('probe:trace', { file })),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        });
      }
      await pg?.drop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resident memory of a process from /proc (MB), or NaN where /proc is missing. */
export function rssOf(pid: number): number {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Math.round((kb / 1024) * 10) / 10;
  } catch {
    return Number.NaN;
  }
}

/** CPU time (user + system) a process has used so far, in microseconds, from /proc. */
export function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return (ticks * 1e6) / 100;
}
