import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { cancelMessage, claimTeamMessagesForSending, ClaimedTeamMessage } from '@tongxin/outbox';
import { SummaryDownloadsService } from '@tongxin/summaries';
import { DataSource } from 'typeorm';
import { teamMessageObsoleteBecause, teamMessageViewOf } from './message-policy';
import type { MessageFile, MessageView } from './render';

/** What became of a claimed message to an organizer before sending: a view and its files, or why nothing goes out. */
export type PreparedTeamMessage = { view: MessageView; files: MessageFile[] } | { outcome: 'cancelled' };

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The worker's side of messages to the event's team: the summary mailed after the event. It is computed when it is
 * sent, as the recipient may download it (`SummaryDownloadsService` with the recipient as the actor: off the team
 * or no longer an owner or manager, nothing goes out), so it shows the figures as they are then; the workbook is
 * attached.
 */
@Injectable()
export class TeamMessages {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly downloads: SummaryDownloadsService,
  ) {}

  /** Claims the messages to organizers among these ids that are still queued (queued -> sending, attempts + 1). */
  claim(ids: string[]): Promise<ClaimedTeamMessage[]> {
    return claimTeamMessagesForSending(this.dataSource.manager, ids);
  }

  async prepare(message: ClaimedTeamMessage): Promise<PreparedTeamMessage> {
    const obsolete = teamMessageObsoleteBecause(message);
    if (obsolete) {
      await cancelMessage(this.dataSource.manager, message.id, obsolete);
      return { outcome: 'cancelled' };
    }
    const actor = { organizerId: message.organizerId, email: message.email };
    const { summary, xlsx } = await this.downloads.withWorkbook(actor, message.eventId);
    return {
      view: teamMessageViewOf(message, summary.narrative),
      files: [{ filename: 'summary.xlsx', content: xlsx, contentType: XLSX }],
    };
  }
}
