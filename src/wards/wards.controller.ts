import { Body, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse } from '@nestjs/swagger';
import { AuthContext, ROLES } from '../auth/auth-context';
import { CurrentAuth, Roles } from '../auth/auth.decorators';
import { ApiController } from '../http/api-controller.decorator';
import { IdPipe } from '../http/pipes';
import { CreateWardDto, WardDto } from './wards.dto';
import { WardsService } from './wards.service';

@ApiController('api/wards', 'wards')
export class WardsController {
  constructor(private readonly wards: WardsService) {}

  @Post()
  @Roles('coordinator')
  @ApiCreatedResponse({ type: WardDto })
  @ApiConflictResponse({ description: 'The code is taken' })
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateWardDto): Promise<WardDto> {
    return this.wards.create(auth, dto);
  }

  @Get()
  @Roles(...ROLES)
  @ApiOkResponse({ type: [WardDto] })
  list(@CurrentAuth() auth: AuthContext): Promise<WardDto[]> {
    return this.wards.list(auth);
  }

  @Get(':id')
  @Roles(...ROLES)
  @ApiOkResponse({ type: WardDto })
  @ApiNotFoundResponse()
  get(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<WardDto> {
    return this.wards.get(auth, id);
  }

  @Delete(':id')
  @Roles('coordinator')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted: a ward made by mistake (an unscoped key only)' })
  @ApiConflictResponse({ description: 'It holds groups, admissions or referrals, named in the message' })
  @ApiNotFoundResponse()
  remove(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<void> {
    return this.wards.remove(auth, id);
  }
}
