import autocannon from 'autocannon';
import { Env } from '../libs/config/src/env.schema';
import { startSmtpSink, SmtpSink } from '../libs/testing/src/smtp-sink';
import { beijingIso } from '../scripts/demo/context';
import { participation, Participation, tencentSessionsExport, XLSX_TYPE } from '../scripts/demo/files';
import { apportion, Generator, Organization, peoplePerOrganization, Person } from '../scripts/demo/generate';
import { nickname } from '../scripts/demo/philanthropy-class';
import { startWorkerProcess, WorkerProcess } from '../test/support/worker-process';
import {
  benchWorkerEnv,
  freePort,
  freshDatabase,
  outboxIdOf,
  rateLimitNote,
  startApi,
  startRedisServer,
  stop,
  waitForHealth,
  withClient,
} from './support';

/**
 * The philanthropy class's whole life on one machine: 12,000 people from 467 organizations in nine regions register
 * over HTTP in a burst, answering the class's questions; every confirmation goes out and both reminders of each
 * person fall due (36,000 messages to a local SMTP sink); the Tencent Meeting export (its session sheet, rejoins
 * and all) is imported; the summary is computed and its narrative printed. Each stage is timed and its outcome
 * checked against what the generator made. With --kill-worker, two workers run and one is SIGKILLed halfway through
 * the reminders.
 */
const REGIONS = ['150000', '110000', '310000', '440000', '120000', '410000', '340000', '430000', '510000'];
const WEIGHTS = [30, 16, 12, 10, 9, 7, 6, 5.5, 5];
const FIELDS = ['elderly', 'children', 'community', 'rural', 'disability', 'environment', 'education'];
const CLASS_MINUTES = 120;
/** Reminders fall due this long after the burst ends, ten seconds apart. */
const LEAD_MS = 3_000;
const GAP_SECONDS = 10;

interface Attendee extends Person {
  field: string;
  firstTime: boolean;
  /** How they were in the meeting; undefined: never came. */
  took?: Participation;
}

