import { Body, Param, Patch } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse } from '@nestjs/swagger';
import { AuthContext } from '../auth/auth-context';
import { CurrentAuth, Roles } from '../auth/auth.decorators';
import { ApiController } from '../http/api-controller.decorator';
import { IdPipe } from '../http/pipes';
import { UpdateWardDto, WardDto } from '../wards/wards.dto';
import { WardSettingsService } from './ward-settings.service';

/** `PATCH /api/wards/:id` lives here because a new time zone moves the ward's sessions (the sessions feature lays them out again). */
@ApiController('api/wards', 'wards')
export class WardSettingsController {
  constructor(private readonly settings: WardSettingsService) {}

  @Patch(':id')
  @Roles('coordinator')
  @ApiOkResponse({ type: WardDto, description: 'With `affectedSessions`: the sessions whose assignment the change broke' })
  @ApiNotFoundResponse()
  update(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body() dto: UpdateWardDto): Promise<WardDto> {
    return this.settings.update(auth, id, dto);
  }
}
