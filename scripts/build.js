/**
 * Builds the service into dist/ when dist is missing or older than its sources (src/, migrations/,
 * config/, the tsconfig files), the way `ts-node --transpile-only` compiles (each file on its own,
 * no type check: `npm run typecheck` and `npm run build` do that). Runs at `npm ci` (prepare) and
 * before every `npm start`, so a newcomer never needs a separate build command. Concurrent starts
 * build once: the first takes a lock directory, the others wait for it.
 *
 *   node scripts/build.js          build if stale
 *   node scripts/build.js --force  build anyway
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-stamp');
const LOCK = path.join(ROOT, '.dist-build.lock');
const SOURCES = ['src', 'migrations', 'config'];
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

function walk(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function sourceFiles() {
  return SOURCES.flatMap((d) => (fs.existsSync(path.join(ROOT, d)) ? walk(path.join(ROOT, d), []) : []));
}

/** True when dist has a stamp newer than every source file (and the stamp names the same file set). */
function isFresh() {
  if (!fs.existsSync(STAMP) || !fs.existsSync(path.join(DIST, 'src', 'main.js'))) return false;
  const stamp = fs.statSync(STAMP).mtimeMs;
  const files = [...sourceFiles(), ...CONFIG_FILES.map((f) => path.join(ROOT, f))];
  if (fs.readFileSync(STAMP, 'utf8') !== String(files.length)) return false; // a file was added or removed
  return files.every((f) => !fs.existsSync(f) || fs.statSync(f).mtimeMs <= stamp);
}

function transpile(out) {
  const ts = require('typescript');
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile).config;
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
  const compilerOptions = { ...parsed.options, declaration: false, incremental: false, sourceMap: false };
  for (const file of sourceFiles()) {
    const rel = path.relative(ROOT, file);
    if (rel.endsWith('.spec.ts') || rel.endsWith('.testkit.ts')) continue;
    let target = path.join(out, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (rel.endsWith('.ts') && !rel.endsWith('.d.ts')) {
      const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions, fileName: file });
      target = target.replace(/\.ts$/, '.js');
      fs.writeFileSync(target, outputText);
    } else if (!rel.endsWith('.d.ts')) {
      fs.copyFileSync(file, target);
    }
  }
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function takeLock() {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      return true;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock left by a build that died more than a minute ago is taken over.
      try {
        if (Date.now() - fs.statSync(LOCK).mtimeMs > 60_000) fs.rmSync(LOCK, { recursive: true, force: true });
      } catch {
        /* gone meanwhile */
      }
      if (Date.now() > deadline) throw new Error(`another build holds ${LOCK}; remove it if no build runs`);
      sleep(100);
    }
  }
}

/** Builds dist/ if it is stale; returns true when it built. */
function ensureBuilt({ force = false, log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  if (!force && isFresh()) return false;
  takeLock();
  try {
    if (!force && isFresh()) return false; // built by whoever held the lock
    try {
      require.resolve('typescript');
    } catch {
      if (fs.existsSync(path.join(DIST, 'src', 'main.js'))) return false; // production install without dev tools
      throw new Error('dist/ is missing and TypeScript is not installed: run `npm ci` (or `npm run build`) first');
    }
    const started = Date.now();
    const files = [...sourceFiles(), ...CONFIG_FILES.map((f) => path.join(ROOT, f))];
    const temp = `${DIST}.tmp-${process.pid}`;
    fs.rmSync(temp, { recursive: true, force: true });
    transpile(temp);
    fs.writeFileSync(path.join(temp, '.build-stamp'), String(files.length));
    fs.rmSync(DIST, { recursive: true, force: true });
    fs.renameSync(temp, DIST);
    log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s (transpile only; \`npm run typecheck\` checks types)`);
    return true;
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

module.exports = { ensureBuilt, isFresh, DIST };

if (require.main === module) {
  try {
    ensureBuilt({ force: process.argv.includes('--force') });
  } catch (error) {
    process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
