import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { eventDetail } from '../libs/events/src/event.queries';
import { roleOnEvent } from '../libs/events/src/event-member.queries';
import type { Question } from '../libs/events/src/questions/question.types';
import { listRegions } from '../libs/organizations/src/region.queries';
import { tallyRequest } from '../libs/summaries/src/question-figures';
import { answerTallies } from '../libs/summaries/src/question-figures.queries';
import { eventSideFigures, organizationFigures } from '../libs/summaries/src/summary.queries';
import { benchOwner, freePort, freshDatabase, startApi, stop, waitForHealth, withClient } from './support';

/**
 * The summary of a large event: session 4 of a series, 100,000 registrations from 500 organizations in 30 regions
 * (attendance for about 70%, a confirmation and a reminder each in the outbox, 184 intentions, answers to
 * `--questions` choice questions), after three earlier sessions of 12,000 (with their own attendance and mail). Times
 * GET /api/events/:id/summary through the real api process with the questions and without them (the same event
 * with its question list emptied: the answers stay stored), then the floor: the same statements straight through pg
 * in the same snapshot.
 */
export async function run(args: Map<string, string>): Promise<void> {
  const registrations = Number(args.get('registrations') ?? 100_000);
  const requests = Number(args.get('requests') ?? 50);
  const questionCount = Number(args.get('questions') ?? 5);
  // A database of its own, so a registration bench running meanwhile keeps its own.
  const { url, redisUrl } = await freshDatabase('tongxin_bench_summary');
  const questions = choiceQuestions(questionCount);
  const seeded = await withClient(url, (c) => seed(c, registrations, questions));
  const port = await freePort();
  const api = startApi(url, redisUrl, port);
  try {
    await waitForHealth(port, api);
    const base = `http://127.0.0.1:${port}/api`;
    const { organizerId, accessToken } = await benchOwner(base, url, seeded.eventId);
    const get = async () => {
      const started = process.hrtime.bigint();
      const res = await fetch(`${base}/events/${seeded.eventId}/summary`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      const body = (await res.json()) as SummaryBody;
      if (res.status !== 200) throw new Error(`summary answered ${res.status}: ${JSON.stringify(body)}`);
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, body };
    };
    const timeHttp = async () => {
      for (let i = 0; i < 10; i++) await get(); // warm-up: transpiled, JIT-warm, plans cached
      const times: number[] = [];
      let last = await get();
      for (let i = 0; i < requests; i++) {
        last = await get();
        times.push(last.ms);
      }
      return { times, last: last.body };
    };
    const setQuestions = (list: Question[]) =>
      withClient(url, (c) =>
        c.query('UPDATE event SET questions = $2::jsonb, narrative_question = $3 WHERE id = $1', [
          seeded.eventId,
          JSON.stringify(list),
          list[0]?.key ?? null,
        ]),
      );
    const withQuestions = questions.length > 0 ? await timeHttp() : null;
    await setQuestions([]);
    const without = await timeHttp();
    await stop(api);
    const floorWithout = await withClient(url, (c) => timeFloor(c, seeded.eventId, organizerId, requests));
    await setQuestions(questions);
    const floorWith =
      questions.length > 0 ? await withClient(url, (c) => timeFloor(c, seeded.eventId, organizerId, requests)) : null;
    const expected = questions.length > 0 ? await withClient(url, (c) => answeredFirst(c, seeded.eventId)) : null;

    console.log(
      `\nsummary benchmark: session 4 of a series, ${registrations} registrations, 500 organizations, 30 regions, ${questions.length} choice questions answered (after 10 warm-up requests each)`,
    );
    const line = (name: string, http: number[], floor: { times: number[]; statements: number }) => {
      const h = stats(http);
      const f = stats(floor.times);
      console.log(`  ${name}`);
      console.log(
        `    HTTP  median ${h.median.toFixed(1)} ms  p95 ${h.p95.toFixed(1)} ms  (${requests} sequential requests, loopback)`,
      );
      console.log(
        `    floor median ${f.median.toFixed(1)} ms  p95 ${f.p95.toFixed(1)} ms  (the same ${floor.statements} statements through pg, one snapshot)`,
      );
      console.log(`    ratio ${(h.median / f.median).toFixed(2)} (HTTP / floor, medians)`);
      return h.median;
    };
    const medianWith =
      withQuestions && floorWith ? line(`with ${questions.length} questions`, withQuestions.times, floorWith) : 0;
    const medianWithout = line('without questions', without.times, floorWithout);
    console.log(`  checks: people registered ${without.last.people.registered}`);
    if (withQuestions && expected) {
      const q1 = withQuestions.last.questions[0]!;
      const picked = q1.options.reduce((n, o) => n + o.registered, 0);
      const ok = q1.answered.registered === expected && picked === expected;
      console.log(
        `  checks: ${q1.key} answered by ${q1.answered.registered} (${expected} by a plain count), options ${q1.options.map((o) => `${o.key} ${o.registered}/${o.attended}`).join(', ')}${ok ? '' : '  MISMATCH'}`,
      );
      if (!ok) process.exitCode = 1;
      console.log(`  narrative: ${withQuestions.last.narrative.zh}`);
      console.log(`             ${withQuestions.last.narrative.en}`);
    }
    console.log(
      `  command: npm run bench -- summary --registrations ${registrations} --requests ${requests} --questions ${questions.length}`,
    );
    // Targets: 100 ms median without questions (as before them), 200 ms with five.
    if (medianWithout > 100 || medianWith > 200) process.exitCode = 1;
  } finally {
    if (api.exitCode === null) await stop(api);
  }
}

