import { validateEnv } from '@tongxin/config';
import { eventById, seatCounters } from '@tongxin/events';
import { confirmedByOrganization, registrationStatusCounts } from '@tongxin/registrations';
import {
  ApiProcess,
  createTestDatabase,
  eventBody,
  parseMail,
  RedisServer,
  SmtpSink,
  startApiProcess,
  startRedisServer,
  startSmtpSink,
  startWorkerProcess,
  TestDatabase,
  WorkerProcess,
} from './support';
import { randomBytes } from 'node:crypto';
import { outboxMessages } from '../libs/testing/src/mail-factories';

/**
 * Many processes, one truth: two apis and two workers (the production entry points, each its own process) on one
 * PostgreSQL database and one Redis, a real SMTP server in a third process. What must hold whichever process a
 * request reaches, and whichever of them dies: seats and quotas are never oversold, every person gets exactly the
 * message owed, a worker and Redis can die mid-fan-out, an api can be stopped under load.
 */
jest.setTimeout(120_000);

const MAIL_DOMAIN = 'tongxin.test';

/** Resolves when the condition holds; throws with `state()` after timeoutMs. */
async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  state: () => Promise<unknown> = async () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await state())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs `tasks` with at most `width` at once. */
async function inParallel<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let i = next++; i < tasks.length; i = next++) results[i] = await tasks[i]!();
    }),
  );
  return results;
}

