import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'confirmation', 'approved', 'rejected', 'promoted', 'reminder', 'event_updated', 'event_cancelled',
                      'registration_cancelled', 'announcement', 'group_link', 'link_request', 'thank_you', 'summary'`;

/**
 * Forgotten passwords. A request writes a password_reset row (valid one hour) and, in the same transaction, owes the
 * organizer a `password_reset` message: the first message about no event (outbox_message.event_id becomes nullable,
 * and a CHECK keeps every other kind tied to its event). The link's token is issued when the mail is sent (like the
 * registration links: no plain token is kept anywhere), so token_hash is null until then and replaced if the mail is
 * sent again. Using the link sets used_at in the statement that checks it (single use).
 */
export class PasswordResets1763920000000 implements MigrationInterface {
  name = 'PasswordResets1763920000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE password_reset (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organizer_id uuid NOT NULL REFERENCES organizer (id) ON DELETE CASCADE,
        token_hash bytea UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CHECK (expires_at > created_at)
      )`);
    await db.query('CREATE INDEX password_reset_organizer ON password_reset (organizer_id) WHERE used_at IS NULL');

    await db.query(
      `ALTER TABLE outbox_message ADD COLUMN password_reset_id uuid REFERENCES password_reset (id) ON DELETE CASCADE`,
    );
    await db.query(`ALTER TABLE outbox_message ALTER COLUMN event_id DROP NOT NULL`);
    // A message is about an event, except an account's own mail (the reset link), which is about none.
    await db.query(`ALTER TABLE outbox_message ADD CONSTRAINT outbox_message_event_check
                      CHECK ((event_id IS NULL) = (kind = 'password_reset'))`);
    await db.query(`ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_kind_check`);
    await db.query(`ALTER TABLE outbox_message ADD CONSTRAINT outbox_message_kind_check
                      CHECK (kind IN (${KINDS_BEFORE}, 'password_reset'))`);
    await db.query(`ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_addressee_check`);
    await db.query(`ALTER TABLE outbox_message ADD CONSTRAINT outbox_message_addressee_check CHECK (
                      CASE kind WHEN 'group_link' THEN group_id IS NOT NULL
                                WHEN 'link_request' THEN payload ? 'email'
                                WHEN 'summary' THEN organizer_id IS NOT NULL
                                WHEN 'password_reset' THEN organizer_id IS NOT NULL AND password_reset_id IS NOT NULL
                                ELSE registration_id IS NOT NULL END)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM outbox_message WHERE kind = 'password_reset'`);
    await db.query(`ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_addressee_check`);
    await db.query(`ALTER TABLE outbox_message ADD CONSTRAINT outbox_message_addressee_check CHECK (
                      CASE kind WHEN 'group_link' THEN group_id IS NOT NULL
                                WHEN 'link_request' THEN payload ? 'email'
                                WHEN 'summary' THEN organizer_id IS NOT NULL
                                ELSE registration_id IS NOT NULL END)`);
    await db.query(`ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_kind_check`);
    await db.query(
      `ALTER TABLE outbox_message ADD CONSTRAINT outbox_message_kind_check CHECK (kind IN (${KINDS_BEFORE}))`,
    );
    await db.query(`ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_event_check`);
    await db.query(`ALTER TABLE outbox_message ALTER COLUMN event_id SET NOT NULL`);
    await db.query(`ALTER TABLE outbox_message DROP COLUMN password_reset_id`);
    await db.query('DROP TABLE password_reset');
  }
}
