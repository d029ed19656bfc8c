import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import { DomainError, ErrorCode } from '@tongxin/common';
import { DataSource } from 'typeorm';
import { eventsOfSeries } from './event.queries';
import type { EventView, SeriesView } from './event.types';
import { insertSeries, seriesOfEditor, seriesVisibleTo } from './series.queries';

export interface SeriesWithEvents {
  series: SeriesView;
  /** The sessions the actor may see: those on whose team they are, and published ones. */
  events: EventView[];
}

@Injectable()
export class SeriesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(actor: Actor, input: { title: string; titleEn?: string | null }): Promise<SeriesWithEvents> {
    const series = await insertSeries(this.dataSource.manager, actor.organizerId, {
      title: input.title.trim(),
      titleEn: input.titleEn?.trim() || null,
    });
    return { series, events: [] };
  }

  /** The series the actor may add a session to: their own, and those of events they own or manage. */
  listForEditor(actor: Actor): Promise<SeriesView[]> {
    return seriesOfEditor(this.dataSource.manager, actor.organizerId);
  }

  async get(actor: Actor, seriesId: string): Promise<SeriesWithEvents> {
    const db = this.dataSource.manager;
    const series = await seriesVisibleTo(db, seriesId, actor.organizerId);
    if (!series) throw new DomainError(ErrorCode.SERIES_NOT_FOUND, 'Series not found');
    return { series, events: await eventsOfSeries(db, seriesId, actor.organizerId) };
  }
}
