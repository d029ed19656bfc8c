-- claim_seat: the one implementation of the seat rule, as migrated (created by migration SeatClaimFunctions; NoSeatAfterCancel
-- made a cancelled event give no seat).
-- Migrations stay as they ran; this file is the current definition, kept readable beside the queries that call it
-- (seat.queries.ts). libs/database/src/sql-functions.db-spec.ts fails when the migrated database defines it
-- differently, so a migration that changes the function must change this file too.
--
-- Locks the organization's counter row, then the event row (the order every path uses), and takes one seat only if
-- both have room. Returns whether it did.
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
