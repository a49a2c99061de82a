import { Module } from '@nestjs/common';
import { GroupSessions } from '../groups/group-sessions';
import { OutcomesController } from './outcomes.controller';
import { OutcomesService } from './outcomes.service';
import { SessionsController, WardSessionsController } from './sessions.controller';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { SessionPlans } from './session-plans';
import { WardSettingsController } from './ward-settings.controller';
import { WardSettingsService } from './ward-settings.service';

/** Materialised sessions: the hub that groups, rota, admissions, calendar and jobs read. */
@Module({
  controllers: [WardSessionsController, SessionsController, OutcomesController, WardSettingsController],
  providers: [
    SessionsService,
    SessionsRepository,
    SessionPlans,
    OutcomesService,
    WardSettingsService,
    { provide: GroupSessions, useExisting: SessionsService },
  ],
  exports: [SessionsService, GroupSessions],
})
export class SessionsModule {}
