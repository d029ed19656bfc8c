import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'confirmation', 'approved', 'rejected', 'promoted', 'reminder', 'event_updated', 'event_cancelled',
                      'registration_cancelled', 'announcement', 'group_link', 'link_request'`;

/**
 * After the event: one timer per event (event_followup), due POST_EVENT_DELAY_MINUTES after it ends, written when
 * the event is published and moved when its end moves (each move bumps schedule_version, so the delayed job of the
 * old time fires into nothing). When it fires, every attendee is owed a `thank_you` and every owner and manager a
 * `summary`: the first message addressed to an organizer (outbox_message.organizer_id).
 *
 * Events published before this migration whose end is still ahead get their timer here, with the default delay
 * (120 minutes): the setting is not known to a migration.
 */
export class PostEventFollowup1763890000000 implements MigrationInterface {
  name = 'PostEventFollowup1763890000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE event_followup (
        event_id uuid PRIMARY KEY REFERENCES event (id) ON DELETE CASCADE,
        due_at timestamptz NOT NULL,
        schedule_version integer NOT NULL DEFAULT 1,
        fired_at timestamptz
      )`);
    await db.query(`CREATE INDEX event_followup_unfired ON event_followup (due_at) WHERE fired_at IS NULL`);
    await db.query(`INSERT INTO event_followup (event_id, due_at)
                    SELECT id, ends_at + interval '120 minutes' FROM event WHERE status = 'published' AND ends_at > now()`);

    await db.query(
      `ALTER TABLE outbox_message ADD COLUMN organizer_id uuid REFERENCES organizer (id) ON DELETE CASCADE`,
    );
    await db.query(
      `CREATE INDEX outbox_message_organizer ON outbox_message (organizer_id) WHERE organizer_id IS NOT NULL`,
    );
    await db.query(`ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_kind_check`);
    await db.query(`ALTER TABLE outbox_message ADD CONSTRAINT outbox_message_kind_check
                      CHECK (kind IN (${KINDS_BEFORE}, 'thank_you', 'summary'))`);
    await db.query(`ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_addressee_check`);
    // Every message knows whom it is for: a registration, a group's delegate, an address that asked, or an organizer.
    await db.query(`ALTER TABLE outbox_message ADD CONSTRAINT outbox_message_addressee_check CHECK (
                      CASE kind WHEN 'group_link' THEN group_id IS NOT NULL
                                WHEN 'link_request' THEN payload ? 'email'
                                WHEN 'summary' THEN organizer_id IS NOT NULL
                                ELSE registration_id IS NOT NULL END)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM outbox_message WHERE kind IN ('thank_you', 'summary')`);
    await db.query(`ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_addressee_check`);
    await db.query(`ALTER TABLE outbox_message ADD CONSTRAINT outbox_message_addressee_check CHECK (
                      CASE kind WHEN 'group_link' THEN group_id IS NOT NULL
                                WHEN 'link_request' THEN payload ? 'email'
                                ELSE registration_id IS NOT NULL END)`);
    await db.query(`ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_kind_check`);
    await db.query(
      `ALTER TABLE outbox_message ADD CONSTRAINT outbox_message_kind_check CHECK (kind IN (${KINDS_BEFORE}))`,
    );
    await db.query(`ALTER TABLE outbox_message DROP COLUMN organizer_id`);
    await db.query(`DROP TABLE event_followup`);
  }
}
