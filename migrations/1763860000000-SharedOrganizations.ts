import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A credit code proves who an organization is only once a platform administrator verified it, so only verified
 * organizations hold a code exclusively; unverified ones (typed in by organizers or registrants) may share one, and
 * nobody can take a real organization's code by typing it in first. See docs/organizations.md.
 *
 * The indexes on organization_id serve the check that makes an organization read-only to its creator once another
 * organizer's event uses it (PATCH /api/organizations/:id), which looks up hosts, registrations and groups by
 * organization.
 */
export class SharedOrganizations1763860000000 implements MigrationInterface {
  name = 'SharedOrganizations1763860000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE organization DROP CONSTRAINT organization_credit_code_key');
    await db.query(
      'CREATE UNIQUE INDEX organization_verified_credit_code_key ON organization (credit_code) WHERE verified',
    );
    await db.query(
      'CREATE INDEX organization_credit_code_idx ON organization (credit_code) WHERE credit_code IS NOT NULL',
    );

    await db.query('CREATE INDEX event_host_organization_idx ON event_host (organization_id, event_id)');
    await db.query('CREATE INDEX registration_organization_idx ON registration (organization_id, event_id)');
    await db.query(
      'CREATE INDEX registration_group_organization_idx ON registration_group (organization_id, event_id)',
    );
  }

  /**
   * Fails while two organizations share a credit code (PostgreSQL names the duplicated code): an operator decides
   * which keeps it (UPDATE organization SET credit_code = NULL WHERE id = …) before migrating down.
   */
  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX registration_group_organization_idx');
    await db.query('DROP INDEX registration_organization_idx');
    await db.query('DROP INDEX event_host_organization_idx');

    await db.query('DROP INDEX organization_credit_code_idx');
    await db.query('DROP INDEX organization_verified_credit_code_key');
    await db.query('ALTER TABLE organization ADD CONSTRAINT organization_credit_code_key UNIQUE (credit_code)');
  }
}
