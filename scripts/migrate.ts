import { ConfigError, validateEnv } from '@tongxin/config';
import { migrateDatabase } from '@tongxin/database';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (safe to run beside starting apis). */
async function main(): Promise<void> {
  const env = validateEnv(process.env);
  const applied = await migrateDatabase(env.DATABASE_URL);
  console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'database is up to date');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
