/**
 * Reading a server's memory in a benchmark: a one-line breakdown of V8's report (heap used and
 * reserved, new space, external and array-buffer memory: what RSS holds beyond the heap is native),
 * and a summary of a .heapsnapshot file: self and retained size by constructor, retained from a
 * dominator tree (Cooper, Harvey and Kennedy's iterative algorithm), so two snapshots of one soak
 * can be compared by what each kind of object keeps alive.
 *
 *   npx ts-node --transpile-only test/bench/support/heap-summary.ts early.heapsnapshot late.heapsnapshot
 */
import { readFileSync } from 'node:fs';
import type { HeapReport } from './compiled-server';

const mb = (bytes: number) => (bytes / 1048576).toFixed(1);

/** Garbage-collection pauses between two reports, per request. */
export function describeGc(before: HeapReport, after: HeapReport, requests: number): string {
  const d = (k: keyof HeapReport['gc']) => after.gc[k] - before.gc[k];
  const us = (ms: number) => ((1000 * ms) / Math.max(1, requests)).toFixed(0);
  return (
    `GC pauses ${(d('minorMs') + d('majorMs') + d('otherMs')).toFixed(0)} ms (${us(d('minorMs') + d('majorMs') + d('otherMs'))} us per request): ` +
    `${d('minor')} scavenges ${d('minorMs').toFixed(0)} ms, ${d('major')} mark-compacts ${d('majorMs').toFixed(0)} ms, other ${d('otherMs').toFixed(0)} ms`
  );
}

export function describeHeap(r: HeapReport): string {
  const space = (name: string) => r.spaces[name] ?? { size: 0, used: 0 };
  return (
    `heap used ${mb(r.memory.heapUsed)} of ${mb(r.memory.heapTotal)} MB reserved (old ${mb(space('old_space').used)}/${mb(space('old_space').size)}, ` +
    `new ${mb(space('new_space').used)}/${mb(space('new_space').size)}, code ${mb(space('code_space').size)}, large ${mb(space('large_object_space').size)}), ` +
    `external ${mb(r.memory.external)} (array buffers ${mb(r.memory.arrayBuffers)}), RSS ${mb(r.memory.rss)} MB`
  );
}

/**
 * Resident memory of a process by mapping (/proc/<pid>/smaps, MB): the main malloc arena ([heap]),
 * glibc's per-thread arenas (anonymous mappings in 64 MB-aligned 64 MB reservations), other
 * anonymous memory (V8's heap pages, code, thread stacks), and files (the node binary, addons).
 */
export function residentByMapping(pid: number): Record<'mallocMain' | 'mallocArenas' | 'arenaCount' | 'otherAnon' | 'files', number> {
  const ARENA = 64 * 1024 * 1024;
  const maps: { start: number; end: number; perms: string; name: string; rssKb: number }[] = [];
  try {
    for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
      const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
      if (head) maps.push({ start: parseInt(head[1], 16), end: parseInt(head[2], 16), perms: head[3], name: head[4], rssKb: 0 });
      else if (line.startsWith('Rss:') && maps.length) maps[maps.length - 1].rssKb = Number(/(\d+)/.exec(line)![1]);
    }
  } catch {
    return { mallocMain: NaN, mallocArenas: NaN, arenaCount: NaN, otherAnon: NaN, files: NaN };
  }
  const out = { mallocMain: 0, mallocArenas: 0, arenaCount: 0, otherAnon: 0, files: 0 };
  for (const [i, m] of maps.entries()) {
    const mb = m.rssKb / 1024;
    const next = maps[i + 1];
    const arena =
      !m.name &&
      m.start % ARENA === 0 &&
      (m.end - m.start === ARENA || (next && next.start === m.end && next.perms === '---p' && next.end - m.start === ARENA));
    if (m.name === '[heap]') out.mallocMain += mb;
    else if (arena) {
      out.mallocArenas += mb;
      out.arenaCount++;
    } else if (!m.name || m.name.startsWith('[')) out.otherAnon += mb;
    else out.files += mb;
  }
  for (const k of Object.keys(out) as (keyof typeof out)[]) out[k] = Math.round(out[k] * 10) / 10;
  return out;
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] }; node_count: number };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface ConstructorRow {
  name: string;
  count: number;
  selfBytes: number;
  /** Bytes dominated by objects of this kind that are not themselves inside another object of the same kind. */
  retainedBytes: number;
}

