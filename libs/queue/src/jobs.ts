/**
 * The one catalogue of queues, job names and payloads. Payloads carry ids, never copies of rows:
 * a processor re-reads the state when it runs. Job ids use '-' separators (BullMQ refuses ':').
 *
 * The foundation has one queue, used to prove the backend is reachable; mail and reminder jobs join it here.
 */
export const QUEUES = {
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