export async function run(args: Map<string, string>): Promise<void> {
  const people = Number(args.get('people') ?? 12_000);
  const organizations = Number(args.get('organizations') ?? 467);
  const connections = Number(args.get('connections') ?? 32);
  const killWorker = args.has('kill-worker');
  const workerCount = Number(args.get('workers') ?? (killWorker ? 2 : 1));
  const concurrency = new Env().MAIL_CONCURRENCY;

  const { url } = await freshDatabase('tongxin_bench_lifecycle');
  const redis = await startRedisServer();
  const sink = await startSmtpSink({ keepRaw: false });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/api`;
  const api = startApi(url, redis.url, port);
  const workers: WorkerProcess[] = [];
  const stages: [string, number][] = [];
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await work();
    stages.push([name, (Date.now() - started) / 1000]);
    return result;
  };
  try {
    await waitForHealth(port, api);
    const env = benchWorkerEnv(url, redis.url, sink.url);
    workers.push(...(await Promise.all(Array.from({ length: workerCount }, () => startWorkerProcess(env)))));
    const owner = await signUp(base);
    const crowd = generate(people, organizations);
    const startsAt = new Date(Date.now() + 30 * 60_000);
    const series = await call<{ id: string }>(base, 'POST', '/series', owner, {
      title: '老牛公益课',
      titleEn: 'Lao Niu Philanthropy Class',
    });
    const event = await call<{ id: string; slug: string }>(base, 'POST', '/events', owner, {
      ...classEvent(startsAt),
      seriesId: series.id,
      sequenceNo: 23,
    });
    await call(base, 'POST', `/events/${event.id}/publish`, owner);

    // 1. The burst: everyone registers through the public route, answering the questions.
    const burst = await timed('registration burst (HTTP)', () => registerAll(port, event.slug, crowd, connections));

    // 2. Mail: the confirmations (owed by each registration) and both reminders, due just after the burst.
    const dueAt = Date.now() + LEAD_MS;
    const offsets = [0, GAP_SECONDS].map((gap) => Math.round((startsAt.getTime() - dueAt) / 1000) - gap);
    await call(base, 'PATCH', `/events/${event.id}`, owner, { reminderOffsets: offsets.map((s) => `PT${s}S`) });
    const expected = people * 3;
    let killedAt: number | undefined;
    const mail = await timed('confirmations and both reminders (SMTP)', async () => {
      if (killWorker) {
        // Halfway through the reminders: all confirmations and half of the 24,000 reminders accepted.
        await sink.waitFor(people * 2, 600_000);
        killedAt = sink.received.length;
        await workers[1]!.kill('SIGKILL');
      }
      await sink.waitFor(expected, 900_000).catch((error: Error) => console.error(`  ${error.message}`));
      return messageCheck(url, event.id, sink);
    });

    // 3. The meeting platform's export, imported.
    const file = await tencentSessionsExport(
      {
        title: '第23期老牛公益课',
        startsAt,
        endsAt: new Date(startsAt.getTime() + CLASS_MINUTES * 60_000),
        host: '老牛基金会',
      },
      participations(crowd, startsAt),
    );
    const imported = await timed('meeting export import', () =>
      upload<{ rows: number; matched: number; attended: number; unregistered: number; ambiguous: unknown[] }>(
        base,
        `/events/${event.id}/attendance/import`,
        owner,
        file,
      ),
    );

    // 4. The summary.
    const summary = await timed('summary', () => call<Summary>(base, 'GET', `/events/${event.id}/summary`, owner));

    const checks = outcome(crowd, organizations, burst, mail, summary, killWorker ? concurrency : 0);
    const total = stages.reduce((sum, [, seconds]) => sum + seconds, 0);
    console.log(
      `\nlifecycle benchmark: ${people} people from ${organizations} organizations in ${REGIONS.length} regions, ${connections} connections, ${workerCount} worker${workerCount > 1 ? 's' : ''}${killWorker ? ', one SIGKILLed halfway through the reminders' : ''}`,
    );
    console.log(`  ${rateLimitNote()}`);
    for (const [name, seconds] of stages) console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${name}`);
    console.log(
      `  burst: ${burst.perSecond.toFixed(0)} registrations/s, p99 ${burst.p99.toFixed(0)} ms, errors ${burst.errors}`,
    );
    console.log(
      `  mail: ${mail.rows} owed (${mail.byKind}), delivered ${mail.delivered}, missing ${mail.missing}, duplicates ${mail.duplicates}${killedAt ? ` (worker killed at ${killedAt} accepted; bound ${concurrency})` : ''}`,
    );
    console.log(
      `  import: ${imported.rows} rows, ${imported.matched} matched, ${imported.attended} attended, ${imported.unregistered} unregistered, ${imported.ambiguous.length} ambiguous`,
    );
    console.log(`  narrative (zh): ${summary.narrative.zh}`);
    console.log(`  narrative (en): ${summary.narrative.en}`);
    for (const line of checks.lines) console.log(`  ${line}`);
    console.log(`  command: npm run bench -- lifecycle${killWorker ? ' --kill-worker' : ''}`);
    console.log(`total: ${total.toFixed(1)} s (goal: under 60 s)`);
    if (!checks.ok) process.exitCode = 1;
  } finally {
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
    if (api.exitCode === null && api.signalCode === null) await stop(api);
    await sink.stop();
    await redis.kill();
  }
}

/** The class as an organizer sets it up: online, its two questions, no reminders until the burst is over. */
function classEvent(startsAt: Date) {
  const options = (keys: string[]) => keys.map((key) => ({ key, labelZh: key, labelEn: key }));
  return {
    title: '公益项目的传播与筹款',
    titleEn: 'Communicating and fundraising for charity projects',
    kind: 'online',
    joinUrl: 'https://meeting.tencent.com/dm/bench-23',
    startsAt: beijingIso(startsAt),
    endsAt: beijingIso(new Date(startsAt.getTime() + CLASS_MINUTES * 60_000)),
    language: 'zh',
    capacity: 15_000,
    reminderOffsets: [],
    attendedMinMinutes: 30,
    questions: [
      {
        key: 'field_of_work',
        type: 'organization_field',
        labelZh: '机构主要服务领域',
        required: true,
        options: options(FIELDS),
      },
      {
        key: 'first_time',
        type: 'choice',
        labelZh: '是否第一次参加',
        labelEn: 'Is this your first class?',
        required: true,
        options: [
          { key: 'first', labelZh: '第一次参加', labelEn: 'First time' },
          { key: 'returning', labelZh: '参加过往期', labelEn: 'Came before' },
        ],
      },
    ],
    narrativeQuestion: 'first_time',
  };
}

