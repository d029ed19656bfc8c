import { createTestDatabase, TestDatabase } from '../../testing/src/test-database';
import { inTransaction } from './transaction';

describe('inTransaction', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(4);
    await database.db.query(`CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)`);
  });
  afterAll(() => database.close());

  beforeEach(async () => {
    await database.db.query(`TRUNCATE counter`);
    await database.db.query(`INSERT INTO counter VALUES (1, 0), (2, 0)`);
  });

  /** Two transactions that lock rows 1 and 2 in opposite orders, both holding their first lock before either asks for the second. */
  async function crossedUpdates(retry: boolean) {
    const runs = { first: 0, second: 0 };
    let arrived = 0;
    let release!: () => void;
    const bothHoldTheirFirstLock = new Promise<void>((resolve) => (release = resolve));
    const transfer = (name: 'first' | 'second', [a, b]: [number, number]) =>
      inTransaction(
        database.db,
        async (db) => {
          runs[name] += 1;
          await db.query('UPDATE counter SET n = n + 1 WHERE id = $1', [a]);
          if (runs[name] === 1) {
            if (++arrived === 2) release();
            await bothHoldTheirFirstLock;
          }
          await db.query('UPDATE counter SET n = n + 1 WHERE id = $1', [b]);
          return name;
        },
        { attempts: retry ? 4 : 1 },
      );
    const outcomes = await Promise.allSettled([transfer('first', [1, 2]), transfer('second', [2, 1])]);
    const rows = (await database.db.query('SELECT id, n FROM counter ORDER BY id')) as { id: number; n: number }[];
    return { outcomes, runs, rows };
  }

  it('runs a deadlock victim again, so both transactions commit once', async () => {
    const { outcomes, runs, rows } = await crossedUpdates(true);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(runs.first + runs.second).toBe(3); // one of them was chosen as the victim and ran twice
    expect(rows).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });

  it('gives up after its attempts, with the deadlock error', async () => {
    const { outcomes, rows } = await crossedUpdates(false);
    const rejected = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected).toHaveLength(1);
    expect((rejected[0]!.reason as { driverError?: { code?: string } }).driverError?.code).toBe('40P01');
    expect(rows).toEqual([
      { id: 1, n: 1 },
      { id: 2, n: 1 },
    ]);
  });

  it('does not run again for other errors', async () => {
    let runs = 0;
    await expect(
      inTransaction(database.db, async (db) => {
        runs += 1;
        await db.query('INSERT INTO counter VALUES (1, 0)');
      }),
    ).rejects.toMatchObject({ driverError: { code: '23505' } });
    expect(runs).toBe(1);
  });
});
