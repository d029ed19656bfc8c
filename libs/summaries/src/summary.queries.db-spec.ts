import type { EntityManager } from 'typeorm';
import { recordAttendance } from '../../testing/src/attendance-factories';
import { seedOrganizations } from '../../testing/src/factories';
import { insertEvent, insertRegistrations } from '../../testing/src/mail-factories';
import { createTestDatabase, TestDatabase } from '../../testing/src/test-database';
import { insertIntention } from './intention.queries';
import { attendeeRows, eventSideFigures, organizationFigures } from './summary.queries';

/** The summary's aggregates against a migrated database of this file's own. */
describe('summary.queries', () => {
  let database: TestDatabase;
  let db: EntityManager;

  beforeAll(async () => {
    database = await createTestDatabase(4);
    db = database.db.manager;
  });
  afterAll(() => database.close());

  it('counts statuses and ways of attending per organization; cancelled people never attended', async () => {
    // Under way: it started an hour ago, so a join now is a join during the event.
    const event = await insertEvent(db, { startsAt: new Date(Date.now() - 3600_000) });
    const [a1, a2, a3, cancelled] = await insertRegistrations(db, event.id, [
      {},
      {},
      { status: 'waitlisted' },
      { status: 'cancelled' },
    ]);
    const [b1] = await insertRegistrations(db, event.id, [{ status: 'pending' }]);
    const now = new Date();
    await recordAttendance(db, [
      { registrationId: a1!, checkedInAt: now },
      { registrationId: a2!, importedMinutes: 29 },
      { registrationId: a3!, firstJoinAt: now },
      { registrationId: cancelled!, checkedInAt: now },
      { registrationId: b1!, importedMinutes: 30 },
    ]);
    // In a transaction, as the service reads it (the statement turns hash joins off for itself only), and outside.
    const inTransaction = await database.db.transaction((tx) => organizationFigures(tx, event.id, null));
    const outside = await organizationFigures(db, event.id, null);
    expect(outside).toEqual(inTransaction);
    const figures = inTransaction.map((o) => ({
      byStatus: o.byStatus,
      registered: o.registered,
      attended: o.attended,
      confirmedAttended: o.confirmedAttended,
      ways: [o.checkedIn, o.joinedOnline, o.attendedByImport],
      inEarlierSession: o.inEarlierSession,
    }));
    expect(figures).toEqual(
      expect.arrayContaining([
        {
          byStatus: { confirmed: 2, waitlisted: 1, pending: 0, cancelled: 1, rejected: 0 },
          registered: 3,
          attended: 2,
          confirmedAttended: 1,
          ways: [1, 1, 0],
          inEarlierSession: false,
        },
        {
          byStatus: { confirmed: 0, waitlisted: 0, pending: 1, cancelled: 0, rejected: 0 },
          registered: 1,
          attended: 1,
          confirmedAttended: 0,
          ways: [0, 0, 1],
          inEarlierSession: false,
        },
      ]),
    );
    const rows = await attendeeRows(db, event.id);
    expect(rows.filter((r) => r.attended)).toHaveLength(3);
    expect(await database.db.query('SHOW enable_hashjoin')).toEqual([{ enable_hashjoin: 'on' }]);
  });

  it('counts intentions signed on site by the event days in its time zone', async () => {
    // 09:00 to 17:00 in Beijing on one day.
    const startsAt = new Date('2026-12-05T01:00:00Z');
    const event = await insertEvent(db, { startsAt });
    const [one, other] = await seedOrganizations(db, 2);
    const sign = (title: string, signedAt: Date | null) =>
      insertIntention(db, event.id, { title, field: 'charity', status: signedAt ? 'signed' : 'intent', signedAt }, [
        one!,
        other!,
      ]);
    await sign('凌晨签约（北京时间当天）', new Date('2026-12-04T16:30:00Z'));
    await sign('次日签约', new Date('2026-12-05T17:00:00Z'));
    await sign('意向', null);
    const side = await eventSideFigures(db, event.id);
    expect(side.intentions).toEqual(
      expect.arrayContaining([
        { field: 'charity', status: 'signed', count: 2, onSite: 1 },
        { field: 'charity', status: 'intent', count: 1, onSite: 0 },
      ]),
    );
  });
});
