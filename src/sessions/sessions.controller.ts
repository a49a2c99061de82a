import { Body, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import { AuthContext, ROLES } from '../auth/auth-context';
import { CurrentAuth, Roles } from '../auth/auth.decorators';
import type { FastifyReply } from 'fastify';
import { ApiController } from '../http/api-controller.decorator';
import { jsonAnswer } from '../http/json-answer';
import { DateQueryPipe, IdPipe } from '../http/pipes';
import { CancelSessionDto, SessionDto } from './sessions.dto';
import { SessionsService } from './sessions.service';

@ApiController('api/wards/:wardId/sessions', 'sessions')
export class WardSessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @Roles(...ROLES)
  @ApiQuery({ name: 'from', example: '2027-03-22', description: 'Ward-local date, inclusive' })
  @ApiQuery({ name: 'to', example: '2027-04-04', description: 'Ward-local date, inclusive (at most 731 days after from)' })
  @ApiOkResponse({
    type: [SessionDto],
    description:
      'Every occurrence in the window, materialised on demand, sorted by startsAt. Each session teaches a module of the ' +
      'group’s curriculum; the curriculum advances only on held sessions, so a cancelled session’s module moves to the next one.',
  })
  async list(
    @CurrentAuth() auth: AuthContext,
    @Param('wardId', IdPipe) wardId: string,
    @Query('from', DateQueryPipe) from: string,
    @Query('to', DateQueryPipe) to: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return jsonAnswer(reply, await this.sessions.listWindowJson(auth, wardId, from, to));
  }
}

@ApiController('api/sessions', 'sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get(':id')
  @Roles(...ROLES)
  @ApiOkResponse({ type: SessionDto })
  get(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<SessionDto> {
    return this.sessions.get(auth, id);
  }

  @Post(':id/cancel')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionDto, description: 'Cancelled; the next held session teaches this session’s module' })
  @ApiConflictResponse({ description: 'The session has already started' })
  cancel(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body() dto: CancelSessionDto): Promise<SessionDto> {
    return this.sessions.cancel(auth, id, dto.reason);
  }

  @Post(':id/uncancel')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionDto, description: 'Scheduled again (undoes a cancellation)' })
  @ApiConflictResponse({ description: 'The session has already started' })
  uncancel(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<SessionDto> {
    return this.sessions.uncancel(auth, id);
  }
}
