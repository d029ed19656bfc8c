import { migrateDatabase } from '../libs/database/src/migrate';
import { databaseUrl, TEST_DATABASE_ROOT, templateDatabase, withAdmin } from '../libs/testing/src/test-env';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Builds this run's migrated template, which every e2e and db spec clones, and drops the databases of runs whose
 * jest process is gone (a crashed or killed run), never those of a run still going. Runs once per jest run, however
 * many projects name it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TONGXIN_TEST_RUN) return;
  process.env.TONGXIN_TEST_RUN = String(process.pid);
  await withAdmin(async (admin) => {
    const existing = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${TEST_DATABASE_ROOT}%`,
    ]);
    for (const { datname } of existing.rows) {
      const run = /^tongxin_t(\d+)_/.exec(datname)?.[1];
      if (run === undefined || !alive(Number(run))) await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE ${templateDatabase()}`);
  });
  await migrateDatabase(databaseUrl(templateDatabase()));
}
