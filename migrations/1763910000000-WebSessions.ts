import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browser sessions of the organizer console (/console): a random cookie token, only its SHA-256 stored. The JSON API
 * keeps its bearer tokens; a session ends at logout or at expires_at.
 */
export class WebSessions1763910000000 implements MigrationInterface {
  name = 'WebSessions1763910000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE web_session (
        token_hash bytea PRIMARY KEY,
        organizer_id uuid NOT NULL REFERENCES organizer (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX web_session_organizer ON web_session (organizer_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE web_session');
  }
}
