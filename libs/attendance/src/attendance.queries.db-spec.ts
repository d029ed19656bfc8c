import { insertOrganizer } from '@tongxin/accounts';
import { insertRegistrations, newPerson } from '@tongxin/registrations';
import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { seedEvent, seedOrganizations } from '../../testing/src/factories';
import { createTestDatabase, TestDatabase } from '../../testing/src/test-database';
import { attendanceOf, checkIn, recordJoin, undoCheckIn } from './attendance.queries';

/** The door's and the join link's statements on attendance, many callers at once where it matters. */
describe('attendance.queries', () => {
  let database: TestDatabase;
  let source: DataSource;
  let db: EntityManager;
  let staff: string[];
  beforeAll(async () => {
    database = await createTestDatabase();
    source = database.db;
    db = source.manager;
    staff = [];
    for (let i = 0; i < 3; i++) {
      const email = `door-${randomBytes(4).toString('hex')}@example.org`;
      staff.push((await insertOrganizer(db, { email, name: '签到员', passwordHash: 'x' }))!.id);
    }
  });
  afterAll(() => database.close());

  /** A confirmed registration of a new event. */
  const registration = async () => {
    const event = await seedEvent(db);
    const [org] = await seedOrganizations(db, 1);
    const [row] = await insertRegistrations(db, event.id, [
      {
        ...newPerson({ name: '参会者', email: 'person@example.org' }, 'zh'),
        organizationId: org!,
        groupId: null,
        status: 'confirmed',
        source: 'import',
      },
    ]);
    return { id: row!.id, eventId: event.id };
  };

  it('checks a person in exactly once when 50 callers (each in its own transaction) do it at the same moment', async () => {
    const r = await registration();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => source.transaction((tx) => checkIn(tx, r, staff[i % staff.length]!))),
    );
    expect(results.filter((x) => x.created)).toHaveLength(1);
    const winner = results.find((x) => x.created)!;
    expect(new Set(results.map((x) => x.checkedInAt.getTime()))).toEqual(new Set([winner.checkedInAt.getTime()]));
    const record = (await attendanceOf(db, r.id))!;
    expect(record.checkedInAt).toEqual(winner.checkedInAt);
    expect(staff).toContain(record.checkedInBy);
  });

  it('takes a check-in back once, keeping the joins, and lets the person be checked in again', async () => {
    const r = await registration();
    await recordJoin(db, r);
    expect(await undoCheckIn(db, r)).toBe(false);
    const first = await checkIn(db, r, staff[0]!);
    expect(first.created).toBe(true);
    expect(await undoCheckIn(db, { ...r, eventId: (await seedEvent(db)).id })).toBe(false);
    expect(await undoCheckIn(db, r)).toBe(true);
    expect(await undoCheckIn(db, r)).toBe(false);
    expect(await attendanceOf(db, r.id)).toMatchObject({
      checkedInAt: null,
      checkedInBy: null,
      firstJoinAt: expect.any(Date),
    });
    expect((await checkIn(db, r, staff[1]!)).created).toBe(true);
  });

  it('records the first join once and the last one each time, however many join at once', async () => {
    const r = await registration();
    await Promise.all(Array.from({ length: 20 }, () => source.transaction((tx) => recordJoin(tx, r))));
    const first = (await attendanceOf(db, r.id))!;
    expect(first.lastJoinAt!.getTime()).toBeGreaterThanOrEqual(first.firstJoinAt!.getTime());
    await recordJoin(db, r);
    const later = (await attendanceOf(db, r.id))!;
    expect(later.firstJoinAt).toEqual(first.firstJoinAt);
    expect(later.lastJoinAt!.getTime()).toBeGreaterThan(first.lastJoinAt!.getTime());
    expect(later).toMatchObject({ checkedInAt: null, admittedOverCapacity: false });
  });

  it('keeps the over-capacity mark of a check-in', async () => {
    const r = await registration();
    await checkIn(db, r, staff[0]!, true);
    expect(await attendanceOf(db, r.id)).toMatchObject({ admittedOverCapacity: true, checkedInBy: staff[0] });
  });
});
