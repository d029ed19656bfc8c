import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the event summary (libs/summaries/src/summary.queries.ts), measured with `npm run bench -- summary`
 * (100,000 registrations, docs/benchmarks.md):
 * - registration (event_id, id) INCLUDE (organization_id, status) and attendance (event_id, registration_id)
 *   INCLUDE (the three ways of attending): both sides of the per-organization aggregate read in registration order
 *   from the index alone, so it is a merge join instead of hashing 100,000 uuids;
 * - outbox_message (event_id, kind, status): messages sent and failed by kind from the index alone.
 */
export class SummaryIndexes1763880000000 implements MigrationInterface {
  name = 'SummaryIndexes1763880000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      'CREATE INDEX registration_event_id_covering ON registration (event_id, id) INCLUDE (organization_id, status)',
    );
    await db.query(`CREATE INDEX attendance_event_registration ON attendance (event_id, registration_id)
                      INCLUDE (checked_in_at, first_join_at, imported_minutes)`);
    await db.query('CREATE INDEX outbox_message_event_kind ON outbox_message (event_id, kind, status)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      'DROP INDEX outbox_message_event_kind, attendance_event_registration, registration_event_id_covering',
    );
  }
}
