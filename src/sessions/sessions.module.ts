import { Module } from '@nestjs/common';
import { GroupSessions } from '../groups/group-sessions';
import { OutcomesController } from './outcomes.controller';
import { OutcomesService } from './outcomes.service';
import { SessionsController, WardSessionsController } from './sessions.controller';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

/** Materialised sessions: the hub that groups, rota, admissions, calendar and jobs read. */
@Module({
  controllers: [WardSessionsController, SessionsController, OutcomesController],
  providers: [SessionsService, SessionsRepository, OutcomesService, { provide: GroupSessions, useExisting: SessionsService }],
  exports: [SessionsService, GroupSessions],
})
export class SessionsModule {}
