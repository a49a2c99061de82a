import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { finalize, Observable } from 'rxjs';
import { AuditWritesInterceptor, WRITES } from '../audit/audit.interceptor';
import { ConcurrencyGate } from '../common/concurrency-gate';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { InFlightRequests } from './in-flight';

/**
 * The one interceptor on every API controller: counts the handler as in flight (shutdown waits for
 * it), audits a successful write, and lets at most `http.readConcurrency` reads run at once (on
 * SQLite by default). One
 * instead of several, because each interceptor costs Nest an extra deferred Observable and
 * AsyncResource.bind per request.
 *
 * Reads beyond that wait their turn in arrival order, while writes go ahead: a write awaits the
 * database many times (checks, its transaction, the conflicts it made) and holds SQLite's write
 * lock for part of that, so with every read of a busy ward interleaved on the event loop each of
 * its steps waited behind all of them (issue 19: writes took ten times their own time under load).
 */
@Injectable()
export class ApiInterceptor implements NestInterceptor {
  private readonly reads: ConcurrencyGate | null;

  constructor(
    private readonly inFlight: InFlightRequests,
    private readonly audit: AuditWritesInterceptor,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.reads = config.http.readConcurrency > 0 ? new ConcurrencyGate(config.http.readConcurrency) : null;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest();
    this.inFlight.enter();
    const answer = WRITES.has(request.method)
      ? this.audit.audited(request, () => next.handle())
      : this.reads
        ? this.inTurn(this.reads, () => next.handle())
        : next.handle();
    return answer.pipe(finalize(() => this.inFlight.leave()));
  }

  /** The read once a place is free; the place is given back when it ends, fails or its client goes away (even while still waiting). */
  private inTurn(reads: ConcurrencyGate, handle: () => Observable<unknown>): Observable<unknown> {
    return new Observable<unknown>((subscriber) => {
      let release: (() => void) | null = null;
      let ended = false;
      let inner: { unsubscribe(): void } | null = null;
      void reads.acquire().then((given) => {
        if (ended) return given();
        release = given;
        try {
          inner = handle().subscribe(subscriber);
        } catch (error) {
          subscriber.error(error);
        }
      });
      return () => {
        ended = true;
        inner?.unsubscribe();
        release?.();
      };
    });
  }
}
