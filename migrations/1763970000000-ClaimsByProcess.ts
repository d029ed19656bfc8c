import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who is sending a message: `outbox_message.claimed_by` is the claiming process's key (the connection setting
 * `tongxin.process`, libs/database process-key.ts). A worker holds a session advisory lock on its key while it lives,
 * so the reconciler can hand back at once the rows of a worker that died (its lock went with its connection), instead
 * of waiting MAIL_SENDING_TIMEOUT_MS; the timeout stays for a worker that hangs without dying.
 */
export class ClaimsByProcess1763970000000 implements MigrationInterface {
  name = 'ClaimsByProcess1763970000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE outbox_message ADD COLUMN claimed_by integer');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE outbox_message DROP COLUMN claimed_by');
  }
}
