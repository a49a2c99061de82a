import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { Clock } from '../common/clock';
import { BoardApi } from './board-api';
import { BoardContextService, sendHtml, toSignIn } from './board-context';
import { RotaSummaryView, SessionConflictView, SessionView, WardView } from './board-types';
import { isDate, wardToday, weekOf } from './week';
import { weekPage } from './views/week.view';

const SUMMARY_ROLES = new Set(['admin', 'coordinator', 'facilitator']);

/**
 * The week rota. One ward costs three API calls (wards, the week's sessions, the rota summary with the planner's
 * unfilled reasons); sessions carry their conflicts themselves. No request per session, from here or the browser.
 */
@ApiExcludeController()
@Controller('board')
@Public()
export class BoardWeekController {
  constructor(
    private readonly boards: BoardContextService,
    private readonly api: BoardApi,
    private readonly clock: Clock,
  ) {}

  @Get('week')
  async week(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() q: Record<string, string>) {
    const ctx = await this.boards.resolve(req);
    if (!ctx.auth) return toSignIn(req, reply, ctx.base);
    const wardsRes = await this.api.call<WardView[]>(req, 'GET', '/api/wards');
    if (wardsRes.status === 401) return toSignIn(req, reply, ctx.base);
    const wards = wardsRes.ok ? wardsRes.body : [];
    const selected = q.ward === 'all' && wards.length > 1 ? 'all' : (wards.find((w) => w.id === q.ward)?.id ?? wards[0]?.id ?? 'all');
    const shown = selected === 'all' ? wards : wards.filter((w) => w.id === selected);
    this.boards.useWardLanguage(ctx, shown[0]);
    const today = wardToday(this.clock.now(), shown[0]?.timezone ?? 'Europe/Oslo');
    const window = weekOf(isDate(q.date) ? q.date : today);
    const unfilled = new Map<string, string>();
    const conflicts = new Map<string, SessionConflictView[]>();
    const rows = await Promise.all(
      shown.map(async (ward) => {
        const range = `from=${window.start}&to=${window.end}`;
        const [sessions, summary] = await Promise.all([
          this.api.call<SessionView[]>(req, 'GET', `/api/wards/${ward.id}/sessions?${range}`),
          SUMMARY_ROLES.has(ctx.auth!.role)
            ? this.api.call<RotaSummaryView>(req, 'GET', `/api/wards/${ward.id}/rota/summary?${range}`)
            : Promise.resolve(null),
        ]);
        if (summary?.ok) for (const u of summary.body.unfilled) unfilled.set(u.sessionId, u.reason);
        const list = sessions.ok ? sessions.body : [];
        for (const s of list) if (s.conflicts?.length) conflicts.set(s.id, s.conflicts);
        return { ward, sessions: list };
      }),
    );
    return sendHtml(reply, weekPage(ctx, { wards, selected, window, rows, unfilled, conflicts, today }));
  }
}
