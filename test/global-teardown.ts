import { TEST_DATABASE_ROOT, testRun, withAdmin } from '../libs/testing/src/test-env';
import type { TestServices } from '../libs/testing/src/test-services';

/** Drops what this run made (its template, and clones a failed test left behind), then stops the services it started. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.TONGXIN_TEST_TEARDOWN_DONE) return;
  process.env.TONGXIN_TEST_TEARDOWN_DONE = '1';
  const { tongxinTestServices: services } = globalThis as { tongxinTestServices?: TestServices };
  try {
    await withAdmin(async (admin) => {
      const mine = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
        `${TEST_DATABASE_ROOT}${testRun()}\\_%`,
      ]);
      for (const { datname } of mine.rows) await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
    });
  } finally {
    await services?.stop();
  }
}
