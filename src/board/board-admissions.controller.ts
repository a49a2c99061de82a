import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { Clock } from '../common/clock';
import { errorFlash, okFlash, text } from './board-actions';
import { BoardApi } from './board-api';
import { BoardContextService, BoardRequestContext, redirect, sendHtml, styleHash, toSignIn } from './board-context';
import { AdmissionView, ProgressView, ReferralView, WardView, WorklistItemView } from './board-types';
import { admissionsPage, dischargePage, referralPage, WORKLIST_DAYS } from './views/admissions.view';
import { Flash } from './views/layout';
import { wardToday } from './week';

type Body = Record<string, unknown>;
const lines = (value: unknown) =>
  text(value)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** Stays with their progress, the discharge worklist, the discharge form, the referral and its printable letter. */
@ApiExcludeController()
@Controller('board')
@Public()
export class BoardAdmissionsController {
  constructor(
    private readonly boards: BoardContextService,
    private readonly api: BoardApi,
    private readonly clock: Clock,
  ) {}

  @Get('admissions')
  async list(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() q: Body) {
    const ctx = await this.boards.resolve(req);
    if (!ctx.auth) return toSignIn(req, reply, ctx.base);
    const wardsRes = await this.api.call<WardView[]>(req, 'GET', '/api/wards');
    if (wardsRes.status === 401) return toSignIn(req, reply, ctx.base);
    const wards = wardsRes.ok ? wardsRes.body : [];
    const ward = wards.find((w) => w.id === q.ward) ?? wards[0];
    this.boards.useWardLanguage(ctx, ward);
    const canDischarge = ['admin', 'coordinator', 'discharge'].includes(ctx.role ?? '');
    if (!ward) return sendHtml(reply, admissionsPage(ctx, { wards, ward, admissions: [], worklist: [], referrals: [], canDischarge }));
    const [admitted, worklist, referrals] = await Promise.all([
      this.api.call<AdmissionView[]>(req, 'GET', `/api/wards/${ward.id}/admissions?status=admitted`),
      this.api.call<WorklistItemView[]>(req, 'GET', `/api/wards/${ward.id}/discharge-worklist?withinDays=${WORKLIST_DAYS}`),
      this.api.call<ReferralView[]>(req, 'GET', `/api/referrals?wardId=${ward.id}`),
    ]);
    const admissions = await Promise.all(
      (admitted.ok ? admitted.body : []).map(async (admission) => {
        const progress = await this.api.call<ProgressView>(req, 'GET', `/api/admissions/${admission.id}/progress`);
        return { admission, progress: progress.ok ? progress.body : null };
      }),
    );
    return sendHtml(
      reply,
      admissionsPage(ctx, {
        wards,
        ward,
        admissions,
        worklist: worklist.ok ? worklist.body : [],
        referrals: referrals.ok ? referrals.body : [],
        canDischarge,
        flash: okFlash(ctx.t, q.ok) ?? (admitted.ok ? null : errorFlash(ctx.t, admitted)),
      }),
    );
  }

  private async dischargeForm(
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: BoardRequestContext,
    id: string,
    values?: Record<string, string>,
    flash?: Flash,
    status = 200,
  ) {
    const admission = await this.api.call<AdmissionView>(req, 'GET', `/api/admissions/${id}`);
    if (admission.status === 401) return toSignIn(req, reply, ctx.base);
    if (!admission.ok) return redirect(reply, `${ctx.base}/board/admissions`);
    const ward = await this.api.call<WardView>(req, 'GET', `/api/wards/${admission.body.wardId}`);
    if (ward.ok) this.boards.useWardLanguage(ctx, ward.body);
    const today = wardToday(this.clock.now(), ward.ok ? ward.body.timezone : 'Europe/Oslo');
    return sendHtml(reply, dischargePage(ctx, { admission: admission.body, today, values, flash }), status);
  }

