import {
  createEvent,
  createOrganization,
  createTestApp,
  Organizer,
  parseMail,
  publishEvent,
  signUp,
  SmtpSink,
  startSmtpSink,
  TestApp,
} from './support';
import ICAL from 'ical.js';
import { randomUUID } from 'node:crypto';
import type { Email } from 'postal-mime';
import { outboxMessages } from '../libs/testing/src/mail-factories';

/** Mail as attendees get it: the api and worker in one process, sending to a real SMTP server in another. */
describe('messages', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let owner: Organizer;
  let organizationId: string;

  beforeAll(async () => {
    sink = await startSmtpSink({ keepRaw: true });
    t = await createTestApp(
      {
        SMTP_URL: sink.url,
        MAIL_RETRY_DELAY_MS: '300',
        RECONCILE_INTERVAL_MS: '1000',
        MAIL_FROM: '同心 Tongxin <notice@tongxin.test>',
      },
      { worker: true },
    );
    owner = await signUp(t);
    organizationId = (await createOrganization(t, owner)).id;
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const register = (slug: string, overrides: Record<string, unknown> = {}) =>
    t
      .http()
      .post(`/api/public/events/${slug}/registrations`)
      .send({
        name: '王小明',
        email: `attendee-${Math.random().toString(16).slice(2)}@example.org`,
        organization: { id: organizationId },
        ...overrides,
      });
  /** The next message to this address, parsed. */
  const mailTo = async (email: string, nth = 1, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = sink.received.filter((m) => m.to === email);
      if (found.length >= nth) return { ...found[nth - 1]!, parsed: await parseMail(found[nth - 1]!.raw!) };
      if (Date.now() > deadline) throw new Error(`no message #${nth} to ${email}; ${found.length} arrived`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const mailWithSubject = async (email: string, subject: string) =>
    (await sink.mailTo(email, (parsed) => parsed.subject === subject)).parsed;
  const calendarOf = (parsed: Email) => {
    const part = parsed.attachments.find((a) => a.mimeType.startsWith('text/calendar'));
    if (!part) return undefined;
    const text =
      typeof part.content === 'string' ? part.content : Buffer.from(part.content as ArrayBuffer).toString('utf8');
    const calendar = new ICAL.Component(ICAL.parse(text));
    return {
      method: calendar.getFirstPropertyValue('method'),
      event: new ICAL.Event(calendar.getFirstSubcomponent('vevent')!),
    };
  };
  /** Links in mail and responses open pages (/r/, /g/, /j/, /u/); the JSON API answers the same token at this path. */
  const apiPath = (url: string) => {
    const [, kind, token] = /^\/([rgju])\/([\w-]+)$/.exec(new URL(url).pathname)!;
    const route = { r: 'registrations', g: 'group-registrations', j: 'join', u: 'unsubscribe' }[
      kind as 'r' | 'g' | 'j' | 'u'
    ];
    return `/api/public/${route}/${token}`;
  };
  const manageLinkIn = (text: string) =>
    apiPath(/(?:查看或修改报名|View or change your registration): (\S+)/.exec(text)![1]!);
  /** The event's messages of a kind, by the registration's address. */
  const outboxRows = async (eventId: string, kind: string) =>
    (await outboxMessages(t.db.manager, { eventId, kind }))
      .map((m) => ({ kind: m.kind, status: m.status, email: m.email! }))
      .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  /** A whole second (as calendars keep it) about `seconds` from now. */
  const soon = (seconds: number) => new Date(Math.ceil(Date.now() / 1000 + seconds) * 1000).toISOString();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const messagesOf = async (eventId: string, query = '') =>
    (await t.http().get(`/api/events/${eventId}/messages${query}`).set(owner.auth).expect(200)).body;

  it('confirms a registration in Chinese with text, HTML, a working manage link and an invitation', async () => {
    const event = await publishEvent(t, owner);
    const res = await register(event.slug, { email: 'wang@example.org' }).expect(201);
    const mail = await mailTo('wang@example.org');
    const { parsed } = mail;

    expect(parsed.subject).toBe('报名成功：京津冀协同发展社会组织研讨会');
    expect(parsed.from?.address).toBe('notice@tongxin.test');
    expect(parsed.text).toContain('王小明，您好！');
    expect(parsed.html).toContain('<html lang="zh-CN">');
    // Start in the event's zone, with its offset (09:00 in Beijing is 01:00 UTC).
    expect(parsed.text).toMatch(/09:00–17:00（GMT\+08:00 Asia\/Shanghai）/);

    const log = await messagesOf(event.id);
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({
      kind: 'confirmation',
      status: 'sent',
      registrationId: res.body.id,
      attempts: 1,
    });
    expect(mail.messageId).toBe(`<${log.items[0].id}@tongxin.test>`);
    expect(log.counts).toEqual({ queued: 0, sending: 0, sent: 1, failed: 0, cancelled: 0 });

    // The link in the mail is the attendee's own (a fresh token, not the one in the API response).
    const manage = /查看或修改报名: (\S+)/.exec(parsed.text!)![1]!;
    expect(manage).not.toBe(res.body.manageUrl);
    expect(new URL(manage).pathname).toMatch(/^\/r\/[\w-]{43}$/);
    expect((await t.http().get(apiPath(manage)).expect(200)).body).toMatchObject({
      id: res.body.id,
      status: 'confirmed',
    });
    // The same link opens the attendee's page.
    expect((await t.http().get(new URL(manage).pathname).expect(200)).text).toContain(
      'id="status" data-status="confirmed"',
    );

    const ics = parsed.attachments.find((a) => a.mimeType.startsWith('text/calendar'));
    expect(ics).toBeDefined();
    const calendar = new ICAL.Component(ICAL.parse(Buffer.from(ics!.content as ArrayBuffer).toString('utf8')));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const vevent = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(vevent.uid).toBe(`${event.id}@tongxin.test`);
    expect(vevent.sequence).toBe(0);
    expect(vevent.startDate.toJSDate().toISOString()).toBe(new Date(event.startsAt).toISOString());
    expect(vevent.summary).toBe('京津冀协同发展社会组织研讨会');
  });

  it('writes in English for an English registration, and keeps names out of the headers', async () => {
    const event = await publishEvent(t, owner, { timezone: 'Europe/London' });
    await register(event.slug, { email: 'en@example.org', locale: 'en', name: 'Ann\r\nBcc: thief@example.org' }).expect(
      201,
    );
    const { parsed, raw, to } = await mailTo('en@example.org');
    expect(to).toBe('en@example.org');
    expect(parsed.subject).toBe(
      'You are registered: Workshop on the coordinated development of Beijing, Tianjin and Hebei',
    );
    expect(parsed.text).toContain('Dear Ann Bcc: thief@example.org,');
    expect(parsed.headers.find((h) => h.key === 'bcc')).toBeUndefined();
    expect(raw).not.toMatch(/^Bcc:/im);
    // 01:00 UTC in London in the eventBody's week (winter or summer time) with its offset.
    expect(parsed.text).toMatch(/\d{2}:00–\d{2}:00 \(GMT(\+01:00|\+00:00) Europe\/London\)/);
    expect(parsed.html).toContain('<html lang="en">');
  });

  it('says what happened: waitlisted, promoted, cancelled (with a calendar cancellation), pending, approved, rejected', async () => {
    const event = await publishEvent(t, owner, { capacity: 1 });
    const first = await register(event.slug, { email: 'first@example.org' }).expect(201);
    await register(event.slug, { email: 'second@example.org' }).expect(201);
    await mailTo('first@example.org');
    expect((await mailTo('second@example.org')).parsed.subject).toBe('已进入候补名单：京津冀协同发展社会组织研讨会');
    expect(calendarOf((await mailTo('second@example.org')).parsed)).toBeUndefined();

    await t.http().delete(apiPath(first.body.manageUrl)).expect(200);
    const cancelled = (await mailTo('first@example.org', 2)).parsed;
    expect(cancelled.subject).toBe('报名已取消：京津冀协同发展社会组织研讨会');
    expect(calendarOf(cancelled)!.method).toBe('CANCEL');
    const promoted = (await mailTo('second@example.org', 2)).parsed;
    expect(promoted.subject).toBe('候补成功，报名已确认：京津冀协同发展社会组织研讨会');
    expect(calendarOf(promoted)!.method).toBe('REQUEST');

    const gated = await publishEvent(t, owner, { requiresApproval: true });
    const yes = await register(gated.slug, { email: 'yes@example.org' }).expect(201);
    const no = await register(gated.slug, { email: 'no@example.org' }).expect(201);
    expect((await mailTo('yes@example.org')).parsed.subject).toBe('报名待审核：京津冀协同发展社会组织研讨会');
    await t.http().post(`/api/events/${gated.id}/registrations/${yes.body.id}/approve`).set(owner.auth).expect(200);
    await t.http().post(`/api/events/${gated.id}/registrations/${no.body.id}/reject`).set(owner.auth).expect(200);
    expect((await mailTo('yes@example.org', 2)).parsed.subject).toBe('报名审核通过：京津冀协同发展社会组织研讨会');
    expect((await mailTo('no@example.org', 2)).parsed.subject).toBe('报名未通过审核：京津冀协同发展社会组织研讨会');
  });

  it('sends a reminder at its due time, only to people confirmed before it', async () => {
    const event = await publishEvent(t, owner, { startsAt: soon(6), endsAt: soon(3600), reminderOffsets: ['PT3S'] });
    const dueAt = new Date(event.startsAt).getTime() - 3000;
    await register(event.slug, { email: 'early@example.org' }).expect(201);
    const quitter = await register(event.slug, { email: 'quitter@example.org' }).expect(201);
    await t.http().delete(apiPath(quitter.body.manageUrl)).expect(200);

    const reminder = await mailTo('early@example.org', 2);
    expect(reminder.parsed.subject).toMatch(/^活动提醒：京津冀协同发展社会组织研讨会（/);
    // Never before its due time (how soon after is a speed, measured by npm run bench -- reminders, not here).
    expect(reminder.at).toBeGreaterThanOrEqual(dueAt);
    expect(calendarOf(reminder.parsed)!.method).toBe('REQUEST');

    await register(event.slug, { email: 'late@example.org' }).expect(201);
    await mailTo('late@example.org');
    expect((await outboxRows(event.id, 'reminder')).map((r) => r.email)).toEqual(['early@example.org']);
  });

  it('moves reminders when the event is rescheduled: the old time sends nothing, an update goes out', async () => {
    const event = await publishEvent(t, owner, { startsAt: soon(8), endsAt: soon(3600), reminderOffsets: ['PT5S'] });
    await register(event.slug, { email: 'moved@example.org' }).expect(201);
    await mailTo('moved@example.org');
    const startsAt = soon(14);
    await t.http().patch(`/api/events/${event.id}`).set(owner.auth).send({ startsAt }).expect(200);
    const newDue = new Date(startsAt).getTime() - 5000;

    const update = (await mailTo('moved@example.org', 2)).parsed;
    expect(update.subject).toBe('活动信息有变更：京津冀协同发展社会组织研讨会');
    const invitation = calendarOf(update)!;
    expect(invitation.event.sequence).toBe(1);
    expect(invitation.event.startDate.toJSDate().toISOString()).toBe(startsAt);

    const reminder = await mailTo('moved@example.org', 3, 20_000);
    expect(reminder.parsed.subject).toMatch(/^活动提醒/);
    expect(reminder.at).toBeGreaterThanOrEqual(newDue);
    await sleep(500);
    expect(sink.received.filter((m) => m.to === 'moved@example.org')).toHaveLength(3);
    expect(await outboxRows(event.id, 'reminder')).toEqual([
      { kind: 'reminder', status: 'sent', email: 'moved@example.org' },
    ]);
  });

  it('tells everyone when the event is cancelled, and sends no reminder after', async () => {
    const event = await publishEvent(t, owner, {
      capacity: 1,
      startsAt: soon(6),
      endsAt: soon(3600),
      reminderOffsets: ['PT3S'],
    });
    await register(event.slug, { email: 'seat@example.org' }).expect(201);
    await register(event.slug, { email: 'queue@example.org' }).expect(201);
    await t.http().post(`/api/events/${event.id}/cancel`).set(owner.auth).expect(200);
    // Sends run in parallel: the cancellation may overtake a confirmation (which is then not sent at all).
    for (const email of ['seat@example.org', 'queue@example.org']) {
      const notice = await mailWithSubject(email, '活动已取消：京津冀协同发展社会组织研讨会');
      expect(calendarOf(notice)!.method).toBe('CANCEL');
    }
    await sleep(Math.max(0, new Date(event.startsAt).getTime() - 3000 - Date.now()) + 1500);
    expect(await outboxRows(event.id, 'reminder')).toEqual([]);
  });

  it('sends announcements with List-Unsubscribe, and honours the opt-out', async () => {
    const event = await publishEvent(t, owner, { capacity: 2 });
    for (const email of ['a1@example.org', 'a2@example.org', 'a3@example.org'])
      await register(event.slug, { email }).expect(201);
    for (const email of ['a1@example.org', 'a2@example.org', 'a3@example.org']) await mailTo(email);
    const announce = (audience: string) =>
      t
        .http()
        .post(`/api/events/${event.id}/announcements`)
        .set(owner.auth)
        .send({ subject: '会场变更\r\nBcc: x@example.org', body: '各位好：\n\n会场改到二楼。\n\n谢谢！', audience });

    expect((await announce('confirmed').expect(202)).body.recipients).toBe(2);
    const first = (await mailTo('a1@example.org', 2)).parsed;
    expect(first.subject).toBe('京津冀协同发展社会组织研讨会｜会场变更 Bcc: x@example.org');
    expect(first.text).toContain('会场改到二楼。');
    const unsubscribe = first.headers.find((h) => h.key === 'list-unsubscribe')!.value.replace(/^<|>$/g, '');
    expect(first.headers.find((h) => h.key === 'list-unsubscribe-post')?.value).toBe('List-Unsubscribe=One-Click');
    expect(first.text).toContain(unsubscribe);

    // The link opens a page that asks first.
    expect(new URL(unsubscribe).pathname).toMatch(/^\/u\/[\w-]{43}$/);
    const page = await t.http().get(new URL(unsubscribe).pathname).expect(200);
    expect(page.text).toContain(`<form method="post" action="${new URL(unsubscribe).pathname}">`);
    expect(page.text).toContain('a1***@example.org');
    const api = await t.http().get(apiPath(unsubscribe)).expect(200);
    expect(api.text).toContain('<form method="post">');
    for (const method of ['get', 'post'] as const) {
      const invalid = await t.http()[method]('/api/public/unsubscribe/not-a-token');
      expect(invalid.status).toBe(404);
      expect(invalid.body.code).toBe('REGISTRATION_NOT_FOUND');
    }
    // A mail provider's RFC 8058 one-click post to the link itself (no cookie, no form token).
    await t.http().post(new URL(unsubscribe).pathname).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect((await t.http().get(new URL(unsubscribe).pathname).expect(200)).text).toContain('已不再接收');
    const done = await t.http().post(apiPath(unsubscribe)).expect(200);
    expect(done.body).toEqual({
      eventTitle: '京津冀协同发展社会组织研讨会',
      email: 'a1***@example.org',
      unsubscribed: true,
    });

    expect((await announce('all').expect(202)).body.recipients).toBe(2);
    await mailTo('a3@example.org', 2);
    await mailTo('a2@example.org', 3);
    expect(sink.received.filter((m) => m.to === 'a1@example.org')).toHaveLength(2);
    // Transactional mail still reaches the person who opted out of announcements.
    expect(await outboxRows(event.id, 'announcement')).toHaveLength(4);
  });

  it('refuses announcements that are not valid, for drafts, and from outside the team', async () => {
    const event = await publishEvent(t, owner);
    const send = (body: Record<string, unknown>, who = owner, id = event.id) =>
      t.http().post(`/api/events/${id}/announcements`).set(who.auth).send(body);
    const bad = await send({ subject: '', body: 'x', audience: 'everyone' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['audience', 'subject']);
    const draft = await createEvent(t, owner);
    const refused = await send({ subject: '通知', body: '内容', audience: 'all' }, owner, draft.id);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('EVENT_NOT_EDITABLE');
    const stranger = await signUp(t);
    expect((await send({ subject: '通知', body: '内容', audience: 'all' }, stranger)).status).toBe(404);
    expect((await t.http().get(`/api/events/${event.id}/messages`).set(stranger.auth)).status).toBe(404);
    expect(await outboxRows(event.id, 'announcement')).toEqual([]);
  });

  it('lists the delivery log with filters and counts, and resends a message as a new one', async () => {
    const event = await publishEvent(t, owner);
    await register(event.slug, { email: 'log1@example.org' }).expect(201);
    const second = await register(event.slug, { email: 'log2@example.org' }).expect(201);
    await mailTo('log1@example.org');
    await mailTo('log2@example.org');
    await t.http().delete(apiPath(second.body.manageUrl)).expect(200);
    await mailTo('log2@example.org', 2);

    const all = await messagesOf(event.id, '?limit=2');
    expect(all.items).toHaveLength(2);
    expect(all.nextCursor).toEqual(expect.any(String));
    expect(all.counts.sent).toBe(3);
    const rest = await messagesOf(event.id, `?limit=2&cursor=${encodeURIComponent(all.nextCursor)}`);
    expect(rest.items).toHaveLength(1);
    const cancellations = await messagesOf(event.id, '?kind=registration_cancelled&status=sent');
    expect(cancellations.items.map((m: { email: string }) => m.email)).toEqual(['log2@example.org']);
    expect(cancellations.counts).toEqual({ queued: 0, sending: 0, sent: 1, failed: 0, cancelled: 0 });
    const badKind = await t.http().get(`/api/events/${event.id}/messages?kind=postcard`).set(owner.auth);
    expect(badKind.status).toBe(400);

    const original = (await messagesOf(event.id, '?kind=confirmation')).items.find(
      (m: { email: string }) => m.email === 'log1@example.org',
    );
    const resent = await t
      .http()
      .post(`/api/events/${event.id}/messages/${original.id}/resend`)
      .set(owner.auth)
      .expect(202);
    expect(resent.body).toMatchObject({ kind: 'confirmation', resendOf: original.id });
    const again = await mailTo('log1@example.org', 2);
    expect(again.messageId).toBe(`<${resent.body.id}@tongxin.test>`);
    expect(again.parsed.headers.find((h) => h.key === 'x-tongxin-resend-of')?.value).toBe(
      `<${original.id}@tongxin.test>`,
    );
    expect(again.parsed.subject).toBe('报名成功：京津冀协同发展社会组织研讨会');
    const unknown = await t.http().post(`/api/events/${event.id}/messages/${randomUUID()}/resend`).set(owner.auth);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('MESSAGE_NOT_FOUND');
    expect((await t.http().post(`/api/events/${event.id}/messages/nope/resend`).set(owner.auth)).status).toBe(400);
  });

  it('gives confirmed attendees of an online event a personal join link', async () => {
    const event = await publishEvent(t, owner, {
      kind: 'online',
      venue: null,
      joinUrl: 'https://meeting.example.org/j/123',
    });
    await register(event.slug, { email: 'online@example.org' }).expect(201);
    const { parsed } = await mailTo('online@example.org');
    const join = /线上参会链接（仅限本人使用）: (\S+)/.exec(parsed.text!)![1]!;
    expect(join).not.toContain('meeting.example.org');
    const res = await t.http().get(new URL(join).pathname).expect(302);
    expect(res.headers.location).toBe('https://meeting.example.org/j/123');
    expect((await t.http().get('/api/public/join/not-a-token')).status).toBe(404);
    await t.http().delete(manageLinkIn(parsed.text!)).expect(200);
    const refused = await t.http().get(apiPath(join));
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('REGISTRATION_NOT_ACTIONABLE');
    // The link itself opens a page that says why.
    const page = await t.http().get(new URL(join).pathname).expect(409);
    expect(page.text).toContain('只有已确认的报名才能进入线上会议');
  });

  it('retries while SMTP is down or refusing, and delivers each message exactly once when it is back', async () => {
    const event = await publishEvent(t, owner);
    await sink.stop();
    const emails = Array.from({ length: 5 }, (_, i) => `outage${i}@example.org`);
    type Logged = { attempts: number; lastError: string | null };
    let during: { counts: { sent: number }; items: Logged[] };
    const refused = (m: Logged) => m.attempts >= 1 && /ECONNREFUSED/.test(m.lastError ?? '');
    try {
      for (const email of emails) await register(event.slug, { email }).expect(201);
      // Until every message has been refused at least once by the closed port (however busy the machine is).
      const deadline = Date.now() + 20_000;
      do {
        await sleep(200);
        during = await messagesOf(event.id);
      } while (!(during.items.length === 5 && during.items.every(refused)) && Date.now() < deadline);
    } finally {
      await sink.start();
    }
    expect(during.counts.sent).toBe(0);
    expect(during.items).toHaveLength(5);
    expect(during.items.every(refused)).toBe(true);

    await sink.refuse(451);
    await sleep(1500);
    await sink.refuse(null);
    for (const email of emails) await mailTo(email, 1, 20_000);
    await sleep(1500);
    const ids = sink.received.filter((m) => emails.includes(m.to)).map((m) => m.messageId);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect((await messagesOf(event.id)).counts).toEqual({ queued: 0, sending: 0, sent: 5, failed: 0, cancelled: 0 });
  });

  it('marks a message failed, with the reason, when the server refuses it for good', async () => {
    const event = await publishEvent(t, owner);
    await sink.refuse(550);
    try {
      await register(event.slug, { email: 'bounce@example.org' }).expect(201);
      const deadline = Date.now() + 10_000;
      let log = await messagesOf(event.id);
      while (log.items[0]?.status !== 'failed' && Date.now() < deadline) {
        await sleep(100);
        log = await messagesOf(event.id);
      }
      expect(log.items[0]).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringMatching(/^550/) });
    } finally {
      await sink.refuse(null);
    }
  });

  it('confirms each person of a group, and a place handed on confirms the new person and retires old links', async () => {
    const event = await publishEvent(t, owner);
    const group = await t
      .http()
      .post(`/api/public/events/${event.slug}/group-registrations`)
      .send({
        delegate: { name: '带队人', email: 'lead@example.org' },
        organization: { id: organizationId },
        attendees: [
          { name: '成员甲', email: 'member1@example.org' },
          { name: '成员乙', email: 'member2@example.org' },
        ],
      })
      .expect(201);
    const first = (await mailTo('member1@example.org')).parsed;
    expect(first.subject).toBe('报名成功：京津冀协同发展社会组织研讨会');
    await mailTo('member2@example.org');
    const oldLink = manageLinkIn(first.text!);
    await t.http().get(oldLink).expect(200);

    const place = group.body.attendees.find((a: { email: string }) => a.email === 'member1@example.org');
    const groupToken = group.body.manageUrl.split('/').pop();
    await t
      .http()
      .put(`/api/public/group-registrations/${groupToken}/attendees/${place.id}`)
      .send({ name: '接替者', email: 'successor@example.org' })
      .expect(200);
    const successor = (await mailTo('successor@example.org')).parsed;
    expect(successor.text).toContain('接替者，您好！');
    await t.http().get(manageLinkIn(successor.text!)).expect(200);
    expect((await t.http().get(oldLink)).status).toBe(404);
    // The delegate gets one mail of their own: the group's link (see link-lifetime.e2e-spec.ts), no confirmation.
    expect((await mailTo('lead@example.org')).parsed.subject).toBe('团体报名已提交：京津冀协同发展社会组织研讨会');
    expect(sink.received.filter((m) => m.to === 'lead@example.org')).toHaveLength(1);
  });

  it('confirms imported people unless the import says notify=false', async () => {
    const event = await publishEvent(t, owner);
    const csv = (emails: string[]) =>
      Buffer.from(
        ['姓名,邮箱,单位,地区代码,单位类型', ...emails.map((e, i) => `导入${i},${e},导入组织,110000,社会团体`)].join(
          '\n',
        ),
      );
    const importFile = (query: string, emails: string[]) =>
      t
        .http()
        .post(`/api/events/${event.id}/registrations/import${query}`)
        .set(owner.auth)
        .attach('file', csv(emails), 'list.csv')
        .expect(200);
    await importFile('', ['imported1@example.org', 'imported2@example.org']);
    expect((await mailTo('imported2@example.org')).parsed.subject).toBe('报名成功：京津冀协同发展社会组织研讨会');
    await importFile('?notify=false', ['quiet@example.org']);
    await importFile('?dryRun=true', ['dry@example.org']);
    expect((await outboxRows(event.id, 'confirmation')).map((r) => r.email)).toEqual([
      'imported1@example.org',
      'imported2@example.org',
    ]);
    // Rows imported by one statement share a timestamp: the registration list still pages through each once.
    const listed: string[] = [];
    for (let cursor = ''; ;) {
      const page = (
        await t
          .http()
          .get(`/api/events/${event.id}/registrations?limit=1${cursor && `&cursor=${encodeURIComponent(cursor)}`}`)
          .set(owner.auth)
          .expect(200)
      ).body;
      listed.push(...page.items.map((r: { email: string }) => r.email));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(listed.sort()).toEqual(['imported1@example.org', 'imported2@example.org', 'quiet@example.org']);
  });

  it('pages through a fan-out written by one statement without skipping or repeating anyone', async () => {
    const event = await publishEvent(t, owner);
    const emails = Array.from({ length: 5 }, (_, i) => `page${i}@example.org`);
    for (const email of emails) await register(event.slug, { email }).expect(201);
    await t
      .http()
      .post(`/api/events/${event.id}/announcements`)
      .set(owner.auth)
      .send({ subject: '分页', body: '内容', audience: 'all' })
      .expect(202);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await messagesOf(
        event.id,
        `?kind=announcement&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...page.items.map((m: { email: string }) => m.email));
      cursor = page.nextCursor;
    }
    expect(seen.sort()).toEqual(emails);
    const forged = Buffer.from(JSON.stringify(['2020-01-01 00:00+99', 'x'])).toString('base64url');
    const bad = await t.http().get(`/api/events/${event.id}/messages?cursor=${forged}`).set(owner.auth);
    expect(bad.status).toBe(400);
  });

  it('does not deliver a confirmation that is still retrying when the registration is cancelled', async () => {
    const event = await publishEvent(t, owner);
    await sink.refuse(451);
    let manageUrl: string;
    try {
      manageUrl = (await register(event.slug, { email: 'changed-mind@example.org' }).expect(201)).body.manageUrl;
      // Wait for a refused first attempt (queued again, attempts 1): 'queued' alone is also the state before the worker
      // first claims it, and a send claimed then would still be in flight when the refusal is lifted.
      const deadline = Date.now() + 5000;
      const retrying = async () => {
        const [row] = await outboxMessages(t.db.manager, { eventId: event.id, kind: 'confirmation' });
        return row?.status === 'queued' && row.attempts >= 1;
      };
      while (!(await retrying()) && Date.now() < deadline) await sleep(50);
      await t.http().delete(apiPath(manageUrl)).expect(200);
      // Lift the refusal only once the retrying confirmation has been dropped, so no attempt is in flight meanwhile.
      const dropped = Date.now() + 10_000;
      while ((await outboxRows(event.id, 'confirmation'))[0]?.status !== 'cancelled' && Date.now() < dropped)
        await sleep(50);
    } finally {
      await sink.refuse(null);
    }
    expect((await mailTo('changed-mind@example.org')).parsed.subject).toBe('报名已取消：京津冀协同发展社会组织研讨会');
    await sleep(1500);
    expect(sink.received.filter((m) => m.to === 'changed-mind@example.org')).toHaveLength(1);
    expect(await outboxRows(event.id, 'confirmation')).toEqual([
      { kind: 'confirmation', status: 'cancelled', email: 'changed-mind@example.org' },
    ]);
  });
});
