import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Clock } from '../common/clock';
import { FixedWindowRateLimiter } from '../http/rate-limiter';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { KeyBudget } from '../http/key-budget';
import { KeysService } from '../keys/keys.service';
import { AuthContext, Role } from './auth-context';
import { originAllowed, readSessionToken } from './web-session-cookie';
import { WebSessionsService } from './web-sessions.service';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';

/** Failed authentications per client address; one for the app, shared by every module's copy of the guard. */
export const AUTH_FAILURES = Symbol('AUTH_FAILURES');

export function authFailureLimiter(config: AppConfig): FixedWindowRateLimiter {
  return new FixedWindowRateLimiter(config.http.authFailuresPerMinute, 60_000);
}

/** One guard for every route: a bearer key with a role the route allows. Routes without a rule are closed. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: KeysService,
    private readonly clock: Clock,
    @Inject(AUTH_FAILURES) private readonly failures: FixedWindowRateLimiter,
    private readonly webSessions: WebSessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly budget: KeyBudget,
  ) {}

  /** Failed attempts per client address (default 30 a minute), then 429 until the minute is over. */
  private async refuse(request: { ip?: string }, message: string): Promise<never> {
    const { allowed } = this.failures.hit(request.ip ?? 'unknown', this.clock.now().getTime());
    if (!allowed) throw new HttpException('too many failed authentication attempts; try again later', HttpStatus.TOO_MANY_REQUESTS);
    throw new UnauthorizedException(message);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const reply = context.switchToHttp().getResponse();
    // Answers of /api (referrals, letters, rotas) are never kept by browsers or intermediaries.
    reply.header('cache-control', 'no-store');
    const header: unknown = request.headers?.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    const sessionToken = header === undefined ? readSessionToken(request) : undefined;
    let auth: AuthContext | null;
    if (sessionToken !== undefined) {
      // The board's session cookie stands for the key that signed in: same role, same wards.
      auth = await this.webSessions.resolve(sessionToken);
      if (!auth) return this.refuse(request, 'the board session has ended; sign in again');
      if (!originAllowed(request, this.config.publicUrl)) throw new ForbiddenException('a board request from another origin');
    } else {
      if (!match) return this.refuse(request, 'Authorization: Bearer <key> is required');
      auth = await this.keys.authenticate(match[1]);
      if (!auth) return this.refuse(request, 'the key is unknown or revoked');
    }
    request.auth = auth;
    const spent = this.budget.spend(auth.keyId);
    if (!spent.allowed) {
      reply.header('retry-after', String(spent.retryAfterSeconds));
      throw new HttpException('this key has used its request budget for the minute; see Retry-After', HttpStatus.TOO_MANY_REQUESTS);
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles) throw new ForbiddenException('this route has no role rule');
    if (auth.role !== 'admin' && !roles.includes(auth.role)) {
      throw new ForbiddenException(`role ${auth.role} may not use this route`);
    }
    return true;
  }
}
