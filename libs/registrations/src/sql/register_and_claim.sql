-- register_and_claim: public registration in one call, as migrated (created by migration SeatClaimFunctions,
-- replaced by Messages, which added the confirmation, by CheckInCodeRetry, which draws a check-in code again
-- when the event already has the one drawn, by NoSeatAfterCancel, which refuses a cancelled or closed event under
-- the event row's lock, and by RegistrationQuestions, which stores the answers and refuses them when the event's
-- questions changed since they were checked). Migrations stay as they ran; this file is the current definition,
-- kept readable beside the query that calls it (registration.queries.ts registerAndClaim).
-- libs/database/src/sql-functions.db-spec.ts fails when the migrated database defines it differently, so a migration
-- that changes the function must change this file too.
--
-- Claims a seat (unless approval is required: p_pending), inserts the registration and owes its confirmation, in
-- one transaction. A duplicate email or idempotency key raises unique_violation, which aborts the call and with it
-- the claim. A clash of check-in codes (the column default draws 40 random bits) is skipped by ON CONFLICT on that
-- index alone, and the insert tried again with a new code, up to 5 times.
CREATE OR REPLACE FUNCTION register_and_claim(
  p_event uuid, p_org uuid, p_name text, p_email text, p_phone text, p_job_title text, p_locale text,
  p_token_hash bytea, p_idempotency_key text, p_pending boolean, p_answers jsonb, p_questions_version integer
) RETURNS TABLE (registration_id uuid, registration_status text, message_id uuid) LANGUAGE plpgsql AS $$
DECLARE
  claimed boolean := NOT p_pending AND claim_seat(p_event, p_org);
  new_status text := CASE WHEN claimed THEN 'confirmed' WHEN p_pending THEN 'pending' ELSE 'waitlisted' END;
  e record;
  new_id uuid;
  new_message uuid;
BEGIN
  -- Still open and as the caller read it, checked under the event row's lock (taken by the claim, or here after the
  -- organization's counter, the order every path locks in): a cancel, the window's end, or a change to the questions
  -- or to approval that came first refuses the call. The caller may have read the event a moment ago (a cache), so
  -- every fact it relied on is checked here.
  SELECT status, registration_opens_at AS opens_at, registration_closes_at AS closes_at, ends_at, requires_approval,
         questions_version
    INTO e FROM event WHERE id = p_event FOR NO KEY UPDATE;
  IF e.status = 'cancelled' THEN
    RAISE EXCEPTION 'event % is cancelled', p_event USING ERRCODE = 'P0001', HINT = 'EVENT_CANCELLED';
  END IF;
  IF now() >= e.closes_at OR now() < e.opens_at OR now() >= e.ends_at THEN
    RAISE EXCEPTION 'registration for event % is closed', p_event USING ERRCODE = 'P0001', HINT = 'REGISTRATION_CLOSED';
  END IF;
  -- The answers were checked against this version of the questions, and the status follows the approval setting read.
  IF e.questions_version <> p_questions_version OR e.requires_approval <> p_pending THEN
    RAISE EXCEPTION 'event % changed', p_event USING ERRCODE = 'P0001', HINT = 'EVENT_CHANGED';
  END IF;
  -- Each try draws a new check-in code (the column default); only a clash of codes is skipped and tried again.
  FOR attempt IN 1..5 LOOP
    INSERT INTO registration (event_id, organization_id, name, email_normalized, phone, job_title, locale, status,
                              manage_token_hash, idempotency_key, confirmed_at, answers)
    VALUES (p_event, p_org, p_name, p_email, p_phone, p_job_title, p_locale, new_status, p_token_hash,
            p_idempotency_key, CASE WHEN claimed THEN now() END, p_answers)
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
