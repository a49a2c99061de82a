import { Module } from '@nestjs/common';
import { GroupSessions } from '../groups/group-sessions';
import { SessionsController, WardSessionsController } from './sessions.controller';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

/** Materialised sessions: the hub that groups, rota, admissions, calendar and jobs read. */
@Module({
  controllers: [WardSessionsController, SessionsController],
  providers: [SessionsService, SessionsRepository, { provide: GroupSessions, useExisting: SessionsService }],
  exports: [SessionsService, GroupSessions],
})
export class SessionsModule {}
