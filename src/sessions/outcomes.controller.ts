import { Body, Param, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthContext } from '../auth/auth-context';
import { CurrentAuth, Roles } from '../auth/auth.decorators';
import { ApiController } from '../http/api-controller.decorator';
import { IdPipe } from '../http/pipes';
import { RecordOutcomeDto, SessionDto } from './sessions.dto';
import { OutcomesService } from './outcomes.service';

@ApiController('api/sessions', 'sessions')
export class OutcomesController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Put(':id/outcome')
  @Roles('coordinator', 'facilitator')
  @ApiOkResponse({
    type: SessionDto,
    description:
      'What really happened (a facilitator key: only for its own sessions). Not held: status becomes not-held and its module ' +
      'moves to the next session that has not started. Held sessions keep the module they taught.',
  })
  @ApiConflictResponse({ description: 'The session was cancelled, or (not held) it has attendance on its register' })
  @ApiUnprocessableEntityResponse({ description: 'The session has not started yet' })
  record(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body() dto: RecordOutcomeDto): Promise<SessionDto> {
    return this.outcomes.record(auth, id, dto);
  }
}
