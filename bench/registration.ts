import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { registerAndClaim } from '../libs/registrations/src/registration.queries';
import { Answers, QuestionInput, readAnswers, toQuestion } from '../libs/events/src/questions';
import {
  cpuMs,
  freePort,
  freshDatabase,
  peakRssMib,
  rateLimitNote,
  startApi,
  stop,
  waitForHealth,
  withClient,
} from './support';

/**
 * Many concurrent HTTP clients register distinct people for one event (capacity 12,000, 467 organizations) through
 * the real api process; then the floor: the same claim + insert straight through pg at the same concurrency. With
 * `--questions N` the same again on events asking N questions (every request answers them; the floor stores the
 * same answers), printed beside the run without, with what the answers cost.
 */
export async function run(args: Map<string, string>): Promise<void> {
  const connections = Number(args.get('connections') ?? 32);
  const total = Number(args.get('total') ?? 13_000);
  const capacity = Number(args.get('capacity') ?? 12_000);
  const questions = Number(args.get('questions') ?? 0);
  const organizations = 467;
  const { url, redisUrl } = await freshDatabase();
  const scenarios = questions > 0 ? [0, questions] : [0];
  const seeds = await withClient(url.toString(), async (c) => {
    const seeded = [];
    for (const n of scenarios) seeded.push(await seedEvents(c, capacity, organizations, n));
    return seeded;
  });

  const port = await freePort();
  const api = startApi(url.toString(), redisUrl, port);
  const results: {
    questions: number;
    http: HttpRun;
    apiCpuMs: number;
    check: EventCheck;
    floor: { perSecond: number };
    floorCheck: EventCheck;
  }[] = [];
  try {
    await waitForHealth(port, api);
    // Warm-up on its own event, so the measured run sees a compiled, JIT-warm process (steady state).
    for (const seed of seeds) {
      await driveHttp(
        port,
        seed.warmupSlug,
        seed.organizationIds,
        connections,
        1_000,
        seed.answers,
        `warmup${seed.suffix}`,
      );
    }
    for (const seed of seeds) {
      const cpuBefore = cpuMs(api.pid!);
      const http = await driveHttp(port, seed.httpSlug, seed.organizationIds, connections, total, seed.answers);
      const apiCpuMs = (cpuMs(api.pid!) - cpuBefore) / total;
      const check = await withClient(url.toString(), (c) => checkEvent(c, seed.httpEventId, capacity));
      results.push({ questions: seed.questions, http, apiCpuMs, check, floor: { perSecond: 0 }, floorCheck: check });
    }
    const apiPeakMib = peakRssMib(api.pid!);
    await stop(api);
    for (const [i, seed] of seeds.entries()) {
      results[i]!.floor = await driveFloor(url.toString(), seed, connections, total, seed.questions);
      results[i]!.floorCheck = await withClient(url.toString(), (c) => checkEvent(c, seed.floorEventId, capacity));
    }

    console.log(
      `\nregistration benchmark: ${total} distinct people, ${connections} concurrent clients, capacity ${capacity}, ${organizations} organizations (after 1,000 warm-up requests on another event)`,
    );
    console.log(`  ${rateLimitNote()}`);
    for (const { questions: n, http, apiCpuMs, check, floor, floorCheck } of results) {
      console.log(
        n === 0 ? '  without questions' : `  with ${n} questions answered (the floor stores the same answers)`,
      );
      console.log(
        `    HTTP  ${http.perSecond.toFixed(0)} registrations/s  p50 ${http.p50.toFixed(1)} ms  p95 ${http.p95.toFixed(1)} ms  p99 ${http.p99.toFixed(1)} ms  errors ${http.errors}`,
      );
      console.log(
        `          confirmed ${check.confirmed}  waitlisted ${check.waitlisted}  oversold ${check.oversold}  counter matches rows: ${check.counterMatches}`,
      );
      console.log(`          api CPU ${apiCpuMs.toFixed(2)} ms per registration (aim: under 0.8)`);
      console.log(
        `    floor ${floor.perSecond.toFixed(0)} registrations/s (same claim + insert through pg, ${connections} connections; oversold ${floorCheck.oversold})`,
      );
      console.log(`    ratio ${(http.perSecond / floor.perSecond).toFixed(2)} (HTTP / floor)`);
    }
    console.log(`  api peak memory: ${apiPeakMib.toFixed(0)} MiB (VmHWM; aim: under 250)`);
    if (results.length > 1) {
      const [plain, asked] = results as [(typeof results)[0], (typeof results)[0]];
      const cost = plain.http.perSecond / asked.http.perSecond - 1;
      console.log(
        `  answering ${asked.questions} questions costs ${(cost * 100).toFixed(1)}% more time per registration (goal: at most 15%)`,
      );
    }
    console.log(
      `  command: npm run bench -- registration --connections ${connections} --total ${total} --capacity ${capacity}${questions ? ` --questions ${questions}` : ''}`,
    );
    const worst = Math.min(...results.map((r) => r.http.perSecond / r.floor.perSecond));
    console.log(
      `ratio: ${worst.toFixed(2)} (HTTP / floor${results.length > 1 ? ', the lower of the two runs' : ''}; goal: at least 0.9)`,
    );
    const failed = results.some(
      (r) => r.check.oversold > 0 || r.floorCheck.oversold > 0 || !r.check.counterMatches || r.http.errors > 0,
    );
    if (failed) process.exitCode = 1;
  } finally {
    if (api.exitCode === null) await stop(api);
  }
}

