import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { errorFlash, isMissingRoute, list, okFlash, safeBack, text, withParam } from './board-actions';
import { ApiResult, BoardApi } from './board-api';
import { BoardContextService, BoardRequestContext, redirect, sendHtml, toSignIn } from './board-context';
import { AdmissionView, CandidateView, FacilitatorView, RotaSummaryView, SessionView, WardView } from './board-types';
import { html } from './views/html';
import { Flash, flashBox, layout } from './views/layout';
import { sessionPanelPage } from './views/session.view';

type Body = Record<string, unknown>;

/** The session panel: candidates, assignment, lock, cancel, outcome and register, each one API call. */
@ApiExcludeController()
@Controller('board/sessions')
@Public()
export class BoardSessionController {
  constructor(
    private readonly boards: BoardContextService,
    private readonly api: BoardApi,
  ) {}

  private async render(
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: BoardRequestContext,
    id: string,
    back: string,
    flash: Flash | null,
    status = 200,
  ) {
    const session = await this.api.call<SessionView>(req, 'GET', `/api/sessions/${id}`);
    if (session.status === 401) return toSignIn(req, reply, ctx.base);
    if (!session.ok) return sendHtml(reply, sessionMissing(ctx, back, session), session.status);
    const s = session.body;
    const coordinator = ctx.role === 'coordinator' || ctx.role === 'admin';
    const recorder = coordinator || ctx.role === 'facilitator';
    const [ward, candidates, pool, register, admissions, summary] = await Promise.all([
      this.api.call<WardView>(req, 'GET', `/api/wards/${s.wardId}`),
      coordinator ? this.api.call<CandidateView[]>(req, 'GET', `/api/sessions/${id}/candidates`) : null,
      coordinator ? this.api.call<FacilitatorView[]>(req, 'GET', `/api/facilitators?wardId=${s.wardId}`) : null,
      recorder
        ? this.api.call<{ attendees: { admissionId: string; patientRef: string }[]; overCapacity: boolean }>(
            req,
            'GET',
            `/api/sessions/${id}/attendance`,
          )
        : null,
      recorder ? this.api.call<AdmissionView[]>(req, 'GET', `/api/wards/${s.wardId}/admissions?status=admitted`) : null,
      coordinator ? this.api.call<RotaSummaryView>(req, 'GET', `/api/wards/${s.wardId}/rota/summary?from=${s.date}&to=${s.date}`) : null,
    ]);
    if (ward.ok) this.boards.useWardLanguage(ctx, ward.body);
    const page = sessionPanelPage(ctx, {
      session: s,
      candidates: candidates?.ok ? candidates.body : null,
      pool: pool?.ok ? pool.body.filter((f) => f.active) : [],
      register: register?.ok ? register.body : null,
      admissions: admissions?.ok ? admissions.body : [],
      unfilledReason: summary?.ok ? summary.body.unfilled.find((u) => u.sessionId === id)?.reason : undefined,
      back,
      flash,
    });
    return sendHtml(reply, page, status);
  }

  @Get(':id')
  async panel(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: Record<string, string>,
  ) {
    const ctx = await this.boards.resolve(req);
    if (!ctx.auth) return toSignIn(req, reply, ctx.base);
    return this.render(req, reply, ctx, id, safeBack(ctx.base, q.back, `${ctx.base}/board/week`), okFlash(ctx.t, q.ok));
  }

  /** Runs one API write for a form; success goes back to the panel (303), failure shows the API's reason on it. */
  private async act(req: FastifyRequest, reply: FastifyReply, id: string, body: Body, write: () => Promise<ApiResult<unknown>>) {
    const ctx = await this.boards.resolve(req);
    if (!ctx.auth) return toSignIn(req, reply, ctx.base);
    const back = safeBack(ctx.base, body?.back, `${ctx.base}/board/week`);
    if (!this.boards.originAllowed(req)) return this.render(req, reply, ctx, id, back, errorFlash(ctx.t, 'Origin'), 403);
    const result = await write();
    if (result.status === 401) return toSignIn(req, reply, ctx.base);
    if (isMissingRoute(result)) return this.render(req, reply, ctx, id, back, errorFlash(ctx.t, ctx.t.notAvailableYet), 501);
    if (!result.ok) return this.render(req, reply, ctx, id, back, errorFlash(ctx.t, result), result.status);
    return redirect(reply, withParam(`${ctx.base}/board/sessions/${id}?back=${encodeURIComponent(back)}`, 'ok', 'saved'));
  }

