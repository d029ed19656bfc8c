import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RegistrationGroupsAndKeys1763820000000 implements MigrationInterface {
  name = 'RegistrationGroupsAndKeys1763820000000';

  async up(db: QueryRunner): Promise<void> {
    // A client's Idempotency-Key: a retried request finds the registration the first one made.
    await db.query(`ALTER TABLE registration ADD COLUMN idempotency_key text CHECK (length(idempotency_key) <= 200)`);
    await db.query(`CREATE UNIQUE INDEX registration_idempotency_key ON registration (event_id, idempotency_key)
                    WHERE idempotency_key IS NOT NULL`);

    // A delegate registering several people of one organization, with one manage link for all of them.
    await db.query(`
      CREATE TABLE registration_group (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id          uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        organization_id   uuid NOT NULL REFERENCES organization (id),
        delegate_name     text NOT NULL,
        delegate_email    text NOT NULL CHECK (delegate_email = lower(delegate_email)),
        delegate_phone    text,
        manage_token_hash bytea NOT NULL CONSTRAINT registration_group_manage_token_key UNIQUE,
        created_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`ALTER TABLE registration ADD COLUMN group_id uuid REFERENCES registration_group (id)`);
    await db.query(`CREATE INDEX registration_group_idx ON registration (group_id) WHERE group_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE registration DROP COLUMN group_id');
    await db.query('DROP TABLE registration_group');
    await db.query('ALTER TABLE registration DROP COLUMN idempotency_key');
  }
}
