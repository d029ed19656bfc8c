import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { markReminderFired, OutboxService, oweReminders } from '@tongxin/outbox';
import { FireReminderJob, JobName, JobPayload, processorOf, QUEUE_BACKEND, QueueBackend, QUEUES } from '@tongxin/queue';
import { Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { inTransaction } from '@tongxin/database';

/**
 * Fires reminder timers: when a timer's delayed job comes due, the reminder rows for everyone confirmed are
 * written in one statement and their send jobs queued. A timer of an outdated schedule fires into nothing.
 */
@Injectable()
export class ReminderFirer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private worker?: Worker<JobPayload<'reminders'>, number, JobName<'reminders'>>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker(QUEUES.reminders, processorOf('reminders', { fire: (timer) => this.fire(timer) }), {
      ...this.backend,
      concurrency: 2,
    });
    this.worker.on('error', (error) => this.logger.warn(`reminder worker: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  /**
   * Fires one timer, once: marks it fired and owes the reminder to everyone confirmed who registered before its due
   * time, in one transaction. Nothing is owed when the timer belongs to an older schedule, the event is no longer
   * published, or it has already started. Returns how many messages were owed.
   */
  async fire(timer: FireReminderJob): Promise<number> {
    const ids = await inTransaction(this.dataSource, async (db) => {
      const fired = await markReminderFired(db, timer);
      return fired?.live ? oweReminders(db, timer, fired.dueAt) : [];
    });
    if (ids.length > 0) this.logger.log(`reminder ${timer.offset} of event ${timer.eventId}: ${ids.length} messages`);
    await this.outbox.dispatch(ids);
    return ids.length;
  }
}
