import type { Job, Queue } from 'bullmq';

/**
 * The one catalogue of queues, job names and payloads, and the builders that make each job. Producers add only jobs
 * built here and workers run them through `processorOf`, which dispatches on `job.name` over a handler per name: a
 * job renamed, added or dropped here breaks the build of every producer and worker that does not follow.
 *
 * Payloads carry ids, never copies of rows: a processor re-reads the state when it runs, and PostgreSQL, not the
 * queue, records what is owed. Job ids use '-' separators (BullMQ refuses ':').
 */
export const QUEUES = {
  /** Used by the health probe to prove the backend is reachable; no jobs are ever added to it. */
  maintenance: 'maintenance',
  /** `send` jobs: one outbox row and attempt, or a batch of first attempts from a fan-out. */
  mail: 'mail',
  /** Delayed jobs, one per reminder timer: `fire`. */
  reminders: 'reminders',
  /** Delayed jobs, one per event's post-event timer: `fire` (thanks to the attendees, the summary to the team). */
  followups: 'followups',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface SendMailJob {
  messageIds: string[];
}

export interface FireReminderJob {
  eventId: string;
  scheduleVersion: number;
  offset: string;
}

export interface FireFollowupJob {
  eventId: string;
  scheduleVersion: number;
}

/** Each queue's jobs: job name → payload. */
export interface JobCatalogue {
  mail: { send: SendMailJob };
  reminders: { fire: FireReminderJob };
  followups: { fire: FireFollowupJob };
  maintenance: Record<never, never>;
}

export type JobName<Q extends QueueName> = keyof JobCatalogue[Q] & string;
export type JobPayload<Q extends QueueName, N extends JobName<Q> = JobName<Q>> = JobCatalogue[Q][N];

/** A job ready to add: what `Queue.add` (name, data, opts) and `Queue.addBulk` take. */
export interface QueueJob<Q extends QueueName, N extends JobName<Q> = JobName<Q>> {
  name: N;
  data: JobPayload<Q, N>;
  opts: { jobId: string; delay?: number };
}

/** A queue as its producers see it: only the catalogue's names and payloads go in. */
export type QueueOf<Q extends QueueName> = Queue<JobPayload<Q>, unknown, JobName<Q>>;

/** A job as its worker receives it. */
export type JobOf<Q extends QueueName> = Job<JobPayload<Q>, unknown, JobName<Q>>;

/** One builder per job of the queue, each returning a job of its own name. */
type Builders<Q extends QueueName> = { [N in JobName<Q>]: (...args: never[]) => QueueJob<Q, N> };

export const mailJobs = {
  /**
   * Sends these rows at this attempt (a fan-out's first attempts, or one row's retry after `delayMs`). Named after
   * its (first) row and attempt, so a lost job can be re-added under the same id without doubling a live one.
   */
  send: (messageIds: string[], attempts: number, delayMs?: number): QueueJob<'mail', 'send'> => ({
    name: 'send',
    data: { messageIds },
    opts: { jobId: sendJobId(messageIds, attempts), ...(delayMs === undefined ? {} : { delay: delayMs }) },
  }),
} satisfies Builders<'mail'>;

export const reminderJobs = {
  /** Fires one reminder timer, `delayMs` from now; arming a timer that already has its job is a no-op (same id). */
  fire: (timer: FireReminderJob, delayMs: number): QueueJob<'reminders', 'fire'> => {
    const data = { eventId: timer.eventId, scheduleVersion: timer.scheduleVersion, offset: timer.offset };
    return { name: 'fire', data, opts: { jobId: reminderJobId(data), delay: delayMs } };
  },
} satisfies Builders<'reminders'>;

export const followupJobs = {
  /** Fires an event's post-event timer, `delayMs` from now; one job per schedule version (same id: a no-op). */
  fire: (timer: FireFollowupJob, delayMs: number): QueueJob<'followups', 'fire'> => {
    const data = { eventId: timer.eventId, scheduleVersion: timer.scheduleVersion };
    return { name: 'fire', data, opts: { jobId: followupJobId(data), delay: delayMs } };
  },
} satisfies Builders<'followups'>;

/** A batch adds its size to the id. */
export function sendJobId(messageIds: string[], attempts: number): string {
  return messageIds.length === 1
    ? `${messageIds[0]}-a${attempts}`
    : `${messageIds[0]}-a${attempts}-x${messageIds.length}`;
}

export function reminderJobId(job: FireReminderJob): string {
  return `reminder-${job.eventId}-v${job.scheduleVersion}-${job.offset}`;
}

export function followupJobId(job: FireFollowupJob): string {
  return `followup-${job.eventId}-v${job.scheduleVersion}`;
}

/** A handler for every job name of the queue, no more and no fewer (as an exhaustive switch over the names). */
export type JobHandlers<Q extends QueueName, R> = {
  [N in JobName<Q>]: (data: JobPayload<Q, N>, job: JobOf<Q>) => Promise<R>;
};

/** A job whose name the catalogue does not know (a producer of another version, a hand-made job): it fails, visibly. */
export class UnknownJobError extends Error {
  constructor(queue: QueueName, name: string) {
    super(`queue ${queue} has no job named "${name}"`);
    this.name = 'UnknownJobError';
  }
}

/**
 * A worker's processor: runs the handler of `job.name`, and throws on a name the catalogue does not list for this
 * queue (so BullMQ records the failure and retries it, in case a worker of a newer version is the one to run it).
 */
export function processorOf<Q extends QueueName, R>(
  queue: Q,
  handlers: JobHandlers<Q, R>,
): (job: JobOf<Q>) => Promise<R> {
  return async (job) => {
    if (!Object.hasOwn(handlers, job.name)) throw new UnknownJobError(queue, job.name);
    // The name picks the handler, and the catalogue ties that name to its payload: the one cast the compiler needs.
    const handler = handlers[job.name] as (data: JobPayload<Q>, job: JobOf<Q>) => Promise<R>;
    return handler(job.data, job);
  };
}
