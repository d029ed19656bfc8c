import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { inTransaction } from '@tongxin/database';
import { markFollowupFired, OutboxService, oweSummaries, oweThankYous } from '@tongxin/outbox';
import { FireFollowupJob, JobName, JobPayload, processorOf, QUEUE_BACKEND, QueueBackend, QUEUES } from '@tongxin/queue';
import { ATTENDED } from '@tongxin/summaries';
import { Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { SUMMARY_ROLES } from './message-policy';

/**
 * Fires post-event timers: when an event's timer comes due (POST_EVENT_DELAY_MINUTES after its end), every attendee
 * is owed a thank-you and every owner and manager the summary, in one transaction, and their send jobs are queued.
 * A timer of an older schedule version (the end moved since) fires into nothing; so does one of a cancelled event.
 */
@Injectable()
export class FollowupFirer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Followups');
  private worker?: Worker<JobPayload<'followups'>, number, JobName<'followups'>>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker(QUEUES.followups, processorOf('followups', { fire: (timer) => this.fire(timer) }), {
      ...this.backend,
      concurrency: 1,
    });
    this.worker.on('error', (error) => this.logger.warn(`followup worker: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  /**
   * Fires one timer, once: marks it fired and owes the thanks (those who attended, by the summaries' definition) and
   * the summaries (owners and managers). Returns how many messages were owed: none when the timer was already fired,
   * moved, not yet due, or its event cancelled; owing again would owe nothing twice (dedupe keys).
   */
  async fire(timer: FireFollowupJob): Promise<number> {
    const ids = await inTransaction(this.dataSource, async (db) => {
      const fired = await markFollowupFired(db, timer);
      if (!fired?.live) return [];
      return [
        ...(await oweThankYous(db, timer.eventId, ATTENDED)),
        ...(await oweSummaries(db, timer.eventId, SUMMARY_ROLES)),
      ];
    });
    if (ids.length > 0) this.logger.log(`after event ${timer.eventId}: ${ids.length} messages`);
    await this.outbox.dispatch(ids);
    return ids.length;
  }
}
