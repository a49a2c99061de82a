/** Top functions by self time in a V8 .cpuprofile, for the before/after table of the closing note. */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface TopFunction {
  name: string;
  where: string;
  selfMs: number;
  share: number;
}

function shorten(url: string): string {
  if (!url) return '';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + '/dist/'.length);
  return url.replace(/^file:\/\//, '').replace(/^node:/, 'node:');
}

/** Self time per function (name and file:line), biggest first; idle time is left out of the shares. */
export function topFunctions(file: string, limit = 10): { totalMs: number; top: TopFunction[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, { name: string; where: string; us: number }>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    // Idle time, and the probe's own Profiler.stop (inspector "dispatch"), are not the server's work.
    if (!node || node.callFrame.functionName === '(idle)' || (node.callFrame.functionName === 'dispatch' && !node.callFrame.url)) return;
    total += dt;
    // V8 names sqlite3's native entry points after the addon's first class ("Backup").
    const native = node.callFrame.functionName === 'Backup' && !node.callFrame.url;
    const name = native ? '(sqlite3 native call)' : node.callFrame.functionName || '(anonymous)';
    const where = node.callFrame.url ? `${shorten(node.callFrame.url)}:${node.callFrame.lineNumber + 1}` : '';
    const k = `${name} ${where}`;
    const entry = self.get(k) ?? { name, where, us: 0 };
    entry.us += dt;
    self.set(k, entry);
  });
  const top = [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map((e) => ({ name: e.name, where: e.where, selfMs: e.us / 1000, share: total ? e.us / total : 0 }));
  return { totalMs: total / 1000, top };
}

export function formatTop(title: string, summary: { totalMs: number; top: TopFunction[] }): string {
  const lines = [`${title} (${summary.totalMs.toFixed(0)} ms of CPU sampled, self time)`];
  for (const t of summary.top) lines.push(`  ${(100 * t.share).toFixed(1).padStart(5)}%  ${t.name}  ${t.where}`);
  return lines.join('\n');
}
