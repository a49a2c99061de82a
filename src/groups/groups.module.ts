import { Module } from '@nestjs/common';
import { GroupsController } from './groups.controller';
import { GroupsService } from './groups.service';
import { SessionsController, WardSessionsController } from '../sessions/sessions.controller';
import { SessionsService } from '../sessions/sessions.service';
import { WardSettingsController } from './ward-settings.controller';
import { WardSettingsService } from './ward-settings.service';

@Module({
  controllers: [GroupsController, WardSessionsController, SessionsController, WardSettingsController],
  providers: [GroupsService, SessionsService, WardSettingsService],
  exports: [GroupsService, SessionsService],
})
export class GroupsModule {}
