/**
 * The one catalogue of queues, job names and payloads. Payloads carry ids, never copies of rows: a processor
 * re-reads the state when it runs, and PostgreSQL, not the queue, records what is owed. Job ids use '-'
 * separators (BullMQ refuses ':').
 */
export const QUEUES = {
  /** Used by the health probe to prove the backend is reachable. */
  maintenance: 'maintenance',
  /** `send` jobs: one outbox row and attempt, or a batch of first attempts from a fan-out. */
  mail: 'mail',
  /** Delayed jobs, one per reminder timer: `fire`. */
  reminders: 'reminders',
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

/**
 * A send job is named after its (first) row and attempt, so a lost job can be re-added under the same id without
 * doubling a live one. A batch adds its size.
 */
export function sendJobId(messageIds: string[], attempts: number): string {
  return messageIds.length === 1 ? `${messageIds[0]}-a${attempts}` : `${messageIds[0]}-a${attempts}-x${messageIds.length}`;
}

export function reminderJobId(job: FireReminderJob): string {
  return `reminder-${job.eventId}-v${job.scheduleVersion}-${job.offset}`;
}
