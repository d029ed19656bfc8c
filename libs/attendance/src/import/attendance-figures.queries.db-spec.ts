import type { EntityManager } from 'typeorm';
import { recordAttendance } from '../../../testing/src/attendance-factories';
import { insertEvent, insertRegistrations } from '../../../testing/src/mail-factories';
import { createTestDatabase, TestDatabase } from '../../../testing/src/test-database';
import { attendanceTotals } from './attendance-figures.queries';

/** Online joins count as attendance only while the event is on (from 30 minutes before its start to its end). */
describe('attendance figures: joined online', () => {
  let database: TestDatabase;
  let db: EntityManager;
  beforeAll(async () => {
    database = await createTestDatabase(4);
    db = database.db.manager;
  });
  afterAll(() => database.close());

  const hour = 3600_000;
  const at = (from: Date, ms: number) => new Date(from.getTime() + ms);

  it('counts a join during the event, not a link opened the day before or by a scanner an hour before', async () => {
    const startsAt = new Date(Date.now() - 2 * hour);
    const event = await insertEvent(db, { startsAt }); // started two hours ago, ends in six
    const [during, dayBefore, scanner, earlyThenDuring, justBefore] = await insertRegistrations(db, event.id, 5);
    await recordAttendance(db, [
      { registrationId: during!, firstJoinAt: at(startsAt, hour) },
      { registrationId: dayBefore!, firstJoinAt: at(startsAt, -24 * hour) },
      { registrationId: scanner!, firstJoinAt: at(startsAt, -hour) }, // a reminder goes out an hour before
      { registrationId: earlyThenDuring!, firstJoinAt: at(startsAt, -24 * hour), lastJoinAt: at(startsAt, hour) },
      { registrationId: justBefore!, firstJoinAt: at(startsAt, -10 * 60_000) },
    ]);

    const totals = await attendanceTotals(db, event.id);
    expect(totals).toMatchObject({ registered: 5, confirmed: 5, joinedOnline: 3, attended: 3 });
  });
});