  @Get('admissions/:id/discharge')
  async form(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string) {
    const ctx = await this.boards.resolve(req);
    if (!ctx.auth) return toSignIn(req, reply, ctx.base);
    return this.dischargeForm(req, reply, ctx, id);
  }

  @Post('admissions/:id/discharge')
  async discharge(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string, @Body() body: Body) {
    const ctx = await this.boards.resolve(req);
    if (!ctx.auth) return toSignIn(req, reply, ctx.base);
    const values: Record<string, string> = {};
    for (const k of [
      'dischargedOn',
      'kind',
      'receivingName',
      'contact',
      'goals',
      'strengths',
      'whatHelps',
      'clinician',
      'gp',
      'question',
      'interpreterLanguage',
    ]) {
      values[k] = text(body?.[k]);
    }
    values.continueImr = body?.continueImr === 'on' ? 'on' : 'off';
    values.interpreter = body?.interpreter === 'on' ? 'on' : 'off';
    if (!this.boards.originAllowed(req)) return this.dischargeForm(req, reply, ctx, id, values, errorFlash(ctx.t, 'Origin'), 403);
    const continueImr = values.continueImr === 'on';
    const goals = lines(body?.goals).map((g) => ({ text: g }));
    const payload = {
      dischargedOn: values.dischargedOn,
      continueImr,
      ...(continueImr && {
        receivingService: { kind: values.kind, name: values.receivingName, ...(values.contact && { contact: values.contact }) },
      }),
      ...(goals.length && { recoveryGoals: goals }),
      ...(lines(body?.strengths).length && { strengths: lines(body?.strengths) }),
      ...(lines(body?.whatHelps).length && { whatHelps: lines(body?.whatHelps) }),
      ...(values.clinician && { referringClinician: { name: values.clinician } }),
      ...(values.gp && { gp: { name: values.gp } }),
      ...(values.question && { question: values.question }),
      ...(values.interpreter === 'on' && {
        interpreter: { needed: true, ...(values.interpreterLanguage && { language: values.interpreterLanguage }) },
      }),
    };
    const res = await this.api.call<{ admission: AdmissionView; referral: ReferralView | null }>(
      req,
      'POST',
      `/api/admissions/${id}/discharge`,
      payload,
    );
    if (res.status === 401) return toSignIn(req, reply, ctx.base);
    if (!res.ok) return this.dischargeForm(req, reply, ctx, id, values, errorFlash(ctx.t, res), res.status);
    if (res.body.referral) return redirect(reply, `${ctx.base}/board/referrals/${res.body.referral.id}?ok=saved`);
    return redirect(reply, `${ctx.base}/board/admissions?ward=${res.body.admission.wardId}&ok=saved`);
  }

  @Get('referrals/:id')
  async referral(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string, @Query() q: Body) {
    const ctx = await this.boards.resolve(req);
    if (!ctx.auth) return toSignIn(req, reply, ctx.base);
    const res = await this.api.call<ReferralView>(req, 'GET', `/api/referrals/${id}`);
    if (res.status === 401) return toSignIn(req, reply, ctx.base);
    if (!res.ok) return redirect(reply, `${ctx.base}/board/admissions`);
    return sendHtml(reply, referralPage(ctx, res.body, okFlash(ctx.t, q.ok)));
  }

  /** The letter exactly as the API renders it (its own print stylesheet), under a CSP that allows only that stylesheet. */
  @Get('referrals/:id/letter')
  async letter(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('lang') lang?: string,
  ) {
    const ctx = await this.boards.resolve(req);
    if (!ctx.auth) return toSignIn(req, reply, ctx.base);
    const res = await this.api.call(req, 'GET', `/api/referrals/${id}/letter?lang=${lang === 'en' ? 'en' : 'nb'}`);
    if (res.status === 401) return toSignIn(req, reply, ctx.base);
    if (!res.ok) return redirect(reply, `${ctx.base}/board/referrals/${id}`);
    const hashes = [...res.text.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => styleHash(m[1]));
    return sendHtml(reply, res.text, 200, hashes);
  }
}
