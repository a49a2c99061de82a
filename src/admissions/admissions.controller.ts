import { Body, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
} from '@nestjs/swagger';
import { AuthContext } from '../auth/auth-context';
import { CurrentAuth, Roles } from '../auth/auth.decorators';
import type { FastifyReply } from 'fastify';
import { ApiController } from '../http/api-controller.decorator';
import { jsonAnswer } from '../http/json-answer';
import { DateQueryPipe, IdPipe } from '../http/pipes';
import { ProgressDto, WardStatsDto, WorklistItemDto, WorklistQueryDto } from './admission-reports.dto';
import { AdmissionDto, CreateAdmissionDto, ListAdmissionsQueryDto, UpdateAdmissionDto } from './admissions.dto';
import { AdmissionsService } from './admissions.service';
import { WardReportsService } from './ward-reports.service';

@ApiController('api/wards/:wardId', 'admissions')
export class WardAdmissionsController {
  constructor(
    private readonly admissions: AdmissionsService,
    private readonly reports: WardReportsService,
  ) {}

  @Post('admissions')
  @Roles('coordinator', 'discharge')
  @ApiCreatedResponse({
    type: AdmissionDto,
    description:
      'Short stay (expected to leave before admission + 3 months, configurable; or unknown) plans the core set, long stay every module',
  })
  @ApiBadRequestResponse({
    description: 'A field is wrong; a patientRef that is a national identity number is refused (data minimisation)',
  })
  @ApiConflictResponse({ description: 'The patientRef already has an open admission on this ward' })
  create(
    @CurrentAuth() auth: AuthContext,
    @Param('wardId', IdPipe) wardId: string,
    @Body() dto: CreateAdmissionDto,
  ): Promise<AdmissionDto> {
    return this.admissions.create(auth, wardId, dto);
  }

  @Get('admissions')
  @Roles('coordinator', 'facilitator', 'discharge')
  @ApiOkResponse({ type: [AdmissionDto], description: 'Sorted by admission day' })
  list(
    @CurrentAuth() auth: AuthContext,
    @Param('wardId', IdPipe) wardId: string,
    @Query() query: ListAdmissionsQueryDto,
  ): Promise<AdmissionDto[]> {
    return this.admissions.list(auth, wardId, query.status);
  }

  @Get('discharge-worklist')
  @Roles('coordinator', 'discharge')
  @ApiOkResponse({
    type: [WorklistItemDto],
    description: 'Admitted stays expected to leave within withinDays (default 14), overdue ones included, soonest first',
  })
  worklist(
    @CurrentAuth() auth: AuthContext,
    @Param('wardId', IdPipe) wardId: string,
    @Query() query: WorklistQueryDto,
  ): Promise<WorklistItemDto[]> {
    return this.reports.worklist(auth, wardId, query.withinDays);
  }

  @Get('stats')
  @Roles('coordinator', 'discharge')
  @ApiQuery({ name: 'from', example: '2027-01-01', description: 'Ward-local date, inclusive' })
  @ApiQuery({ name: 'to', example: '2027-03-31', description: 'Ward-local date, inclusive (at most 731 days after from)' })
  @ApiOkResponse({ type: WardStatsDto, description: 'Sessions starting in the window, short stays discharged in it' })
  stats(
    @CurrentAuth() auth: AuthContext,
    @Param('wardId', IdPipe) wardId: string,
    @Query('from', DateQueryPipe) from: string,
    @Query('to', DateQueryPipe) to: string,
  ): Promise<WardStatsDto> {
    return this.reports.stats(auth, wardId, from, to);
  }
}

@ApiController('api/admissions', 'admissions')
export class AdmissionsController {
  constructor(private readonly admissions: AdmissionsService) {}

  @Get(':id')
  @Roles('coordinator', 'facilitator', 'discharge')
  @ApiOkResponse({ type: AdmissionDto })
  @ApiNotFoundResponse()
  get(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<AdmissionDto> {
    return this.admissions.get(auth, id);
  }

  @Patch(':id')
  @Roles('coordinator', 'discharge')
  @ApiOkResponse({ type: AdmissionDto, description: 'The stay and its planned modules are reclassified at once' })
  @ApiConflictResponse({ description: 'The admission was discharged' })
  update(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body() dto: UpdateAdmissionDto): Promise<AdmissionDto> {
    return this.admissions.update(auth, id, dto);
  }

  @Delete(':id')
  @Roles('coordinator', 'discharge')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted: an admission entered by mistake' })
  @ApiConflictResponse({ description: 'It has recorded facts (attendance, a discharge, a referral), named in the message' })
  @ApiNotFoundResponse()
  remove(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<void> {
    return this.admissions.remove(auth, id);
  }

  @Get(':id/progress')
  @Roles('coordinator', 'facilitator', 'discharge')
  @ApiOkResponse({
    type: ProgressDto,
    description:
      'A module is completed when every part has been attended during the stay, in any order. The forecast names the ' +
      'next held session for each missing part before the expected discharge; atRisk when a planned module cannot be completed in time.',
  })
  async progress(
    @CurrentAuth() auth: AuthContext,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return jsonAnswer(reply, await this.admissions.progressJson(auth, id));
  }
}
