import { migrateDatabase } from '../libs/database/src/migrate';
import { databaseUrl, TEMPLATE_DATABASE, TEST_DATABASE_PREFIX, withAdmin } from '../libs/testing/src/test-env';

/** Builds the migrated template database that every e2e test file clones; drops clones a crashed run left. */
export default async function globalSetup(): Promise<void> {
  await withAdmin(async (admin) => {
    const stale = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
      [`${TEST_DATABASE_PREFIX}%`, TEMPLATE_DATABASE],
    );
    for (const { datname } of stale.rows) await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  });
  await migrateDatabase(databaseUrl(TEMPLATE_DATABASE));
}
