import { DynamicModule, Module, Type } from '@nestjs/common';
import { GroupsController } from './groups.controller';
import { GroupsService } from './groups.service';

@Module({
  controllers: [GroupsController],
  providers: [GroupsService],
  exports: [GroupsService],
})
export class GroupsModule {
  /** `sessions` provides GroupSessions (see group-sessions.ts): the composer passes SessionsModule. */
  static register(sessions: Type | DynamicModule): DynamicModule {
    return { module: GroupsModule, imports: [sessions] };
  }
}