async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; expect?: number } = {},
) {
  const { token, body } = options;
  const res = await fetch(`${base}/api${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined || body instanceof FormData ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined || body instanceof FormData ? body : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (options.expect !== undefined && res.status !== options.expect)
    throw new Error(`${method} ${path}: expected ${options.expect}, got ${res.status} ${JSON.stringify(json)}`);
  return { status: res.status, body: json ?? {} };
}

describe('two apis and two workers on one database and one Redis', () => {
  let database: TestDatabase;
  let redis: RedisServer;
  let sink: SmtpSink;
  let env: Record<string, string>;
  const apis: ApiProcess[] = [];
  const workers: WorkerProcess[] = [];
  let token: string;

  beforeAll(async () => {
    [database, redis, sink] = await Promise.all([
      createTestDatabase(4),
      startRedisServer(),
      // A little slow, as a real server is: a fan-out is still going when a worker is killed.
      startSmtpSink({ keepRaw: true, delayMs: 25 }),
    ]);
    env = {
      NODE_ENV: 'production',
      // As behind a load balancer: one public address for both apis and the workers' mail.
      PUBLIC_URL: 'https://tongxin.test',
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: 'multi',
      JWT_SECRET: randomBytes(32).toString('hex'),
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: '6',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
      PUBLIC_MAIL_PER_HOUR: '1000000',
      LINK_RATE_LIMIT_PER_MINUTE: '100000',
      SMTP_URL: sink.url,
      MAIL_FROM: `Tongxin <notice@${MAIL_DOMAIN}>`,
      RECONCILE_INTERVAL_MS: '1000',
      MAIL_SENDING_TIMEOUT_MS: '8000',
      MAIL_RETRY_DELAY_MS: '200',
      // Four send jobs (of up to 50 messages) at once per worker: a fan-out of 600 keeps some of its jobs waiting in
      // Redis while both workers send, so losing Redis loses them.
      MAIL_CONCURRENCY: '4',
    };
    const started = await Promise.all([
      startApiProcess(env),
      startApiProcess(env),
      startWorkerProcess(env),
      startWorkerProcess(env),
    ]);
    apis.push(started[0] as ApiProcess, started[1] as ApiProcess);
    workers.push(started[2] as WorkerProcess, started[3] as WorkerProcess);
    const signup = await call(apis[0]!.url, 'POST', '/auth/signup', {
      body: {
        email: `owner-${randomBytes(4).toString('hex')}@example.org`,
        name: '组织者',
        password: 'correct horse 1',
      },
      expect: 201,
    });
    token = signup.body.accessToken as string;
  });

  afterAll(async () => {
    await Promise.all([...apis, ...workers].map((p) => p.kill('SIGKILL')));
    await redis?.kill();
    await sink?.stop();
    await database?.close();
  });

  /** An event created on one api and published on the other. */
  const publish = async (overrides: Record<string, unknown>) => {
    const event = await call(apis[0]!.url, 'POST', '/events', { token, body: eventBody(overrides), expect: 201 });
    await call(apis[1]!.url, 'POST', `/events/${event.body.id as string}/publish`, { token, expect: 200 });
    return { id: event.body.id as string, slug: event.body.slug as string };
  };
  const received = (ids: Set<string>) => sink.received.filter((m) => ids.has(m.messageId));
  const messageIdOf = (rowId: string) => `<${rowId}@${MAIL_DOMAIN}>`;

  it('a registration burst over both apis oversells nothing and owes each person exactly one message', async () => {
    const PEOPLE = 300;
    const CAPACITY = 200;
    const QUOTA = 8;
    const ORGANIZATIONS = 31;
    const event = await publish({ capacity: CAPACITY, perOrganizationLimit: QUOTA });
    // Every tenth person from one large organization (30 people, so its quota binds), the rest nine from each of
    // 30 others. Organizations are named, not given by id, so both apis also resolve or create them at once.
    const people = Array.from({ length: PEOPLE }, (_, i) => ({
      name: `报名者${i}`,
      email: `burst-${i}@example.org`,
      organization: {
        name: i % 10 === 0 ? '大型测试组织' : `并发测试组织${(i - Math.floor(i / 10) - 1) % 30}`,
        type: 'social_group',
        regionCode: '110000',
      },
    }));
    const answers = await inParallel(
      people.map(
        (person, i) => () =>
          call(apis[i % 2]!.url, 'POST', `/public/events/${event.slug}/registrations`, { body: person }),
      ),
      40,
    );

    expect(answers.map((a) => a.status).filter((s) => s !== 201)).toEqual([]);
    const statusOf = new Map(people.map((p, i) => [p.email, answers[i]!.body.status as string]));
    const counts = await registrationStatusCounts(database.db.manager, event.id);
    // Under the quota the organizations could fill 248 seats: the event's capacity binds (no seat is left empty
    // while someone is waitlisted), and the large organization's quota binds.
    expect(counts).toMatchObject({ total: PEOPLE, confirmed: CAPACITY, waitlisted: PEOPLE - CAPACITY });
    expect([...statusOf.values()].filter((s) => s === 'confirmed')).toHaveLength(CAPACITY);
    expect((await eventById(database.db.manager, event.id))!.confirmedCount).toBe(CAPACITY);
    const byOrganization = await confirmedByOrganization(database.db.manager, event.id);
    const counters = await seatCounters(database.db.manager, event.id);
    expect(counters).toHaveLength(ORGANIZATIONS);
    for (const counter of counters) {
      expect(counter.confirmed).toBeLessThanOrEqual(QUOTA);
      expect(byOrganization.get(counter.organizationId) ?? 0).toBe(counter.confirmed);
    }
    expect(Math.max(...byOrganization.values())).toBe(QUOTA);

    // Every person gets exactly one message, the one their status calls for, whichever worker sent it.
    const rows = await outboxMessages(database.db.manager, { eventId: event.id });
    expect(rows).toHaveLength(PEOPLE);
    const expected = new Set(rows.map((r) => messageIdOf(r.id)));
    await until(
      async () => (await outboxMessages(database.db.manager, { eventId: event.id })).every((r) => r.status === 'sent'),
      60_000,
      'every confirmation sent',
      async () => ({ arrived: received(expected).length }),
    );
    await new Promise((r) => setTimeout(r, 1500));
    const mails = received(expected);
    const perPerson = new Map<string, number>();
    for (const mail of mails) perPerson.set(mail.to, (perPerson.get(mail.to) ?? 0) + 1);
    expect(perPerson.size).toBe(PEOPLE);
    expect([...perPerson.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    const subjects = await Promise.all(
      mails.map(async (m) => [m.to, (await parseMail(m.raw!)).subject ?? ''] as const),
    );
    const wrong = subjects.filter(([to, subject]) =>
      statusOf.get(to) === 'confirmed' ? !subject.startsWith('报名成功') : !subject.startsWith('已进入候补名单'),
    );
    expect(wrong).toEqual([]);
  });

  it('an announcement reaches everyone when a worker is SIGKILLed and Redis restarts empty mid-fan-out', async () => {
    const RECIPIENTS = 600;
    // Read as the workers read it: the most a killed worker can have sent but not yet marked.
    const { MAIL_CONCURRENCY } = validateEnv(env);
    const event = await publish({ capacity: null });
    const rows = ['姓名,邮箱,单位,地区代码,单位类型'];
    for (let i = 0; i < RECIPIENTS; i++)
      rows.push(`学员${i},fanout-${i}@example.org,通知测试组织${i % 20},120000,社会团体`);
    const form = new FormData();
    form.append('file', new Blob([rows.join('\r\n')], { type: 'text/csv' }), 'list.csv');
    const imported = await call(apis[0]!.url, 'POST', `/events/${event.id}/registrations/import?notify=false`, {
      token,
      body: form,
      expect: 200,
    });
    expect(imported.body.confirmed).toBe(RECIPIENTS);

    const announced = await call(apis[1]!.url, 'POST', `/events/${event.id}/announcements`, {
      token,
      body: { subject: '会议室变更', body: '会议改在三楼报告厅。', audience: 'all' },
      expect: 202,
    });
    expect(announced.body.recipients).toBe(RECIPIENTS);
    const owed = await outboxMessages(database.db.manager, { announcementId: announced.body.id as string });
    const expected = new Set(owed.map((r) => messageIdOf(r.id)));
    expect(expected.size).toBe(RECIPIENTS);

    await until(() => received(expected).length >= 100, 60_000, '100 announcements');
    await Promise.all([workers[0]!.kill('SIGKILL'), redis.kill()]);
    const atKill = received(expected).length;
    expect(atKill).toBeLessThan(RECIPIENTS);
    // Mid-fan-out indeed: messages claimed by the workers, and messages whose job existed only in the Redis now gone.
    const statuses = new Set(
      (await outboxMessages(database.db.manager, { announcementId: announced.body.id as string })).map((m) => m.status),
    );
    expect(statuses).toEqual(new Set(['sent', 'sending', 'queued']));
    await redis.start();

    const distinct = () => new Set(received(expected).map((m) => m.messageId)).size;
    const state = async () => {
      const counts: Record<string, number> = {};
      for (const m of await outboxMessages(database.db.manager, { announcementId: announced.body.id as string }))
        counts[m.status] = (counts[m.status] ?? 0) + 1;
      return { atKill, distinct: distinct(), counts };
    };
    await until(() => distinct() === RECIPIENTS, 60_000, 'every announcement', state);
    await until(
      async () =>
        (await outboxMessages(database.db.manager, { announcementId: announced.body.id as string })).every(
          (r) => r.status === 'sent',
        ),
      15_000,
      'every row marked sent',
      state,
    );
    await new Promise((r) => setTimeout(r, 1500));
    const duplicates = received(expected).length - RECIPIENTS;
    expect(duplicates).toBeGreaterThanOrEqual(0);
    expect(duplicates).toBeLessThanOrEqual(MAIL_CONCURRENCY);
  });

  it('an api stopped with SIGTERM under load answers no 5xx and exits within 10 s', async () => {
    const event = await publish({ capacity: null });
    const [target, other] = [apis[1]!, apis[0]!];
    const outcomes = { ok: 0, client: 0, server: 0, refused: 0, broken: [] as string[] };
    const created: string[] = [];
    let signalled = 0;
    let n = 0;
    const loop = async (id: number) => {
      const deadline = () => signalled > 0 && Date.now() > signalled + 15_000;
      while (!deadline()) {
        const i = n++;
        const register = i % 2 === 1;
        const email = `load-${id}-${i}@example.org`;
        try {
          const res = register
            ? await fetch(`${target.url}/api/public/events/${event.slug}/registrations`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({
                  name: `压力${i}`,
                  email,
                  organization: { name: '压力测试组织', type: 'social_group', regionCode: '130000' },
                }),
              })
            : await fetch(`${target.url}/api/public/events/${event.slug}`);
          await res.arrayBuffer();
          if (res.status >= 500) outcomes.server++;
          else if (res.status >= 400) outcomes.client++;
          else outcomes.ok++;
          if (register && res.status === 201) created.push(email);
        } catch (error) {
          const cause = (error as { cause?: { code?: string; message?: string } }).cause;
          // Refused: the api has closed its port, as it should once stopping. Acceptable (a client or balancer tries
          // another api), counted apart from answers; this loop is done.
          if (cause?.code === 'ECONNREFUSED') {
            outcomes.refused++;
            return;
          }
          outcomes.broken.push(`${register ? 'POST' : 'GET'} ${cause?.code ?? ''} ${cause?.message ?? ''}`);
        }
      }
    };
    const loops = Promise.all([0, 1, 2, 3].map(loop));
    await until(() => outcomes.ok >= 40, 30_000, 'requests under way');

    const exited = new Promise<{ code: number | null; ms: number }>((resolve) =>
      target.child.once('exit', (code) => resolve({ code, ms: Date.now() - signalled })),
    );
    const before = outcomes.ok;
    signalled = Date.now();
    target.child.kill('SIGTERM');
    const exit = await exited;
    await loops;

    expect(outcomes.ok).toBeGreaterThan(before);
    expect(outcomes.server).toBe(0);
    expect(outcomes.client).toBe(0);
    // Requests cut off mid-way (a connection reset with no answer) would be as bad as a 5xx.
    expect(outcomes.broken).toEqual([]);
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(exit.code).toBe(0);
    expect(exit.ms).toBeLessThan(10_000);
    // What was answered 201 was kept, and the other api serves on.
    const counts = await registrationStatusCounts(database.db.manager, event.id);
    expect(counts.confirmed).toBe(created.length);
    expect((await fetch(`${other.url}/api/public/events/${event.slug}`)).status).toBe(200);
  });
});
