/**
 * The one catalogue of queues, job names and payloads. Payloads carry ids, never copies of rows: a processor
 * re-reads the state when it runs, and PostgreSQL, not the queue, records what is owed. Job ids use '-'
 * separators (BullMQ refuses ':').
 */
export const QUEUES = {
  /** Used by the health probe to prove the backend is reachable. */
  maintenance: 'maintenance',
  /** One job per outbox row and attempt: `send`. */
  mail: 'mail',
  /** Delayed jobs, one per reminder timer: `fire`. */
  reminders: 'reminders',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface SendMailJob {
  messageId: string;
}

export interface FireReminderJob {
  eventId: string;
  scheduleVersion: number;
  offset: string;
}

/** A send job per (row, attempt): a lost job can be re-added under the same id without doubling a live one. */
export function sendJobId(messageId: string, attempts: number): string {
  return `${messageId}-a${attempts}`;
}

export function reminderJobId(job: FireReminderJob): string {
  return `reminder-${job.eventId}-v${job.scheduleVersion}-${job.offset}`;
}
