import type { EntityManager } from 'typeorm';

/**
 * The reads behind the cluster-wide metrics (GET /api/metrics): aggregates over whole tables, so any api process
 * answers the same. They read several domains' tables, which is why they live here and not beside each table's
 * statements. Cost (EXPLAIN ANALYZE, 13,000 registrations and 100,100 outbox rows, docs/benchmarks.md): the
 * registration count is a sequential scan (~4 ms), the outbox count an index-only scan of
 * outbox_message_event_kind (~25 ms, linear in the rows kept), the backlog reads the partial index
 * outbox_message_open (the open rows only) and the timers the partial indexes of unfired timers.
 */

export interface StatusCount {
  status: string;
  count: number;
}

export interface OutboxCount extends StatusCount {
  kind: string;
}

export interface OutboxBacklog {
  /** Seconds since the oldest message still queued was owed; null when none is queued. */
  oldestQueuedAgeSeconds: number | null;
  /** Queued messages that failed at least one attempt and wait for their retry. */
  retrying: number;
}

export interface PendingTimers {
  timer: 'reminder' | 'followup';
  /** Unfired timers. */
  pending: number;
  /** Unfired timers whose time has come (the worker fires them at once; the reconciler any it missed). */
  overdue: number;
}

/** Bounds every later statement of the transaction: PostgreSQL cancels one that runs longer than `ms`. */
export async function limitStatementTime(db: EntityManager, ms: number): Promise<void> {
  await db.query(`SELECT set_config('statement_timeout', $1, true)`, [String(Math.ceil(ms))]);
}

export async function registrationsByStatus(db: EntityManager): Promise<StatusCount[]> {
  return (await db.query(`SELECT status, count(*)::int AS count FROM registration GROUP BY status`)) as StatusCount[];
}

export async function outboxMessagesByStatusAndKind(db: EntityManager): Promise<OutboxCount[]> {
  return (await db.query(
    `SELECT status, kind, count(*)::int AS count FROM outbox_message GROUP BY status, kind`,
  )) as OutboxCount[];
}

export async function outboxBacklog(db: EntityManager): Promise<OutboxBacklog> {
  // status = 'queued' implies the predicate of the partial index outbox_message_open: only open rows are visited.
  const [row] = (await db.query(
    `SELECT extract(epoch FROM now() - min(created_at))::float8 AS "oldestQueuedAgeSeconds",
            count(*) FILTER (WHERE attempts > 0)::int AS retrying
       FROM outbox_message
      WHERE status = 'queued'`,
  )) as OutboxBacklog[];
  return row!;
}

export async function pendingTimers(db: EntityManager): Promise<PendingTimers[]> {
  return (await db.query(
    `SELECT 'reminder' AS timer, count(*)::int AS pending, count(*) FILTER (WHERE due_at <= now())::int AS overdue
       FROM event_reminder WHERE fired_at IS NULL
     UNION ALL
     SELECT 'followup', count(*)::int, count(*) FILTER (WHERE due_at <= now())::int
       FROM event_followup WHERE fired_at IS NULL`,
  )) as PendingTimers[];
}
