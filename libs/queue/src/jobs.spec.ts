import type { JobOf, QueueJob } from './jobs';
import { followupJobs, mailJobs, processorOf, reminderJobs, UnknownJobError } from './jobs';

describe('the job catalogue', () => {
  it('builds send jobs named after their first row and attempt, batches with their size, retries with a delay', () => {
    expect(mailJobs.send(['a'], 0)).toEqual({ name: 'send', data: { messageIds: ['a'] }, opts: { jobId: 'a-a0' } });
    expect(mailJobs.send(['a', 'b', 'c'], 0).opts).toEqual({ jobId: 'a-a0-x3' });
    expect(mailJobs.send(['a'], 2, 4_000).opts).toEqual({ jobId: 'a-a2', delay: 4_000 });
  });

  it('builds one fire job per timer, carrying ids only', () => {
    const timer = { eventId: 'e', scheduleVersion: 3, offset: 'PT1H', dueAt: new Date() };
    expect(reminderJobs.fire(timer, 500)).toEqual({
      name: 'fire',
      data: { eventId: 'e', scheduleVersion: 3, offset: 'PT1H' },
      opts: { jobId: 'reminder-e-v3-PT1H', delay: 500 },
    });
  });

  it('builds one fire job per post-event timer and schedule version', () => {
    const timer = { eventId: 'e', scheduleVersion: 2, dueAt: new Date() };
    expect(followupJobs.fire(timer, 0)).toEqual({
      name: 'fire',
      data: { eventId: 'e', scheduleVersion: 2 },
      opts: { jobId: 'followup-e-v2', delay: 0 },
    });
  });

  it('runs the handler of the job’s name, and fails a job whose name the queue does not have', async () => {
    const sent: string[][] = [];
    const process = processorOf('mail', {
      send: async ({ messageIds }) => {
        sent.push(messageIds);
        return 'sent: 1';
      },
    });
    const job = (name: string) => ({ name, data: { messageIds: ['m'] } }) as unknown as JobOf<'mail'>;
    await expect(process(job('send'))).resolves.toBe('sent: 1');
    expect(sent).toEqual([['m']]);
    await expect(process(job('fire'))).rejects.toThrow(UnknownJobError);
    await expect(process(job('toString'))).rejects.toThrow('queue mail has no job named "toString"');
    expect(sent).toHaveLength(1);
  });

  it('is held to the catalogue by the compiler (npm run typecheck): every job handled, no other, names and payloads as listed', () => {
    const handle = async () => 'done';
    // @ts-expect-error a queue's processor handles each of its jobs
    expect(() => processorOf('mail', {})).not.toThrow();
    // @ts-expect-error and no job the queue does not have
    expect(() => processorOf('mail', { send: handle, bounce: handle })).not.toThrow();
    // @ts-expect-error a job of the mail queue is named as the catalogue names it
    const renamed: QueueJob<'mail'> = { name: 'deliver', data: { messageIds: [] }, opts: { jobId: 'x' } };
    // @ts-expect-error and carries the payload listed for its name
    const reshaped: QueueJob<'reminders'> = { name: 'fire', data: { messageIds: [] }, opts: { jobId: 'x' } };
    expect([renamed.name, reshaped.name]).toEqual(['deliver', 'fire']);
  });
});
