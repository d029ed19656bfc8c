import { encodeCursor, newToken } from '@tongxin/common';
import { eventById, seatCounters } from '@tongxin/events';
import type { DataSource, EntityManager } from 'typeorm';
import { seedEvent, seedOrganizations } from '../../testing/src/factories';
import { createTestDatabase, TestDatabase } from '../../testing/src/test-database';
import { newPerson } from './registration-steps';
import {
  confirmedByOrganization,
  groupMember,
  groupMembers,
  insertRegistrations,
  lockRegistration,
  nextOnWaitlist,
  registerAndClaim,
  registeredEmails,
  registrationByEmail,
  registrationById,
  registrationByIdempotencyKey,
  registrationPage,
  registrationStatusCounts,
  setRegistrationStatus,
} from './registration.queries';
import { insertGroup } from './registration-group.queries';
import type { InitialStatus } from './registration.types';

/** The registration table's statements against a migrated database of this file's own. */
describe('registration.queries', () => {
  let database: TestDatabase;
  let source: DataSource;
  let db: EntityManager;
  beforeAll(async () => {
    database = await createTestDatabase();
    source = database.db;
    db = source.manager;
  });
  afterAll(() => database.close());

  const person = (email: string, name = '参会者') => newPerson({ name, email }, 'zh');
  const row = (
    organizationId: string,
    email: string,
    status: InitialStatus,
    source: 'group' | 'import' = 'import',
  ) => ({
    ...person(email),
    organizationId,
    groupId: null,
    status,
    source,
  });

  it('registers 50 people at once through register_and_claim: the capacity confirmed, quotas kept, counters equal to rows', async () => {
    const event = await seedEvent(db, { capacity: 20, perOrganizationLimit: 3 });
    const orgs = await seedOrganizations(db, 9);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        source.transaction((tx) =>
          registerAndClaim(tx, event, orgs[i % orgs.length]!, {
            ...person(`hot-${i}@example.org`),
            idempotencyKey: null,
          }),
        ),
      ),
    );
    expect(results.filter((r) => r?.status === 'confirmed')).toHaveLength(20);
    expect(results.filter((r) => r?.status === 'waitlisted')).toHaveLength(30);
    expect(new Set(results.map((r) => r!.messageId)).size).toBe(50);

    expect(await registrationStatusCounts(db, event.id)).toMatchObject({ total: 50, confirmed: 20, waitlisted: 30 });
    expect((await eventById(db, event.id))!.confirmedCount).toBe(20);
    const rows = await confirmedByOrganization(db, event.id);
    for (const counter of await seatCounters(db, event.id)) {
      expect(counter.confirmed).toBeLessThanOrEqual(3);
      expect(counter.confirmed).toBe(rows.get(counter.organizationId) ?? 0);
    }
  });

  it('lets only one of two concurrent registrations of an email in, and claims no seat for the other', async () => {
    const event = await seedEvent(db, { capacity: 5 });
    const [org] = await seedOrganizations(db, 1);
    const twice = await Promise.all(
      [0, 1].map(() =>
        source.transaction((tx) =>
          registerAndClaim(tx, event, org!, { ...person('twice@example.org'), idempotencyKey: 'k-1' }),
        ),
      ),
    );
    expect(twice.filter(Boolean)).toHaveLength(1);
    expect((await eventById(db, event.id))!.confirmedCount).toBe(1);
    const byKey = await registrationByIdempotencyKey(db, event.id, 'k-1');
    expect(byKey).toEqual(await registrationByEmail(db, event.id, 'twice@example.org'));
    expect(byKey).toMatchObject({
      email: 'twice@example.org',
      status: 'confirmed',
      source: 'self',
      confirmedAt: expect.any(Date),
    });
  });

  it('inserts every path’s rows with one statement, in order, skipping emails already registered', async () => {
    const event = await seedEvent(db);
    const [org] = await seedOrganizations(db, 1);
    const groupId = await insertGroup(db, {
      eventId: event.id,
      organizationId: org!,
      delegate: { name: '带队人', email: 'lead@example.org', phone: null },
      tokenHash: newToken().hash,
      locale: 'en',
      answers: {},
    });
    await insertRegistrations(db, event.id, [row(org!, 'taken@example.org', 'confirmed')]);
    const inserted = await insertRegistrations(db, event.id, [
      { ...row(org!, 'g-2@example.org', 'waitlisted', 'group'), groupId },
      { ...row(org!, 'taken@example.org', 'confirmed', 'group'), groupId },
      { ...row(org!, 'g-1@example.org', 'confirmed', 'group'), groupId, phone: '13800001111', jobTitle: '干事' },
      { ...row(org!, 'g-3@example.org', 'pending', 'group'), groupId },
    ]);
    expect(inserted.map((r) => [r.email, r.status, r.organizationId])).toEqual([
      ['g-2@example.org', 'waitlisted', org],
      ['g-1@example.org', 'confirmed', org],
      ['g-3@example.org', 'pending', org],
    ]);
    const members = await groupMembers(db, groupId);
    expect(members.map((m) => m.email)).toEqual(['g-2@example.org', 'g-1@example.org', 'g-3@example.org']);
    expect(members[1]).toEqual({
      id: inserted[1]!.id,
      eventId: event.id,
      organization: { id: org, name: expect.any(String), regionCode: '110000' },
      name: '参会者',
      email: 'g-1@example.org',
      phone: '13800001111',
      jobTitle: '干事',
      locale: 'zh',
      status: 'confirmed',
      source: 'group',
      checkInCode: expect.stringMatching(/^[A-HJ-NP-Z2-9]{8}$/),
      answers: {},
      createdAt: expect.any(Date),
      confirmedAt: expect.any(Date),
      cancelledAt: null,
    });
    expect(members.filter((m) => m.confirmedAt !== null).map((m) => m.email)).toEqual(['g-1@example.org']);
    expect(
      await groupMember(db, groupId, (await registrationByEmail(db, event.id, 'taken@example.org'))!.id),
    ).toBeUndefined();
    expect(await registeredEmails(db, event.id, ['g-1@example.org', 'new@example.org', 'taken@example.org'])).toEqual(
      expect.arrayContaining(['g-1@example.org', 'taken@example.org']),
    );
    expect(await insertRegistrations(db, event.id, [])).toEqual([]);
  });

  it('stamps status changes and picks the oldest waitlisted person whose organization has room', async () => {
    const event = await seedEvent(db, { capacity: 10, perOrganizationLimit: 1 });
    const [full, open] = await seedOrganizations(db, 2);
    const [first] = await insertRegistrations(db, event.id, [row(full!, 'w-full@example.org', 'waitlisted')]);
    await insertRegistrations(db, event.id, [row(open!, 'w-open@example.org', 'waitlisted')]);
    expect((await nextOnWaitlist(db, event.id))!.id).toBe(first!.id);
    // The first organization reaches its quota of one: its waitlisted person is passed over.
    await source.transaction((tx) =>
      registerAndClaim(tx, event, full!, { ...person('holder@example.org'), idempotencyKey: null }),
    );
    expect(await nextOnWaitlist(db, event.id)).toMatchObject({ organizationId: open });
    // A waitlisted row another transaction holds is skipped, not waited for.
    await source.transaction(async (tx) => {
      const held = (await nextOnWaitlist(tx, event.id))!;
      expect(await source.transaction((other) => nextOnWaitlist(other, event.id))).toBeUndefined();
      await setRegistrationStatus(tx, held.id, 'confirmed');
    });
    const promoted = (await registrationByEmail(db, event.id, 'w-open@example.org'))!;
    expect(promoted).toMatchObject({ status: 'confirmed', confirmedAt: expect.any(Date), cancelledAt: null });
    await setRegistrationStatus(db, promoted.id, 'cancelled');
    expect(await registrationById(db, promoted.id)).toMatchObject({
      status: 'cancelled',
      confirmedAt: promoted.confirmedAt,
      cancelledAt: expect.any(Date),
    });
    expect(await lockRegistration(db, promoted.id, event.id)).toEqual({
      id: promoted.id,
      eventId: event.id,
      organizationId: open,
      status: 'cancelled',
    });
    expect(await lockRegistration(db, promoted.id, (await seedEvent(db)).id)).toBeUndefined();
  });

  it('pages through an event’s registrations oldest first, filtered, searching emails only when allowed', async () => {
    const event = await seedEvent(db);
    const [org] = await seedOrganizations(db, 1);
    await insertRegistrations(
      db,
      event.id,
      Array.from({ length: 5 }, (_, i) => ({
        ...row(org!, `page-${i}@example.org`, i === 2 ? 'waitlisted' : 'confirmed'),
        name: `名字${i}`,
      })),
    );
    const first = await registrationPage(db, event.id, { searchEmail: true, limit: 2 });
    expect(first.items.map((r) => r.name)).toEqual(['名字0', '名字1']);
    const second = await registrationPage(db, event.id, { searchEmail: true, limit: 2, cursor: first.nextCursor! });
    const third = await registrationPage(db, event.id, { searchEmail: true, limit: 2, cursor: second.nextCursor! });
    expect([...second.items, ...third.items].map((r) => r.name)).toEqual(['名字2', '名字3', '名字4']);
    expect(third.nextCursor).toBeNull();

    expect(
      (await registrationPage(db, event.id, { status: 'waitlisted', searchEmail: true, limit: 10 })).items.map(
        (r) => r.name,
      ),
    ).toEqual(['名字2']);
    expect(
      (await registrationPage(db, event.id, { q: 'PAGE-3@', searchEmail: true, limit: 10 })).items.map((r) => r.name),
    ).toEqual(['名字3']);
    expect((await registrationPage(db, event.id, { q: 'page-3@', searchEmail: false, limit: 10 })).items).toEqual([]);
    // % is a character to look for, not a wildcard.
    expect((await registrationPage(db, event.id, { q: '%', searchEmail: true, limit: 10 })).items).toEqual([]);
    await expect(
      registrationPage(db, event.id, { searchEmail: true, limit: 2, cursor: encodeCursor('yesterday', 'x') }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
