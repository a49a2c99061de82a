import { Module } from '@nestjs/common';
import { GroupsModule } from '../groups/groups.module';
import { CalendarFeedService } from './calendar-feed.service';
import { CalendarFeedController, CalendarLinksController, WardRotaCalendarController } from './calendar.controller';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';

@Module({
  imports: [GroupsModule],
  controllers: [CalendarLinksController, WardRotaCalendarController, CalendarFeedController],
  providers: [CalendarRepository, CalendarFeedService, CalendarService],
  exports: [CalendarFeedService],
})
export class CalendarModule {}
