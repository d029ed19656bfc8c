import { dataSourceOptions } from '@tongxin/database';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { databaseUrl, templateDatabase, testDatabasePrefix, withAdmin } from './test-env';

/** A database of its own, cloned from the migrated template that global setup made. */
export interface ClonedDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function cloneTemplateDatabase(): Promise<ClonedDatabase> {
  const name = `${testDatabasePrefix()}${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateDatabase()}`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export interface TestDatabase {
  /** The TypeORM DataSource query modules take (`db.manager`, or `db.transaction(…)`). */
  db: DataSource;
  url: string;
  close(): Promise<void>;
}

/**
 * The database tier of the tests: a migrated database of the spec's own and a connection pool to it, with no app
 * and no HTTP, so query modules are tested directly (concurrent callers included: poolSize connections at once).
 */
export async function createTestDatabase(poolSize = 60): Promise<TestDatabase> {
  const database = await cloneTemplateDatabase();
  const db = await new DataSource(dataSourceOptions(database.url, poolSize)).initialize();
  return {
    db,
    url: database.url,
    close: async () => {
      await db.destroy();
      await database.drop();
    },
  };
}
