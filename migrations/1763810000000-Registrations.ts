import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Registrations1763810000000 implements MigrationInterface {
  name = 'Registrations1763810000000';

  async up(db: QueryRunner): Promise<void> {
    // One counter row per (event, organization). The event's per-organization limit is copied onto the row so a
    // CHECK can back the quota, as event_confirmed_within_capacity backs the capacity.
    await db.query(`
      CREATE TABLE event_organization (
        event_id        uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organization (id),
        org_limit       integer CHECK (org_limit > 0),
        confirmed_count integer NOT NULL DEFAULT 0 CHECK (confirmed_count >= 0),
        PRIMARY KEY (event_id, organization_id),
        CONSTRAINT event_organization_within_limit CHECK (org_limit IS NULL OR confirmed_count <= org_limit)
      )`);

    await db.query(`
      CREATE TABLE registration (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id          uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        organization_id   uuid NOT NULL REFERENCES organization (id),
        name              text NOT NULL,
        email_normalized  text NOT NULL CHECK (email_normalized = lower(email_normalized)),
        phone             text,
        job_title         text,
        locale            text NOT NULL CHECK (locale IN ('zh', 'en')),
        status            text NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'pending', 'cancelled', 'rejected')),
        source            text NOT NULL DEFAULT 'self' CHECK (source IN ('self', 'group', 'import', 'walk_in')),
        manage_token_hash bytea NOT NULL CONSTRAINT registration_manage_token_key UNIQUE,
        created_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        confirmed_at      timestamptz,
        cancelled_at      timestamptz,
        CONSTRAINT registration_event_email_key UNIQUE (event_id, email_normalized)
      )`);
    await db.query(`CREATE INDEX registration_event_time_idx ON registration (event_id, created_at, id)`);
    await db.query(
      `CREATE INDEX registration_waitlist_idx ON registration (event_id, created_at) WHERE status = 'waitlisted'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE registration');
    await db.query('DROP TABLE event_organization');
  }
}
