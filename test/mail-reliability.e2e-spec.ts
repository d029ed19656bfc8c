import {
  createTestApp,
  deleteRedisKeys,
  Organizer,
  publishEvent,
  signUp,
  SmtpSink,
  startSmtpSink,
  startWorkerProcess,
  TEST_REDIS_URL,
  TestApp,
  WorkerProcess,
} from './support';
import { outboxMessages } from '../libs/testing/src/mail-factories';

const ATTENDEES = 2_000;
const CONCURRENCY = 10;

/**
 * What must survive: a worker killed mid-send and a queue that forgets everything. The api runs here, the worker
 * is the real worker process, the SMTP server a real one in another process; PostgreSQL is the record of what is
 * owed and the reconciler puts back what the queue lost.
 */
jest.setTimeout(180_000);

describe('mail delivery under failure', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let owner: Organizer;
  let event: { id: string; slug: string };
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      SMTP_URL: sink.url,
      MAIL_FROM: 'Tongxin <notice@tongxin.test>',
      MAIL_CONCURRENCY: String(CONCURRENCY),
      RECONCILE_INTERVAL_MS: '1000',
      MAIL_SENDING_TIMEOUT_MS: '8000',
      MAIL_RETRY_DELAY_MS: '200',
    });
    owner = await signUp(t);
    event = await publishEvent(t, owner, { capacity: null });
    const rows = ['姓名,邮箱,单位,地区代码,单位类型'];
    for (let i = 0; i < ATTENDEES; i++) rows.push(`学员${i},student${i}@example.org,测试组织${i % 40},110000,社会团体`);
    const imported = await t
      .http()
      .post(`/api/events/${event.id}/registrations/import?notify=false`)
      .set(owner.auth)
      .attach('file', Buffer.from(rows.join('\n')), 'list.csv')
      .expect(200);
    expect(imported.body.confirmed).toBe(ATTENDEES);
  });
  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await t.close();
    await sink.stop();
  });

  const announce = async (subject: string) => {
    const res = await t
      .http()
      .post(`/api/events/${event.id}/announcements`)
      .set(owner.auth)
      .send({ subject, body: '通知内容', audience: 'all' })
      .expect(202);
    expect(res.body.recipients).toBe(ATTENDEES);
    const rows = await outboxMessages(t.db.manager, { announcementId: res.body.id });
    return new Set(rows.map((r) => `<${r.id}@tongxin.test>`));
  };
  const arrivedOf = (expected: Set<string>) => sink.received.filter((m) => expected.has(m.messageId));
  const until = async (condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) {
        const rows = await outboxMessages(t.db.manager);
        const counts: Record<string, number> = {};
        for (const m of rows) counts[m.status] = (counts[m.status] ?? 0) + 1;
        const state = {
          counts,
          attempts: Math.max(0, ...rows.map((m) => m.attempts)),
          error: rows.find((m) => m.lastError)?.lastError,
        };
        throw new Error(`timed out waiting for ${what}: ${JSON.stringify(state)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const distinct = (expected: Set<string>) => new Set(arrivedOf(expected).map((m) => m.messageId)).size;
  const sentRows = async (expected: Set<string>) =>
    (await outboxMessages(t.db.manager, { ids: [...expected].map((id) => id.slice(1, 37)) })).filter(
      (m) => m.status === 'sent',
    ).length;

  it('delivers every message of a 2,000-message fan-out when the worker is killed with SIGKILL mid-send', async () => {
    worker = await startWorkerProcess(t.env);
    const expected = await announce('第一次通知');
    await until(() => arrivedOf(expected).length >= 300, 60_000, '300 messages');
    await worker.kill('SIGKILL');
    const beforeRestart = arrivedOf(expected).length;
    expect(beforeRestart).toBeLessThan(ATTENDEES);

    worker = await startWorkerProcess(t.env);
    await until(() => distinct(expected) === ATTENDEES, 90_000, 'every message');
    await until(async () => (await sentRows(expected)) === ATTENDEES, 10_000, 'every row marked sent');
    await new Promise((r) => setTimeout(r, 1500));
    const duplicates = arrivedOf(expected).length - ATTENDEES;
    expect(duplicates).toBeGreaterThanOrEqual(0);
    expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
  });

  it('delivers the rest through the reconciler when Redis loses every queued job mid-fan-out', async () => {
    worker ??= await startWorkerProcess(t.env);
    const expected = await announce('第二次通知');
    await until(() => arrivedOf(expected).length >= 300, 60_000, '300 messages');
    // Flush this app's queues (its key prefix) as a Redis restart without persistence would.
    const flushed = await deleteRedisKeys(TEST_REDIS_URL, `${t.env.QUEUE_PREFIX}:*`);
    expect(flushed).toBeGreaterThan(0);
    expect(arrivedOf(expected).length).toBeLessThan(ATTENDEES);

    await until(() => distinct(expected) === ATTENDEES, 90_000, 'every message');
    await until(async () => (await sentRows(expected)) === ATTENDEES, 10_000, 'every row marked sent');
    await new Promise((r) => setTimeout(r, 1500));
    expect(arrivedOf(expected).length - ATTENDEES).toBeLessThanOrEqual(CONCURRENCY);
  });
});
