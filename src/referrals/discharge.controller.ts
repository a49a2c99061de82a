import { Body, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse } from '@nestjs/swagger';
import { AuthContext } from '../auth/auth-context';
import { CurrentAuth, Roles } from '../auth/auth.decorators';
import { ApiController } from '../http/api-controller.decorator';
import { IdPipe } from '../http/pipes';
import { DischargeDto, DischargeResultDto } from './discharge.dto';
import { DischargeService } from './discharge.service';

@ApiController('api/admissions', 'discharge')
export class DischargeController {
  constructor(private readonly discharges: DischargeService) {}

  @Post(':id/discharge')
  @Roles('discharge', 'coordinator')
  @ApiCreatedResponse({
    type: DischargeResultDto,
    description:
      'The admission is closed and, when continueImr, a draft referral is made from a snapshot taken now. ' +
      'The same request again answers the same way (with the same referral).',
  })
  @ApiBadRequestResponse({ description: 'A field is wrong, e.g. receivingService missing when continueImr' })
  @ApiConflictResponse({ description: 'Already discharged with different details; the message names them' })
  @ApiNotFoundResponse()
  discharge(
    @CurrentAuth() auth: AuthContext,
    @Param('id', IdPipe) id: string,
    @Body() dto: DischargeDto,
  ): Promise<DischargeResultDto> {
    return this.discharges.discharge(auth, id, dto);
  }
}
