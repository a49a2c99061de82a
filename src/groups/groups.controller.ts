import { Body, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse } from '@nestjs/swagger';
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

  @Post(':groupId/end')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: GroupDto, description: 'No sessions after endsOn' })
  end(
    @CurrentAuth() auth: AuthContext,
    @Param('wardId', IdPipe) wardId: string,
    @Param('groupId', IdPipe) groupId: string,
    @Body() dto: EndGroupDto,
  ): Promise<GroupDto> {
    return this.groups.end(auth, wardId, groupId, dto.endsOn);
  }
}
