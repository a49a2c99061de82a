import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { Clock } from '../common/clock';
import { errorFlash, safeBack, text } from './board-actions';
import { ApiResult, BoardApi } from './board-api';
import { BoardContextService, BoardRequestContext, sendHtml, toSignIn } from './board-context';
import { AbsenceView, FacilitatorView, RotaSummaryView, WardView } from './board-types';
import { format } from './i18n';
import { facilitatorsPage } from './views/facilitators.view';
import { Flash } from './views/layout';
import { shiftDays, wardToday, weekOf } from './week';

type Body = Record<string, unknown>;

@ApiExcludeController()
@Controller('board/facilitators')
@Public()
export class BoardFacilitatorsController {
  constructor(
    private readonly boards: BoardContextService,
    private readonly api: BoardApi,
    private readonly clock: Clock,
  ) {}

  private async render(
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: BoardRequestContext,
    wardId: unknown,
    flash: Flash | null,
    status = 200,
  ) {
    const wardsRes = await this.api.call<WardView[]>(req, 'GET', '/api/wards');
    if (wardsRes.status === 401) return toSignIn(req, reply, ctx.base);
    const wards = wardsRes.ok ? wardsRes.body : [];
    const ward = wards.find((w) => w.id === wardId) ?? wards[0];
    this.boards.useWardLanguage(ctx, ward);
    const from = weekOf(wardToday(this.clock.now(), ward?.timezone ?? 'Europe/Oslo')).start;
    const window = { from, to: shiftDays(from, 27) };
    let facilitators: FacilitatorView[] = [];
    let summary: RotaSummaryView | null = null;
    const absences = new Map<string, AbsenceView[]>();
    if (ward) {
      const [list, load] = await Promise.all([
        this.api.call<FacilitatorView[]>(req, 'GET', `/api/facilitators?wardId=${ward.id}`),
        this.api.call<RotaSummaryView>(req, 'GET', `/api/wards/${ward.id}/rota/summary?from=${window.from}&to=${window.to}`),
      ]);
      facilitators = list.ok ? list.body : [];
      summary = load.ok ? load.body : null;
      await Promise.all(
        facilitators.map(async (f) => {
          const res = await this.api.call<AbsenceView[]>(req, 'GET', `/api/facilitators/${f.id}/absences`);
          absences.set(f.id, res.ok ? res.body : []);
        }),
      );
    }
    return sendHtml(reply, facilitatorsPage(ctx, { wards, ward, facilitators, absences, summary, window, flash }), status);
  }

  @Get()
  async list(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() q: Body) {
    const ctx = await this.boards.resolve(req);
    if (!ctx.auth) return toSignIn(req, reply, ctx.base);
    return this.render(req, reply, ctx, q.ward, null);
  }

  private async act(
    req: FastifyRequest,
    reply: FastifyReply,
    body: Body,
    write: () => Promise<ApiResult<unknown>>,
    ok: (r: ApiResult<unknown>, ctx: BoardRequestContext) => string,
  ) {
    const ctx = await this.boards.resolve(req);
    if (!ctx.auth) return toSignIn(req, reply, ctx.base);
    const back = safeBack(ctx.base, body?.back, `${ctx.base}/board/facilitators`);
    const wardId = new URL(back, 'http://x').searchParams.get('ward');
    if (!this.boards.originAllowed(req)) return this.render(req, reply, ctx, wardId, errorFlash(ctx.t, 'Origin'), 403);
    const result = await write();
    if (result.status === 401) return toSignIn(req, reply, ctx.base);
    const flash: Flash = result.ok ? { kind: 'ok', text: ok(result, ctx) } : errorFlash(ctx.t, result);
    return this.render(req, reply, ctx, wardId, flash, result.ok ? 200 : result.status);
  }

  /** Training and the weekly cap (empty: no cap), one PATCH; the API answers which sessions that breaks. */
  @Post(':id')
  update(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string, @Body() body: Body) {
    const cap = text(body?.maxSessionsPerWeek);
    return this.act(
      req,
      reply,
      body,
      () =>
        this.api.call(req, 'PATCH', `/api/facilitators/${id}`, {
          imrTrained: body?.imrTrained === 'on',
          maxSessionsPerWeek: cap === '' ? null : Number(cap),
        }),
      (_r, ctx) => ctx.t.saved,
    );
  }

  @Post(':id/absences')
  addAbsence(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string, @Body() body: Body) {
    const reason = text(body?.reason);
    return this.act(
      req,
      reply,
      body,
      () =>
        this.api.call(req, 'POST', `/api/facilitators/${id}/absences`, {
          from: text(body?.from),
          to: text(body?.to),
          ...(reason && { reason }),
        }),
      (r, ctx) => format(ctx.t.absenceAdded, { n: (r.body as { affectedSessions?: string[] }).affectedSessions?.length ?? '–' }),
    );
  }

  @Post(':id/absences/:absenceId/delete')
  removeAbsence(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('absenceId', ParseUUIDPipe) absenceId: string,
    @Body() body: Body,
  ) {
    return this.act(
      req,
      reply,
      body,
      () => this.api.call(req, 'DELETE', `/api/facilitators/${id}/absences/${absenceId}`),
      (_r, ctx) => ctx.t.saved,
    );
  }
}
