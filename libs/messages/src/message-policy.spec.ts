import type { ClaimedLinkMessage } from '@tongxin/outbox';
import {
  afterFailedSend,
  linkMessageViewOf,
  messageViewOf,
  MessageSource,
  ObsolescenceFacts,
  obsoleteBecause,
  teamMessageObsoleteBecause,
} from './message-policy';

const startsAt = new Date('2026-12-05T01:00:00Z');
const before = startsAt.getTime() - 3600_000;

const facts = (overrides: Partial<ObsolescenceFacts>): ObsolescenceFacts => ({
  kind: 'confirmation',
  payload: {},
  registrationStatus: 'confirmed',
  eventStatus: 'published',
  startsAt,
  optedOut: false,
  ...overrides,
});

describe('obsoleteBecause', () => {
  it('sends a reminder for the start it was fired for, to someone still confirmed, before the event starts', () => {
    const reminder = facts({ kind: 'reminder', payload: { startsAt: startsAt.toISOString() } });
    expect(obsoleteBecause(reminder, before)).toBeUndefined();
    expect(obsoleteBecause({ ...reminder, payload: { startsAt: '2026-12-06T01:00:00Z' } }, before)).toBe(
      'event rescheduled',
    );
    expect(obsoleteBecause({ ...reminder, registrationStatus: 'waitlisted' }, before)).toBe('registration waitlisted');
    expect(obsoleteBecause({ ...reminder, eventStatus: 'cancelled' }, before)).toBe('event cancelled');
    expect(obsoleteBecause(reminder, startsAt.getTime())).toBe('event already started');
  });

  it('drops a late confirmation, approval, promotion or update once the registration or the event is off', () => {
    for (const kind of ['confirmation', 'approved', 'promoted', 'event_updated'] as const) {
      expect(obsoleteBecause(facts({ kind }), before)).toBeUndefined();
      expect(obsoleteBecause(facts({ kind, registrationStatus: 'cancelled' }), before)).toBe('registration cancelled');
      expect(obsoleteBecause(facts({ kind, registrationStatus: 'rejected' }), before)).toBe('registration rejected');
      expect(obsoleteBecause(facts({ kind, eventStatus: 'cancelled' }), before)).toBe('event cancelled');
    }
    // A waitlist confirmation stays worth sending: it says what happened when it was owed.
    expect(obsoleteBecause(facts({ registrationStatus: 'waitlisted' }), before)).toBeUndefined();
  });

  it('drops an announcement to an address that opted out, and never a cancellation notice', () => {
    expect(obsoleteBecause(facts({ kind: 'announcement', optedOut: true }), before)).toBe('recipient opted out');
    expect(obsoleteBecause(facts({ kind: 'announcement' }), before)).toBeUndefined();
    const notice = facts({ kind: 'registration_cancelled', registrationStatus: 'cancelled', eventStatus: 'cancelled' });
    expect(obsoleteBecause(notice, before)).toBeUndefined();
  });
});

describe('after the event', () => {
  it('drops a thank-you once the event is cancelled (after the timer fired) or the registration is off', () => {
    const thanks = facts({ kind: 'thank_you' });
    expect(obsoleteBecause(thanks, startsAt.getTime() + 10 * 3600_000)).toBeUndefined();
    expect(obsoleteBecause({ ...thanks, eventStatus: 'cancelled' })).toBe('event cancelled');
    expect(obsoleteBecause({ ...thanks, registrationStatus: 'cancelled' })).toBe('registration cancelled');
  });

  it('sends the summary only to an owner or manager of an event not cancelled', () => {
    expect(teamMessageObsoleteBecause({ eventStatus: 'published', role: 'owner' })).toBeUndefined();
    expect(teamMessageObsoleteBecause({ eventStatus: 'published', role: 'manager' })).toBeUndefined();
    expect(teamMessageObsoleteBecause({ eventStatus: 'cancelled', role: 'owner' })).toBe('event cancelled');
    for (const role of ['checkin', null]) {
      expect(teamMessageObsoleteBecause({ eventStatus: 'published', role })).toBe(
        'recipient no longer an owner or manager',
      );
    }
  });
});