/** 12,000 people over 467 organizations in nine regions, each with answers and how they took part (seeded). */
function generate(people: number, organizations: number): Attendee[] {
  const gen = new Generator(23);
  const random = gen.rng;
  const orgsPerRegion = apportion(organizations, WEIGHTS, 5);
  const peoplePerRegion = apportion(people, WEIGHTS);
  const crowd: Attendee[] = [];
  REGIONS.forEach((code, i) => {
    const orgs: Organization[] = gen.organizations(code, orgsPerRegion[i]!);
    const counts = peoplePerOrganization(random, orgs.length, peoplePerRegion[i]!);
    orgs.forEach((o, k) => {
      const field = random.pick(FIELDS);
      for (let n = 0; n < counts[k]!; n++) crowd.push({ ...gen.person(o), field, firstTime: random.chance(0.32) });
    });
  });
  return crowd;
}

/** Who was in the meeting: most stayed (some rejoined), some left early, a few never came. */
function participations(crowd: Attendee[], startsAt: Date): Participation[] {
  const random = new Generator(2023).rng;
  const endsAt = new Date(startsAt.getTime() + CLASS_MINUTES * 60_000);
  const namesakes = new Map<string, number>();
  for (const p of crowd) namesakes.set(p.name, (namesakes.get(p.name) ?? 0) + 1);
  const rows: Participation[] = [];
  for (const p of crowd) {
    const roll = random.next();
    if (roll < 0.06) continue;
    p.took = participation(random, nickname(p, namesakes, random), startsAt, endsAt, roll >= 0.12);
    rows.push(p.took);
  }
  for (let i = 0; i < 40; i++) {
    rows.push(participation(random, `手机用户${1000 + i}`, startsAt, endsAt, random.chance(0.7)));
  }
  return rows;
}

/** Everyone through POST /api/public/events/:slug/registrations at `connections` at once (autocannon). */
function registerAll(port: number, slug: string, crowd: Attendee[], connections: number) {
  let sent = 0;
  let errors = 0;
  const times: number[] = [];
  return new Promise<{ perSecond: number; p99: number; errors: number }>((resolve, reject) => {
    const started = process.hrtime.bigint();
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        amount: crowd.length,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            path: `/api/public/events/${slug}/registrations`,
            headers: { 'content-type': 'application/json' },
            setupRequest: (req) => {
              const p = crowd[sent++]!;
              return {
                ...req,
                body: JSON.stringify({
                  name: p.name,
                  email: p.email,
                  phone: p.phone,
                  jobTitle: p.jobTitle,
                  organization: p.organization,
                  answers: { field_of_work: p.field, first_time: p.firstTime ? 'first' : 'returning' },
                }),
              };
            },
          },
        ],
        setupClient: (client) => {
          client.on('response', (status: number, _bytes: number, ms: number) => {
            times.push(ms);
            if (status !== 201) errors++;
          });
        },
      },
      (error) => {
        if (error) return reject(error);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        times.sort((a, b) => a - b);
        resolve({
          perSecond: times.length / seconds,
          p99: times[Math.floor(0.99 * (times.length - 1))] ?? NaN,
          errors: errors + (crowd.length - times.length),
        });
      },
    );
    instance.on('error', reject);
  });
}

