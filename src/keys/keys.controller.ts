import { Body, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiController } from '../http/api-controller.decorator';
import { IdPipe } from '../http/pipes';
import { CreatedKeyDto, CreateKeyDto, KeyDto } from './keys.dto';
import { KeysService } from './keys.service';

@ApiController('api/keys', 'keys')
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: CreatedKeyDto, description: 'The key is shown only in this response' })
  create(@Body() dto: CreateKeyDto): Promise<CreatedKeyDto> {
    return this.keys.create(dto);
  }

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: [KeyDto] })
  list(): Promise<KeyDto[]> {
    return this.keys.list();
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked; the key gets 401 from now on' })
  @ApiNotFoundResponse()
  revoke(@Param('id', IdPipe) id: string): Promise<void> {
    return this.keys.revoke(id);
  }
}
