import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueOf, QUEUES } from './jobs';

/** Answers whether the queue backend (Redis, or PostgreSQL in the embedded mode) responds. */
@Injectable()
export class QueueHealth {
  constructor(@Inject(getQueueToken(QUEUES.maintenance)) private readonly queue: QueueOf<'maintenance'>) {
    logQueueErrors([queue], new Logger('Queue'));
  }

  /** Resolves when the backend answers a read; the caller bounds the wait. */
  async ping(): Promise<void> {
    await this.queue.getJobCounts('waiting');
  }
}

/**
 * A queue that loses its backend emits 'error', possibly before the app finishes starting: log each distinct
 * error once instead of letting an unhandled 'error' event escape (or repeating it every reconnect).
 */
export function logQueueErrors(queues: Queue[], logger: Logger): void {
  let lastError = '';
  for (const queue of queues) {
    queue.on('error', (error: Error) => {
      if (error.message !== lastError) logger.warn(`queue backend error: ${error.message}`);
      lastError = error.message;
    });
  }
}
