import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The second half of an event: who came, and what was agreed.
 * - registration.check_in_code: 8 characters of an unambiguous alphabet (new_check_in_code), unique within the
 *   event, given by default to every row however it is inserted; the rows already there get one now.
 * - event.attended_min_minutes: minutes online (from a meeting platform's export) that count as attending.
 * - attendance: one row per registration that showed up in any way: checked in at the door, joined through the
 *   personal join link, or matched in an imported meeting export (merged minutes, first join, last leave).
 * - unregistered_participant: people in an imported export who match no registration, kept per event by name.
 * - cooperation_intention + intention_party: projects two or more organizations intend (or sign) at the event.
 */
export class Attendance1763870000000 implements MigrationInterface {
  name = 'Attendance1763870000000';

  async up(db: QueryRunner): Promise<void> {
    // As written now; a later change goes into a later migration and into the readable copy in
    // libs/registrations/src/sql/new_check_in_code.sql, which a db spec compares with the database.
    await db.query(NEW_CHECK_IN_CODE);
    await db.query(`ALTER TABLE registration ADD COLUMN check_in_code text`);
    await db.query(`UPDATE registration SET check_in_code = new_check_in_code()`);
    // Two rows of one event drawing the same code (40 random bits) is unlikely; draw again until none do.
    await db.query(`
      DO $$
      BEGIN
        LOOP
          UPDATE registration r SET check_in_code = new_check_in_code()
            FROM (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY event_id, check_in_code ORDER BY id) AS k
                                    FROM registration) d WHERE d.k > 1) dup
           WHERE r.id = dup.id;
          EXIT WHEN NOT FOUND;
        END LOOP;
      END $$`);
    await db.query(`ALTER TABLE registration ALTER COLUMN check_in_code SET DEFAULT new_check_in_code()`);
    await db.query(`ALTER TABLE registration ALTER COLUMN check_in_code SET NOT NULL`);
    await db.query(`ALTER TABLE registration ADD CONSTRAINT registration_check_in_code_format
                      CHECK (check_in_code ~ '^[A-HJ-NP-Z2-9]{8}$')`);
    await db.query(`CREATE UNIQUE INDEX registration_check_in_code_key ON registration (event_id, check_in_code)`);

    await db.query(`ALTER TABLE event ADD COLUMN attended_min_minutes integer NOT NULL DEFAULT 30
                      CHECK (attended_min_minutes BETWEEN 0 AND 1440)`);

    await db.query(`
      CREATE TABLE attendance (
        registration_id   uuid PRIMARY KEY REFERENCES registration (id) ON DELETE CASCADE,
        event_id          uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        checked_in_at     timestamptz,
        checked_in_by     uuid REFERENCES organizer (id) ON DELETE SET NULL,
        first_join_at     timestamptz,
        last_join_at      timestamptz,
        imported_minutes  integer CHECK (imported_minutes >= 0),
        imported_first_at timestamptz,
        imported_last_at  timestamptz,
        updated_at        timestamptz NOT NULL DEFAULT now(),
        CHECK (last_join_at >= first_join_at),
        CHECK (imported_last_at >= imported_first_at)
      )`);
    await db.query(`CREATE INDEX attendance_event ON attendance (event_id)`);

    await db.query(`
      CREATE TABLE unregistered_participant (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id        uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        name_normalized text NOT NULL,
        email           text,
        phone           text,
        minutes         integer NOT NULL DEFAULT 0 CHECK (minutes >= 0),
        first_join_at   timestamptz,
        last_leave_at   timestamptz,
        source          text NOT NULL CHECK (source IN ('tencent', 'zoom', 'table')),
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT unregistered_participant_event_name_key UNIQUE (event_id, name_normalized)
      )`);

    await db.query(`
      CREATE TABLE cooperation_intention (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id   uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        title      text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        field      text NOT NULL CHECK (field IN ('tech_innovation', 'industrial_collaboration', 'charity', 'forum',
                                                  'competition', 'group_standard', 'training', 'research', 'other')),
        status     text NOT NULL CHECK (status IN ('intent', 'negotiating', 'signed')),
        signed_at  timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cooperation_intention_signed_at CHECK ((status = 'signed') = (signed_at IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX cooperation_intention_event ON cooperation_intention (event_id, created_at, id)`);
    await db.query(`
      CREATE TABLE intention_party (
        intention_id    uuid NOT NULL REFERENCES cooperation_intention (id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organization (id),
        PRIMARY KEY (intention_id, organization_id)
      )`);
    await db.query(`CREATE INDEX intention_party_organization ON intention_party (organization_id, intention_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE intention_party, cooperation_intention, unregistered_participant, attendance');
    await db.query('ALTER TABLE event DROP COLUMN attended_min_minutes');
    await db.query('ALTER TABLE registration DROP COLUMN check_in_code');
    await db.query('DROP FUNCTION new_check_in_code()');
  }
}

const NEW_CHECK_IN_CODE = `
CREATE OR REPLACE FUNCTION new_check_in_code()
  RETURNS text
  LANGUAGE sql
  VOLATILE
AS \$function\$
  -- 8 characters from 32 that cannot be mistaken for one another (no 0/O, no 1/I), 5 random bits each, taken from
  -- the random bytes of a version-4 uuid (bytes 6 and 8 carry its version and variant bits, so they are skipped).
  SELECT string_agg(substr('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', (get_byte(r.b, p.i) % 32) + 1, 1), '' ORDER BY p.n)
    FROM (SELECT uuid_send(gen_random_uuid()) AS b) r,
         unnest(ARRAY[0, 1, 2, 3, 4, 5, 7, 9]) WITH ORDINALITY AS p(i, n)
\$function\$
`;
