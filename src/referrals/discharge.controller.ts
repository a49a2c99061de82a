import { Body, Delete, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse } from '@nestjs/swagger';
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
  @ApiConflictResponse({
    description:
      'Already discharged with different details (the message names them), or dated before recorded attendance (naming the days)',
  })
  @ApiNotFoundResponse()
  discharge(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body() dto: DischargeDto): Promise<DischargeResultDto> {
    return this.discharges.discharge(auth, id, dto);
  }

  @Delete(':id/discharge')
  @Roles('discharge', 'coordinator')
  @ApiOkResponse({
    type: DischargeResultDto,
    description: 'Undoes the discharge while its referral is a draft: the stay is open again, the referral withdrawn and kept',
  })
  @ApiConflictResponse({ description: 'Not discharged, or the referral has been sent' })
  @ApiNotFoundResponse()
  undo(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<DischargeResultDto> {
    return this.discharges.undo(auth, id);
  }
}
