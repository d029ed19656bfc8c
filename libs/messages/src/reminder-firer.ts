import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FireReminderJob, QUEUE_BACKEND, QueueBackend, QUEUES } from '@tongxin/queue';
import { Job, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { fireReminder, OutboxService } from '@tongxin/outbox';

/**
 * Fires reminder timers: when a timer's delayed job comes due, the reminder rows for everyone confirmed are
 * written in one statement and their send jobs queued. A timer of an outdated schedule fires into nothing.
 */
@Injectable()
export class ReminderFirer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private worker?: Worker<FireReminderJob>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<FireReminderJob>(QUEUES.reminders, (job: Job<FireReminderJob>) => this.fire(job.data), {
      ...this.backend,
      concurrency: 2,
    });
    this.worker.on('error', (error) => this.logger.warn(`reminder worker: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  async fire(timer: FireReminderJob): Promise<number> {
    const ids = await this.dataSource.transaction((db) => fireReminder(db, timer));
    if (ids.length > 0) this.logger.log(`reminder ${timer.offset} of event ${timer.eventId}: ${ids.length} messages`);
    await this.outbox.dispatch(ids);
    return ids.length;
  }
}
