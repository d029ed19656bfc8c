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
import { randomBytes } from 'node:crypto';
import type { Email } from 'postal-mime';
import { outboxMessages, registrationLinks } from '../libs/testing/src/mail-factories';

/**
 * Links in mail have a lifetime, die with a hand-over, and can be had again: the api and worker in one process,
 * mail to a real SMTP server in another, links followed from the delivered mail.
 */
describe('link lifetime', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let owner: Organizer;

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
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** The first message of this kind (X-Tongxin-Kind) to this address, parsed; waits for it to arrive. */
  const mailOfKind = async (email: string, kind: string): Promise<Email> =>
    (await sink.mailTo(email, (parsed) => parsed.headers.find((h) => h.key === 'x-tongxin-kind')?.value === kind))
      .parsed;
  const mailsTo = (email: string) => sink.received.filter((m) => m.to === email);
  /** Links in mail and responses open pages (/r/, /g/, /j/, /u/); the JSON API answers the same token at this path. */
  const path = (url: string) => {
    const [, kind, token] = /^\/([rgju])\/([\w-]+)$/.exec(new URL(url).pathname)!;
    const route = { r: 'registrations', g: 'group-registrations', j: 'join', u: 'unsubscribe' }[
      kind as 'r' | 'g' | 'j' | 'u'
    ];
    return `/api/public/${route}/${token}`;
  };
  /** The page a link opens, as it is in the mail. */
  const pageOf = (url: string) => new URL(url).pathname;
  const linkIn = (text: string, label: RegExp) => path(new RegExp(`(?:${label.source}): (\\S+)`).exec(text)![1]!);
  const manageLink = (text: string) => linkIn(text, /查看或修改报名|View or change your registration/);
  const joinLink = (text: string) => linkIn(text, /线上参会链接（仅限本人使用）|Your personal link to join online/);
  const groupLinks = (text: string) =>
    [...text.matchAll(/(?:管理团体报名|Manage the group): (\S+)/g)].map((m) => path(m[1]!));
  const randomToken = () => randomBytes(32).toString('base64url');
  /** Polls a query until it returns what `done` accepts (the worker runs in the background). */
  const until = async <T>(query: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> => {
    for (const deadline = Date.now() + timeoutMs; ; await sleep(50)) {
      const value = await query();
      if (done(value) || Date.now() > deadline) return value;
    }
  };
  const linkRequestRows = async (email: string) =>
    (await outboxMessages(t.db.manager, { kind: 'link_request', requestedBy: email })).map(
      ({ status, lastError, registrationId }) => ({
        status,
        lastError,
        registrationId,
      }),
    );
  /** Moves the event so that it ended `days` ago (through the organizer API, as an organizer could). */
  const endedDaysAgo = (eventId: string, days: number) => {
    const endsAt = new Date(Date.now() - days * 24 * 3600_000);
    const startsAt = new Date(endsAt.getTime() - 2 * 3600_000);
    return t
      .http()
      .patch(`/api/events/${eventId}`)
      .set(owner.auth)
      .send({ startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() })
      .expect(200);
  };
  const group = (slug: string, body: Record<string, unknown>) =>
    t.http().post(`/api/public/events/${slug}/group-registrations`).send(body).expect(201);
  const requestLinks = (slug: string, email: unknown) =>
    t.http().post(`/api/public/events/${slug}/link-requests`).send({ email });
  const expectGone = async (res: { status: number; body: { code?: string; message?: string } }) => {
    expect(res.status).toBe(410);
    expect(res.body.code).toBe('LINK_EXPIRED');
    expect(res.body.message).toMatch(/expired/);
  };

  it('expires manage, group and join links LINK_TTL_DAYS (30) after the event ends; unsubscribe links keep working', async () => {
    const org = await createOrganization(t, owner);
    const event = await publishEvent(t, owner, {
      kind: 'hybrid',
      joinUrl: 'https://meeting.example.org/j/9',
      capacity: 10,
    });
    const solo = await t
      .http()
      .post(`/api/public/events/${event.slug}/registrations`)
      .send({ name: '独自报名', email: 'solo@example.org', organization: { id: org.id } })
      .expect(201);
    const created = await group(event.slug, {
      delegate: { name: '带队人', email: 'expiry-lead@example.org' },
      organization: { id: org.id },
      attendees: [{ name: '成员', email: 'expiry-member@example.org' }],
    });
    const confirmation = await mailOfKind('solo@example.org', 'confirmation');
    const groupMail = await mailOfKind('expiry-lead@example.org', 'group_link');
    await t
      .http()
      .post(`/api/events/${event.id}/announcements`)
      .set(owner.auth)
      .send({ subject: '通知', body: '内容', audience: 'all' })
      .expect(202);
    const announcement = await mailOfKind('solo@example.org', 'announcement');
    const links = {
      manageFromApi: path(solo.body.manageUrl),
      manageFromMail: manageLink(confirmation.text!),
      groupFromApi: path(created.body.manageUrl),
      groupFromMail: groupLinks(groupMail.text!)[0]!,
    };
    const join = joinLink(confirmation.text!);
    const unsubscribe = path(
      announcement.headers.find((h) => h.key === 'list-unsubscribe')!.value.replace(/^<|>$/g, ''),
    );

    // Ended ten days ago: within the lifetime, everything still works.
    await endedDaysAgo(event.id, 10);
    for (const link of Object.values(links)) await t.http().get(link).expect(200);
    expect((await t.http().get(join).expect(302)).headers.location).toBe('https://meeting.example.org/j/9');

    const pages = {
      manage: pageOf(/(?:查看或修改报名|View or change your registration): (\S+)/.exec(confirmation.text!)![1]!),
      join: pageOf(
        /(?:线上参会链接（仅限本人使用）|Your personal link to join online): (\S+)/.exec(confirmation.text!)![1]!,
      ),
      group: pageOf(created.body.manageUrl),
    };
    for (const link of [pages.manage, pages.group]) await t.http().get(link).expect(200);

    // Ended 31 days ago: manage, group and join links answer 410, for reading and for changing.
    await endedDaysAgo(event.id, 31);
    // The pages they open say so.
    for (const link of Object.values(pages)) {
      const gone = await t.http().get(link);
      expect(gone.status).toBe(410);
      expect(gone.text).toMatch(/这个链接已过期|活动已结束较久，这个链接已过期/);
    }
    for (const link of Object.values(links)) await expectGone(await t.http().get(link));
    await expectGone(await t.http().get(join));
    await expectGone(await t.http().patch(links.manageFromMail).send({ name: '改名' }));
    await expectGone(await t.http().delete(links.manageFromApi));
    const member = created.body.attendees[0].id as string;
    await expectGone(await t.http().delete(`${links.groupFromMail}/attendees/${member}`));
    await expectGone(
      await t
        .http()
        .put(`${links.groupFromApi}/attendees/${member}`)
        .send({ name: '接替', email: 'late-successor@example.org' }),
    );
    // Nothing changed, as the organizer sees it.
    const listed = (await t.http().get(`/api/events/${event.id}/registrations`).set(owner.auth).expect(200)).body
      .items as { id: string; status: string; email: string }[];
    const byId = (id: string) => listed.find((r) => r.id === id)!;
    expect({ solo: byId(solo.body.id).status, member: byId(member).email }).toEqual({
      solo: 'confirmed',
      member: 'expiry-member@example.org',
    });

    // A link that never was is still 404, not 410; the unsubscribe link never expires.
    for (const route of ['registrations', 'group-registrations', 'join']) {
      const unknown = await t.http().get(`/api/public/${route}/${randomToken()}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('REGISTRATION_NOT_FOUND');
    }
    expect((await t.http().get(unsubscribe).expect(200)).text).toContain('so***@example.org');
    expect((await t.http().post(unsubscribe).expect(200)).body).toMatchObject({ unsubscribed: true });

    // Asking for the links again now sends nothing: they would not work.
    expect((await requestLinks(event.slug, 'solo@example.org').expect(202)).body).toEqual({ accepted: true });
    const rows = await until(
      () => linkRequestRows('solo@example.org'),
      (r) => r[0]?.status === 'cancelled',
    );
    expect(rows).toEqual([{ status: 'cancelled', lastError: 'links expired', registrationId: solo.body.id }]);
  });

  it('retires the manage and join links of a person handed out of a group at once; the new person’s work', async () => {
    const event = await publishEvent(t, owner, {
      kind: 'online',
      venue: null,
      joinUrl: 'https://meeting.example.org/j/swap',
    });
    const created = await group(event.slug, {
      delegate: { name: '带队人', email: 'swap-lead@example.org' },
      organization: { id: (await createOrganization(t, owner)).id },
      attendees: [
        { name: '原成员', email: 'swap-before@example.org' },
        { name: '另一位', email: 'swap-other@example.org' },
      ],
    });
    const before = await mailOfKind('swap-before@example.org', 'confirmation');
    const oldManage = manageLink(before.text!);
    const oldJoin = joinLink(before.text!);
    await t.http().get(oldManage).expect(200);
    await t.http().get(oldJoin).expect(302);

    const place = created.body.attendees.find((a: { email: string }) => a.email === 'swap-before@example.org');
    await t
      .http()
      .put(`${path(created.body.manageUrl)}/attendees/${place.id}`)
      .send({ name: '接替者', email: 'swap-after@example.org' })
      .expect(200);
    for (const link of [oldManage, oldJoin]) {
      const refused = await t.http().get(link);
      expect(refused.status).toBe(404);
      expect(refused.body.code).toBe('REGISTRATION_NOT_FOUND');
    }
    const after = await mailOfKind('swap-after@example.org', 'confirmation');
    expect((await t.http().get(manageLink(after.text!)).expect(200)).body).toMatchObject({
      id: place.id,
      email: 'swap-after@example.org',
    });
    expect((await t.http().get(joinLink(after.text!)).expect(302)).headers.location).toBe(
      'https://meeting.example.org/j/swap',
    );
    // The other person of the group, and the delegate's link, are untouched.
    await t
      .http()
      .get(manageLink((await mailOfKind('swap-other@example.org', 'confirmation')).text!))
      .expect(200);
    await t.http().get(path(created.body.manageUrl)).expect(200);
    const links = await registrationLinks(t.db.manager, place.id);
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((l) => !l.current)).toEqual([]);
  });

  it('mails the delegate the group link with its people and their statuses, in the group’s language', async () => {
    const event = await publishEvent(t, owner, { capacity: 10, perOrganizationLimit: 1 });
    const zh = await group(event.slug, {
      delegate: { name: '李带队', email: 'zh-lead@example.org' },
      organization: { id: (await createOrganization(t, owner)).id },
      attendees: [
        { name: '成员甲', email: 'zh-1@example.org' },
        { name: '<b>成员乙</b>', email: 'zh-2@example.org' },
      ],
      allowWaitlist: true,
    });
    const en = await group(event.slug, {
      delegate: { name: 'Ann Lead', email: 'en-lead@example.org' },
      organization: { id: (await createOrganization(t, owner)).id },
      attendees: [{ name: 'Bo', email: 'en-1@example.org' }],
      locale: 'en',
    });

    const mail = await mailOfKind('zh-lead@example.org', 'group_link');
    expect(mail.subject).toBe('团体报名已提交：京津冀协同发展社会组织研讨会');
    expect(mail.text).toContain('李带队，您好！');
    expect(mail.text).toContain('成员甲: 已确认');
    expect(mail.text).toContain('<b>成员乙</b>: 候补');
    expect(mail.html).toContain('&lt;b&gt;成员乙&lt;/b&gt; — 候补');
    expect(mail.attachments.find((a) => a.mimeType.startsWith('text/calendar'))).toBeUndefined();
    const [link] = groupLinks(mail.text!);
    // A fresh token of its own (only hashes are stored), not the one in the API response, and it opens the group.
    expect(link).not.toBe(path(zh.body.manageUrl));
    const opened = await t.http().get(link!).expect(200);
    expect(opened.body).toMatchObject({ id: zh.body.id, delegate: { email: 'zh-lead@example.org' } });
    expect(opened.body.attendees.map((a: { status: string }) => a.status)).toEqual(['confirmed', 'waitlisted']);

    const english = await mailOfKind('en-lead@example.org', 'group_link');
    expect(english.subject).toBe(
      'Your group registration: Workshop on the coordinated development of Beijing, Tianjin and Hebei',
    );
    expect(english.text).toContain('Bo: confirmed');
    await t.http().get(groupLinks(english.text!)[0]!).expect(200);

    const owed = (await outboxMessages(t.db.manager, { eventId: event.id, kind: 'group_link' })).map(
      ({ dedupeKey, status }) => ({ dedupeKey, status }),
    );
    expect(owed).toEqual([
      { dedupeKey: `group_link:${zh.body.id}`, status: 'sent' },
      { dedupeKey: `group_link:${en.body.id}`, status: 'sent' },
    ]);
  });

  it('sends an address its links again, in one mail, and answers the same for an address that is not registered', async () => {
    const org = await createOrganization(t, owner);
    const event = await publishEvent(t, owner, {
      kind: 'online',
      venue: null,
      joinUrl: 'https://meeting.example.org/j/again',
    });
    const registered = await t
      .http()
      .post(`/api/public/events/${event.slug}/registrations`)
      .send({ name: '丢了链接', email: 'lost@example.org', organization: { id: org.id } })
      .expect(201);
    await mailOfKind('lost@example.org', 'confirmation');

    const known = await requestLinks(event.slug, '  Lost@Example.org ');
    expect(known.status).toBe(202);
    expect(known.body).toEqual({ accepted: true });
    const again = await mailOfKind('lost@example.org', 'link_request');
    expect(again.subject).toBe('您的报名链接：京津冀协同发展社会组织研讨会');
    expect(again.text).toContain('丢了链接，您好！');
    expect((await t.http().get(manageLink(again.text!)).expect(200)).body).toMatchObject({
      id: registered.body.id,
      status: 'confirmed',
    });
    expect((await t.http().get(joinLink(again.text!)).expect(302)).headers.location).toBe(
      'https://meeting.example.org/j/again',
    );
    expect(groupLinks(again.text!)).toEqual([]);
    expect(await linkRequestRows('lost@example.org')).toEqual([
      { status: 'sent', lastError: null, registrationId: registered.body.id },
    ]);
    expect(mailsTo('lost@example.org')).toHaveLength(2);

    const unknown = await requestLinks(event.slug, 'nobody@example.org');
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    // The worker looks the address up, finds nothing, and drops the request: nothing is sent, nothing kept.
    expect(
      await until(
        () => linkRequestRows('nobody@example.org'),
        (r) => r.length === 0,
      ),
    ).toEqual([]);
    expect(mailsTo('nobody@example.org')).toEqual([]);
  });

  it('puts the registration’s link and every group link of a delegate in one mail', async () => {
    const event = await publishEvent(t, owner, { capacity: 10 });
    const mine = await t
      .http()
      .post(`/api/public/events/${event.slug}/registrations`)
      .send({
        name: '带队又参会',
        email: 'both@example.org',
        organization: { id: (await createOrganization(t, owner)).id },
      })
      .expect(201);
    const groups = [];
    for (const i of [1, 2]) {
      groups.push(
        await group(event.slug, {
          delegate: { name: '带队又参会', email: 'both@example.org' },
          organization: { id: (await createOrganization(t, owner)).id },
          attendees: [{ name: `成员${i}`, email: `both-member-${i}@example.org` }],
        }),
      );
    }
    await mailOfKind('both@example.org', 'confirmation');
    await requestLinks(event.slug, 'both@example.org').expect(202);
    const again = await mailOfKind('both@example.org', 'link_request');
    expect((await t.http().get(manageLink(again.text!)).expect(200)).body.id).toBe(mine.body.id);
    const opened = [];
    for (const link of groupLinks(again.text!)) opened.push((await t.http().get(link).expect(200)).body.id);
    expect(opened).toEqual(groups.map((g) => g.body.id));
    expect(again.text).toContain('成员1: 已确认');
    await until(
      () => linkRequestRows('both@example.org'),
      (r) => r[0]?.status === 'sent',
    );
    const kinds = await Promise.all(
      mailsTo('both@example.org').map(
        async (m) => (await parseMail(m.raw!)).headers.find((h) => h.key === 'x-tongxin-kind')?.value,
      ),
    );
    expect(kinds.filter((k) => k === 'link_request')).toHaveLength(1);
  });

  it('refuses a link request that is not an email, and for an event that is not public', async () => {
    const event = await publishEvent(t, owner);
    for (const email of ['not-an-email', undefined, 42]) {
      const bad = await requestLinks(event.slug, email);
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    }
    const draft = await createEvent(t, owner);
    for (const slug of [draft.slug, 'no-such-event']) {
      const missing = await requestLinks(slug, 'someone@example.org');
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('EVENT_NOT_FOUND');
    }
    expect(await outboxMessages(t.db.manager, { requestedBy: 'someone@example.org' })).toEqual([]);
  });
});
