import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../testing/src/test-database';

/**
 * The SQL functions' readable homes (libs/<lib>/src/sql/<function>.sql) against what the migrations made: each file
 * must define its function exactly as the migrated database does (arguments, result, language, body; whitespace
 * aside), and every function the migrations define must have a file. A migration that changes a function therefore
 * changes its file in the same commit, and the file never silently drifts from the database.
 */
const LIBS = path.resolve(__dirname, '../..');
const files = readdirSync(LIBS).flatMap((lib) => {
  const dir = path.join(LIBS, lib, 'src', 'sql');
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
});

/** CREATE OR REPLACE FUNCTION as PostgreSQL prints it, schema-free, with every run of whitespace made one space. */
const normalized = (definition: string, schema: string) =>
  definition.replaceAll(`${schema}.`, '').replace(/\s+/g, ' ').trim();

describe('SQL function files', () => {
  let database: TestDatabase;
  beforeAll(async () => (database = await createTestDatabase(2)));
  afterAll(() => database.close());

  const definitions = async (schema: string, db: EntityManager = database.db.manager) =>
    (await db.query(
      `SELECT p.proname AS name, pg_get_functiondef(p.oid) AS definition
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = $1 AND p.prokind = 'f'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
        ORDER BY p.proname`,
      [schema],
    )) as { name: string; definition: string }[];

  it('finds the files', () => {
    expect(files.map((f) => path.basename(f)).sort()).toEqual(
      expect.arrayContaining(['claim_seat.sql', 'register_and_claim.sql']),
    );
  });

  it('has one file per function the migrations define, named after it', async () => {
    const migrated = (await definitions('public')).map((f) => f.name);
    expect(migrated.map((name) => `${name}.sql`).sort()).toEqual(files.map((f) => path.basename(f)).sort());
  });

  it.each(files.map((file) => [path.relative(LIBS, file), file]))(
    '%s defines its function as the migrated database does',
    async (_, file) => {
      const name = path.basename(file, '.sql');
      const scratch = `sql_file_${name}`;
      // The file runs in a schema of its own, in a transaction rolled back afterwards: the database keeps its functions.
      const runner = database.db.createQueryRunner();
      await runner.startTransaction();
      let fromFile: { name: string; definition: string }[];
      try {
        await runner.query(`CREATE SCHEMA ${scratch}`);
        await runner.query(`SET LOCAL search_path = ${scratch}`);
        await runner.query(readFileSync(file, 'utf8'));
        fromFile = await definitions(scratch, runner.manager);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
      expect(fromFile.map((f) => f.name)).toEqual([name]);
      const migrated = (await definitions('public')).find((f) => f.name === name);
      expect(migrated).toBeDefined();
      expect(normalized(fromFile[0]!.definition, scratch)).toBe(normalized(migrated!.definition, 'public'));
    },
  );
});
