import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, from, mergeMap } from 'rxjs';
import { AuthContext } from '../auth/auth-context';
import { AuditService } from './audit.service';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Records every successful write: who (key id and role), what (method and route pattern, never the
 * URL or body), and the target ids from the path or the response. Patient references never enter.
 */
@Injectable()
export class AuditWritesInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest();
    if (!WRITES.has(request.method)) return next.handle();
    const auth: AuthContext | undefined = request.auth;
    const route: string = request.routeOptions?.url ?? 'unknown';
    return next.handle().pipe(
      mergeMap((body) => from(this.record(auth, request.method, route, request.params ?? {}, body).then(() => body))),
    );
  }

  private async record(auth: AuthContext | undefined, method: string, route: string, params: Record<string, string>, body: unknown) {
    if (!auth) return;
    const resource = route.replace(/^\/api\//, '').split('/').filter((s) => !s.startsWith(':'));
    const responseId = typeof body === 'object' && body !== null && 'id' in body ? String((body as { id: unknown }).id) : null;
    const responseWard =
      typeof body === 'object' && body !== null && 'wardId' in body ? String((body as { wardId: unknown }).wardId) : null;
    await this.audit.record(auth, {
      action: `${method} ${route}`,
      targetType: resource[resource.length - 1] ?? 'unknown',
      targetId: params.id ?? params.groupId ?? responseId,
      wardId: params.wardId ?? responseWard,
    });
  }
}
