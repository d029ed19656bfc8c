import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mail outbox. Every message owed is a row written in the transaction that owes it; queues only carry ids.
 * Reminders are rows too (event_reminder), so a flushed queue loses no timer. Links in mail get tokens of their own
 * (registration_link), since only hashes are kept and each message needs a plain one.
 */
export class Messages1763840000000 implements MigrationInterface {
  name = 'Messages1763840000000';

  async up(db: QueryRunner): Promise<void> {
    // The iCalendar SEQUENCE: bumped whenever what a calendar shows (title, time, place, link, status) changes.
    await db.query(`ALTER TABLE event ADD COLUMN ics_sequence integer NOT NULL DEFAULT 0`);

    await db.query(`
      CREATE TABLE announcement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        subject text NOT NULL,
        body text NOT NULL,
        audience text NOT NULL CHECK (audience IN ('confirmed', 'waitlisted', 'all')),
        created_by uuid NOT NULL REFERENCES organizer (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE outbox_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        registration_id uuid NOT NULL REFERENCES registration (id) ON DELETE CASCADE,
        announcement_id uuid REFERENCES announcement (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('confirmation', 'approved', 'rejected', 'promoted', 'reminder',
                                           'event_updated', 'event_cancelled', 'registration_cancelled', 'announcement')),
        dedupe_key text NOT NULL UNIQUE,
        payload jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        claimed_at timestamptz,
        sent_at timestamptz,
        recipient text,
        resend_of uuid REFERENCES outbox_message (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX outbox_message_event ON outbox_message (event_id, created_at, id)`);
    await db.query(`CREATE INDEX outbox_message_registration ON outbox_message (registration_id)`);
    await db.query(
      `CREATE INDEX outbox_message_open ON outbox_message (next_attempt_at) WHERE status IN ('queued', 'sending')`,
    );

    await db.query(`
      CREATE TABLE event_reminder (
        event_id uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        schedule_version integer NOT NULL,
        reminder_offset text NOT NULL,
        due_at timestamptz NOT NULL,
        fired_at timestamptz,
        PRIMARY KEY (event_id, schedule_version, reminder_offset)
      )`);
    await db.query(`CREATE INDEX event_reminder_unfired ON event_reminder (due_at) WHERE fired_at IS NULL`);

    await db.query(`
      CREATE TABLE registration_link (
        token_hash bytea PRIMARY KEY,
        registration_id uuid NOT NULL REFERENCES registration (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('manage', 'join', 'unsubscribe')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX registration_link_registration ON registration_link (registration_id)`);

    await db.query(`
      CREATE TABLE announcement_opt_out (
        event_id uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        email_normalized text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, email_normalized)
      )`);

    // Public registration, still one call: claim, insert, and owe the confirmation in the same transaction.
    await db.query('DROP FUNCTION register_and_claim(uuid, uuid, text, text, text, text, text, bytea, text, boolean)');
    await db.query(`
      CREATE FUNCTION register_and_claim(
        p_event uuid, p_org uuid, p_name text, p_email text, p_phone text, p_job_title text, p_locale text,
        p_token_hash bytea, p_idempotency_key text, p_pending boolean
      ) RETURNS TABLE (registration_id uuid, registration_status text, message_id uuid) LANGUAGE plpgsql AS $$
      DECLARE
        claimed boolean := NOT p_pending AND claim_seat(p_event, p_org);
        new_status text := CASE WHEN claimed THEN 'confirmed' WHEN p_pending THEN 'pending' ELSE 'waitlisted' END;
        new_id uuid;
        new_message uuid;
      BEGIN
        INSERT INTO registration (event_id, organization_id, name, email_normalized, phone, job_title, locale, status,
                                  manage_token_hash, idempotency_key, confirmed_at)
        VALUES (p_event, p_org, p_name, p_email, p_phone, p_job_title, p_locale, new_status, p_token_hash,
                p_idempotency_key, CASE WHEN claimed THEN now() END)
        RETURNING id INTO new_id;
        INSERT INTO outbox_message (event_id, registration_id, kind, dedupe_key, payload)
        VALUES (p_event, new_id, 'confirmation', 'confirmation:' || new_id || ':' || p_email,
                jsonb_build_object('status', new_status))
        RETURNING id INTO new_message;
        RETURN QUERY SELECT new_id, new_status, new_message;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP FUNCTION register_and_claim(uuid, uuid, text, text, text, text, text, bytea, text, boolean)');
    await db.query(`
      CREATE FUNCTION register_and_claim(
        p_event uuid, p_org uuid, p_name text, p_email text, p_phone text, p_job_title text, p_locale text,
        p_token_hash bytea, p_idempotency_key text, p_pending boolean
      ) RETURNS TABLE (registration_id uuid, registration_status text) LANGUAGE plpgsql AS $$
      DECLARE
        claimed boolean := NOT p_pending AND claim_seat(p_event, p_org);
        new_status text := CASE WHEN claimed THEN 'confirmed' WHEN p_pending THEN 'pending' ELSE 'waitlisted' END;
        new_id uuid;
      BEGIN
        INSERT INTO registration (event_id, organization_id, name, email_normalized, phone, job_title, locale, status,
                                  manage_token_hash, idempotency_key, confirmed_at)
        VALUES (p_event, p_org, p_name, p_email, p_phone, p_job_title, p_locale, new_status, p_token_hash,
                p_idempotency_key, CASE WHEN claimed THEN now() END)
        RETURNING id INTO new_id;
        RETURN QUERY SELECT new_id, new_status;
      END $$`);
    await db.query('DROP TABLE announcement_opt_out, registration_link, event_reminder, outbox_message, announcement');
    await db.query('ALTER TABLE event DROP COLUMN ics_sequence');
  }
}
