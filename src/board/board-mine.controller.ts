import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { Clock } from '../common/clock';
import { errorFlash } from './board-actions';
import { BoardApi } from './board-api';
import { BoardContextService, BoardRequestContext, sendHtml, toSignIn } from './board-context';
import { SessionView, WardView } from './board-types';
import { Flash } from './views/layout';
import { minePage } from './views/mine.view';
import { isDate, wardToday, weekOf } from './week';

/** A facilitator's own sessions across wards and their calendar link. */
@ApiExcludeController()
@Controller('board/mine')
@Public()
export class BoardMineController {
  constructor(
    private readonly boards: BoardContextService,
    private readonly api: BoardApi,
    private readonly clock: Clock,
  ) {}

  private async render(
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: BoardRequestContext,
    date: unknown,
    link: { url: string; webcalUrl: string } | null,
    flash: Flash | null,
  ) {
    const wardsRes = await this.api.call<WardView[]>(req, 'GET', '/api/wards');
    if (wardsRes.status === 401) return toSignIn(req, reply, ctx.base);
    const wards = wardsRes.ok ? wardsRes.body : [];
    this.boards.useWardLanguage(ctx, wards[0]);
    const window = weekOf(isDate(date) ? date : wardToday(this.clock.now(), wards[0]?.timezone ?? 'Europe/Oslo'));
    let sessions: SessionView[] = [];
    const me = ctx.facilitatorId;
    if (me) {
      const range = `from=${window.start}&to=${window.end}`;
      const mine = await this.api.call<SessionView[]>(req, 'GET', `/api/me/sessions?${range}`);
      if (mine.ok) sessions = mine.body;
      else flash = errorFlash(ctx.t, mine);
    }
    return sendHtml(reply, minePage(ctx, { window, sessions, wards, link, flash }));
  }

  @Get()
  async mine(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query('date') date?: string) {
    const ctx = await this.boards.resolve(req);
    if (!ctx.auth) return toSignIn(req, reply, ctx.base);
    return this.render(req, reply, ctx, date, null, null);
  }

  @Post('calendar')
  async rotate(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const ctx = await this.boards.resolve(req);
    if (!ctx.auth) return toSignIn(req, reply, ctx.base);
    if (!this.boards.originAllowed(req) || !ctx.facilitatorId)
      return this.render(req, reply, ctx, undefined, null, errorFlash(ctx.t, ctx.t.notAFacilitatorKey));
    const res = await this.api.call<{ url: string; webcalUrl: string }>(req, 'POST', `/api/facilitators/${ctx.facilitatorId}/calendar`, {});
    if (res.status === 401) return toSignIn(req, reply, ctx.base);
    return this.render(req, reply, ctx, undefined, res.ok ? res.body : null, res.ok ? null : errorFlash(ctx.t, res));
  }
}