interface SummaryBody {
  people: { registered: number };
  narrative: { zh: string; en: string };
  questions: {
    key: string;
    answered: { registered: number };
    options: { key: string; registered: number; attended: number }[];
  }[];
}

/** People still registered who answered the first question, counted plainly. */
async function answeredFirst(c: Client, eventId: string): Promise<number> {
  const { rows } = await c.query(
    `SELECT count(*)::int AS n FROM registration
      WHERE event_id = $1 AND status IN ('confirmed', 'waitlisted', 'pending') AND answers ? 'q1'`,
    [eventId],
  );
  return rows[0].n;
}

/** `n` choice questions of four options each, as an event keeps them. */
function choiceQuestions(n: number): Question[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `q${i + 1}`,
    type: 'choice',
    labelZh: `问题${i + 1}`,
    labelEn: `Question ${i + 1}`,
    helpZh: null,
    helpEn: null,
    required: false,
    options: ['a', 'b', 'c', 'd'].map((key) => ({ key, labelZh: `选项${key}`, labelEn: `Option ${key}` })),
    min: null,
    max: null,
    integer: false,
    maxLength: null,
    perPerson: true,
    editable: true,
    visibleToCheckin: false,
    version: 1,
    removedAt: null,
  }));
}

function stats(times: number[]): { median: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}

/** The summary's statements, taken from the query modules themselves, through a plain pg client. */
async function timeFloor(c: Client, eventId: string, organizerId: string, runs: number) {
  let statements = 0;
  const db = {
    query: async (sql: string, params?: unknown[]) => {
      statements++;
      return (await c.query(sql, params)).rows;
    },
  } as unknown as EntityManager;
  const once = async () => {
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await roleOnEvent(db, eventId, organizerId);
    const event = (await eventDetail(db, eventId))!;
    await organizationFigures(db, eventId, { seriesId: event.seriesId!, sequenceNo: event.sequenceNo! });
    await eventSideFigures(db, eventId);
    const tally = tallyRequest([event]);
    if (tally.questions.length > 0) await answerTallies(db, tally.questions, tally.uncounted);
    await listRegions(db);
    await db.query('COMMIT');
  };
  for (let i = 0; i < 10; i++) await once();
  const times: number[] = [];
  statements = 0;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await once();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { times, statements: statements / runs };
}

