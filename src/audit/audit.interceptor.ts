import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Observable, from, mergeMap } from 'rxjs';
import { AuthContext } from '../auth/auth-context';
import { AuditService } from './audit.service';

export const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface AuditedRequest {
  method: string;
  auth?: AuthContext;
  routeOptions?: { url?: string };
  params?: Record<string, string>;
}

/**
 * Records every successful write: who (key id and role), what (method and route pattern, never the
 * URL or body), and the target ids from the path or the response. Patient references never enter.
 */
@Injectable()
export class AuditWritesInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest();
    return WRITES.has(request.method) ? this.afterWrite(request, next.handle()) : next.handle();
  }

  /** The handler's answer, once the write's audit row is stored. */
  afterWrite(request: AuditedRequest, answer: Observable<unknown>): Observable<unknown> {
    const auth: AuthContext | undefined = request.auth;
    const route: string = request.routeOptions?.url ?? 'unknown';
    return answer.pipe(
      mergeMap((body) =>
        from(
          // The write has committed: a failing audit row must not turn its answer into a 500.
          this.record(auth, request.method, route, request.params ?? {}, body).then(
            () => body,
            (error) => {
              this.logger.error(`could not audit ${request.method} ${route}: ${error instanceof Error ? error.message : 'unknown'}`);
              return body;
            },
          ),
        ),
      ),
    );
  }

  private async record(auth: AuthContext | undefined, method: string, route: string, params: Record<string, string>, body: unknown) {
    if (!auth) return;
    // Mounted under a host's prefix, the route still audits as /api/…
    const path = route.replace(/^.*?(?=\/api\/)/, '');
    const resource = path.replace(/^\/api\//, '').split('/').filter((s) => !s.startsWith(':'));
    const responseId = typeof body === 'object' && body !== null && 'id' in body ? String((body as { id: unknown }).id) : null;
    const responseWard =
      typeof body === 'object' && body !== null && 'wardId' in body ? String((body as { wardId: unknown }).wardId) : null;
    await this.audit.record(auth, {
      action: `${method} ${path}`.slice(0, 60),
      targetType: resource[resource.length - 1] ?? 'unknown',
      targetId: params.id ?? params.groupId ?? responseId,
      wardId: params.wardId ?? responseWard,
    });
  }
}
