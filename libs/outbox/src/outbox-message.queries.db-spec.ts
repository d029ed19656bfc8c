import { newToken } from '@tongxin/common';
import type { EntityManager } from 'typeorm';
import {
  backdateMessage,
  insertEvent,
  insertRegistrations,
  outboxMessages,
  registrationLinks,
} from '../../testing/src/mail-factories';
import { createTestDatabase, TestDatabase } from '../../testing/src/test-database';
import { optOut } from './announcement.queries';
import { REGISTRATION_LINK_PURPOSES } from './link.queries';
import { loggedMessage } from './outbox-log.queries';
import { oweLinkRequest, oweMessages, oweResend } from './outbox-owing.queries';
import {
  cancelMessage,
  claimForSending,
  claimLinkMessagesForSending,
  dropUnsent,
  lockForReclaim,
  markFailed,
  markSent,
  queuedPastDue,
  reclaimStale,
  renewClaim,
  scheduleRetry,
} from './outbox-sending.queries';

/** The outbox's statements against a migrated database of this file's own, with concurrent callers. */
describe('outbox_message: owing, sending and the log', () => {
  let database: TestDatabase;
  let db: EntityManager;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db.manager;
  });
  afterAll(() => database.close());

  /** Offers every kind of link to each message, as the sender does. */
  const offer = (ids: string[]) =>
    ids.flatMap((messageId) =>
      REGISTRATION_LINK_PURPOSES.map((purpose) => ({ messageId, purpose, hash: newToken().hash })),
    );
  const claim = (ids: string[]) => claimForSending(db, ids, offer(ids));
  /** A fresh event whose people are each owed a confirmation; returns the message ids. */
  const owedConfirmations = async (people: number) => {
    const event = await insertEvent(db);
    const registrations = await insertRegistrations(db, event.id, people);
    return {
      event,
      registrations,
      messages: await oweMessages(db, 'confirmation', { registrationIds: registrations }),
    };
  };
  const statusOf = async (id: string) => (await loggedMessage(db, id))?.status;

  it('gives each row to exactly one of 50 concurrent claimers, and issues its links once', async () => {
    const { registrations, messages } = await owedConfirmations(120);
    const claims = await Promise.all(
      Array.from({ length: 50 }, (_, i) => claim(i % 2 === 0 ? messages : [...messages].reverse())),
    );
    const claimed = claims.flat().map((m) => m.id);
    expect(claimed).toHaveLength(messages.length);
    expect(new Set(claimed)).toEqual(new Set(messages));
    const rows = await outboxMessages(db, { ids: messages });
    expect(rows.every((r) => r.status === 'sending' && r.attempts === 1)).toBe(true);
    // Only the claim that won issued links: one manage link per registration (in person, no announcement).
    const links = await Promise.all(registrations.map((id) => registrationLinks(db, id)));
    expect(links.map((l) => l.map((x) => x.purpose))).toEqual(registrations.map(() => ['manage']));
  });

  it('claims in the order asked, reads what each message shows, and issues join and unsubscribe links where they belong', async () => {
    const event = await insertEvent(db, { title: '线上课', joinUrl: 'https://meeting.example.org/j/1' });
    const [confirmed, waitlisted] = await insertRegistrations(db, event.id, [
      { name: '甲', email: 'a@example.org' },
      { name: '乙', email: 'b@example.org', status: 'waitlisted', locale: 'en' },
    ]);
    const confirmations = await oweMessages(db, 'confirmation', { registrationIds: [confirmed!, waitlisted!] });
    const announced = await oweMessages(
      db,
      'announcement',
      { eventId: event.id, statuses: ['confirmed'] },
      { keySuffix: ':x' },
    );
    const claimed = await claim([...confirmations].reverse().concat(announced));
    expect(claimed.map((m) => [m.email, m.kind, m.hasJoin, m.hasUnsubscribe])).toEqual([
      ['b@example.org', 'confirmation', false, false],
      ['a@example.org', 'confirmation', true, false],
      ['a@example.org', 'announcement', true, true],
    ]);
    expect(claimed[0]).toMatchObject({
      eventId: event.id,
      title: '线上课',
      locale: 'en',
      registrationStatus: 'waitlisted',
      payload: { status: 'waitlisted' },
      optedOut: false,
    });
    expect((await registrationLinks(db, confirmed!)).map((l) => l.purpose).sort()).toEqual([
      'join',
      'join',
      'manage',
      'manage',
      'unsubscribe',
    ]);
    expect((await registrationLinks(db, waitlisted!)).map((l) => l.purpose)).toEqual(['manage']);
  });

  it('leaves link requests to their own claim, and takes nothing twice or not yet due', async () => {
    const event = await insertEvent(db);
    const [request] = await oweLinkRequest(db, event.slug, 'someone@example.org');
    expect(await claim([request!])).toEqual([]);
    const [linkMessage] = await claimLinkMessagesForSending(db, [request!]);
    expect(linkMessage).toMatchObject({
      id: request,
      kind: 'link_request',
      attempts: 1,
      payload: { email: 'someone@example.org' },
      eventId: event.id,
    });
    expect(await claimLinkMessagesForSending(db, [request!])).toEqual([]);
    expect(await oweLinkRequest(db, (await insertEvent(db, { status: 'draft' })).slug, 'someone@example.org')).toEqual(
      [],
    );
  });

  it('marks sent rows in one statement, with the address each went to', async () => {
    const { messages } = await owedConfirmations(3);
    const claimed = await claim(messages);
    await markSent(
      db,
      claimed.slice(0, 2).map((m) => ({ id: m.id, email: `sent-${m.email}` })),
    );
    const log = await Promise.all(messages.map((id) => loggedMessage(db, id)));
    expect(log.map((m) => m!.status)).toEqual(['sent', 'sent', 'sending']);
    expect(log[0]).toMatchObject({ email: `sent-${claimed[0]!.email}`, lastError: null, attempts: 1 });
    expect(log[0]!.sentAt).toBeInstanceOf(Date);
    expect(log[2]!.sentAt).toBeNull();
  });

  it('retries a row when its time comes, fails it, or cancels it, with the reason', async () => {
    const { messages } = await owedConfirmations(3);
    const [later, now, gone] = messages as [string, string, string];
    await claim(messages);
    await scheduleRetry(db, later, '421 busy', 60_000);
    await scheduleRetry(db, now, 'ECONNREFUSED', 0);
    await cancelMessage(db, gone, 'registration cancelled');
    expect(await loggedMessage(db, later)).toMatchObject({ status: 'queued', lastError: '421 busy', attempts: 1 });
    expect((await claim(messages)).map((m) => [m.id, m.attempts])).toEqual([[now, 2]]);
    await markFailed(db, now, '550 no such user');
    expect(await loggedMessage(db, now)).toMatchObject({
      status: 'failed',
      lastError: '550 no such user',
      attempts: 2,
    });
    expect(await loggedMessage(db, gone)).toMatchObject({ status: 'cancelled', lastError: 'registration cancelled' });
    await backdateMessage(db, later, 61_000);
    expect((await claim(messages)).map((m) => [m.id, m.attempts])).toEqual([[later, 2]]);
  });

  it('reclaims a row left sending past the timeout and not a fresh one; the old claim can no longer be renewed', async () => {
    const { messages } = await owedConfirmations(2);
    const [stale, fresh] = await claim(messages);
    await backdateMessage(db, stale!.id, 120_000);
    const reclaimed = await reclaimStale(db, 60_000);
    expect(reclaimed.filter((m) => messages.includes(m.id))).toEqual([{ id: stale!.id, attempts: 1 }]);
    expect(await loggedMessage(db, stale!.id)).toMatchObject({
      status: 'queued',
      lastError: 'the worker stopped while sending',
    });
    expect(await statusOf(fresh!.id)).toBe('sending');
    expect(await renewClaim(db, stale!)).toBe(false);
    expect(await renewClaim(db, fresh!)).toBe(true);
    expect(await renewClaim(db, { id: fresh!.id, attempts: 2 })).toBe(false);
    // Claimed again, the reclaimed row is a new attempt.
    expect((await claim([stale!.id])).map((m) => m.attempts)).toEqual([2]);
  });

  it('finds queued rows whose job may be lost: past due by more than the grace, oldest first', async () => {
    const { messages } = await owedConfirmations(3);
    await backdateMessage(db, messages[1]!, 90_000);
    await backdateMessage(db, messages[2]!, 120_000);
    const lost = (await queuedPastDue(db, 60_000, 1000)).filter((m) => messages.includes(m.id));
    expect(lost).toEqual([
      { id: messages[2], attempts: 0 },
      { id: messages[1], attempts: 0 },
    ]);
    expect((await queuedPastDue(db, 60_000, 1)).length).toBe(1);
  });

  it('lets one reclaimer at a time hold the lock', async () => {
    const release = deferred();
    const first = database.db.transaction(async (tx) => {
      const locked = await lockForReclaim(tx);
      await release.promise;
      return locked;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(await database.db.transaction((tx) => lockForReclaim(tx))).toBe(false);
    release.resolve();
    expect(await first).toBe(true);
    expect(await database.db.transaction((tx) => lockForReclaim(tx))).toBe(true);
  });

  it('deletes an unsent row only while it is still held by the claim that would drop it', async () => {
    const event = await insertEvent(db);
    const [request] = await oweLinkRequest(db, event.slug, 'nobody@example.org');
    const [claimed] = await claimLinkMessagesForSending(db, [request!]);
    await dropUnsent(db, { id: request!, attempts: 2 });
    expect(await outboxMessages(db, { ids: [request!] })).toHaveLength(1);
    await dropUnsent(db, claimed!);
    expect(await outboxMessages(db, { ids: [request!] })).toEqual([]);
  });

  it('owes a message once: owing it twice is a no-op, a new suffix or a new address owes it again', async () => {
    const event = await insertEvent(db);
    const registrations = await insertRegistrations(db, event.id, [
      {},
      { status: 'waitlisted' },
      { status: 'cancelled' },
    ]);
    const everyone = { eventId: event.id, statuses: ['confirmed', 'waitlisted'] };
    const first = await oweMessages(db, 'event_updated', everyone, { keySuffix: ':s2' });
    expect(first).toHaveLength(2);
    expect(await oweMessages(db, 'event_updated', everyone, { keySuffix: ':s2' })).toEqual([]);
    expect(
      await oweMessages(db, 'event_updated', { registrationIds: registrations }, { keySuffix: ':s2' }),
    ).toHaveLength(1);
    expect(await oweMessages(db, 'event_updated', everyone, { keySuffix: ':s3' })).toHaveLength(2);
    expect(await oweMessages(db, 'confirmation', { registrationIds: [] })).toEqual([]);
    const keys = (await outboxMessages(db, { eventId: event.id, kind: 'event_updated' })).map((m) => m.dedupeKey);
    const [confirmed, waitlisted, cancelled] = registrations as [string, string, string];
    expect(keys.sort()).toEqual(
      [`${confirmed}:s2`, `${waitlisted}:s2`, `${cancelled}:s2`, `${confirmed}:s3`, `${waitlisted}:s3`]
        .map((k) => `event_updated:${k}`)
        .sort(),
    );
    // A confirmation's key carries the address: a place handed to someone else owes the new person theirs.
    const [confirmation] = await oweMessages(db, 'confirmation', { registrationIds: [confirmed] });
    expect((await outboxMessages(db, { ids: [confirmation!] }))[0]!.dedupeKey).toMatch(
      /^confirmation:[0-9a-f-]+:person-[0-9a-f]+-0@example\.org$/,
    );
  });

  it('skips addresses that opted out of announcements, and resends only a message of the event', async () => {
    const event = await insertEvent(db);
    const [stays, leaves] = await insertRegistrations(db, event.id, [
      { email: 'stays@example.org' },
      { email: 'leaves@example.org' },
    ]);
    await optOut(db, event.id, 'leaves@example.org');
    const owed = await oweMessages(
      db,
      'announcement',
      { eventId: event.id, statuses: ['confirmed'], skipOptedOut: true },
      { keySuffix: ':a' },
    );
    expect((await outboxMessages(db, { ids: owed })).map((m) => m.registrationId)).toEqual([stays]);
    expect(leaves).toBeDefined();
    const resent = await oweResend(db, event.id, owed[0]!);
    expect(await loggedMessage(db, resent!)).toMatchObject({
      resendOf: owed[0],
      status: 'queued',
      kind: 'announcement',
    });
    expect(await oweResend(db, (await insertEvent(db)).id, owed[0]!)).toBeUndefined();
  });
});

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
