import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Observable, finalize, from, mergeMap } from 'rxjs';
import { AuthContext } from '../auth/auth-context';
import { releaseTransactionHook, TransactionHook, transactionHooks, withTransactionHook } from '../database/database';
import { AuditRecord, AuditService } from './audit.service';

export const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface AuditedRequest {
  method: string;
  auth?: AuthContext;
  routeOptions?: { url?: string };
  params?: Record<string, string>;
}

/** What the audit row says: method and route pattern, the target from the path or else from `answer`. */
function entryFor(method: string, route: string, params: Record<string, string>, answer: unknown): AuditRecord {
  // Mounted under a host's prefix, the route still audits as /api/…
  const path = route.replace(/^.*?(?=\/api\/)/, '');
  const resource = path
    .replace(/^\/api\//, '')
    .split('/')
    .filter((s) => !s.startsWith(':'));
  const field = (name: string) =>
    typeof answer === 'object' && answer !== null && name in answer && (answer as Record<string, unknown>)[name] != null
      ? String((answer as Record<string, unknown>)[name])
      : null;
  return {
    action: `${method} ${path}`.slice(0, 60),
    targetType: resource[resource.length - 1] ?? 'unknown',
    targetId: params.id ?? params.groupId ?? field('id'),
    wardId: params.wardId ?? field('wardId'),
  };
}

/**
 * Records every successful write: who (key id and role), what (method and route pattern, never the
 * URL or body), and the target ids from the path or the response. Patient references never enter.
 * The row goes into the request's first transaction, just before its COMMIT, so a write request
 * costs one commit (one fsync); a write that ran no transaction is audited on its own afterwards.
 */
@Injectable()
export class AuditWritesInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest();
    return WRITES.has(request.method) ? this.audited(request, () => next.handle()) : next.handle();
  }

  /** Runs the handler (`handle` must call next.handle()) with the audit hooked into its first transaction. */
  audited(request: AuditedRequest, handle: () => Observable<unknown>): Observable<unknown> {
    const auth = request.auth;
    if (!auth) return handle();
    const method = request.method;
    const route: string = request.routeOptions?.url ?? 'unknown';
    const params = request.params ?? {};
    let pending: { id: string; entry: AuditRecord } | null = null;
    let stored: { id: string; entry: AuditRecord } | null = null;
    const hook: TransactionHook = {
      used: false,
      beforeCommit: async (em, result) => {
        const entry = entryFor(method, route, params, result);
        pending = { id: await this.audit.insert(auth, entry, em), entry };
      },
      committed: () => void (stored = pending),
    };
    // Nest binds the handler to the async context of the next.handle() call, so the hook reaches it.
    const answer = withTransactionHook(hook, handle);
    return answer.pipe(
      mergeMap((body) => {
        hook.used = true; // nothing after the answer joins the hook
        // The write has committed: a failing audit row must not turn its answer into a 500.
        return from(
          transactionHooks
            .exit(() => this.settle(auth, entryFor(method, route, params, body), stored, body))
            .then(
              () => body,
              (error) => {
                this.logger.error(`could not audit ${method} ${route}: ${error instanceof Error ? error.message : 'unknown'}`);
                return body;
              },
            ),
        );
      }),
      finalize(releaseTransactionHook),
    );
  }

  /** Stores the row if no transaction carried it; corrects its target when the answer names another. */
  private async settle(
    auth: AuthContext,
    entry: AuditRecord,
    stored: { id: string; entry: AuditRecord } | null,
    body?: unknown,
  ): Promise<void> {
    // A dry run (a plan preview) rolls its transaction back and writes nothing, so there is no write to audit.
    if (!stored && typeof body === 'object' && body !== null && (body as { dryRun?: unknown }).dryRun === true) return;
    if (!stored) {
      await this.audit.record(auth, entry);
      return;
    }
    if (stored.entry.targetId !== entry.targetId || (stored.entry.wardId ?? null) !== (entry.wardId ?? null)) {
      await this.audit.retarget(stored.id, entry.targetId, entry.wardId ?? null);
    }
  }
}