/** Set-based seeding: organizations, a series of four sessions, people and their answers, attendance, mail, intentions. */
async function seed(c: Client, registrations: number, questions: Question[]): Promise<{ eventId: string }> {
  const [{ id: organizerId }] = (
    await c.query(
      `INSERT INTO organizer (email, name, password_hash) VALUES ('seed@example.org', 'seed', 'x') RETURNING id`,
    )
  ).rows;
  await c.query(
    `INSERT INTO organization (name, name_normalized, type, region_code)
     SELECT '压测机构' || i, '压测机构' || i,
            (ARRAY['social_group', 'foundation', 'social_service_agency', 'industry_association', 'other'])[1 + i % 5],
            (SELECT array_agg(code ORDER BY code) FROM (SELECT code FROM region ORDER BY code LIMIT 30) r)[1 + i % 30]
       FROM generate_series(0, 499) i`,
  );
  const orgs = `(SELECT array_agg(id ORDER BY name) FROM organization)`;
  const [{ id: seriesId }] = (
    await c.query(
      `INSERT INTO series (title, title_en, created_by) VALUES ('老牛公益课', 'Lao Niu Philanthropy Class', $1) RETURNING id`,
      [organizerId],
    )
  ).rows;
  const events: string[] = [];
  for (let n = 1; n <= 4; n++) {
    const { rows } = await c.query(
      `INSERT INTO event (slug, series_id, sequence_no, title, kind, starts_at, ends_at, timezone, join_url, language, status, published_at)
       VALUES ('class-' || $2::int, $1, $2, '公益项目评估', 'online', now() - make_interval(days => 40 - $2 * 7),
               now() - make_interval(days => 40 - $2 * 7) + interval '2 hours', 'Asia/Shanghai', 'https://class.example.org',
               'zh', 'published', now() - interval '60 days') RETURNING id`,
      [seriesId, n],
    );
    events.push(rows[0].id);
  }
  const eventId = events[3]!;
  // Earlier sessions: 12,000 people each from the first 400 organizations; the last: everyone, in every status, each
  // answering about 90% of the questions (q1 … qN), options a to d unevenly (a 3/7, b 2/7, c and d 1/7 each).
  const people = (event: string, count: number, orgCount: number, statuses: string, questionCount = 0) =>
    c.query(
      `INSERT INTO registration (event_id, organization_id, name, email_normalized, locale, status, manage_token_hash, check_in_code, answers)
       SELECT $1::uuid, ${orgs}[1 + i % $3], '学员' || i, 'p' || i || '@bench.example.org', 'zh', ${statuses},
              sha256(convert_to($1::uuid::text || ':' || i, 'UTF8')),
              (SELECT string_agg(substr('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', ((i >> (5 * k)) & 31) + 1, 1), '' ORDER BY k)
                 FROM generate_series(0, 7) k),
              (SELECT coalesce(jsonb_object_agg('q' || n, (ARRAY['a', 'a', 'a', 'b', 'b', 'c', 'd'])[1 + (i / 7 + n) % 7])
                                 FILTER (WHERE (i + n) % 10 <> 0), '{}')
                 FROM generate_series(1, $4) n)
         FROM generate_series(0, $2 - 1) i, LATERAL (SELECT (i / $3) % 100 AS k) s`,
      [event, count, orgCount, questionCount],
    );
  for (const earlier of events.slice(0, 3)) await people(earlier, 12_000, 400, `'confirmed'`);
  await people(
    eventId,
    registrations,
    500,
    `CASE WHEN k < 92 THEN 'confirmed' WHEN k < 95 THEN 'waitlisted' WHEN k < 97 THEN 'pending'
          WHEN k < 99 THEN 'cancelled' ELSE 'rejected' END`,
    questions.length,
  );
  await c.query('UPDATE event SET questions = $2::jsonb, narrative_question = $3 WHERE id = $1', [
    eventId,
    JSON.stringify(questions),
    questions[0]?.key ?? null,
  ]);
  await c.query(
    `UPDATE event e SET confirmed_count = (SELECT count(*) FROM registration r WHERE r.event_id = e.id AND r.status = 'confirmed')`,
  );
  // In every session about 70% attended: by the door, by the join link, or long enough online; 10% too briefly.
  await c.query(
    `INSERT INTO attendance (registration_id, event_id, checked_in_at, first_join_at, last_join_at, imported_minutes)
     SELECT id, event_id, CASE WHEN k < 3 THEN now() END, CASE WHEN k BETWEEN 3 AND 5 THEN now() END,
            CASE WHEN k BETWEEN 3 AND 5 THEN now() END, CASE WHEN k = 6 THEN 45 WHEN k = 7 THEN 10 END
       FROM (SELECT id, event_id, (row_number() OVER (ORDER BY id)) % 10 AS k FROM registration) r
      WHERE k < 8`,
  );
  // Everyone was owed a confirmation, the confirmed a reminder: 2% of confirmations failed.
  await c.query(
    `INSERT INTO outbox_message (event_id, registration_id, kind, dedupe_key, status)
     SELECT event_id, id, kind, kind || ':' || id, CASE WHEN kind = 'confirmation' AND random() < 0.02 THEN 'failed' ELSE 'sent' END
       FROM registration, unnest(ARRAY['confirmation', 'reminder']) AS kind
      WHERE kind = 'confirmation' OR status = 'confirmed'`,
  );
  await c.query(
    `WITH i AS (
       INSERT INTO cooperation_intention (event_id, title, field, status, signed_at)
       SELECT $1, '合作项目' || n, (ARRAY['charity', 'training', 'research', 'forum'])[1 + n % 4],
              CASE WHEN n < 9 THEN 'signed' ELSE 'intent' END, CASE WHEN n < 9 THEN now() - interval '12 days' END
         FROM generate_series(0, 183) n RETURNING id
     )
     INSERT INTO intention_party (intention_id, organization_id)
     SELECT i.id, o.id FROM i CROSS JOIN LATERAL (SELECT id FROM organization ORDER BY random() LIMIT 2) o`,
    [eventId],
  );
  await c.query(
    `INSERT INTO unregistered_participant (event_id, name, name_normalized, minutes, source)
     SELECT $1, '旁听' || n, '旁听' || n, n % 90, 'tencent' FROM generate_series(1, 300) n`,
    [eventId],
  );
  await c.query(
    `INSERT INTO event_host (event_id, organization_id, role, position)
     SELECT $1, id, (ARRAY['guiding', 'host', 'organizer'])[n], n FROM (SELECT id, row_number() OVER (ORDER BY name) n FROM organization LIMIT 3) o`,
    [eventId],
  );
  await c.query('VACUUM ANALYZE');
  return { eventId };
}
