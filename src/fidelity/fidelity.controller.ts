import { Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import { AuthContext } from '../auth/auth-context';
import { CurrentAuth, Roles } from '../auth/auth.decorators';
import { ApiController } from '../http/api-controller.decorator';
import { DateQueryPipe, IdPipe } from '../http/pipes';
import { FidelityDto } from './fidelity.dto';
import { FidelityService } from './fidelity.service';

@ApiController('api/wards/:wardId/fidelity', 'fidelity')
export class FidelityController {
  constructor(private readonly fidelity: FidelityService) {}

  @Get()
  @Roles('coordinator')
  @ApiQuery({ name: 'from', example: '2027-01-01', description: 'Ward-local date, inclusive' })
  @ApiQuery({ name: 'to', example: '2027-06-30', description: 'Ward-local date, inclusive' })
  @ApiOkResponse({ type: FidelityDto, description: 'IMR Fidelity Scale items the data supports, scored 1–5; the rest not measured' })
  get(
    @CurrentAuth() auth: AuthContext,
    @Param('wardId', IdPipe) wardId: string,
    @Query('from', DateQueryPipe) from: string,
    @Query('to', DateQueryPipe) to: string,
  ): Promise<FidelityDto> {
    return this.fidelity.fidelity(auth, wardId, from, to);
  }
}
