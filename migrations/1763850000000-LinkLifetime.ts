import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'confirmation', 'approved', 'rejected', 'promoted', 'reminder', 'event_updated', 'event_cancelled',
                      'registration_cancelled', 'announcement'`;

/**
 * Links with a lifetime, and links that can be had again. Expiry itself needs no column: a link stops working
 * LINK_TTL_DAYS after its event's ends_at, worked out when the link is used. What this adds:
 * - registration_group_link: group links issued by mail (only hashes are kept, so each mail needs its own token);
 * - registration.link_generation, stamped on every registration_link: handing a place to someone else bumps it, so
 *   a link issued to the previous person (even by a send racing the hand-over) never matches again;
 * - registration_group.locale: the delegate's language, for the group-link mail;
 * - outbox messages addressed to a delegate (group_link, by group_id) or to an address that asked for its links
 *   again (link_request, the address in payload.email, resolved when the message is sent).
 */
export class LinkLifetime1763850000000 implements MigrationInterface {
  name = 'LinkLifetime1763850000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE registration_group_link (
        token_hash bytea PRIMARY KEY,
        group_id uuid NOT NULL REFERENCES registration_group (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX registration_group_link_group ON registration_group_link (group_id)`);

    await db.query(`ALTER TABLE registration ADD COLUMN link_generation integer NOT NULL DEFAULT 0`);
    await db.query(`ALTER TABLE registration_link ADD COLUMN generation integer NOT NULL DEFAULT 0`);

    await db.query(`ALTER TABLE registration_group ADD COLUMN locale text CHECK (locale IN ('zh', 'en'))`);
    await db.query(`UPDATE registration_group g SET locale = e.language FROM event e WHERE e.id = g.event_id`);
    await db.query(`ALTER TABLE registration_group ALTER COLUMN locale SET NOT NULL`);

    await db.query(`ALTER TABLE outbox_message ALTER COLUMN registration_id DROP NOT NULL`);
    await db.query(
      `ALTER TABLE outbox_message ADD COLUMN group_id uuid REFERENCES registration_group (id) ON DELETE CASCADE`,
    );
    await db.query(`CREATE INDEX outbox_message_group ON outbox_message (group_id) WHERE group_id IS NOT NULL`);
    await db.query(`ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_kind_check`);
    await db.query(`ALTER TABLE outbox_message ADD CONSTRAINT outbox_message_kind_check
                      CHECK (kind IN (${KINDS_BEFORE}, 'group_link', 'link_request'))`);
    // Every message knows whom it is for: a registration, a group's delegate, or the address that asked.
    await db.query(`ALTER TABLE outbox_message ADD CONSTRAINT outbox_message_addressee_check CHECK (
                      CASE kind WHEN 'group_link' THEN group_id IS NOT NULL
                                WHEN 'link_request' THEN payload ? 'email'
                                ELSE registration_id IS NOT NULL END)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM outbox_message WHERE kind IN ('group_link', 'link_request')`);
    await db.query(`ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_addressee_check`);
    await db.query(`ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_kind_check`);
    await db.query(
      `ALTER TABLE outbox_message ADD CONSTRAINT outbox_message_kind_check CHECK (kind IN (${KINDS_BEFORE}))`,
    );
    await db.query(`ALTER TABLE outbox_message DROP COLUMN group_id`);
    await db.query(`ALTER TABLE outbox_message ALTER COLUMN registration_id SET NOT NULL`);
    await db.query(`ALTER TABLE registration_group DROP COLUMN locale`);
    // Links of an older generation belonged to someone a place was handed away from: they must not come back.
    await db.query(
      `DELETE FROM registration_link l USING registration r WHERE r.id = l.registration_id AND l.generation <> r.link_generation`,
    );
    await db.query(`ALTER TABLE registration_link DROP COLUMN generation`);
    await db.query(`ALTER TABLE registration DROP COLUMN link_generation`);
    await db.query(`DROP TABLE registration_group_link`);
  }
}
