import { Module } from '@nestjs/common';
import { OutboxModule } from '@tongxin/outbox';
import { EventsService } from './events.service';
import { SeriesService } from './series.service';
import { TeamService } from './team.service';

@Module({
  imports: [OutboxModule],
  providers: [EventsService, TeamService, SeriesService],
  exports: [EventsService, TeamService, SeriesService],
})
export class EventsModule {}