type HttpRun = { perSecond: number; p50: number; p95: number; p99: number; errors: number };
type EventCheck = Awaited<ReturnType<typeof checkEvent>>;

/**
 * The questions a class might ask (mixed types, as a real form is), and a valid set of answers for person i: the
 * shapes an API client sends.
 */
export function benchQuestions(n: number) {
  const options = (...keys: string[]) => keys.map((key) => ({ key, labelZh: key, labelEn: key }));
  const kinds = [
    { type: 'organization_field', options: options('elderly', 'children', 'community', 'rural', 'environment') },
    { type: 'choice', options: options('first', 'returning'), required: true },
    { type: 'yes_no' },
    { type: 'multi_choice', options: options('a', 'b', 'c', 'd'), max: 2 },
    { type: 'text', maxLength: 100 },
    { type: 'number', min: 0, max: 1000, integer: true },
    { type: 'date' },
    { type: 'choice', options: options('wechat', 'friend', 'website') },
    { type: 'consent', required: true },
    { type: 'long_text' },
  ];
  const questions = Array.from({ length: n }, (_, i) => ({
    key: `q${i}`,
    labelZh: `问题${i}`,
    ...kinds[i % kinds.length]!,
  }));
  const answer = (q: (typeof questions)[number], i: number): unknown => {
    switch (q.type) {
      case 'organization_field':
      case 'choice':
        return q.options![i % q.options!.length]!.key;
      case 'multi_choice':
        return [q.options![i % 4]!.key];
      case 'yes_no':
        return i % 3 === 0;
      case 'text':
        return `来自第${i}号学员的回答`;
      case 'number':
        return i % 1000;
      case 'date':
        return '2026-12-04';
      case 'consent':
        return true;
      default:
        return '希望多讲一些项目传播的案例。';
    }
  };
  return { questions, answers: (i: number) => Object.fromEntries(questions.map((q) => [q.key, answer(q, i)])) };
}

