import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import { EDITORS, eventDetail, requireEventRole } from '@tongxin/events';
import { DataSource, EntityManager } from 'typeorm';
import { intentionsOfEvent } from '../intention.queries';
import { summarize } from '../summary.service';
import { attendeeRows } from '../summary.queries';
import type { EventSummary } from '../summary.types';
import { summaryHtml } from './summary-html';
import { summaryMarkdown } from './summary-markdown';
import { summaryWorkbook } from './summary-workbook';
import { inTransaction } from '@tongxin/database';

/** The summary as files, for the same callers as the summary itself (owners and managers). */
@Injectable()
export class SummaryDownloadsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async markdown(actor: Actor, eventId: string): Promise<string> {
    return summaryMarkdown(await this.read(actor, eventId, (_, summary) => summary));
  }

  async html(actor: Actor, eventId: string): Promise<string> {
    return summaryHtml(await this.read(actor, eventId, (_, summary) => summary));
  }

  /** With the attendees' personal data and the intentions' parties. */
  async xlsx(actor: Actor, eventId: string): Promise<Buffer> {
    return (await this.withWorkbook(actor, eventId)).xlsx;
  }

  /** The summary and its workbook from one snapshot: what the summary mail says and attaches. */
  async withWorkbook(actor: Actor, eventId: string): Promise<{ summary: EventSummary; xlsx: Buffer }> {
    const { summary, attendees, intentions } = await this.read(actor, eventId, async (db, summary) => ({
      summary,
      attendees: await attendeeRows(db, eventId),
      intentions: await intentionsOfEvent(db, eventId),
    }));
    return { summary, xlsx: await summaryWorkbook(summary, attendees, intentions) };
  }

  /** Everything a file shows, read in one snapshot. */
  private read<T>(
    actor: Actor,
    eventId: string,
    more: (db: EntityManager, summary: EventSummary) => T | Promise<T>,
  ): Promise<T> {
    return inTransaction(this.dataSource, 'REPEATABLE READ', async (db) => {
      await requireEventRole(db, actor, eventId, EDITORS);
      return more(db, await summarize(db, (await eventDetail(db, eventId))!));
    });
  }
}
