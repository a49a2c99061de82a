/**
 * `npm start` bounds the V8 heap (issue 19, acceptance 1: RSS under 250 MB after the load bench).
 * V8 lets the old generation grow to up to 4× what survived its last full collection when the heap
 * limit is 2 GB or more (on 64-bit: the default on any machine with 8 GB of memory or more) and at
 * most 1.3–2× below it; the service keeps about 50 MB alive, so a 1 GB limit holds the old space near
 * 1.6× that under load, and leaves twenty times the live heap before the limit itself is reached.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFlags } from './bench/support/compiled-server';

const ROOT = join(__dirname, '..');
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const limitOf = (script: string) => Number(/--max-old-space-size=(\d+)\b/.exec(script)?.[1]);

describe('the heap bound npm start runs the service with', () => {
  it('is set, below 2 GB, and the same for start and start:prod', () => {
    const mb = limitOf(scripts.start);
    expect(mb).toBeGreaterThanOrEqual(512);
    expect(mb).toBeLessThan(2048);
    expect(limitOf(scripts['start:prod'])).toBe(mb);
  });

  it('is what the benches start the compiled service with', () => {
    expect(startFlags(ROOT)).toEqual([`--max-old-space-size=${limitOf(scripts.start)}`]);
  });

  it('reaches V8', () => {
    const run = spawnSync(process.execPath, [
      ...startFlags(ROOT),
      '-e',
      'process.stdout.write(String(require("v8").getHeapStatistics().heap_size_limit))',
    ]);
    const limitMb = Number(run.stdout) / 1048576;
    // The limit V8 reports adds the young generation to the old space's.
    expect(limitMb).toBeGreaterThanOrEqual(limitOf(scripts.start));
    expect(limitMb).toBeLessThan(limitOf(scripts.start) + 100);
  });
});