/** Self and retained size by constructor (or node type for strings, arrays, code ...), biggest retained first. */
export function summariseSnapshot(file: string): { totalBytes: number; rows: ConstructorRow[] } {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const nf = s.snapshot.meta.node_fields;
  const ef = s.snapshot.meta.edge_fields;
  const [N, E] = [nf.length, ef.length];
  const [nType, nName, nSize, nEdges] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nf.indexOf(f));
  const [eType, eTo] = ['type', 'to_node'].map((f) => ef.indexOf(f));
  const nodeTypes = s.snapshot.meta.node_types[0];
  const edgeTypes = s.snapshot.meta.edge_types[0];
  const weak = edgeTypes.indexOf('weak');
  const count = s.nodes.length / N;
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += s.nodes[i * N + nEdges] * E;
    firstEdge[i + 1] = e;
  }
  // Depth-first postorder from the root (node 0), ignoring weak edges.
  const order = new Int32Array(count).fill(-1);
  const post: number[] = [];
  const stack = [0];
  const next = new Uint32Array(count);
  order[0] = -2;
  for (let i = 0; i < count; i++) next[i] = firstEdge[i];
  while (stack.length) {
    const v = stack[stack.length - 1];
    let pushed = false;
    while (next[v] < firstEdge[v + 1]) {
      const e = next[v];
      next[v] += E;
      if (s.edges[e + eType] === weak) continue;
      const w = s.edges[e + eTo] / N;
      if (order[w] !== -1) continue;
      order[w] = -2;
      stack.push(w);
      pushed = true;
      break;
    }
    if (!pushed) {
      stack.pop();
      order[v] = post.length;
      post.push(v);
    }
  }
  const preds: number[][] = Array.from({ length: count }, () => []);
  for (let v = 0; v < count; v++) {
    if (order[v] < 0) continue;
    for (let e = firstEdge[v]; e < firstEdge[v + 1]; e += E) {
      if (s.edges[e + eType] === weak) continue;
      const w = s.edges[e + eTo] / N;
      if (order[w] >= 0) preds[w].push(v);
    }
  }
  const idom = new Int32Array(count).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (order[a] < order[b]) a = idom[a];
      while (order[b] < order[a]) b = idom[b];
    }
    return a;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let i = post.length - 2; i >= 0; i--) {
      const v = post[i];
      let d = -1;
      for (const p of preds[v]) if (idom[p] !== -1) d = d === -1 ? p : intersect(p, d);
      if (d !== -1 && idom[v] !== d) {
        idom[v] = d;
        changed = true;
      }
    }
  }
  const nameOf = (v: number) => {
    const type = nodeTypes[s.nodes[v * N + nType]];
    return type === 'object' || type === 'closure' ? `${s.strings[s.nodes[v * N + nName]]}${type === 'closure' ? '()' : ''}` : `(${type})`;
  };
  const retained = new Float64Array(count);
  for (const v of post) retained[v] += s.nodes[v * N + nSize];
  for (const v of post) if (v !== 0 && idom[v] >= 0) retained[idom[v]] += retained[v];
  const rows = new Map<string, ConstructorRow>();
  const names = new Array<string>(count);
  for (const v of post) names[v] = nameOf(v);
  for (const v of post) {
    const row = rows.get(names[v]) ?? { name: names[v], count: 0, selfBytes: 0, retainedBytes: 0 };
    rows.set(names[v], row);
    row.count++;
    row.selfBytes += s.nodes[v * N + nSize];
    // Count a subtree once per kind: only where no dominator above is of the same kind.
    let d = idom[v];
    while (d !== 0 && names[d] !== names[v]) d = idom[d];
    if (d === 0) row.retainedBytes += retained[v];
  }
  return { totalBytes: retained[0], rows: [...rows.values()].sort((a, b) => b.retainedBytes - a.retainedBytes) };
}

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

function where(url: string, line: number): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return `${url.slice(modules + 13)}:${line + 1}`;
  const dist = url.indexOf('/dist/');
  return `${dist >= 0 ? url.slice(dist + 6) : url}:${line + 1}`;
}

/** A .heapprofile's sampled bytes by allocating function, and by the innermost frame of our own code (dist/src) on the stack. */
export function summariseAllocations(file: string, rows = 25): string[] {
  const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: SamplingNode };
  const bySelf = new Map<string, number>();
  const byOwn = new Map<string, number>();
  let total = 0;
  const walk = (node: SamplingNode, own: string) => {
    const f = node.callFrame;
    const here = `${f.functionName || '(anonymous)'} ${where(f.url, f.lineNumber)}`;
    const mine = f.url.includes('/dist/src/') ? here : own;
    if (node.selfSize) {
      total += node.selfSize;
      bySelf.set(here, (bySelf.get(here) ?? 0) + node.selfSize);
      byOwn.set(mine, (byOwn.get(mine) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, mine);
  };
  walk(head, '(outside src)');
  const table = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, rows)
      .map(([k, v]) => `${mb(v).padStart(8)} MB ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
  return [
    `${file}: ${mb(total)} MB sampled`,
    'by allocating function:',
    ...table(bySelf),
    'by innermost frame in dist/src:',
    ...table(byOwn),
  ];
}

function main(files: string[]): void {
  for (const f of files.filter((f) => f.endsWith('.heapprofile'))) console.log(summariseAllocations(f).join('\n'));
  files = files.filter((f) => !f.endsWith('.heapprofile'));
  if (!files.length) return;
  const summaries = files.map((f) => ({ file: f, ...summariseSnapshot(f) }));
  for (const s of summaries) console.log(`${s.file}: ${mb(s.totalBytes)} MB reachable`);
  const byName = new Map<string, (ConstructorRow | undefined)[]>();
  summaries.forEach((s, i) => {
    for (const row of s.rows) {
      const cells = byName.get(row.name) ?? new Array(summaries.length).fill(undefined);
      cells[i] = row;
      byName.set(row.name, cells);
    }
  });
  const last = (cells: (ConstructorRow | undefined)[]) => cells[cells.length - 1]?.retainedBytes ?? 0;
  console.log('constructor'.padEnd(44) + summaries.map((_, i) => `  #${i + 1} count   self MB  retained MB`).join(''));
  for (const [name, cells] of [...byName.entries()].sort((a, b) => last(b[1]) - last(a[1])).slice(0, Number(process.env.HEAP_ROWS ?? 40))) {
    const line = cells
      .map((c) => `${String(c?.count ?? 0).padStart(11)} ${mb(c?.selfBytes ?? 0).padStart(9)} ${mb(c?.retainedBytes ?? 0).padStart(12)}`)
      .join('');
    console.log(name.slice(0, 43).padEnd(44) + line);
  }
}

if (require.main === module) main(process.argv.slice(2));
