/** What the load bench watches on the server during a soak: resident memory every second, its log, a timeline. */
import { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { RssSummary } from '../bench-support';
import { CompiledServer, rssOf } from './compiled-server';

export interface ServerSample {
  rssMb: number;
}

/** Resident memory of the server every second, until stopped. */
export function sampleRss(server: CompiledServer, samples: ServerSample[]): () => RssSummary {
  const pid = server.process.pid!;
  const values = [rssOf(pid)];
  const timer = setInterval(() => {
    values.push(rssOf(pid));
    samples.push({ rssMb: values[values.length - 1] });
  }, 1000);
  return () => {
    clearInterval(timer);
    values.push(rssOf(pid));
    return { startMb: values[0], maxMb: Math.max(...values), endMb: values[values.length - 1], samples: values.length };
  };
}

/** Counts the server's Nest log warnings and errors (JSON), shows the first few, and anything not JSON. */
export function watchServerLog(
  child: ChildProcess,
  db: string,
  serverErrors: Record<string, number>,
): { warnings: number; errors: number } {
  const counts = { warnings: 0, errors: 0 };
  let shown = 0;
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      // The access log (pino, numeric levels): count 5xx answers and error-level lines, show none.
      if (/^\{"level":\d+/.test(line)) {
        const status = /"route":"([^"]*)".*"status":(5\d\d)/.exec(line);
        if (status) serverErrors[`${status[2]} ${status[1]}`] = (serverErrors[`${status[2]} ${status[1]}`] ?? 0) + 1;
        else if (/^\{"level":[56]0/.test(line)) serverErrors['log error'] = (serverErrors['log error'] ?? 0) + 1;
        return;
      }
      const level = /^\{.*"level":"(\w+)"/.exec(line)?.[1];
      if (level === 'warn') counts.warnings++;
      else if (level === 'error' || level === 'fatal') counts.errors++;
      else if (level) return;
      if (shown++ < 40)
        process.stdout.write(`  [${db} server${level ? ' ' + level : ''}] ${line.slice(0, Number(process.env.BENCH_LOG_CHARS ?? 400))}\n`);
    });
  }
  return counts;
}

export function printTimeline(perSecond: number[], samples: ServerSample[]): void {
  const slices = Math.min(12, perSecond.length);
  if (!slices) return;
  const size = Math.ceil(perSecond.length / slices);
  const parts: string[] = [];
  for (let i = 0; i < perSecond.length; i += size) {
    const chunk = perSecond.slice(i, i + size);
    const sample = samples[Math.min(samples.length - 1, i + chunk.length - 1)];
    parts.push(
      `${i + chunk.length}s ${(chunk.reduce((a, b) => a + b, 0) / chunk.length).toFixed(0)}/s ${sample ? sample.rssMb.toFixed(0) + 'MB' : ''}`,
    );
  }
  console.log(`  timeline (req/s, server RSS): ${parts.join(' | ')}`);
}
