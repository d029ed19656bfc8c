import { DomainError } from '@tongxin/common';
import type { DataSource, EntityManager } from 'typeorm';
import { seedEvent, seedOrganizations } from '../../testing/src/factories';
import { createTestDatabase, TestDatabase } from '../../testing/src/test-database';
import { eventById } from './event.queries';
import {
  claimSeat,
  claimSeatBeyondLimits,
  claimSeatsBulk,
  copyOrganizationLimit,
  releaseSeat,
  releaseSeatsBulk,
  seatCounters,
} from './seat.queries';

/** Seat accounting against a migrated database of this file's own: each claim in its own transaction, many at once. */
describe('seat.queries', () => {
  let database: TestDatabase;
  let source: DataSource;
  let db: EntityManager;
  beforeAll(async () => {
    database = await createTestDatabase();
    source = database.db;
    db = source.manager;
  });
  afterAll(() => database.close());

  /** Each organization's counter, and the event's, after the claims. */
  async function counters(eventId: string) {
    const rows = await seatCounters(db, eventId);
    return {
      event: (await eventById(db, eventId))!.confirmedCount,
      byOrg: new Map(rows.map((r) => [r.organizationId, r])),
    };
  }
  const tally = (ids: string[]) => {
    const n = new Map<string, number>();
    for (const id of ids) n.set(id, (n.get(id) ?? 0) + 1);
    return n;
  };

  it('grants exactly the capacity to 50 concurrent single claims, no organization past its quota', async () => {
    const event = await seedEvent(db, { capacity: 20, perOrganizationLimit: 3 });
    const orgs = await seedOrganizations(db, 8);
    // 50 claims over 8 organizations: each asks for 6 or 7 seats, so both the quota (3) and the capacity (20 < 8 × 3) bind.
    const askers = Array.from({ length: 50 }, (_, i) => orgs[i % orgs.length]!);
    const results = await Promise.all(askers.map((org) => source.transaction((tx) => claimSeat(tx, event.id, org))));

    const granted = tally(askers.filter((_, i) => results[i]));
    expect(results.filter(Boolean)).toHaveLength(20);
    const { event: eventCounter, byOrg } = await counters(event.id);
    expect(eventCounter).toBe(20);
    for (const org of orgs) {
      expect(granted.get(org) ?? 0).toBeLessThanOrEqual(3);
      expect(byOrg.get(org)).toEqual({ organizationId: org, limit: 3, confirmed: granted.get(org) ?? 0 });
    }
  });

  it('lets bulk and single claimers run at once, in any order, without deadlock or overselling', async () => {
    const event = await seedEvent(db, { capacity: 30, perOrganizationLimit: 4 });
    const orgs = await seedOrganizations(db, 10);
    // Each bulk caller asks for 2 seats at three organizations, listed in its own order (the locks are taken sorted).
    const bulk = Array.from({ length: 20 }, (_, i) => [
      orgs[i % 10]!,
      orgs[(i * 7 + 3) % 10]!,
      orgs[(i * 3 + 5) % 10]!,
    ]).map((picked) => [...new Set(picked)].map((organizationId) => ({ organizationId, count: 2 })));
    const singles = Array.from({ length: 20 }, (_, i) => orgs[(i * 9) % 10]!);
    const [bulkGrants, singleGrants] = await Promise.all([
      Promise.all(bulk.map((requests) => source.transaction((tx) => claimSeatsBulk(tx, event.id, requests)))),
      Promise.all(singles.map((org) => source.transaction((tx) => claimSeat(tx, event.id, org)))),
    ]);

    const perOrg = new Map<string, number>();
    for (const grant of bulkGrants) for (const [org, n] of grant) perOrg.set(org, (perOrg.get(org) ?? 0) + n);
    singles.forEach((org, i) => singleGrants[i] && perOrg.set(org, (perOrg.get(org) ?? 0) + 1));
    // Demand (20 × 6 + 20) is far past the capacity, and 10 × 4 quota seats exceed it: the capacity binds exactly.
    expect([...perOrg.values()].reduce((a, b) => a + b, 0)).toBe(30);
    const { event: eventCounter, byOrg } = await counters(event.id);
    expect(eventCounter).toBe(30);
    for (const org of orgs) {
      expect(perOrg.get(org) ?? 0).toBeLessThanOrEqual(4);
      expect(byOrg.get(org)?.confirmed ?? 0).toBe(perOrg.get(org) ?? 0);
    }
  });

  it('creates missing counter rows for concurrent bulk callers listing organizations in opposite orders', async () => {
    const event = await seedEvent(db, { capacity: 5000, perOrganizationLimit: 10 });
    const orgs = await seedOrganizations(db, 300);
    // Every caller asks for a seat at each of the 300 organizations (none has a counter row yet), half in reverse order.
    const callers = Array.from({ length: 30 }, (_, i) => (i % 2 ? [...orgs].reverse() : orgs));
    const grants = await Promise.all(
      callers.map((order) =>
        source.transaction((tx) =>
          claimSeatsBulk(
            tx,
            event.id,
            order.map((organizationId) => ({ organizationId, count: 1 })),
          ),
        ),
      ),
    );
    // 30 seats asked of each organization, 10 granted (its quota); 3,000 in all, within the capacity.
    expect(grants.reduce((sum, g) => sum + [...g.values()].reduce((a, b) => a + b, 0), 0)).toBe(3000);
    const { event: eventCounter, byOrg } = await counters(event.id);
    expect(eventCounter).toBe(3000);
    expect([...byOrg.values()].map((c) => c.confirmed)).toEqual(orgs.map(() => 10));
  });

  it('grants a bulk request in the order given, up to each quota and the seats left', async () => {
    const event = await seedEvent(db, { capacity: 5, perOrganizationLimit: 3 });
    const [a, b, c] = await seedOrganizations(db, 3);
    const granted = await claimSeatsBulk(db, event.id, [
      { organizationId: b!, count: 4 },
      { organizationId: a!, count: 1 },
      { organizationId: c!, count: 2 },
    ]);
    expect([...granted]).toEqual([
      [b, 3],
      [a, 1],
      [c, 1],
    ]);
    expect((await counters(event.id)).event).toBe(5);
  });

  it('gives seats back to the organization and the event', async () => {
    const event = await seedEvent(db, { capacity: 10, perOrganizationLimit: 5 });
    const [a, b] = await seedOrganizations(db, 2);
    await claimSeatsBulk(db, event.id, [
      { organizationId: a!, count: 4 },
      { organizationId: b!, count: 3 },
    ]);
    await releaseSeat(db, event.id, a!);
    await releaseSeatsBulk(
      db,
      event.id,
      new Map([
        [a!, 2],
        [b!, 0],
      ]),
    );
    const { event: eventCounter, byOrg } = await counters(event.id);
    expect(eventCounter).toBe(4);
    expect([byOrg.get(a!)?.confirmed, byOrg.get(b!)?.confirmed]).toEqual([1, 3]);
    expect(await claimSeat(db, event.id, a!)).toBe(true);
  });

  it('copies a new quota onto every counter row, and refuses one below what an organization holds', async () => {
    const event = await seedEvent(db, { capacity: 10, perOrganizationLimit: 5 });
    const [a, b] = await seedOrganizations(db, 2);
    await claimSeatsBulk(db, event.id, [
      { organizationId: a!, count: 3 },
      { organizationId: b!, count: 1 },
    ]);
    await copyOrganizationLimit(db, event.id, 3);
    expect((await seatCounters(db, event.id)).map((c) => c.limit)).toEqual([3, 3]);
    expect(await claimSeat(db, event.id, a!)).toBe(false);

    const lower = source.transaction((tx) => copyOrganizationLimit(tx, event.id, 2));
    await expect(lower).rejects.toBeInstanceOf(DomainError);
    await expect(lower).rejects.toMatchObject({ code: 'CAPACITY_BELOW_CONFIRMED' });
    expect((await seatCounters(db, event.id)).map((c) => c.limit)).toEqual([3, 3]);
  });

  it('seats walk-ins beyond full limits by raising them, alongside normal claims, without deadlock', async () => {
    const event = await seedEvent(db, { capacity: 10, perOrganizationLimit: 2 });
    const orgs = await seedOrganizations(db, 4);
    // 30 normal claims (they can take 8 seats: 4 organizations × 2) and 10 walk-ins let in whatever the limits say.
    const [normal, beyond] = await Promise.all([
      Promise.all(
        Array.from({ length: 30 }, (_, i) => source.transaction((tx) => claimSeat(tx, event.id, orgs[i % 4]!))),
      ),
      Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          source.transaction((tx) => claimSeatBeyondLimits(tx, event.id, orgs[(i * 3) % 4]!)),
        ),
      ),
    ]);
    const seated = normal.filter(Boolean).length + beyond.length;
    const { event: eventCounter, byOrg } = await counters(event.id);
    expect(eventCounter).toBe(seated);
    const after = (await eventById(db, event.id))!;
    expect(after.capacity).toBe(Math.max(10, seated));
    for (const org of orgs) {
      const counter = byOrg.get(org)!;
      expect(counter.confirmed).toBeLessThanOrEqual(counter.limit!);
      expect(counter.limit).toBe(Math.max(2, counter.confirmed));
    }
    // Room left: a walk-in takes a seat like anyone, raising nothing.
    const roomy = await seedEvent(db, { capacity: 5 });
    expect(await source.transaction((tx) => claimSeatBeyondLimits(tx, roomy.id, orgs[0]!))).toEqual({ raised: false });
  });
});
