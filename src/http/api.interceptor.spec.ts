import { CallHandler, ExecutionContext } from '@nestjs/common';
import { firstValueFrom, Observable, Subject } from 'rxjs';
import { AuditWritesInterceptor } from '../audit/audit.interceptor';
import { loadConfig } from '../config/app-config';
import { ApiInterceptor } from './api.interceptor';
import { InFlightRequests } from './in-flight';

/** A request whose handler answers when the test says so. */
function request(method: string) {
  const answer = new Subject<string>();
  let started = false;
  const context = { switchToHttp: () => ({ getRequest: () => ({ method }) }) } as unknown as ExecutionContext;
  const next: CallHandler = {
    handle: () =>
      new Observable<string>((subscriber) => {
        started = true;
        return answer.subscribe(subscriber);
      }),
  };
  return { context, next, answer, started: () => started };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ApiInterceptor: reads in turn, writes ahead', () => {
  const inFlight = new InFlightRequests();
  // No key on these requests: the audit passes the write straight through.
  const audit = new AuditWritesInterceptor({} as never);
  const interceptor = (readConcurrency: number) =>
    new ApiInterceptor(inFlight, audit, { ...loadConfig({}), http: { ...loadConfig({}).http, readConcurrency } });

  it('runs at most the configured number of reads at once, the others in arrival order, and never holds back a write', async () => {
    const api = interceptor(1);
    const [first, second, third, write] = [request('GET'), request('GET'), request('GET'), request('PATCH')];
    const answers = [first, second, third, write].map((r) => firstValueFrom(api.intercept(r.context, r.next)));
    await tick();
    expect([first.started(), second.started(), third.started(), write.started()]).toEqual([true, false, false, true]);
    write.answer.next('written');
    write.answer.complete();
    expect(await answers[3]).toBe('written');
    expect(second.started()).toBe(false);
    first.answer.error(new Error('the first read failed'));
    await expect(answers[0]).rejects.toThrow('the first read failed');
    await tick();
    // A failed read gives its place to the next in line.
    expect([second.started(), third.started()]).toEqual([true, false]);
    second.answer.next('second');
    second.answer.complete();
    expect(await answers[1]).toBe('second');
    await tick();
    expect(third.started()).toBe(true);
    third.answer.next('third');
    third.answer.complete();
    expect(await answers[2]).toBe('third');
    expect(inFlight.running).toBe(0);
  });

  it('gives the place back when a client goes away, while running or still waiting', async () => {
    const api = interceptor(1);
    const [running, waiting, later] = [request('GET'), request('GET'), request('GET')];
    const a = api.intercept(running.context, running.next).subscribe();
    const b = api.intercept(waiting.context, waiting.next).subscribe();
    await tick();
    b.unsubscribe(); // gone while waiting: never runs
    a.unsubscribe(); // gone while running: its place is free
    const answer = firstValueFrom(api.intercept(later.context, later.next));
    await tick();
    expect([waiting.started(), later.started()]).toEqual([false, true]);
    later.answer.next('later');
    later.answer.complete();
    expect(await answer).toBe('later');
    expect(inFlight.running).toBe(0);
  });

  it('lets every read run at once when the limit is 0 (the default on PostgreSQL)', async () => {
    const api = interceptor(0);
    const reads = [request('GET'), request('GET'), request('GET')];
    reads.forEach((r) => api.intercept(r.context, r.next).subscribe());
    await tick();
    expect(reads.map((r) => r.started())).toEqual([true, true, true]);
    reads.forEach((r) => r.answer.complete());
  });
});
