import {
  Controller,
  Delete,
  ForbiddenException,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Logger,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthContext, ROLES } from '../auth/auth-context';
import { CurrentAuth, Public, Roles } from '../auth/auth.decorators';
import { ApiController } from '../http/api-controller.decorator';
import { NotFoundError } from '../common/errors';
import { AllExceptionsFilter } from '../http/exception.filter';
import { IdPipe } from '../http/pipes';
import { gzipBody, isNotModified } from './calendar-http';
import { CalendarFeedService } from './calendar-feed.service';
import { CalendarLinkDto, WardRotaQueryDto } from './calendar.dto';
import { CalendarService } from './calendar.service';
import { answerFeed, FEED_ROUTE_CONFIG, sendCalendar, tokenOfFile } from './feed-answer';

/** Like every /api answer: a rota names people and is never stored by browsers or proxies (ETag revalidation still works). */
const DOWNLOAD_CACHE_CONTROL = 'no-store';

/** A facilitator's own key may manage only its own link; coordinators (and admins) any in scope. */
function assertMayManageLink(auth: AuthContext, facilitatorId: string): void {
  if (auth.role === 'facilitator' && auth.facilitatorId !== facilitatorId) {
    throw new ForbiddenException('a facilitator key may only manage its own calendar link');
  }
}

@ApiController('api/facilitators', 'calendar')
export class CalendarLinksController {
  constructor(private readonly calendar: CalendarService) {}

  @Post(':id/calendar')
  @Roles('coordinator', 'facilitator')
  @HttpCode(201)
  @ApiCreatedResponse({ type: CalendarLinkDto, description: 'A new subscription link; the previous one stops working' })
  @ApiNotFoundResponse()
  rotate(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<CalendarLinkDto> {
    assertMayManageLink(auth, id);
    return this.calendar.rotateLink(auth, id);
  }

  @Delete(':id/calendar')
  @Roles('coordinator', 'facilitator')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked: the link answers 404 from now on' })
  @ApiNotFoundResponse()
  revoke(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<void> {
    assertMayManageLink(auth, id);
    return this.calendar.revokeLink(auth, id);
  }
}

@ApiController('api/wards', 'calendar')
export class WardRotaCalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get(':wardId/rota.ics')
  @Roles(...ROLES)
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'The ward’s sessions in the window as one iCalendar file (attachment); drafts marked' })
  @ApiResponse({ status: 304, description: 'If-None-Match matched' })
  async download(
    @CurrentAuth() auth: AuthContext,
    @Param('wardId', IdPipe) wardId: string,
    @Query() query: WardRotaQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.calendar.wardRota(auth, wardId, query);
    reply
      .header('etag', file.etag)
      .header('cache-control', DOWNLOAD_CACHE_CONTROL)
      .header('content-disposition', `attachment; filename="${file.filename}"`);
    if (isNotModified({ ifNoneMatch: request.headers['if-none-match'] }, file.etag, '1970-01-01T00:00:00Z')) {
      reply.status(304).send();
      return;
    }
    sendCalendar(request, reply, file.body, () => gzipBody(file.body));
  }
}

/** The subscription feed: outside /api, no key, the token in the path is the credential. */
@Controller('calendar')
@ApiTags('calendar')
@UseFilters(AllExceptionsFilter)
export class CalendarFeedController {
  private readonly logger = new Logger('CalendarFeed');

  constructor(private readonly feeds: CalendarFeedService) {}

  @Get(':file')
  @RouteConfig(FEED_ROUTE_CONFIG)
  @Public()
  @ApiParam({ name: 'file', description: '<token>.ics' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'The facilitator’s published sessions, 8 weeks back to 400 days ahead' })
  @ApiResponse({ status: 304, description: 'If-None-Match (or If-Modified-Since) matched' })
  @ApiNotFoundResponse({ description: 'Unknown, malformed or revoked token' })
  @ApiResponse({ status: 429, description: 'Too many requests for this token; see Retry-After' })
  async feed(@Param('file') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // Registered as :file because find-my-way reads ':token.ics' as one parameter name.
    const result = await this.feeds.fetch(tokenOfFile(file), request.ip);
    if (result.kind === 'not-found') throw new NotFoundError('calendar');
    if (result.kind === 'rate-limited') {
      this.logger.warn(`feed fetch: token ${result.tokenId ?? '(not cached)'} → 429`);
      reply.header('retry-after', String(result.retryAfterSeconds));
      throw new HttpException('too many requests for this calendar link; try again later', HttpStatus.TOO_MANY_REQUESTS);
    }
    answerFeed(request, reply, result.feed, result.cached);
  }
}
