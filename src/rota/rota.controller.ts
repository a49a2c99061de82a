import { Body, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import { AuthContext } from '../auth/auth-context';
import { CurrentAuth, Roles } from '../auth/auth.decorators';
import { ApiController } from '../http/api-controller.decorator';
import { DateQueryPipe, IdPipe, OptionalIdPipe } from '../http/pipes';
import { SessionDto } from '../sessions/sessions.dto';
import { ManualAssignmentService } from './manual-assignment.service';
import {
  AssignFacilitatorsDto,
  AssignmentHistoryDto,
  PlanResultDto,
  PlanRotaDto,
  PublishResultDto,
  PublishRotaDto,
  RotaSummaryDto,
} from './rota.dto';
import { RotaService } from './rota.service';

@ApiController('api/wards/:wardId/rota', 'rota')
export class RotaController {
  constructor(private readonly rota: RotaService) {}

  @Post('plan')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: PlanResultDto, description: 'Fills unassigned sessions, repairs invalid ones, keeps valid and locked ones (unless rebalance)' })
  plan(@CurrentAuth() auth: AuthContext, @Param('wardId', IdPipe) wardId: string, @Body() dto: PlanRotaDto): Promise<PlanResultDto> {
    return this.rota.plan(auth, wardId, dto.from, dto.to, dto.rebalance ?? false);
  }

  @Post('publish')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: PublishResultDto })
  publish(@CurrentAuth() auth: AuthContext, @Param('wardId', IdPipe) wardId: string, @Body() dto: PublishRotaDto): Promise<PublishResultDto> {
    return this.rota.publish(auth, wardId, dto.from, dto.to);
  }

  @Get('summary')
  @Roles('coordinator', 'facilitator')
  @ApiOkResponse({ type: RotaSummaryDto, description: 'Load, minutes and leads per facilitator, and fairness, as the rota stands' })
  summary(
    @CurrentAuth() auth: AuthContext,
    @Param('wardId', IdPipe) wardId: string,
    @Query('from', DateQueryPipe) from: string,
    @Query('to', DateQueryPipe) to: string,
  ): Promise<RotaSummaryDto> {
    return this.rota.summary(auth, wardId, from, to);
  }

  @Get('history')
  @Roles('coordinator')
  @ApiQuery({ name: 'sessionId', required: false })
  @ApiOkResponse({ type: [AssignmentHistoryDto], description: 'Who changed which session’s facilitators, newest first' })
  history(
    @CurrentAuth() auth: AuthContext,
    @Param('wardId', IdPipe) wardId: string,
    @Query('sessionId', OptionalIdPipe) sessionId?: string,
  ): Promise<AssignmentHistoryDto[]> {
    return this.rota.history(auth, wardId, sessionId);
  }
}

@ApiController('api/sessions', 'rota')
export class SessionAssignmentController {
  constructor(private readonly manual: ManualAssignmentService) {}

  @Put(':id/facilitators')
  @Roles('coordinator')
  @ApiOkResponse({ type: SessionDto, description: 'Assigned by hand (first id is lead) and locked against re-planning' })
  @ApiConflictResponse({ description: 'Someone is absent, unavailable, at their weekly cap or already booked at that time' })
  assign(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body() dto: AssignFacilitatorsDto): Promise<SessionDto> {
    return this.manual.assign(auth, id, dto.facilitatorIds.map((f) => f.toLowerCase()));
  }

  @Post(':id/unlock')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionDto, description: 'The planner may change this session again' })
  unlock(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<SessionDto> {
    return this.manual.unlock(auth, id);
  }
}
