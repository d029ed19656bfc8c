import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registration questions. An event keeps its questions as one JSONB array (`event.questions`: the definitions, in
 * order, removed ones marked), read with the event in the statement registration already makes;
 * `questions_version` moves with every change, and register_and_claim compares it under the event row's lock, so
 * no answer is stored against definitions that changed meanwhile (an option removed as someone picked it).
 * `narrative_question` names the question whose breakdown the summary's narrative mentions.
 *
 * A registration keeps its answers as one JSONB object keyed by question key (`registration.answers`), written by
 * the same INSERT that writes the registration (no second table, no extra round trip on the hot path), deleted with
 * it. Every reader asks per event, so the event_id indexes registration already has serve them; the summary's
 * counts read the answers of one event's rows once, in the statement that joins attendance.
 *
 * A group keeps the answers its delegate gives once for the whole group (`registration_group.answers`, the questions
 * not asked of each person): they are stored on every person of the group too, and on a person added later.
 *
 * register_and_claim takes the answers and the version of the questions they were checked against, and checks under
 * the event row's lock every fact of the event the caller relied on (open window, approval, questions), so the api
 * may read the event from a short cache (readable copy: libs/registrations/src/sql/register_and_claim.sql).
 */
export class RegistrationQuestions1763930000000 implements MigrationInterface {
  name = 'RegistrationQuestions1763930000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE event
                      ADD COLUMN questions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(questions) = 'array'),
                      ADD COLUMN questions_version integer NOT NULL DEFAULT 1,
                      ADD COLUMN narrative_question text`);
    await db.query(`ALTER TABLE registration
                      ADD COLUMN answers jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(answers) = 'object')`);
    await db.query(`ALTER TABLE registration_group
                      ADD COLUMN answers jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(answers) = 'object')`);
    await db.query('DROP FUNCTION register_and_claim(uuid, uuid, text, text, text, text, text, bytea, text, boolean)');
    await db.query(REGISTER_AND_CLAIM);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      'DROP FUNCTION register_and_claim(uuid, uuid, text, text, text, text, text, bytea, text, boolean, jsonb, integer)',
    );
    await db.query(PREVIOUS_REGISTER_AND_CLAIM);
    await db.query('ALTER TABLE registration_group DROP COLUMN answers');
    await db.query('ALTER TABLE registration DROP COLUMN answers');
    await db.query(
      'ALTER TABLE event DROP COLUMN questions, DROP COLUMN questions_version, DROP COLUMN narrative_question',
    );
  }
}

const REGISTER_AND_CLAIM = `
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
`;

const PREVIOUS_REGISTER_AND_CLAIM = `
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
