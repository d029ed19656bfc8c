import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { migrateDatabase } from '../libs/database/src/migrate';
import { startRedisServer } from '../libs/testing/src/redis-server';
import { deleteRedisKeys, freePort, withClient } from '../libs/testing/src/test-env';

export { deleteRedisKeys, freePort, startRedisServer, withClient };

/**
 * A new, migrated database for one bench run (BENCH_DATABASE_URL: an admin connection), named `database` (a bench
 * that should not drop another bench's database while it runs passes a name of its own).
 */
export async function freshDatabase(database = 'tongxin_bench'): Promise<{ url: string; redisUrl: string }> {
  const admin = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
  const url = new URL(admin);
  url.pathname = `/${database}`;
  await withClient(admin, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${database}`);
  });
  await migrateDatabase(url.toString());
  return { url: url.toString(), redisUrl };
}

/**
 * A bench's load comes from one address, which the public limits (per client address) would stop after a few
 * requests: the api under test runs with these, and each bench prints them (rateLimitNote). The defaults stand.
 */
export const BENCH_RATE_LIMITS = {
  PUBLIC_RATE_LIMIT_PER_MINUTE: '100000000',
  PUBLIC_MAIL_PER_HOUR: '100000000',
  LINK_RATE_LIMIT_PER_MINUTE: '100000000',
};

export function rateLimitNote(): string {
  const set = Object.entries(BENCH_RATE_LIMITS).map(([name, value]) => `${name}=${value}`);
  return `rate limits raised for this one client address: ${set.join(' ')} (defaults 120, 300, 30)`;
}

export function startApi(databaseUrl: string, redisUrl: string, port: number): ChildProcess {
  const profile = process.env.BENCH_API_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_API_CPU_PROF}`]
    : [];
  // The compiled api, as production runs it (npm run build first), when BENCH_COMPILED=1; else the TypeScript.
  const entry =
    process.env.BENCH_COMPILED === '1'
      ? ['dist/apps/api/src/main.js']
      : ['-r', '@swc-node/register', 'apps/api/src/main.ts'];
  return spawn(process.execPath, [...profile, ...entry], {
    cwd: path.resolve(__dirname, '..'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: 'bench',
      JWT_SECRET: randomBytes(32).toString('hex'),
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      MIGRATIONS_RUN: 'false',
      ...BENCH_RATE_LIMITS,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

export async function waitForHealth(port: number, api: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`api exited with ${api.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('api did not become healthy');
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * An organizer signed up through the api at `base` and put on the event's team as its owner (straight into the
 * bench database): their id and bearer token.
 */
export async function benchOwner(
  base: string,
  databaseUrl: string,
  eventId: string,
): Promise<{ organizerId: string; accessToken: string }> {
  const signup = await fetch(`${base}/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `bench-${randomBytes(4).toString('hex')}@example.org`,
      password: 'bench password',
      name: 'bench',
    }),
  });
  const { accessToken, user } = (await signup.json()) as { accessToken: string; user: { id: string } };
  await withClient(databaseUrl, (c) =>
    c.query(`INSERT INTO event_member (event_id, organizer_id, role) VALUES ($1, $2, 'owner')`, [eventId, user.id]),
  );
  return { organizerId: user.id, accessToken };
}

/** An import file of `rows` attendees from `organizations` organizations spread over ten provinces, as a form. */
export function attendeeCsv(rows: number, organizations: number): FormData {
  const regions = ['110000', '120000', '130000', '150000', '310000', '440000', '410000', '340000', '430000', '510000'];
  const lines = ['姓名,邮箱,手机,单位,地区代码,单位类型,职务'];
  for (let i = 0; i < rows; i++) {
    const org = i % organizations;
    lines.push(
      `学员${i},student-${i}@import.example.org,138${String(i).padStart(8, '0')},导入测试组织${org},${regions[org % regions.length]},社会团体,志愿者`,
    );
  }
  const form = new FormData();
  form.append('file', new Blob([lines.join('\r\n')], { type: 'text/csv' }), 'list.csv');
  return form;
}

