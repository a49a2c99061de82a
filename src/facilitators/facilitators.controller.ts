import { Body, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { jsonAnswer } from '../http/json-answer';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import { AuthContext, ROLES } from '../auth/auth-context';
import { CurrentAuth, Roles } from '../auth/auth.decorators';
import { ApiController } from '../http/api-controller.decorator';
import { IdPipe, OptionalIdPipe } from '../http/pipes';
import { AbsenceDto, CreateAbsenceDto, CreateFacilitatorDto, FacilitatorDto, UpdateFacilitatorDto } from './facilitators.dto';
import { FacilitatorsService } from './facilitators.service';

@ApiController('api/facilitators', 'facilitators')
export class FacilitatorsController {
  constructor(private readonly facilitators: FacilitatorsService) {}

  @Post()
  @Roles('coordinator')
  @ApiCreatedResponse({ type: FacilitatorDto })
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateFacilitatorDto): Promise<FacilitatorDto> {
    return this.facilitators.create(auth, dto);
  }

  @Get()
  @Roles(...ROLES)
  @ApiQuery({ name: 'wardId', required: false })
  @ApiOkResponse({ type: [FacilitatorDto] })
  async list(
    @CurrentAuth() auth: AuthContext,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('wardId', OptionalIdPipe) wardId?: string,
  ): Promise<string> {
    return jsonAnswer(reply, await this.facilitators.listJson(auth, wardId));
  }

  @Get(':id')
  @Roles(...ROLES)
  @ApiOkResponse({ type: FacilitatorDto })
  @ApiNotFoundResponse()
  get(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<FacilitatorDto> {
    return this.facilitators.get(auth, id);
  }

  @Patch(':id')
  @Roles('coordinator')
  @ApiOkResponse({ type: FacilitatorDto })
  update(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body() dto: UpdateFacilitatorDto): Promise<FacilitatorDto> {
    return this.facilitators.update(auth, id, dto);
  }

  @Delete(':id')
  @Roles('coordinator')
  @ApiOkResponse({ type: FacilitatorDto, description: 'Deactivated; history and past sessions are kept' })
  deactivate(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<FacilitatorDto> {
    return this.facilitators.deactivate(auth, id);
  }

  @Post(':id/absences')
  @Roles('coordinator')
  @ApiCreatedResponse({ type: AbsenceDto })
  addAbsence(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body() dto: CreateAbsenceDto): Promise<AbsenceDto> {
    return this.facilitators.addAbsence(auth, id, dto);
  }

  @Get(':id/absences')
  @Roles('coordinator', 'facilitator')
  @ApiOkResponse({ type: [AbsenceDto] })
  listAbsences(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<AbsenceDto[]> {
    return this.facilitators.listAbsences(auth, id);
  }

  @Delete(':id/absences/:absenceId')
  @Roles('coordinator')
  @HttpCode(204)
  @ApiNoContentResponse()
  removeAbsence(
    @CurrentAuth() auth: AuthContext,
    @Param('id', IdPipe) id: string,
    @Param('absenceId', IdPipe) absenceId: string,
  ): Promise<void> {
    return this.facilitators.removeAbsence(auth, id, absenceId);
  }
}
