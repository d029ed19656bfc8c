import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Env } from '@tongxin/config';
import { DataSource } from 'typeorm';
import {
  lockForReclaim,
  OutboxService,
  overdueFollowups,
  overdueReminders,
  queuedPastDue,
  reclaimOrphaned,
  reclaimStale,
  upcomingFollowups,
  upcomingReminders,
} from '@tongxin/outbox';
import { FollowupFirer } from './followup-firer';
import { ReminderFirer } from './reminder-firer';
import { inTransaction, LIVENESS_LOCK_CLASS } from '@tongxin/database';

const BATCH = 5_000;
/** How often a worker looks for claims of workers that died (their liveness lock gone). */
const ORPHAN_CHECK_MS = 5_000;

/**
 * PostgreSQL is the record of what is owed; the queue is only how it gets done. Every RECONCILE_INTERVAL_MS (and
 * when the worker starts) this puts back what the queue lost: messages left 'sending' by a worker that died (its
 * liveness lock gone; this is also checked every few seconds) or that hangs (claimed past MAIL_SENDING_TIMEOUT_MS),
 * queued messages whose job is gone (Redis flushed or restarted), reminder and post-event timers that never fired,
 * and delayed jobs for timers still ahead. Re-adding a job that still exists is a no-op (same job id), so this is safe to run
 * at any time; an advisory lock keeps two workers from reading and resetting rows at once (the re-queueing after
 * it may overlap, which the job ids and the row claim make harmless). A timer, not a repeatable job, drives it:
 * a repeatable job would be flushed along with everything else.
 */
@Injectable()
export class Reconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reconciler');
  private timer?: NodeJS.Timeout;
  private orphanTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private readonly intervalMs: number;
  private readonly sendingTimeoutMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly reminders: ReminderFirer,
    private readonly followups: FollowupFirer,
    config: ConfigService<Env, true>,
  ) {
    this.intervalMs = config.get('RECONCILE_INTERVAL_MS', { infer: true });
    this.sendingTimeoutMs = config.get('MAIL_SENDING_TIMEOUT_MS', { infer: true });
  }

  onApplicationBootstrap(): void {
    const tick = () => {
      this.running = this.reconcile().catch((error: Error) => this.logger.warn(`reconcile failed: ${error.message}`));
    };
    tick();
    this.timer = setInterval(() => {
      if (this.running === undefined) tick();
    }, this.intervalMs);
    this.timer.unref();
    // Between full passes, a quick look for claims of workers that died (one statement on a partial index).
    this.orphanTimer = setInterval(() => {
      if (this.running === undefined) {
        this.running = this.takeBackOrphans()
          .catch((error: Error) => this.logger.warn(`orphan check failed: ${error.message}`))
          .finally(() => (this.running = undefined));
      }
    }, ORPHAN_CHECK_MS);
    this.orphanTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.orphanTimer);
    await this.running;
  }

  /** Rows claimed by a worker whose liveness lock is gone go back to the queue now. */
  async takeBackOrphans(): Promise<void> {
    const orphans = await inTransaction(this.dataSource, async (db) =>
      (await lockForReclaim(db)) ? reclaimOrphaned(db, LIVENESS_LOCK_CLASS) : [],
    );
    if (orphans.length === 0) return;
    const requeued = await this.outbox.requeue(orphans);
    this.logger.log(`took back ${orphans.length} messages a stopped worker had claimed (${requeued} re-queued)`);
  }

  async reconcile(): Promise<void> {
    try {
      const found = await inTransaction(this.dataSource, async (db) => {
        if (!(await lockForReclaim(db))) return undefined;
        const stale = [
          ...(await reclaimOrphaned(db, LIVENESS_LOCK_CLASS)),
          ...(await reclaimStale(db, this.sendingTimeoutMs)),
        ];
        const lost = await queuedPastDue(db, this.intervalMs, BATCH);
        return {
          messages: [...stale, ...lost],
          overdue: await overdueReminders(db, this.intervalMs),
          upcoming: await upcomingReminders(db),
          overdueFollowups: await overdueFollowups(db, this.intervalMs),
          upcomingFollowups: await upcomingFollowups(db),
        };
      });
      if (!found) return;
      const requeued = await this.outbox.requeue(found.messages);
      if (requeued > 0) this.logger.log(`re-queued ${requeued} messages whose job was lost`);
      for (const timer of found.overdue) await this.reminders.fire(timer);
      await this.outbox.arm(found.upcoming);
      for (const timer of found.overdueFollowups) await this.followups.fire(timer);
      await this.outbox.armFollowups(found.upcomingFollowups);
    } finally {
      this.running = undefined;
    }
  }
}
