import { insertOrganizer } from '@tongxin/accounts';
import { markEventCancelled, putMember } from '@tongxin/events';
import { ATTENDED } from '@tongxin/summaries';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { recordAttendance } from '../../testing/src/attendance-factories';
import { insertEvent, insertRegistrations, outboxMessages } from '../../testing/src/mail-factories';
import { createTestDatabase, TestDatabase } from '../../testing/src/test-database';
import { followupOf, markFollowupFired, overdueFollowups, scheduleFollowup } from './event-followup.queries';
import { oweSummaries, oweThankYous } from './outbox-owing.queries';

const HOUR = 3600_000;

/** The post-event timer and what firing it owes, against a migrated database of this file's own. */
describe('event-followup.queries', () => {
  let database: TestDatabase;
  let db: EntityManager;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db.manager;
  });
  afterAll(() => database.close());

  /** An event that ended an hour ago (in person, eight hours long). */
  const endedEvent = () => insertEvent(db, { startsAt: new Date(Date.now() - 9 * HOUR) });
  const organizer = async () =>
    (await insertOrganizer(db, {
      email: `organizer-${randomBytes(4).toString('hex')}@example.org`,
      name: '组织者',
      passwordHash: 'x',
    }))!.id;

  it('owes a thank-you to exactly the people who attended, once, and the summary to each owner and manager, once', async () => {
    const event = await endedEvent();
    const [door, online, imported, short, absent, cancelled] = await insertRegistrations(db, event.id, [
      {},
      {},
      {},
      {},
      {},
      { status: 'cancelled' },
    ]);
    const endedAt = new Date(Date.now() - HOUR);
    await recordAttendance(db, [
      { registrationId: door!, checkedInAt: new Date(endedAt.getTime() - 7 * HOUR) },
      { registrationId: online!, firstJoinAt: new Date(endedAt.getTime() - 2 * HOUR) },
      { registrationId: imported!, importedMinutes: 45 },
      // Below the event's 30 minutes, and a check-in of a registration cancelled since: neither attended.
      { registrationId: short!, importedMinutes: 10 },
      { registrationId: cancelled!, checkedInAt: new Date(endedAt.getTime() - 7 * HOUR) },
    ]);
    const [owner, manager, checkin] = [await organizer(), await organizer(), await organizer()];
    await putMember(db, event.id, owner, 'owner');
    await putMember(db, event.id, manager, 'manager');
    await putMember(db, event.id, checkin, 'checkin');

    const thanks = await oweThankYous(db, event.id, ATTENDED);
    const summaries = await oweSummaries(db, event.id, ['owner', 'manager']);
    expect(thanks).toHaveLength(3);
    expect(summaries).toHaveLength(2);
    const rows = await outboxMessages(db, { eventId: event.id, kind: 'thank_you' });
    expect(rows.map((r) => r.registrationId).sort()).toEqual([door, online, imported].sort());
    expect(rows.map((r) => r.dedupeKey).sort()).toEqual([door, online, imported].map((id) => `thank_you:${id}`).sort());
    expect((await outboxMessages(db, { eventId: event.id, kind: 'summary' })).map((r) => r.dedupeKey).sort()).toEqual(
      [owner, manager].map((id) => `summary:${event.id}:${id}`).sort(),
    );

    // Firing again owes nothing twice; someone who attended since is owed theirs.
    await recordAttendance(db, [{ registrationId: absent!, checkedInAt: new Date(endedAt.getTime() - HOUR) }]);
    expect(await oweThankYous(db, event.id, ATTENDED)).toHaveLength(1);
    expect(await oweThankYous(db, event.id, ATTENDED)).toEqual([]);
    expect(await oweSummaries(db, event.id, ['owner', 'manager'])).toEqual([]);
  });

  it('keeps one timer per event, moved (a new version) while it has not fired, and fires it once when due', async () => {
    const event = await endedEvent();
    const first = await scheduleFollowup(db, event.id, 0);
    expect(first).toMatchObject({ eventId: event.id, scheduleVersion: 1 });
    // The same due time again writes nothing; a new one moves the timer and retires the old version.
    expect(await scheduleFollowup(db, event.id, 0)).toBeUndefined();
    const moved = await scheduleFollowup(db, event.id, 2 * HOUR);
    expect(moved).toMatchObject({ scheduleVersion: 2 });
    expect(moved!.dueAt.getTime()).toBe(first!.dueAt.getTime() + 2 * HOUR);
    // Not due yet (an hour ahead), and the old version is retired.
    expect(await markFollowupFired(db, { eventId: event.id, scheduleVersion: 2 })).toBeUndefined();
    expect(await markFollowupFired(db, { eventId: event.id, scheduleVersion: 1 })).toBeUndefined();

    const due = await scheduleFollowup(db, event.id, 0);
    expect(due).toMatchObject({ scheduleVersion: 3 });
    expect((await overdueFollowups(db, 0)).map((t) => t.eventId)).toContain(event.id);
    expect(await markFollowupFired(db, { eventId: event.id, scheduleVersion: 3 })).toEqual({ live: true });
    expect(await markFollowupFired(db, { eventId: event.id, scheduleVersion: 3 })).toBeUndefined();
    // Fired is final: moving the end afterwards writes no new timer.
    expect(await scheduleFollowup(db, event.id, HOUR)).toBeUndefined();
    expect((await followupOf(db, event.id))?.firedAt).toBeInstanceOf(Date);
    expect((await overdueFollowups(db, 0)).map((t) => t.eventId)).not.toContain(event.id);
  });

  it('writes no timer for an unpublished event, and fires a cancelled event’s into nothing', async () => {
    const draft = await insertEvent(db, { status: 'draft', startsAt: new Date(Date.now() - 9 * HOUR) });
    expect(await scheduleFollowup(db, draft.id, 0)).toBeUndefined();

    const event = await endedEvent();
    const timer = await scheduleFollowup(db, event.id, 0);
    await markEventCancelled(db, event.id);
    expect(await markFollowupFired(db, timer!)).toEqual({ live: false });
  });
});
