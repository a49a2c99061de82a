import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { Clock } from '../common/clock';
import { errorFlash, text } from './board-actions';
import { BoardApi } from './board-api';
import { BoardContextService, BoardRequestContext, sendHtml, toSignIn } from './board-context';
import { PlanResultView, RotaSummaryView, WardView } from './board-types';
import { format } from './i18n';
import { Flash } from './views/layout';
import { PlanForm, PlanPageData, planPage } from './views/plan.view';
import { isDate, shiftDays, wardToday, weekOf } from './week';

type Body = Record<string, unknown>;

/** Plan, preview (a dry run of the same plan route), apply and publish. The planner decides; the board shows. */
@ApiExcludeController()
@Controller('board/plan')
@Public()
export class BoardPlanController {
  constructor(
    private readonly boards: BoardContextService,
    private readonly api: BoardApi,
    private readonly clock: Clock,
  ) {}

  private async page(
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: BoardRequestContext,
    input: Body,
    extra: Partial<PlanPageData>,
    status = 200,
  ) {
    const wardsRes = await this.api.call<WardView[]>(req, 'GET', '/api/wards');
    if (wardsRes.status === 401) return toSignIn(req, reply, ctx.base);
    const wards = wardsRes.ok ? wardsRes.body : [];
    const ward = wards.find((w) => w.id === input.ward) ?? wards[0];
    this.boards.useWardLanguage(ctx, ward);
    const today = wardToday(this.clock.now(), ward?.timezone ?? 'Europe/Oslo');
    const from = isDate(input.from) ? input.from : weekOf(today).start;
    const form: PlanForm = {
      wardId: ward?.id ?? '',
      from,
      to: isDate(input.to) ? input.to : shiftDays(from, 27),
      rebalance: input.rebalance === 'on' || input.rebalance === 'true',
      maxChanges: /^\d{1,5}$/.test(text(input.maxChanges)) ? text(input.maxChanges) : '',
    };
    const before = ward
      ? await this.api.call<RotaSummaryView>(req, 'GET', `/api/wards/${ward.id}/rota/summary?from=${form.from}&to=${form.to}`)
      : null;
    const data: PlanPageData = { wards, form, before: before?.ok ? before.body : null, result: null, mode: 'form', ...extra };
    if (before && !before.ok && !data.flash) data.flash = errorFlash(ctx.t, before);
    return { form, send: (more: Partial<PlanPageData> = {}) => sendHtml(reply, planPage(ctx, { ...data, ...more }), status) };
  }

  @Get()
  async show(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() q: Body) {
    const ctx = await this.boards.resolve(req);
    if (!ctx.auth) return toSignIn(req, reply, ctx.base);
    const page = await this.page(req, reply, ctx, q, {});
    return 'send' in page ? page.send() : page;
  }

  private planBody(form: PlanForm, dryRun: boolean) {
    return {
      from: form.from,
      to: form.to,
      ...(form.rebalance && { rebalance: true }),
      ...(dryRun && { dryRun: true }),
      ...(form.maxChanges && { maxChanges: Number(form.maxChanges) }),
    };
  }

  private async write(req: FastifyRequest, reply: FastifyReply, body: Body, kind: 'preview' | 'apply' | 'publish') {
    const ctx = await this.boards.resolve(req);
    if (!ctx.auth) return toSignIn(req, reply, ctx.base);
    const page = await this.page(req, reply, ctx, body, {});
    if (!('send' in page)) return page;
    const { form } = page;
    if (!this.boards.originAllowed(req)) return page.send({ flash: errorFlash(ctx.t, 'Origin') });
    if (!form.wardId) return page.send();
    const path = `/api/wards/${form.wardId}/rota/${kind === 'publish' ? 'publish' : 'plan'}`;
    if (kind === 'publish') {
      const res = await this.api.call<{ published: number }>(req, 'POST', path, { from: form.from, to: form.to });
      const flash: Flash = res.ok ? { kind: 'ok', text: format(ctx.t.publishedN, { n: res.body.published }) } : errorFlash(ctx.t, res);
      return page.send({ flash });
    }
    const res = await this.api.call<PlanResultView>(req, 'POST', path, this.planBody(form, kind === 'preview'));
    if (kind === 'preview' && res.status === 400 && /dryRun/.test(BoardApi.message(res))) {
      // A server without the dry run cannot preview; say so and offer to apply instead of applying unasked.
      return page.send({ previewUnavailable: true, mode: 'preview', result: null });
    }
    if (!res.ok) return page.send({ flash: errorFlash(ctx.t, res) });
    return page.send({ result: res.body, mode: kind === 'preview' ? 'preview' : 'applied' });
  }

  @Post('preview')
  preview(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Body) {
    return this.write(req, reply, body, 'preview');
  }

  @Post('apply')
  apply(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Body) {
    return this.write(req, reply, body, 'apply');
  }

  @Post('publish')
  publish(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Body) {
    return this.write(req, reply, body, 'publish');
  }
}
