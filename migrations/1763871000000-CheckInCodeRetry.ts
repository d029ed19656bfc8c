import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Check-in codes without the rare failure, and walk-ins admitted beyond capacity on record.
 * - register_and_claim: a registration whose drawn check-in code another registration of the event already holds
 *   (40 random bits: rare, not impossible) draws again instead of failing. `ON CONFLICT (event_id, check_in_code) DO
 *   NOTHING` skips only that conflict (a duplicate email or idempotency key still raises, as before), and the column
 *   default draws a new code on each try. Readable copy: libs/registrations/src/sql/register_and_claim.sql.
 * - attendance.admitted_over_capacity: a walk-in let in although the event (or the organization's quota) was full;
 *   the capacity (or quota) was raised by one in the same transaction, so the CHECK constraints still hold.
 */
export class CheckInCodeRetry1763871000000 implements MigrationInterface {
  name = 'CheckInCodeRetry1763871000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION register_and_claim(
        p_event uuid, p_org uuid, p_name text, p_email text, p_phone text, p_job_title text, p_locale text,
        p_token_hash bytea, p_idempotency_key text, p_pending boolean
      ) RETURNS TABLE (registration_id uuid, registration_status text, message_id uuid) LANGUAGE plpgsql AS $$
      DECLARE
        claimed boolean := NOT p_pending AND claim_seat(p_event, p_org);
        new_status text := CASE WHEN claimed THEN 'confirmed' WHEN p_pending THEN 'pending' ELSE 'waitlisted' END;
        new_id uuid;
        new_message uuid;
      BEGIN
        -- Each try draws a new check-in code (the column default); only a clash of codes is skipped and tried again.
        FOR attempt IN 1..5 LOOP
          INSERT INTO registration (event_id, organization_id, name, email_normalized, phone, job_title, locale, status,
                                    manage_token_hash, idempotency_key, confirmed_at)
          VALUES (p_event, p_org, p_name, p_email, p_phone, p_job_title, p_locale, new_status, p_token_hash,
                  p_idempotency_key, CASE WHEN claimed THEN now() END)
          ON CONFLICT (event_id, check_in_code) DO NOTHING
          RETURNING id INTO new_id;
          EXIT WHEN new_id IS NOT NULL;
        END LOOP;
        IF new_id IS NULL THEN
          RAISE EXCEPTION 'no free check-in code for event % after 5 draws', p_event
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'registration_check_in_code_key';
        END IF;
        INSERT INTO outbox_message (event_id, registration_id, kind, dedupe_key, payload)
        VALUES (p_event, new_id, 'confirmation', 'confirmation:' || new_id || ':' || p_email,
                jsonb_build_object('status', new_status))
        RETURNING id INTO new_message;
        RETURN QUERY SELECT new_id, new_status, new_message;
      END $$`);
    await db.query(`ALTER TABLE attendance ADD COLUMN admitted_over_capacity boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE attendance DROP COLUMN admitted_over_capacity');
    await db.query(`
      CREATE OR REPLACE FUNCTION register_and_claim(
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
}
