import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { MESSAGE_KINDS, MESSAGE_STATUSES } from '@tongxin/outbox';
import { QueueName, QUEUES } from '@tongxin/queue';
import { REGISTRATION_STATUSES } from '@tongxin/registrations';
import type { Queue } from 'bullmq';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { METRIC_PREFIX } from './metrics-registry';
import {
  limitStatementTime,
  OutboxBacklog,
  OutboxCount,
  outboxBacklog,
  outboxMessagesByStatusAndKind,
  PendingTimers,
  pendingTimers,
  registrationsByStatus,
  StatusCount,
} from './metrics.queries';

/** The longest a scrape waits for each source (PostgreSQL, the queue backend) before leaving its metrics out. */
export const CLUSTER_METRICS_TIMEOUT_MS = 2_000;

/** The job states counted per queue. */
export const JOB_STATES = ['waiting', 'delayed', 'active', 'failed'] as const;

type Source = 'database' | 'queue';

interface DatabaseState {
  registrations: StatusCount[];
  outbox: OutboxCount[];
  backlog: OutboxBacklog;
  timers: PendingTimers[];
}

type QueueState = { queue: QueueName; counts: Record<string, number> }[];

/**
 * The state every process shares, read from its source of truth when a scrape asks, so any api answers the same:
 * registrations, the outbox and the timers from PostgreSQL, job counts from the queue backend (Redis, or PostgreSQL
 * in the embedded mode). These are gauges of the whole platform, not of the process: aggregate them across
 * instances with max(), never sum().
 *
 * Each source is bounded by `CLUSTER_METRICS_TIMEOUT_MS` (statement_timeout in PostgreSQL, and a deadline that also
 * covers waiting for a connection). A source that fails or times out leaves its metrics out of the scrape, rather
 * than reporting stale or zero values, and sets `tongxin_metrics_source_up{source}` to 0.
 */
@Injectable()
export class ClusterMetrics {
  private readonly logger = new Logger(ClusterMetrics.name);
  private readonly down = new Set<Source>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** A registry holding the cluster-wide gauges as they are now (a new one each scrape). */
  async collect(timeoutMs = CLUSTER_METRICS_TIMEOUT_MS): Promise<Registry> {
    const [database, queues] = await Promise.allSettled([
      this.within('database', timeoutMs, this.readDatabase(timeoutMs)),
      this.within('queue', timeoutMs, this.readQueues()),
    ]);
    const registry = new Registry();
    const up = gauge(registry, 'metrics_source_up', 'Whether this scrape could read the source (1) or not (0)', [
      'source',
    ]);
    up.set({ source: 'database' }, this.note('database', database));
    up.set({ source: 'queue' }, this.note('queue', queues));
    if (database.status === 'fulfilled') databaseGauges(registry, database.value);
    if (queues.status === 'fulfilled') queueGauges(registry, queues.value);
    return registry;
  }

  private async readDatabase(timeoutMs: number): Promise<DatabaseState> {
    return this.dataSource.transaction(async (db) => {
      await limitStatementTime(db, timeoutMs);
      return {
        registrations: await registrationsByStatus(db),
        outbox: await outboxMessagesByStatusAndKind(db),
        backlog: await outboxBacklog(db),
        timers: await pendingTimers(db),
      };
    });
  }

  private async readQueues(): Promise<QueueState> {
    return Promise.all(
      Object.values(QUEUES).map(async (name) => {
        const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
        return { queue: name, counts: await queue.getJobCounts(...JOB_STATES) };
      }),
    );
  }

  private async within<T>(source: Source, ms: number, work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    });
    try {
      return await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** 1 when the source answered; logs when a source goes down or comes back, not on every scrape. */
  private note(source: Source, result: PromiseSettledResult<unknown>): number {
    if (result.status === 'fulfilled') {
      if (this.down.delete(source)) this.logger.log(`metrics: the ${source} answers again`);
      return 1;
    }
    if (!this.down.has(source)) {
      const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
      this.logger.warn(`metrics: left out the ${source}'s metrics: ${reason}`);
    }
    this.down.add(source);
    return 0;
  }
}

function gauge<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[] = []) {
  return new Gauge<L>({ name: METRIC_PREFIX + name, help, labelNames, registers: [registry] });
}

function databaseGauges(registry: Registry, state: DatabaseState): void {
  const registrations = gauge(registry, 'registrations', 'Registrations in the database, by status', ['status']);
  for (const status of REGISTRATION_STATUSES) registrations.set({ status }, 0);
  for (const row of state.registrations) registrations.set({ status: row.status }, row.count);

  const messages = gauge(
    registry,
    'outbox_messages',
    'Mail messages in the outbox, by status and kind. sent and failed (given up after MAIL_MAX_ATTEMPTS) only grow, ' +
      'as rows are kept, so they read as the totals of mail sent and failed: increase() applies.',
    ['status', 'kind'],
  );
  for (const status of MESSAGE_STATUSES) for (const kind of MESSAGE_KINDS) messages.set({ status, kind }, 0);
  for (const row of state.outbox) messages.set({ status: row.status, kind: row.kind }, row.count);

  gauge(
    registry,
    'outbox_oldest_queued_age_seconds',
    'Seconds since the oldest message still queued was owed (0 when none is queued)',
  ).set(Math.max(0, state.backlog.oldestQueuedAgeSeconds ?? 0));
  gauge(
    registry,
    'outbox_retrying_messages',
    'Queued messages that failed at least one attempt and wait for a retry',
  ).set(state.backlog.retrying);

  const pending = gauge(registry, 'timers_pending', 'Reminder and post-event timers not fired yet', ['timer']);
  const overdue = gauge(
    registry,
    'timers_overdue',
    'Timers not fired although due: briefly non-zero while one fires; longer than RECONCILE_INTERVAL_MS is a fault',
    ['timer'],
  );
  for (const row of state.timers) {
    pending.set({ timer: row.timer }, row.pending);
    overdue.set({ timer: row.timer }, row.overdue);
  }
}

function queueGauges(registry: Registry, queues: QueueState): void {
  const jobs = gauge(registry, 'queue_jobs', 'Jobs in each queue, by state', ['queue', 'state']);
  for (const { queue, counts } of queues) {
    for (const state of JOB_STATES) jobs.set({ queue, state }, counts[state] ?? 0);
  }
}
