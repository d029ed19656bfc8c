import { markSent } from '@tongxin/outbox';
import type { DataSource } from 'typeorm';

/**
 * Marks messages sent, many per statement: while one UPDATE runs, the marks that arrive wait and go in the next.
 * Each caller's promise settles when its own row is written.
 */
export class SentMarks {
  private waiting: { id: string; email: string; done: () => void; failed: (error: unknown) => void }[] = [];
  private writing = false;

  constructor(private readonly dataSource: DataSource) {}

  sent(id: string, email: string): Promise<void> {
    return new Promise((done, failed) => {
      this.waiting.push({ id, email, done, failed });
      void this.write();
    });
  }

  private async write(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0);
      try {
        await markSent(this.dataSource.manager, batch);
        for (const b of batch) b.done();
      } catch (error) {
        for (const b of batch) b.failed(error);
      }
    }
    this.writing = false;
  }
}
