import { Module } from '@nestjs/common';
import { GroupsController } from './groups.controller';
import { GroupsService } from './groups.service';
import { SessionsController, WardSessionsController } from '../sessions/sessions.controller';
import { SessionsService } from '../sessions/sessions.service';
import { OutcomesController } from '../sessions/outcomes.controller';
import { OutcomesService } from '../sessions/outcomes.service';

@Module({
  controllers: [GroupsController, WardSessionsController, SessionsController, OutcomesController],
  providers: [GroupsService, SessionsService, OutcomesService],
  exports: [GroupsService, SessionsService],
})
export class GroupsModule {}