  @Post(':id/assign')
  assign(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string, @Body() body: Body) {
    const ids = [text(body?.lead), text(body?.co)].filter(Boolean);
    return this.act(req, reply, id, body, () => this.api.call(req, 'PUT', `/api/sessions/${id}/facilitators`, { facilitatorIds: ids }));
  }

  /** Locking keeps today's facilitators: the manual assignment of the same people, which locks the session. */
  @Post(':id/lock')
  lock(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string, @Body() body: Body) {
    return this.act(req, reply, id, body, async () => {
      const current = await this.api.call<SessionView>(req, 'GET', `/api/sessions/${id}`);
      if (!current.ok) return current;
      const ids = [...current.body.facilitators].sort((a, b) => (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1)).map((f) => f.id);
      return this.api.call(req, 'PUT', `/api/sessions/${id}/facilitators`, { facilitatorIds: ids });
    });
  }

  @Post(':id/unlock')
  unlock(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string, @Body() body: Body) {
    return this.act(req, reply, id, body, () => this.api.call(req, 'POST', `/api/sessions/${id}/unlock`, {}));
  }

  @Post(':id/cancel')
  cancel(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string, @Body() body: Body) {
    return this.act(req, reply, id, body, () => this.api.call(req, 'POST', `/api/sessions/${id}/cancel`, { reason: text(body?.reason) }));
  }

  @Post(':id/uncancel')
  uncancel(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string, @Body() body: Body) {
    return this.act(req, reply, id, body, () => this.api.call(req, 'POST', `/api/sessions/${id}/uncancel`, {}));
  }

  @Post(':id/outcome')
  outcome(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string, @Body() body: Body) {
    const held = body?.held !== 'false';
    const reason = text(body?.reason);
    return this.act(req, reply, id, body, () =>
      this.api.call(req, 'PUT', `/api/sessions/${id}/outcome`, { held, ...(reason && { reason }) }),
    );
  }

  /** The register in one replace (PUT); on a server without it, the difference as single records and removals. */
  @Post(':id/attendance')
  attendance(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string, @Body() body: Body) {
    const admissionIds = list(body?.admissionIds);
    return this.act(req, reply, id, body, async () => {
      const replaced = await this.api.call(req, 'PUT', `/api/sessions/${id}/attendance`, { admissionIds });
      if (!isMissingRoute(replaced)) return replaced;
      const now = await this.api.call<{ attendees: { admissionId: string }[] }>(req, 'GET', `/api/sessions/${id}/attendance`);
      if (!now.ok) return now;
      const before = new Set(now.body.attendees.map((a) => a.admissionId));
      for (const admissionId of admissionIds.filter((a) => !before.has(a))) {
        const r = await this.api.call(req, 'POST', `/api/sessions/${id}/attendance`, { admissionId });
        if (!r.ok) return r;
      }
      for (const admissionId of [...before].filter((a) => !admissionIds.includes(a))) {
        const r = await this.api.call(req, 'DELETE', `/api/sessions/${id}/attendance/${admissionId}`);
        if (!r.ok) return r;
      }
      return now;
    });
  }
}

function sessionMissing(ctx: BoardRequestContext, back: string, result: ApiResult<unknown>) {
  return layout(
    ctx,
    { title: String(result.status), nav: 'week' },
    html`<p><a href="${back}">← ${ctx.t.back}</a></p>${flashBox(errorFlash(ctx.t, result))}`,
  );
}
