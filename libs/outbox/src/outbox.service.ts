import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '@tongxin/config';
import {
  followupJobs,
  logQueueErrors,
  mailJobs,
  QueueJob,
  QueueOf,
  QUEUES,
  reminderJobs,
  sendJobId,
} from '@tongxin/queue';
import type { FollowupTimer } from './event-followup.queries';
import type { ReminderTimer } from './event-reminder.queries';
import type { MessageAttempt } from './outbox-message.types';

/** How long a request waits for the queue before leaving the rest to the reconciler. */
const ENQUEUE_WAIT_MS = 2_000;
const CHUNK = 1_000;
/** Messages per send job in a fan-out. */
const MAIL_BATCH_SIZE = 50;
/** How long a single message's job waits for others owed at the same time. */
const COALESCE_MS = 3;
const LIVE_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

/**
 * Puts outbox rows, reminder timers and post-event timers on their queues, after the transaction that wrote them has committed.
 * Never fails the caller: when the queue is unreachable the rows are already in PostgreSQL and the worker's
 * reconciler queues them once it is back.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger('Outbox');

  private readonly batchSize: number;
  /** First attempts waiting to be queued together (coalesce), and the flush that will queue them. */
  private pending: string[] = [];
  private flushing?: Promise<void>;

  constructor(
    @InjectQueue(QUEUES.mail) private readonly mail: QueueOf<'mail'>,
    @InjectQueue(QUEUES.reminders) private readonly reminders: QueueOf<'reminders'>,
    @InjectQueue(QUEUES.followups) private readonly followups: QueueOf<'followups'>,
    config: ConfigService<Env, true>,
  ) {
    // The BullMQ limiter counts jobs: with a per-second limit each message must be its own job.
    this.batchSize = config.get('SMTP_MAX_PER_SECOND', { infer: true }) > 0 ? 1 : MAIL_BATCH_SIZE;
    logQueueErrors([mail, reminders, followups], this.logger);
  }

  /**
   * Queues these messages: first attempts in batches of up to MAIL_BATCH_SIZE (one job, one claim statement for
   * a whole fan-out slice), rows at a later attempt one job each.
   */
  async dispatch(messages: (string | MessageAttempt)[]): Promise<void> {
    const first: string[] = [];
    const jobs: QueueJob<'mail'>[] = [];
    for (const m of messages) {
      if (typeof m === 'string' || m.attempts === 0) first.push(typeof m === 'string' ? m : m.id);
      else jobs.push(mailJobs.send([m.id], m.attempts));
    }
    // A few first attempts (one registration's confirmation) wait a moment for others'; a fan-out is batched as it is.
    if (jobs.length === 0 && first.length > 0 && first.length < this.batchSize) return this.coalesce(first);
    for (let i = 0; i < first.length; i += this.batchSize)
      jobs.push(mailJobs.send(first.slice(i, i + this.batchSize), 0));
    await this.add(jobs);
  }

  private async add(jobs: QueueJob<'mail'>[]): Promise<void> {
    await this.bounded('mail', async () => {
      for (let i = 0; i < jobs.length; i += CHUNK) await this.mail.addBulk(jobs.slice(i, i + CHUNK));
    });
  }

  /**
   * First attempts owed by concurrent requests, sent as one job (one Redis call, one claim statement in the worker)
   * once COALESCE_MS has passed or a batch is full; each caller's promise settles when its ids are queued. The rows
   * are already committed, so a process that dies meanwhile leaves them to the reconciler, as a lost job would.
   */
  private coalesce(ids: string[]): Promise<void> {
    this.pending.push(...ids);
    if (this.pending.length >= this.batchSize) return this.flushPending();
    this.flushing ??= new Promise<void>((resolve) => setTimeout(resolve, COALESCE_MS)).then(() => this.flushPending());
    return this.flushing;
  }

  private flushPending(): Promise<void> {
    const ids = this.pending;
    this.pending = [];
    this.flushing = undefined;
    if (ids.length === 0) return Promise.resolve();
    const jobs: QueueJob<'mail'>[] = [];
    for (let i = 0; i < ids.length; i += this.batchSize) jobs.push(mailJobs.send(ids.slice(i, i + this.batchSize), 0));
    return this.add(jobs);
  }

  /**
   * For the reconciler: queues messages whose job may be gone. A job still waiting, delayed or running is left
   * alone (a delayed one is run now with `promote`: its row is due now); a job the queue no longer knows, or only half
   * knows (a flushed or failing Redis can leave a job's key without its place in a list), is removed and added
   * again. The row claim makes a doubled job harmless.
   */
  async requeue(messages: MessageAttempt[], { promote = false }: { promote?: boolean } = {}): Promise<number> {
    let requeued = 0;
    await this.bounded(
      'mail',
      async () => {
        for (let i = 0; i < messages.length; i += CHUNK) {
          const chunk = messages.slice(i, i + CHUNK);
          const ids = chunk.map((m) => sendJobId([m.id], m.attempts));
          const states = await Promise.all(ids.map((id) => this.mail.getJobState(id)));
          if (promote) {
            const delayed = ids.filter((_, j) => states[j] === 'delayed');
            await Promise.all(delayed.map(async (id) => (await this.mail.getJob(id))?.promote().catch(() => 0)));
          }
          const lost = chunk.filter((_, j) => !LIVE_STATES.has(states[j]!));
          await Promise.all(lost.map((m) => this.mail.remove(sendJobId([m.id], m.attempts)).catch(() => 0)));
          await this.mail.addBulk(lost.map((m) => mailJobs.send([m.id], m.attempts)));
          requeued += lost.length;
        }
      },
      30_000,
    );
    return requeued;
  }

  /** A retry, due after `delayMs`. */
  async retryLater(messageId: string, attempts: number, delayMs: number): Promise<void> {
    const job = mailJobs.send([messageId], attempts, delayMs);
    await this.bounded('mail', () => this.mail.add(job.name, job.data, job.opts));
  }

  /** One delayed job per timer. Re-arming a timer that already has its job is a no-op (same job id). */
  async arm(timers: ReminderTimer[]): Promise<void> {
    if (timers.length === 0) return;
    const now = Date.now();
    const jobs = timers.map((t) => reminderJobs.fire(t, Math.max(0, t.dueAt.getTime() - now)));
    await this.bounded('reminders', () => this.reminders.addBulk(jobs));
  }

  /** One delayed job per post-event timer (and schedule version); re-arming one that has its job is a no-op. */
  async armFollowups(timers: FollowupTimer[]): Promise<void> {
    if (timers.length === 0) return;
    const now = Date.now();
    const jobs = timers.map((t) => followupJobs.fire(t, Math.max(0, t.dueAt.getTime() - now)));
    await this.bounded('followups', () => this.followups.addBulk(jobs));
  }

  private async bounded(queue: string, enqueue: () => Promise<unknown>, waitMs = ENQUEUE_WAIT_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), waitMs);
    });
    try {
      const outcome = await Promise.race([enqueue().then(() => 'done' as const), timeout]);
      if (outcome === 'timeout')
        this.logger.warn(`${queue} queue slow to answer; the reconciler will queue what is missing`);
    } catch (error) {
      this.logger.warn(
        `${queue} queue unavailable (${(error as Error).message}); the reconciler will queue what is missing`,
      );
    } finally {
      clearTimeout(timer);
    }
  }
}
