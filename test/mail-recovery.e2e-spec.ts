import {
  createTestApp,
  Organizer,
  publishEvent,
  signUp,
  SmtpSink,
  startSmtpSink,
  startWorkerProcess,
  TestApp,
  WorkerProcess,
} from './support';
import { outboxMessages } from '../libs/testing/src/mail-factories';

const ATTENDEES = 600;
const CONCURRENCY = 10;

/**
 * How soon mail moves again after a failure, with the slow paths set far out of reach (a ten-minute sending timeout,
 * ten minutes before a refused message is tried again): a killed worker's claims come back because its liveness lock
 * went with it, and messages put off while the mail server refused go as soon as one message goes through again.
 */
jest.setTimeout(180_000);

describe('mail recovery', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let owner: Organizer;
  let event: { id: string };
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      SMTP_URL: sink.url,
      MAIL_FROM: 'Tongxin <notice@tongxin.test>',
      MAIL_CONCURRENCY: String(CONCURRENCY),
      MAIL_SENDING_TIMEOUT_MS: '600000',
      MAIL_RETRY_DELAY_MS: '600000',
    });
    owner = await signUp(t);
    event = await publishEvent(t, owner, { capacity: null });
    const rows = ['姓名,邮箱,单位,地区代码,单位类型'];
    for (let i = 0; i < ATTENDEES; i++) rows.push(`学员${i},student${i}@example.org,测试组织${i % 40},110000,社会团体`);
    await t
      .http()
      .post(`/api/events/${event.id}/registrations/import?notify=false`)
      .set(owner.auth)
      .attach('file', Buffer.from(rows.join('\n')), 'list.csv')
      .expect(200);
  });
  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await t.close();
    await sink.stop();
  });

  const announce = async (subject: string, audience = 'all') => {
    const res = await t
      .http()
      .post(`/api/events/${event.id}/announcements`)
      .set(owner.auth)
      .send({ subject, body: '通知内容', audience })
      .expect(202);
    const rows = await outboxMessages(t.db.manager, { announcementId: res.body.id });
    return new Set(rows.map((r) => `<${r.id}@tongxin.test>`));
  };
  const distinct = (expected: Set<string>) =>
    new Set(sink.received.filter((m) => expected.has(m.messageId)).map((m) => m.messageId)).size;
  const until = async (condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it("hands a killed worker's claims to another at once, long before the sending timeout", async () => {
    worker = await startWorkerProcess(t.env);
    const expected = await announce('第一次通知');
    await until(() => distinct(expected) >= 100, 60_000, '100 messages');
    await worker.kill('SIGKILL');
    const claimedByTheDead = (await outboxMessages(t.db.manager)).filter((m) => m.status === 'sending').length;
    worker = await startWorkerProcess(t.env);
    // With a ten-minute sending timeout, only the dead worker's lost liveness lock can bring these back in time.
    await until(() => distinct(expected) === ATTENDEES, 120_000, 'every message');
    expect(claimedByTheDead).toBeGreaterThan(0);
    const left = (await outboxMessages(t.db.manager)).filter((m) => m.status !== 'sent');
    expect(left).toEqual([]);
  });

  it('sends what the refusing server put off as soon as a message goes through again', async () => {
    await sink.refuse(421, 'connect');
    const putOff = await announce('第二次通知');
    await until(
      async () =>
        (await outboxMessages(t.db.manager, { ids: [...putOff].map((id) => id.slice(1, 37)) })).every(
          (m) => m.status === 'queued' && m.attempts === 1,
        ),
      60_000,
      'every message refused once and put off for ten minutes',
    );
    await sink.refuse(null);
    // A new message goes through, and with it everything waiting for its retry.
    const next = await announce('第三次通知');
    await until(() => distinct(next) === ATTENDEES && distinct(putOff) === ATTENDEES, 120_000, 'every message');
    const rows = await outboxMessages(t.db.manager, { ids: [...putOff].map((id) => id.slice(1, 37)) });
    expect(rows.filter((m) => m.status === 'sent')).toHaveLength(ATTENDEES);
  });
});