export async function seedEvents(c: Client, capacity: number, organizations: number, questionCount = 0) {
  const suffix = questionCount ? `-q${questionCount}` : '';
  const [{ id: organizerId }] = (
    await c.query(
      `INSERT INTO organizer (email, name, password_hash) VALUES ($1, 'bench', 'x')
       ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      ['bench@example.org'],
    )
  ).rows;
  const regions = (await c.query('SELECT code FROM region ORDER BY code')).rows.map((r: { code: string }) => r.code);
  const names = Array.from({ length: organizations }, (_, i) => `压测社会组织${i}`);
  const orgRows = await c.query(
    `INSERT INTO organization (name, name_normalized, type, region_code)
     SELECT n, n, 'social_group', r FROM unnest($1::text[], $2::text[]) AS t(n, r)
     ON CONFLICT (region_code, name_normalized) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [names, names.map((_, i) => regions[i % regions.length])],
  );
  // The questions go in as the API stores them (defaults filled in by the same rule).
  const { questions, answers } = benchQuestions(questionCount);
  const stored = JSON.stringify(questions.map((q) => toQuestion(q as QuestionInput)));
  const event = async (slug: string) =>
    (
      await c.query(
        `INSERT INTO event (slug, title, kind, starts_at, ends_at, timezone, join_url, capacity, language, status,
                            published_at, questions)
         VALUES ($1, '公益大讲堂 第23期', 'online', now() + interval '7 days', now() + interval '7 days 2 hours',
                 'Asia/Shanghai', 'https://class.example.org/23', $2, 'zh', 'published', now(), $3) RETURNING id`,
        [slug, capacity, stored],
      )
    ).rows[0].id as string;
  const httpEventId = await event(`bench-http${suffix}`);
  const floorEventId = await event(`bench-floor${suffix}`);
  await event(`bench-warmup${suffix}`);
  await c.query(`INSERT INTO event_member (event_id, organizer_id, role) VALUES ($1, $3, 'owner'), ($2, $3, 'owner')`, [
    httpEventId,
    floorEventId,
    organizerId,
  ]);
  return {
    suffix,
    questions: questionCount,
    answers: questionCount ? answers : () => undefined,
    httpEventId,
    httpSlug: `bench-http${suffix}`,
    warmupSlug: `bench-warmup${suffix}`,
    floorEventId,
    organizationIds: orgRows.rows.map((r: { id: string }) => r.id) as string[],
  };
}

function driveHttp(
  port: number,
  slug: string,
  organizationIds: string[],
  connections: number,
  total: number,
  answers: (i: number) => object | undefined,
  label = 'student',
) {
  let sent = 0;
  const times: number[] = [];
  let errors = 0;
  return new Promise<{ perSecond: number; p50: number; p95: number; p99: number; errors: number }>(
    (resolve, reject) => {
      const started = process.hrtime.bigint();
      const instance = autocannon(
        {
          url: `http://127.0.0.1:${port}`,
          connections,
          amount: total,
          timeout: 30,
          requests: [
            {
              method: 'POST',
              path: `/api/public/events/${slug}/registrations`,
              headers: { 'content-type': 'application/json' },
              setupRequest: (req) => {
                const i = sent++;
                return {
                  ...req,
                  body: JSON.stringify({
                    name: `学员${i}`,
                    email: `${label}-${i}@bench.example.org`,
                    organization: { id: organizationIds[i % organizationIds.length] },
                    answers: answers(i),
                  }),
                };
              },
            },
          ],
          setupClient: (client) => {
            client.on('response', (statusCode: number, _bytes: number, responseTime: number) => {
              times.push(responseTime);
              if (statusCode !== 201) errors++;
            });
          },
        },
        (error) => {
          if (error) return reject(error);
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          times.sort((a, b) => a - b);
          const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? NaN;
          resolve({
            perSecond: times.length / seconds,
            p50: pct(50),
            p95: pct(95),
            p99: pct(99),
            errors: errors + (total - times.length),
          });
        },
      );
      instance.on('error', reject);
    },
  );
}

/** The floor: what PostgreSQL alone does at this concurrency for the same seat claim and insert. */
async function driveFloor(
  url: string,
  seed: { floorEventId: string; organizationIds: string[] },
  connections: number,
  total: number,
  questionCount: number,
) {
  const { floorEventId: eventId, organizationIds } = seed;
  // Each person's answers as the api stores them once checked (consent stamped with its version).
  const { questions, answers } = benchQuestions(questionCount);
  const definitions = questions.map((q) => toQuestion(q as QuestionInput));
  const stored = (i: number) => (readAnswers(definitions, answers(i), 'single') as { answers: Answers }).answers;
  const pool = new Pool({ connectionString: url, max: connections });
  const db = { query: (sql: string, params?: unknown[]) => pool.query(sql, params).then((r) => r.rows) };
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let i = next++; i < total; i = next++) {
        await registerAndClaim(
          db as never,
          { id: eventId, questionsVersion: 1 },
          organizationIds[i % organizationIds.length]!,
          {
            name: `学员${i}`,
            email: `floor-${i}@bench.example.org`,
            phone: null,
            jobTitle: null,
            locale: 'zh',
            tokenHash: randomBytes(32),
            idempotencyKey: null,
            answers: stored(i),
          },
        );
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pool.end();
  return { perSecond: total / seconds };
}

async function checkEvent(c: Client, eventId: string, capacity: number) {
  const { rows } = await c.query(
    `SELECT e.confirmed_count,
            count(*) FILTER (WHERE r.status = 'confirmed')::int AS confirmed,
            count(*) FILTER (WHERE r.status = 'waitlisted')::int AS waitlisted
       FROM event e LEFT JOIN registration r ON r.event_id = e.id WHERE e.id = $1 GROUP BY e.id`,
    [eventId],
  );
  const row = rows[0] as { confirmed_count: number; confirmed: number; waitlisted: number };
  return {
    confirmed: row.confirmed,
    waitlisted: row.waitlisted,
    oversold: Math.max(0, row.confirmed - capacity),
    counterMatches: row.confirmed_count === row.confirmed,
  };
}
