import { LoggerService } from '@nestjs/common';
import { Writable } from 'node:stream';
import { startTestApp, TestApp } from '../support/test-app';

/** Every line the app logs: Nest's logger (all levels), Fastify's request log, and stray stdout/stderr writes. */
export class LogCapture {
  readonly lines: string[] = [];

  readonly nest: LoggerService = {
    log: (...args: unknown[]) => this.add('log', args),
    error: (...args: unknown[]) => this.add('error', args),
    warn: (...args: unknown[]) => this.add('warn', args),
    debug: (...args: unknown[]) => this.add('debug', args),
    verbose: (...args: unknown[]) => this.add('verbose', args),
    fatal: (...args: unknown[]) => this.add('fatal', args),
  };

  readonly requestLog = new Writable({
    write: (chunk: Buffer | string, _encoding, done) => {
      this.lines.push(`fastify ${chunk.toString()}`);
      done();
    },
  });

  private restore: (() => void) | null = null;

  private add(level: string, args: unknown[]): void {
    this.lines.push(
      `${level} ${args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`,
    );
  }

  /** Also collects what anything writes straight to stdout or stderr until `stopStdio`. */
  captureStdio(): void {
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    const collect = (name: string) => (chunk: unknown) => (this.lines.push(`${name} ${String(chunk)}`), true);
    process.stdout.write = collect('stdout') as typeof process.stdout.write;
    process.stderr.write = collect('stderr') as typeof process.stderr.write;
    this.restore = () => {
      process.stdout.write = out;
      process.stderr.write = err;
    };
  }

  stopStdio(): void {
    this.restore?.();
    this.restore = null;
  }

  get text(): string {
    return this.lines.join('\n');
  }
}

/** startTestApp, but with every log the app writes going into `capture`. */
export function startLoggedApp(capture: LogCapture, env: Record<string, string>, now: string): Promise<TestApp> {
  return startTestApp({ env, now, logger: capture.nest, logStream: capture.requestLog });
}
