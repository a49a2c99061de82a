import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ChildService {
  process: ChildProcess;
  port: number;
  url: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureBuilt } = require('../../scripts/build') as { ensureBuilt: (options?: { log?: (m: string) => void }) => boolean };

/** Builds dist/ when stale (as `npm start` would); call it in a beforeAll with its own timeout, so no test pays for it. */
export function buildService(): void {
  ensureBuilt({ log: () => undefined });
}

/** The service's last start-up line (src/main.ts): everything it printed while starting is in the output by then. */
const LISTENING = /IMR ward rota listening on port/;

/**
 * Starts the real service as `npm start` runs it (scripts/start.js: compiled JavaScript, built
 * first when dist/ is stale) as a child process and waits until /health answers and its start-up
 * output has arrived. The wait ends at once when the child exits; `timeoutMs` only bounds a start
 * that hangs, so it is generous: a loaded machine starts the service several times slower.
 */
export async function startChildService(env: Record<string, string>, timeoutMs = 120000): Promise<ChildService> {
  buildService();
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.js')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), IMR_JOBS_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}: ${output}`);
    try {
      const res = await fetch(`${url}/health`);
      // stdout and the HTTP answer come by different pipes: the start-up lines may land just after the 200.
      if (res.status === 200 && LISTENING.test(output)) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service did not come up: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    process: child,
    port,
    url,
    output: () => output,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