describe('messageViewOf', () => {
  const source: MessageSource = {
    id: 'm1',
    kind: 'confirmation',
    payload: { status: 'waitlisted' },
    resendOf: null,
    name: '王',
    email: 'wang@example.org',
    locale: 'en',
    registrationStatus: 'confirmed',
    organizationName: '社会组织',
    eventId: 'e1',
    title: '研讨会',
    titleEn: 'Workshop',
    startsAt,
    endsAt: new Date('2026-12-05T09:00:00Z'),
    timezone: 'Asia/Shanghai',
    venue: null,
    icsSequence: 2,
    eventStatus: 'cancelled',
  };
  const links = { manage: 'https://x/m', join: null, unsubscribe: null };

  it('describes the status the message was owed with, and shows the event as it is now', () => {
    const view = messageViewOf(source, links);
    expect(view).toMatchObject({ messageId: 'm1', status: 'waitlisted', locale: 'en', links, announcement: null });
    expect(view.recipient).toEqual({ name: '王', email: 'wang@example.org', organizationName: '社会组织' });
    expect(view.event).toMatchObject({ id: 'e1', icsSequence: 2, cancelled: true });
    expect(messageViewOf({ ...source, payload: {}, locale: 'fr' }, links)).toMatchObject({
      status: 'confirmed',
      locale: 'zh',
    });
  });

  it('carries an announcement only when there is one', () => {
    const view = messageViewOf(
      { ...source, kind: 'announcement', announcementSubject: '通知', announcementBody: null },
      links,
    );
    expect(view.announcement).toEqual({ subject: '通知', body: '' });
  });
});

describe('linkMessageViewOf', () => {
  const message: ClaimedLinkMessage = {
    id: 'm2',
    attempts: 1,
    kind: 'group_link',
    groupId: 'g1',
    payload: {},
    resendOf: null,
    eventId: 'e1',
    title: '研讨会',
    titleEn: null,
    startsAt,
    endsAt: new Date('2026-12-05T09:00:00Z'),
    timezone: 'Asia/Shanghai',
    venue: '北京',
    icsSequence: 0,
    eventStatus: 'published',
  };
  const links = { manage: null, join: null, unsubscribe: null };

  it('addresses a group link to the delegate, in the group’s language', () => {
    const view = linkMessageViewOf(message, {
      delegate: { name: 'Ann', email: 'ann@example.org', locale: 'en' },
      links,
      groups: [],
    });
    expect(view).toMatchObject({
      status: 'default',
      locale: 'en',
      recipient: { name: 'Ann', email: 'ann@example.org', organizationName: null },
    });
  });

  it('names a link request after the registration it found, at the address asked for', () => {
    const view = linkMessageViewOf(
      { ...message, kind: 'link_request', groupId: null },
      {
        registration: { name: '王', locale: 'zh', status: 'confirmed', organizationName: '社会组织' },
        delegate: { name: 'Ann', email: 'ann@example.org', locale: 'en' },
        email: 'wang@example.org',
        links: { ...links, manage: 'https://x/m' },
        groups: [],
      },
    );
    expect(view).toMatchObject({
      kind: 'link_request',
      status: 'confirmed',
      locale: 'zh',
      recipient: { name: '王', email: 'wang@example.org' },
    });
    expect(view.links.manage).toBe('https://x/m');
  });
});

describe('afterFailedSend', () => {
  const rules = { maxAttempts: 5, retryDelayMs: 1_000 };

  it('retries a refused connection or a 4xx with an exponential delay, capped at an hour', () => {
    expect(
      afterFailedSend(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 1, rules),
    ).toEqual({
      outcome: 'retrying',
      reason: 'ECONNREFUSED connect ECONNREFUSED',
      delayMs: 1_000,
    });
    expect(afterFailedSend({ responseCode: 451, message: 'try later' }, 3, rules)).toMatchObject({
      outcome: 'retrying',
      delayMs: 4_000,
    });
    expect(afterFailedSend({ responseCode: 421 }, 4, { maxAttempts: 99, retryDelayMs: 3_600_000 })).toMatchObject({
      delayMs: 3_600_000,
    });
  });

  it('fails a 5xx at once, and anything at the last attempt', () => {
    expect(afterFailedSend({ responseCode: 550, message: 'no such user' }, 1, rules)).toEqual({
      outcome: 'failed',
      reason: '550 no such user',
    });
    expect(afterFailedSend(new Error('timeout'), 5, rules)).toEqual({ outcome: 'failed', reason: 'timeout' });
  });
});
