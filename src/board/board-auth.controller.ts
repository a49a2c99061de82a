import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { clearedSessionCookie, isHttps, readSessionToken, sessionCookie } from '../auth/web-session-cookie';
import { WebSessionsService } from '../auth/web-sessions.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AUTH_FAILURES } from '../auth/api-key.guard';
import { Clock } from '../common/clock';
import { FixedWindowRateLimiter } from '../http/rate-limiter';
import { boardAsset } from './board-assets';
import { BoardContextService, LANG_COOKIE, redirect, sendHtml } from './board-context';
import { isLang } from './i18n';
import { signInPage } from './views/layout';

@ApiExcludeController()
@Controller()
@Public()
export class BoardAuthController {
  constructor(
    private readonly boards: BoardContextService,
    private readonly webSessions: WebSessionsService,
    @Inject(AUTH_FAILURES) private readonly failures: FixedWindowRateLimiter,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get cookiePath(): string {
    return this.boards.base || '/';
  }

  /** The board's front door: `/` standalone (or the prefix itself when mounted), and /board/sign-in under any prefix. */
  @Get()
  root(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() q: Record<string, string>) {
    return this.signInPage(req, reply, q);
  }

  @Get('board/sign-in')
  async signInPage(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() q: Record<string, string>) {
    const ctx = await this.boards.resolve(req);
    if (ctx.auth) return redirect(reply, `${ctx.base}/board/${ctx.auth.role === 'facilitator' ? 'mine' : 'week'}`);
    const flash = q.failed
      ? { kind: 'error' as const, text: ctx.t.signInFailed }
      : q.ended
        ? { kind: 'error' as const, text: ctx.t.sessionEnded }
        : q.signedout
          ? { kind: 'ok' as const, text: ctx.t.signedOut }
          : null;
    return sendHtml(reply, signInPage(ctx, flash));
  }

  @Post('board/sign-in')
  async signIn(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>) {
    const ctx = await this.boards.resolve(req);
    if (!this.boards.originAllowed(req)) return sendHtml(reply, signInPage(ctx, { kind: 'error', text: ctx.t.signInFailed }), 403);
    const key = typeof body?.key === 'string' ? body.key.trim() : '';
    const started = await this.webSessions.start(key);
    if (!started) {
      const { allowed } = this.failures.hit(req.ip ?? 'unknown', this.clock.now().getTime());
      return sendHtml(reply, signInPage(ctx, { kind: 'error', text: ctx.t.signInFailed }), allowed ? 401 : 429);
    }
    reply.header('set-cookie', sessionCookie(started.token, started.maxAgeSeconds, this.cookiePath, isHttps(req, this.config.publicUrl)));
    return redirect(reply, `${ctx.base}/board/${started.auth.role === 'facilitator' ? 'mine' : 'week'}`);
  }

  @Post('board/sign-out')
  async signOut(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const ctx = await this.boards.resolve(req);
    if (this.boards.originAllowed(req)) await this.webSessions.end(readSessionToken(req));
    reply.header('set-cookie', clearedSessionCookie(this.cookiePath, isHttps(req, this.config.publicUrl)));
    if (req.headers['hx-request']) return reply.status(200).header('hx-redirect', `${ctx.base}/board/sign-in?signedout=1`).send();
    return redirect(reply, `${ctx.base}/board/sign-in?signedout=1`);
  }

  /** The language switch remembers the choice in a cookie (a preference, not a secret) for a year. */
  @Post('board/lang')
  async language(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>) {
    const base = this.boards.base;
    const back =
      typeof body?.back === 'string' && body.back.startsWith(`${base}/`) && !body.back.startsWith('//')
        ? body.back
        : `${base}/board/sign-in`;
    if (this.boards.originAllowed(req) && isLang(body?.lang)) {
      const secure = isHttps(req, this.config.publicUrl) ? '; Secure' : '';
      reply.header('set-cookie', `${LANG_COOKIE}=${body.lang}; Path=${this.cookiePath}; Max-Age=31536000; SameSite=Lax${secure}`);
    }
    return redirect(reply, back);
  }

  @Get('board/assets/:file')
  assets(@Param('file') file: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const found = boardAsset(file);
    if (!found) return reply.status(404).header('content-type', 'text/plain').send('not found');
    // A versioned URL (?v= the content's hash, as the pages link them) never changes: cache it for good.
    const versioned = (req.query as { v?: string }).v === found.version;
    reply
      .header('etag', found.etag)
      .header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('x-content-type-options', 'nosniff');
    if (req.headers['if-none-match'] === found.etag) return reply.status(304).send();
    return reply.status(200).header('content-type', found.type).send(found.body);
  }
}
