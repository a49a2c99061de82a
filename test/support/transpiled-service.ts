import { ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';
import { freePort } from './child-service';

const ROOT = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Transpiles src/ and migrations/ to `out` with the project's compiler options, and copies config/. */
export function transpileService(out: string): void {
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, ROOT);
  const compilerOptions = { ...parsed.options, sourceMap: false, declaration: false, incremental: false };
  for (const file of [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'migrations'))]) {
    const { outputText } = ts.transpileModule(ts.sys.readFile(file)!, { compilerOptions, fileName: file });
    const target = join(out, relative(ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  mkdirSync(join(out, 'config'), { recursive: true });
  for (const name of readdirSync(join(ROOT, 'config'))) copyFileSync(join(ROOT, 'config', name), join(out, 'config', name));
}

export interface BuiltService {
  process: ChildProcess;
  url: string;
  exited: Promise<void>;
  output: () => string;
}

/**
 * Starts a transpiled service (see transpileService) as a child process and waits until /health answers 200.
 * The wait ends at once if the child exits; `timeoutMs` only bounds a start that hangs.
 */
export async function startBuiltService(build: string, env: Record<string, string>, timeoutMs = 20000): Promise<BuiltService> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [join(build, 'src', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}: ${output}`);
    const status = await fetch(`${url}/health`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return { process: child, url, exited, output: () => output };
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service did not come up (health ${status}): ${output}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
