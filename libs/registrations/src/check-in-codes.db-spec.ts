import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { eventById } from '@tongxin/events';
import { seedEvent, seedOrganizations } from '../../testing/src/factories';
import { createTestDatabase, TestDatabase } from '../../testing/src/test-database';
import { newPerson } from './registration-steps';
import { insertRegistrations, registerAndClaim, registrationById } from './registration.queries';

/**
 * Two registrations of one event drawing the same check-in code (40 random bits) is rare; both insert paths then draw
 * again instead of failing. The clash is forced here: new_check_in_code() (the column default) is replaced, in this
 * spec's own database, by one that hands out a chosen code for its first draws and random ones after.
 */
describe('check-in code clashes', () => {
  let database: TestDatabase;
  let source: DataSource;
  let db: EntityManager;
  beforeAll(async () => {
    database = await createTestDatabase(4);
    source = database.db;
    db = source.manager;
    await db.query('CREATE SEQUENCE forced_draws');
  });
  afterAll(() => database.close());

  /** The next `draws` codes drawn are `code`; the ones after are random. */
  const forceCodes = async (runner: EntityManager, code: string, draws: number) => {
    await runner.query(`SELECT setval('forced_draws', 1, false)`);
    await runner.query(`
      CREATE OR REPLACE FUNCTION new_check_in_code() RETURNS text LANGUAGE sql VOLATILE AS $function$
        SELECT CASE WHEN nextval('forced_draws') <= ${draws} THEN '${code}'
                    ELSE (SELECT string_agg(substr('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 1 + floor(random() * 32)::int, 1), '')
                            FROM generate_series(1, 8)) END
      $function$`);
  };
  /** Runs with forced codes in a transaction rolled back afterwards, so the real function comes back. */
  const withForcedCodes = async (code: string, draws: number, run: (tx: EntityManager) => Promise<void>) => {
    const runner = source.createQueryRunner();
    await runner.startTransaction();
    try {
      await forceCodes(runner.manager, code, draws);
      await run(runner.manager);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  };
  /** How many codes were drawn since the last forceCodes. */
  const draws = async (runner: EntityManager) =>
    Number(((await runner.query('SELECT last_value FROM forced_draws')) as { last_value: string }[])[0]!.last_value);
  const person = (email: string) => newPerson({ name: '参会者', email }, 'zh');
  const row = (organizationId: string, email: string) => ({
    ...person(email),
    organizationId,
    groupId: null,
    status: 'confirmed' as const,
    source: 'import' as const,
  });
  const existing = async () => {
    const event = await seedEvent(db, { capacity: 10 });
    const [org] = await seedOrganizations(db, 1);
    const [first] = await insertRegistrations(db, event.id, [row(org!, 'first@example.org')]);
    return { event, org: org!, code: first!.checkInCode };
  };

  it('register_and_claim draws again when the event has the code, and claims one seat', async () => {
    const { event, org, code } = await existing();
    await withForcedCodes(code, 2, async (tx) => {
      const created = await registerAndClaim(tx, event, org, {
        ...person('second@example.org'),
        idempotencyKey: null,
      });
      expect(created?.status).toBe('confirmed');
      const second = (await registrationById(tx, created!.id))!;
      expect(second.checkInCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
      expect(second.checkInCode).not.toBe(code);
      expect((await eventById(tx, event.id))!.confirmedCount).toBe(1);
    });
  });

  it('register_and_claim fails, rather than reporting a duplicate, when every one of its 5 draws clashes', async () => {
    const { event, org, code } = await existing();
    await withForcedCodes(code, 5, async (tx) => {
      await expect(
        registerAndClaim(tx, event, org, { ...person('unlucky@example.org'), idempotencyKey: null }),
      ).rejects.toMatchObject({
        driverError: expect.objectContaining({ constraint: 'registration_check_in_code_key' }),
      });
    });
  });

  it('insertRegistrations runs its statement again inside a transaction, keeping the work done before it', async () => {
    const { event, org, code } = await existing();
    await withForcedCodes(code, 1, async (tx) => {
      const [before] = await insertRegistrations(tx, event.id, [row(org, 'before@example.org')]);
      expect(before!.checkInCode).not.toBe(code);
      expect(await draws(tx)).toBe(2);
      // Rows of one batch clash with each other too: the first two draws of this batch are the same code.
      await forceCodes(tx, 'ABCDEFGH', 2);
      const batch = await insertRegistrations(tx, event.id, [
        row(org, 'a@example.org'),
        row(org, 'b@example.org'),
        row(org, 'c@example.org'),
      ]);
      expect(batch.map((r) => r.email)).toEqual(['a@example.org', 'b@example.org', 'c@example.org']);
      expect(new Set([code, before!.checkInCode, ...batch.map((r) => r.checkInCode)]).size).toBe(5);
      expect(await draws(tx)).toBe(5);
      expect(await registrationById(tx, before!.id)).toBeDefined();
    });
  });

  it('insertRegistrations runs its statement again outside a transaction too', async () => {
    const { event, org, code } = await existing();
    await forceCodes(db, code, 1);
    try {
      const [inserted] = await insertRegistrations(db, event.id, [row(org, 'alone@example.org')]);
      expect(inserted!.checkInCode).not.toBe(code);
      expect(await draws(db)).toBe(2);
    } finally {
      // Back to the migrated definition (sql-functions.db-spec.ts holds it equal to the migrations).
      await db.query(readFileSync(path.join(__dirname, 'sql', 'new_check_in_code.sql'), 'utf8'));
    }
  });
});
