import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QUEUES } from './jobs';

/** Answers whether the queue backend (Redis, or PostgreSQL in the embedded mode) responds. */
@Injectable()
export class QueueHealth {
  private readonly logger = new Logger('Queue');
  private lastError = '';

  constructor(@Inject(getQueueToken(QUEUES.maintenance)) private readonly queue: Queue) {
    // A queue that loses its backend emits 'error', possibly before the app finishes starting: log each distinct
    // error instead of letting an unhandled 'error' event escape.
    this.queue.on('error', (error: Error) => {
      if (error.message !== this.lastError) this.logger.warn(`queue backend error: ${error.message}`);
      this.lastError = error.message;
    });
  }

  /** Resolves when the backend answers a read; the caller bounds the wait. */
  async ping(): Promise<void> {
    await this.queue.getJobCounts('waiting');
  }
}
