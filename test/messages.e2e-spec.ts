import { createOrganization, createTestApp, Organizer, parseMail, publishEvent, signUp, SmtpSink, startSmtpSink, TestApp } from '@tongxin/testing';
import ICAL from 'ical.js';

/** Mail as attendees get it: the api and worker in one process, sending to a real SMTP server in another. */
describe('messages', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let owner: Organizer;
  let organizationId: string;

  beforeAll(async () => {
    sink = await startSmtpSink({ keepRaw: true });
    t = await createTestApp(
      { SMTP_URL: sink.url, MAIL_RETRY_DELAY_MS: '300', RECONCILE_INTERVAL_MS: '1000', MAIL_FROM: '同心 Tongxin <notice@tongxin.test>' },
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
    t.http().post(`/api/public/events/${slug}/registrations`).send({
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
    expect(log.items[0]).toMatchObject({ kind: 'confirmation', status: 'sent', registrationId: res.body.id, attempts: 1 });
    expect(mail.messageId).toBe(`<${log.items[0].id}@tongxin.test>`);
    expect(log.counts).toEqual({ queued: 0, sending: 0, sent: 1, failed: 0, cancelled: 0 });

    // The link in the mail is the attendee's own (a fresh token, not the one in the API response).
    const manage = /查看或修改报名: (\S+)/.exec(parsed.text!)![1]!;
    expect(manage).not.toBe(res.body.manageUrl);
    const path = new URL(manage).pathname;
    expect((await t.http().get(path).expect(200)).body).toMatchObject({ id: res.body.id, status: 'confirmed' });

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
});
