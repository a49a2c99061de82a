import { Module } from '@nestjs/common';
import { GroupsController } from './groups.controller';
import { GroupsService } from './groups.service';
import { SessionsController, WardSessionsController } from '../sessions/sessions.controller';
import { SessionsService } from '../sessions/sessions.service';

@Module({
  controllers: [GroupsController, WardSessionsController, SessionsController],
  providers: [GroupsService, SessionsService],
  exports: [GroupsService, SessionsService],
})
export class GroupsModule {}
