import { Body, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import { AuthContext } from '../auth/auth-context';
import { CurrentAuth, Roles } from '../auth/auth.decorators';
import { ApiController } from '../http/api-controller.decorator';
import { DateQueryPipe, IdPipe, OptionalIdPipe } from '../http/pipes';
import { SessionDto } from '../sessions/sessions.dto';
import { CandidatesService } from './candidates.service';
import { ManualAssignmentService } from './manual-assignment.service';
import {
  AssignFacilitatorsDto,
  AssignmentHistoryDto,
  CandidateDto,
  ConflictDto,
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
  @ApiOkResponse({
    type: PlanResultDto,
    description: 'Fills unassigned sessions, repairs invalid ones, keeps valid and locked ones (unless rebalance)',
  })
  plan(@CurrentAuth() auth: AuthContext, @Param('wardId', IdPipe) wardId: string, @Body() dto: PlanRotaDto): Promise<PlanResultDto> {
    return this.rota.plan(auth, wardId, dto);
  }

  @Post('publish')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: PublishResultDto })
  publish(
    @CurrentAuth() auth: AuthContext,
    @Param('wardId', IdPipe) wardId: string,
    @Body() dto: PublishRotaDto,
  ): Promise<PublishResultDto> {
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

  @Get('conflicts')
  @Roles('coordinator')
  @ApiQuery({ name: 'from', example: '2027-03-01' })
  @ApiQuery({ name: 'to', example: '2027-05-23' })
  @ApiOkResponse({
    type: [ConflictDto],
    description:
      'Every scheduled session that has not started whose assignment breaks a hard rule now, locked or not, with the person and the rule',
  })
  conflicts(
    @CurrentAuth() auth: AuthContext,
    @Param('wardId', IdPipe) wardId: string,
    @Query('from', DateQueryPipe) from: string,
    @Query('to', DateQueryPipe) to: string,
  ): Promise<ConflictDto[]> {
    return this.rota.conflicts(auth, wardId, from, to);
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
  constructor(
    private readonly manual: ManualAssignmentService,
    private readonly candidatesService: CandidatesService,
  ) {}

  @Get(':id/candidates')
  @Roles('coordinator')
  @ApiOkResponse({
    type: [CandidateDto],
    description: 'Every member of the ward’s pool: eligible or not, whether they may lead, and each rule that rules them out',
  })
  candidates(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<CandidateDto[]> {
    return this.candidatesService.candidates(auth, id);
  }

  @Put(':id/facilitators')
  @Roles('coordinator')
  @ApiOkResponse({ type: SessionDto, description: 'Assigned by hand (first id is lead) and locked against re-planning' })
  @ApiConflictResponse({ description: 'Someone is absent, unavailable, at their weekly cap or already booked at that time' })
  assign(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body() dto: AssignFacilitatorsDto): Promise<SessionDto> {
    return this.manual.assign(
      auth,
      id,
      dto.facilitatorIds.map((f) => f.toLowerCase()),
    );
  }

  @Post(':id/unlock')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionDto, description: 'The planner may change this session again' })
  unlock(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<SessionDto> {
    return this.manual.unlock(auth, id);
  }
}
