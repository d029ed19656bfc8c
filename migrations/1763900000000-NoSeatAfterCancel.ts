import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * No seat for an event that is cancelled or closed, decided under the lock that claims the seat. Registrations
 * racing an organizer's cancel could land after it (the status was only read before the call):
 * - claim_seat gives no seat once the event is cancelled (checked in the UPDATE that takes the seat, so a cancel
 *   that committed while the claim waited for the event row is seen);
 * - register_and_claim locks the event row (after the organization's counter, the order every path uses) and
 *   refuses a cancelled event (P0001, HINT EVENT_CANCELLED) or one whose registration window has closed
 *   (HINT REGISTRATION_CLOSED), writing nothing.
 * Readable copies: libs/events/src/sql/claim_seat.sql, libs/registrations/src/sql/register_and_claim.sql.
 */
export class NoSeatAfterCancel1763900000000 implements MigrationInterface {
  name = 'NoSeatAfterCancel1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(CLAIM_SEAT);
    await db.query(REGISTER_AND_CLAIM);
  }

  async down(): Promise<void> {
    // The earlier definitions are in SeatClaimFunctions and CheckInCodeRetry; going down keeps these (stricter) ones.
  }
}

const CLAIM_SEAT = `
CREATE OR REPLACE FUNCTION claim_seat(p_event uuid, p_org uuid) RETURNS boolean LANGUAGE plpgsql AS $$
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
  -- A cancel that committed while this waited for the event row is seen here (the row is read again once locked).
  UPDATE event SET confirmed_count = confirmed_count + 1
   WHERE id = p_event AND status <> 'cancelled' AND (capacity IS NULL OR confirmed_count < capacity);
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  UPDATE event_organization SET confirmed_count = confirmed_count + 1
   WHERE event_id = p_event AND organization_id = p_org;
  RETURN true;
END $$;
`;

const REGISTER_AND_CLAIM = `
CREATE OR REPLACE FUNCTION register_and_claim(
  p_event uuid, p_org uuid, p_name text, p_email text, p_phone text, p_job_title text, p_locale text,
  p_token_hash bytea, p_idempotency_key text, p_pending boolean
) RETURNS TABLE (registration_id uuid, registration_status text, message_id uuid) LANGUAGE plpgsql AS $$
DECLARE
  claimed boolean := NOT p_pending AND claim_seat(p_event, p_org);
  new_status text := CASE WHEN claimed THEN 'confirmed' WHEN p_pending THEN 'pending' ELSE 'waitlisted' END;
  event_status text;
  closes_at timestamptz;
  new_id uuid;
  new_message uuid;
BEGIN
  -- Still open, checked under the event row's lock (taken by the claim, or here after the organization's counter,
  -- the order every path locks in): a cancel or the registration window's end that came first refuses the call.
  SELECT status, registration_closes_at INTO event_status, closes_at FROM event WHERE id = p_event FOR NO KEY UPDATE;
  IF event_status = 'cancelled' THEN
    RAISE EXCEPTION 'event % is cancelled', p_event USING ERRCODE = 'P0001', HINT = 'EVENT_CANCELLED';
  END IF;
  IF closes_at IS NOT NULL AND now() >= closes_at THEN
    RAISE EXCEPTION 'registration for event % is closed', p_event USING ERRCODE = 'P0001', HINT = 'REGISTRATION_CLOSED';
  END IF;
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
END $$;
`;
