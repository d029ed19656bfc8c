import { migrateDatabase } from '../libs/database/src/migrate';
import { databaseUrl, TEST_DATABASE_ROOT, templateDatabase, withAdmin } from '../libs/testing/src/test-env';
import { ensureTestServices, TestServices } from '../libs/testing/src/test-services';

/** What this run started, for global teardown (jest runs both in its main process). */
const run = globalThis as { tongxinTestServices?: TestServices };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A run stopped by a signal skips global teardown: stop what it started first, then die of that signal. */
function stopOnSignals(services: TestServices): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      void services.stop().finally(() => process.kill(process.pid, signal));
    });
  }
}

/**
 * Starts PostgreSQL and Redis for the run when none answers (test-services.ts), builds this run's migrated template,
 * which every e2e and db spec clones, and drops the databases of runs whose jest process is gone (a crashed or killed
 * run), never those of a run still going. Runs once per jest run, however many projects name it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TONGXIN_TEST_RUN) return;
  process.env.TONGXIN_TEST_RUN = String(process.pid);
  const services = await ensureTestServices((line) => console.log(`\n[tongxin] ${line}`));
  if (services.started.length > 0) {
    run.tongxinTestServices = services;
    stopOnSignals(services);
  }
  try {
    await buildTemplate();
  } catch (error) {
    await services.stop(); // jest runs no teardown when setup fails
    throw error;
  }
}

async function buildTemplate(): Promise<void> {
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
