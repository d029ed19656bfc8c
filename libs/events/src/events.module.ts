import { Module } from '@nestjs/common';
import { OutboxModule } from '@tongxin/outbox';
import { EventCopyService } from './event-copy.service';
import { EventsService } from './events.service';
import { SeriesService } from './series.service';
import { TeamService } from './team.service';

@Module({
  imports: [OutboxModule],
  providers: [EventsService, EventCopyService, TeamService, SeriesService],
  exports: [EventsService, EventCopyService, TeamService, SeriesService],
})
export class EventsModule {}