/** The From of bench mail: the worker renders with it, and the reminders floor renders the same messages. */
export const BENCH_MAIL_FROM = '同心 Tongxin <no-reply@bench.tongxin.local>';

/** The base of the links in bench mail (production mode requires one): the reminders floor renders the same. */
export const BENCH_PUBLIC_URL = 'http://localhost:3000';

/** The environment of a bench worker process: production mode, the bench's queue prefix, mail to `smtpUrl`. */
export function benchWorkerEnv(databaseUrl: string, redisUrl: string, smtpUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: 'bench',
    JWT_SECRET: randomBytes(32).toString('hex'),
    NODE_ENV: 'production',
    PUBLIC_URL: BENCH_PUBLIC_URL,
    SMTP_URL: smtpUrl,
    MAIL_FROM: BENCH_MAIL_FROM,
    // Not 'warn': startWorkerProcess waits for the 'worker started' line, which is logged at info level. The
    // worker logs nothing per message at info, so this costs nothing while sending.
    WORKER_LOG_LEVEL: 'info',
  };
}

/** When the event's reminder that has not fired yet falls due. */
export async function reminderDueAt(databaseUrl: string, eventId: string): Promise<Date> {
  const [{ due_at: dueAt }] = await withClient(
    databaseUrl,
    async (c) =>
      (await c.query(`SELECT due_at FROM event_reminder WHERE event_id = $1 AND fired_at IS NULL`, [eventId])).rows as {
        due_at: Date;
      }[],
  );
  return dueAt;
}

/** The outbox message id in a Message-ID the worker wrote (`<id@domain>`). */
export const outboxIdOf = (messageId: string): string => messageId.slice(1, messageId.indexOf('@'));

/**
 * Through the api at `base`: signs up, creates an event of capacity `attendees`, imports them (confirmed, without
 * confirmations), then moves the event so that its one reminder (`offsetSeconds` before the start) falls due
 * `leadMs` from now, and publishes it. Returns the event's id.
 */
export async function seedReminderEvent(
  base: string,
  attendees: number,
  { leadMs, offsetSeconds }: { leadMs: number; offsetSeconds: number },
): Promise<string> {
  const call = async (method: string, route: string, token: string | undefined, body?: unknown) => {
    const res = await fetch(`${base}${route}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body instanceof FormData ? {} : { 'content-type': 'application/json' }),
      },
      body: body instanceof FormData ? body : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const { accessToken } = (await call('POST', '/auth/signup', undefined, {
    email: `bench-${randomBytes(4).toString('hex')}@example.org`,
    password: 'bench password',
    name: 'bench',
  })) as { accessToken: string };
  const later = Date.now() + 24 * 3600_000;
  const event = (await call('POST', '/events', accessToken, {
    title: '京津冀协同发展社会组织研讨会',
    titleEn: 'Workshop on the coordinated development of Beijing, Tianjin and Hebei',
    kind: 'in_person',
    startsAt: new Date(later).toISOString(),
    endsAt: new Date(later + 8 * 3600_000).toISOString(),
    venue: '北京市东城区',
    language: 'zh',
    capacity: attendees,
    reminderOffsets: [`PT${offsetSeconds}S`],
  })) as { id: string };
  const report = (await call(
    'POST',
    `/events/${event.id}/registrations/import?notify=false`,
    accessToken,
    attendeeCsv(attendees, 467),
  )) as { confirmed: number };
  if (report.confirmed !== attendees) throw new Error(`import confirmed ${report.confirmed} of ${attendees}`);
  // The import takes a while: only now put the event where its reminder falls due leadMs after publishing.
  const startsAt = Date.now() + leadMs + offsetSeconds * 1000;
  await call('PATCH', `/events/${event.id}`, accessToken, {
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 2 * 3600_000).toISOString(),
  });
  await call('POST', `/events/${event.id}/publish`, accessToken);
  return event.id;
}

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the whole line (11 and 12 after "pid (comm) "), in clock ticks.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

/** The most resident memory a process has had (VmHWM), in MiB. */
export function peakRssMib(pid: number): number {
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Number(kb) / 1024 : 0;
}
