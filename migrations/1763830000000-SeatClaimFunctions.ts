import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The seat-claim rule as SQL functions, so the hot path of registration is one round trip and its row locks are
 * held only inside PostgreSQL (never while the api process is busy), and every path claims by the same code.
 */
export class SeatClaimFunctions1763830000000 implements MigrationInterface {
  name = 'SeatClaimFunctions1763830000000';

  async up(db: QueryRunner): Promise<void> {
    // Locks the organization's counter row, then the event row (the order every path uses), and takes one seat
    // only if both have room. Returns whether it did.
    await db.query(`
      CREATE FUNCTION claim_seat(p_event uuid, p_org uuid) RETURNS boolean LANGUAGE plpgsql AS $$
      DECLARE
        has_room boolean;
      BEGIN
        SELECT org_limit IS NULL OR confirmed_count < org_limit INTO has_room
          FROM event_organization WHERE event_id = p_event AND organization_id = p_org FOR UPDATE;
        IF NOT FOUND THEN
          INSERT INTO event_organization (event_id, organization_id, org_limit)
          SELECT id, p_org, per_organization_limit FROM event WHERE id = p_event
          ON CONFLICT (event_id, organization_id) DO NOTHING;
          SELECT org_limit IS NULL OR confirmed_count < org_limit INTO has_room
            FROM event_organization WHERE event_id = p_event AND organization_id = p_org FOR UPDATE;
        END IF;
        IF NOT has_room THEN
          RETURN false;
        END IF;
        UPDATE event SET confirmed_count = confirmed_count + 1
         WHERE id = p_event AND (capacity IS NULL OR confirmed_count < capacity);
        IF NOT FOUND THEN
          RETURN false;
        END IF;
        UPDATE event_organization SET confirmed_count = confirmed_count + 1
         WHERE event_id = p_event AND organization_id = p_org;
        RETURN true;
      END $$`);

    // Public registration in one call: claim (unless approval is required), then insert. A duplicate email or
    // idempotency key raises unique_violation, which aborts the call and with it the claim.
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
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP FUNCTION register_and_claim(uuid, uuid, text, text, text, text, text, bytea, text, boolean)');
    await db.query('DROP FUNCTION claim_seat(uuid, uuid)');
  }
}
