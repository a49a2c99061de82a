import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { finalize, Observable } from 'rxjs';
import { AuditWritesInterceptor, WRITES } from '../audit/audit.interceptor';
import { InFlightRequests } from './in-flight';

/**
 * The one interceptor on every API controller: counts the handler as in flight (shutdown waits for
 * it) and audits a successful write. One instead of two, because each interceptor costs Nest an
 * extra deferred Observable and AsyncResource.bind per request.
 */
@Injectable()
export class ApiInterceptor implements NestInterceptor {
  constructor(
    private readonly inFlight: InFlightRequests,
    private readonly audit: AuditWritesInterceptor,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest();
    this.inFlight.enter();
    const answer = WRITES.has(request.method) ? this.audit.audited(request, () => next.handle()) : next.handle();
    return answer.pipe(finalize(() => this.inFlight.leave()));
  }
}
