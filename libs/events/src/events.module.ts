import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxModule } from '@tongxin/outbox';
import { AgendaItemEntity, EventEntity, EventHostEntity, EventMemberEntity, SeriesEntity } from './event.entity';
import { EventsService } from './events.service';
import { SeriesService } from './series.service';
import { TeamService } from './team.service';

@Module({
  imports: [OutboxModule, TypeOrmModule.forFeature([EventEntity, EventMemberEntity, EventHostEntity, AgendaItemEntity, SeriesEntity])],
  providers: [EventsService, TeamService, SeriesService],
  exports: [EventsService, TeamService, SeriesService],
})
export class EventsModule {}
