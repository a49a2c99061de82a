import { Inject, Injectable } from '@nestjs/common';
import { AuthContext } from '../auth/auth-context';
import { requireFacilitatorAccess } from '../auth/facilitator-access';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors';
import { newId } from '../common/ids';
import { addDays, daysBetween, localDate } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SessionsService } from '../sessions/sessions.service';
import { wardLanguage } from '../wards/wards.dto';
import { WardsService } from '../wards/wards.service';
import { etagOf } from './calendar-http';
import { hashToken, newCalendarToken } from './calendar-token';
import { CalendarFeedService } from './calendar-feed.service';
import { CalendarRepository } from './calendar.repository';
import { CalendarLinkDto, mapCalendarLink, WardRotaQueryDto } from './calendar.dto';
import { buildWardRota } from './ical/feed-builder';
import { renderCalendar } from './ical/ical';

export const MAX_ROTA_DAYS = 366;

export interface CalendarFile {
  body: Buffer;
  etag: string;
  filename: string;
}

/** Subscription links (create, rotate, revoke) and the ward rota download. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly repo: CalendarRepository,
    private readonly feeds: CalendarFeedService,
    private readonly sessions: SessionsService,
    private readonly wards: WardsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A link belongs to the person: their own key, or a key that covers their home ward, manages it. */
  private async requireFacilitator(auth: AuthContext, facilitatorId: string): Promise<void> {
    const facilitator = await this.repo.findFacilitator(facilitatorId);
    if (!facilitator) throw new NotFoundError('facilitator', facilitatorId);
    const wardIds = await this.repo.poolOf(facilitatorId);
    const access = requireFacilitatorAccess(auth, { id: facilitatorId, homeWardId: facilitator.homeWardId, wardIds });
    if (access === 'shared') throw new ForbiddenError("only a key that covers the facilitator's home ward may manage their calendar link");
  }

  /** A new subscription token; the facilitator's previous link stops working at once. */
  async rotateLink(auth: AuthContext, facilitatorId: string): Promise<CalendarLinkDto> {
    await this.requireFacilitator(auth, facilitatorId);
    const token = newCalendarToken();
    const now = this.clock.now().toISOString();
    await this.repo.replaceTokens(
      facilitatorId,
      now,
      { id: newId(), facilitatorId, tokenHash: hashToken(token), createdAt: now, revokedAt: null, feedEtag: null, feedLastModified: null },
      (em) => this.audit.record(auth, { action: 'calendar-link.rotate', targetType: 'facilitator', targetId: facilitatorId }, em),
    );
    this.feeds.forgetFacilitator(facilitatorId);
    return mapCalendarLink(this.config.publicUrl, token);
  }

  /** Revokes the facilitator's link, if any (idempotent). */
  async revokeLink(auth: AuthContext, facilitatorId: string): Promise<void> {
    await this.requireFacilitator(auth, facilitatorId);
    const now = this.clock.now().toISOString();
    await this.repo.replaceTokens(facilitatorId, now, null, (em) =>
      this.audit.record(auth, { action: 'calendar-link.revoke', targetType: 'facilitator', targetId: facilitatorId }, em),
    );
    this.feeds.forgetFacilitator(facilitatorId);
  }

  /**
   * The ward's sessions in the window (default: today to the planning horizon) as one calendar,
   * drafts included and marked: the same sessions GET /api/wards/:wardId/sessions lists.
   */
  async wardRota(auth: AuthContext, wardId: string, query: WardRotaQueryDto): Promise<CalendarFile> {
    const ward = await this.wards.requireWard(auth, wardId);
    const from = query.from ?? localDate(this.clock.now(), ward.timezone);
    const to = query.to ?? addDays(from, this.config.groups.horizonWeeks * 7 - 1);
    if (to < from) throw new InvalidInputError('to', 'must not be earlier than from');
    if (daysBetween(from, to) >= MAX_ROTA_DAYS) throw new InvalidInputError('to', `must be less than ${MAX_ROTA_DAYS} days after from`);
    this.sessions.checkReadWindow(auth, ward, from, to);
    const rows = await this.sessions.readWindow(ward, from, to);
    const content = buildWardRota({
      ward: { name: ward.name, language: wardLanguage(ward) },
      from,
      to,
      sessions: await this.repo.toFeedRows(rows),
      refreshMinutes: this.config.calendar.refreshMinutes,
    });
    const body = Buffer.from(renderCalendar(content.calendar), 'utf8');
    const code = ward.code.replace(/[^A-Za-z0-9_-]/g, '_');
    return { body, etag: etagOf(body), filename: `imr-rota-${code}-${from}-${to}.ics` };
  }
}
