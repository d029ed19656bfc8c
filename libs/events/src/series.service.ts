import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import { DomainError, ErrorCode } from '@tongxin/common';
import { DataSource } from 'typeorm';
import { EventEntity, SeriesEntity } from './event.entity';

export interface SeriesWithEvents {
  series: SeriesEntity;
  /** The sessions the actor may see: those on whose team they are, and published ones. */
  events: EventEntity[];
}

@Injectable()
export class SeriesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(actor: Actor, input: { title: string; titleEn?: string | null }): Promise<SeriesWithEvents> {
    const series = await this.dataSource.getRepository(SeriesEntity).save({
      title: input.title.trim(),
      titleEn: input.titleEn?.trim() || null,
      createdBy: actor.organizerId,
    });
    return { series, events: [] };
  }

  async get(actor: Actor, seriesId: string): Promise<SeriesWithEvents> {
    const series = await this.dataSource
      .createQueryBuilder(SeriesEntity, 's')
      .where('s.id = :seriesId', { seriesId })
      .andWhere(
        `(s.created_by = :me OR EXISTS (SELECT 1 FROM event e JOIN event_member m ON m.event_id = e.id
                                         WHERE e.series_id = s.id AND m.organizer_id = :me))`,
        { me: actor.organizerId },
      )
      .getOne();
    if (!series) throw new DomainError(ErrorCode.SERIES_NOT_FOUND, 'Series not found');
    const events = await this.dataSource
      .createQueryBuilder(EventEntity, 'e')
      .where('e.series_id = :seriesId', { seriesId })
      .andWhere(
        `(e.published_at IS NOT NULL OR EXISTS (SELECT 1 FROM event_member m WHERE m.event_id = e.id AND m.organizer_id = :me))`,
        { me: actor.organizerId },
      )
      .orderBy('e.sequence_no', 'ASC')
      .getMany();
    return { series, events };
  }
}
