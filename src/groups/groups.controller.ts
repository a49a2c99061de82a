import { Body, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse } from '@nestjs/swagger';
import { AuthContext, ROLES } from '../auth/auth-context';
import { CurrentAuth, Roles } from '../auth/auth.decorators';
import { ApiController } from '../http/api-controller.decorator';
import { IdPipe } from '../http/pipes';
import { CreateGroupDto, EndGroupDto, GroupDto, UpdateGroupDto } from './groups.dto';
import { GroupsService } from './groups.service';

@ApiController('api/wards/:wardId/groups', 'groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Post()
  @Roles('coordinator')
  @ApiCreatedResponse({ type: GroupDto })
  create(@CurrentAuth() auth: AuthContext, @Param('wardId', IdPipe) wardId: string, @Body() dto: CreateGroupDto): Promise<GroupDto> {
    return this.groups.create(auth, wardId, dto);
  }

  @Get()
  @Roles(...ROLES)
  @ApiOkResponse({ type: [GroupDto] })
  list(@CurrentAuth() auth: AuthContext, @Param('wardId', IdPipe) wardId: string): Promise<GroupDto[]> {
    return this.groups.list(auth, wardId);
  }

  @Get(':groupId')
  @Roles(...ROLES)
  @ApiOkResponse({ type: GroupDto })
  @ApiNotFoundResponse()
  get(
    @CurrentAuth() auth: AuthContext,
    @Param('wardId', IdPipe) wardId: string,
    @Param('groupId', IdPipe) groupId: string,
  ): Promise<GroupDto> {
    return this.groups.get(auth, wardId, groupId);
  }

  @Patch(':groupId')
  @Roles('coordinator')
  @ApiOkResponse({ type: GroupDto, description: 'Changes apply from effectiveFrom (default tomorrow); earlier sessions never change' })
  update(
    @CurrentAuth() auth: AuthContext,
    @Param('wardId', IdPipe) wardId: string,
    @Param('groupId', IdPipe) groupId: string,
    @Body() dto: UpdateGroupDto,
  ): Promise<GroupDto> {
    return this.groups.update(auth, wardId, groupId, dto);
  }

  @Delete(':groupId')
  @Roles('coordinator')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted with its sessions: a group made by mistake' })
  @ApiConflictResponse({ description: 'It has recorded facts (held sessions, attendance), named in the message; end it instead' })
  @ApiNotFoundResponse()
  remove(
    @CurrentAuth() auth: AuthContext,
    @Param('wardId', IdPipe) wardId: string,
    @Param('groupId', IdPipe) groupId: string,
  ): Promise<void> {
    return this.groups.remove(auth, wardId, groupId);
  }

  @Post(':groupId/end')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: GroupDto, description: 'No sessions after endsOn; ending before startsOn means the group never runs' })
  end(
    @CurrentAuth() auth: AuthContext,
    @Param('wardId', IdPipe) wardId: string,
    @Param('groupId', IdPipe) groupId: string,
    @Body() dto: EndGroupDto,
  ): Promise<GroupDto> {
    return this.groups.end(auth, wardId, groupId, dto.endsOn);
  }
}
