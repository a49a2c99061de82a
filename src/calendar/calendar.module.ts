import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { CalendarFeedService } from './calendar-feed.service';
import { CalendarFeedController, CalendarLinksController, WardRotaCalendarController } from './calendar.controller';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';
import { FeedFastPath } from './feed-answer';

@Module({
  imports: [SessionsModule],
  controllers: [CalendarLinksController, WardRotaCalendarController, CalendarFeedController],
  providers: [CalendarRepository, CalendarFeedService, CalendarService, FeedFastPath],
  exports: [CalendarFeedService],
})
export class CalendarModule {}