/** Every owed message against what the sink accepted, by Message-ID (the outbox row's id). */
async function messageCheck(url: string, eventId: string, sink: SmtpSink) {
  const rows = await withClient(url, async (c) => {
    // The worker marks a row sent just after the sink accepts it: give the last ones a moment.
    for (let tries = 0; tries < 20; tries++) {
      const { rows: left } = await c.query(
        `SELECT count(*)::int AS n FROM outbox_message WHERE event_id = $1 AND status IN ('queued', 'sending')`,
        [eventId],
      );
      if ((left[0] as { n: number }).n === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    return (
      await c.query(
        `SELECT id, kind FROM outbox_message WHERE event_id = $1 AND kind IN ('confirmation', 'reminder')`,
        [eventId],
      )
    ).rows as { id: string; kind: string }[];
  });
  const arrived = new Set(sink.received.map((m) => outboxIdOf(m.messageId)));
  const kinds = new Map<string, number>();
  for (const r of rows) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
  return {
    rows: rows.length,
    byKind: [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', '),
    delivered: arrived.size,
    missing: rows.filter((r) => !arrived.has(r.id)).length,
    duplicates: sink.received.length - arrived.size,
  };
}

interface Summary {
  people: { registered: number; attended: number };
  organizations: { registered: number; attended: number };
  regions: { code: string; registered: number }[];
  questions?: { key: string; options: { key: string; registered: number; attended: number }[] }[];
  narrative: { zh: string; en: string };
}

/** The run's outcome against the generator's own figures. */
function outcome(
  crowd: Attendee[],
  organizations: number,
  burst: { errors: number },
  mail: { rows: number; missing: number; duplicates: number },
  summary: Summary,
  duplicateBound: number,
) {
  // The import rounds minutes to the nearest, then compares with the event's 30.
  const attended = crowd.filter((p) => p.took && Math.round(p.took.minutes) >= 30);
  const firstTime = (list: Attendee[]) => list.filter((p) => p.firstTime).length;
  const first = summary.questions?.find((q) => q.key === 'first_time')?.options.find((o) => o.key === 'first');
  const checks: [string, boolean][] = [
    [`registration errors 0: ${burst.errors}`, burst.errors === 0],
    [`registered ${crowd.length}: ${summary.people.registered}`, summary.people.registered === crowd.length],
    [`oversold 0: ${Math.max(0, summary.people.registered - 15_000)}`, summary.people.registered <= 15_000],
    [
      `organizations ${organizations}: ${summary.organizations.registered}`,
      summary.organizations.registered === organizations,
    ],
    [
      `regions ${REGIONS.length}: ${summary.regions.filter((r) => r.registered > 0).length}`,
      summary.regions.filter((r) => r.registered > 0).length === REGIONS.length,
    ],
    [`messages owed ${crowd.length * 3}: ${mail.rows}`, mail.rows === crowd.length * 3],
    [`missing 0: ${mail.missing}`, mail.missing === 0],
    [`duplicates at most ${duplicateBound}: ${mail.duplicates}`, mail.duplicates <= duplicateBound],
    [`attended ${attended.length}: ${summary.people.attended}`, summary.people.attended === attended.length],
    [
      `first-timers registered ${firstTime(crowd)}, attended ${firstTime(attended)}: ${first?.registered}, ${first?.attended}`,
      first?.registered === firstTime(crowd) && first?.attended === firstTime(attended),
    ],
  ];
  return {
    ok: checks.every(([, ok]) => ok),
    lines: checks.map(([text, ok]) => `${ok ? 'ok  ' : 'FAIL'} ${text}`),
  };
}

async function signUp(base: string): Promise<string> {
  const { accessToken } = await call<{ accessToken: string }>(base, 'POST', '/auth/signup', undefined, {
    email: `lifecycle-${Date.now()}@example.org`,
    password: 'bench password',
    name: '老牛公益课',
  });
  return accessToken;
}

async function call<T>(base: string, method: string, route: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function upload<T>(base: string, route: string, token: string, file: Buffer): Promise<T> {
  const form = new FormData();
  form.append('file', new Blob([file], { type: XLSX_TYPE }), '腾讯会议_参会明细.xlsx');
  const res = await fetch(`${base}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  if (!res.ok) throw new Error(`POST ${route}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
