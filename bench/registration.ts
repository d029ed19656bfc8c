import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { registerAndClaim } from '../libs/registrations/src/registration.queries';
import { freePort, freshDatabase, startApi, stop, waitForHealth, withClient } from './support';

/**
 * Many concurrent HTTP clients register distinct people for one event (capacity 12,000, 467 organizations) through
 * the real api process; then the floor: the same claim + insert straight through pg at the same concurrency.
 */
export async function run(args: Map<string, string>): Promise<void> {
  const connections = Number(args.get('connections') ?? 32);
  const total = Number(args.get('total') ?? 13_000);
  const capacity = Number(args.get('capacity') ?? 12_000);
  const organizations = 467;
  const { url, redisUrl } = await freshDatabase();
  const seed = await withClient(url.toString(), (c) => seedEvents(c, capacity, organizations));

  const port = await freePort();
  const api = startApi(url.toString(), redisUrl, port);
  try {
    await waitForHealth(port, api);
    // Warm-up on its own event, so the measured run sees a compiled, JIT-warm process (steady state).
    await driveHttp(port, seed.warmupSlug, seed.organizationIds, connections, 1_000, 'warmup');
    const http = await driveHttp(port, seed.httpSlug, seed.organizationIds, connections, total);
    const check = await withClient(url.toString(), (c) => checkEvent(c, seed.httpEventId, capacity));
    await stop(api);
    const floor = await driveFloor(url.toString(), seed.floorEventId, seed.organizationIds, connections, total);
    const floorCheck = await withClient(url.toString(), (c) => checkEvent(c, seed.floorEventId, capacity));

    const ratio = http.perSecond / floor.perSecond;
    console.log(
      `\nregistration benchmark: ${total} distinct people, ${connections} concurrent clients, capacity ${capacity}, ${organizations} organizations (after 1,000 warm-up requests on another event)`,
    );
    console.log(
      `  HTTP  ${http.perSecond.toFixed(0)} registrations/s  p50 ${http.p50.toFixed(1)} ms  p95 ${http.p95.toFixed(1)} ms  p99 ${http.p99.toFixed(1)} ms  errors ${http.errors}`,
    );
    console.log(
      `        confirmed ${check.confirmed}  waitlisted ${check.waitlisted}  oversold ${check.oversold}  counter matches rows: ${check.counterMatches}`,
    );
    console.log(
      `  floor ${floor.perSecond.toFixed(0)} registrations/s (same claim + insert through pg, ${connections} connections; oversold ${floorCheck.oversold})`,
    );
    console.log(`  ratio ${ratio.toFixed(2)} (HTTP / floor)`);
    console.log(
      `  command: npm run bench -- registration --connections ${connections} --total ${total} --capacity ${capacity}`,
    );
    const failed = check.oversold > 0 || floorCheck.oversold > 0 || !check.counterMatches || http.errors > 0;
    if (failed) process.exitCode = 1;
  } finally {
    if (api.exitCode === null) await stop(api);
  }
}

export async function seedEvents(c: Client, capacity: number, organizations: number) {
  const [{ id: organizerId }] = (
    await c.query(
      `INSERT INTO organizer (email, name, password_hash) VALUES ('bench@example.org', 'bench', 'x') RETURNING id`,
    )
  ).rows;
  const regions = (await c.query('SELECT code FROM region ORDER BY code')).rows.map((r: { code: string }) => r.code);
  const names = Array.from({ length: organizations }, (_, i) => `压测社会组织${i}`);
  const orgRows = await c.query(
    `INSERT INTO organization (name, name_normalized, type, region_code)
     SELECT n, n, 'social_group', r FROM unnest($1::text[], $2::text[]) AS t(n, r) RETURNING id`,
    [names, names.map((_, i) => regions[i % regions.length])],
  );
  const event = async (slug: string) =>
    (
      await c.query(
        `INSERT INTO event (slug, title, kind, starts_at, ends_at, timezone, join_url, capacity, language, status, published_at)
         VALUES ($1, '公益大讲堂 第23期', 'online', now() + interval '7 days', now() + interval '7 days 2 hours',
                 'Asia/Shanghai', 'https://class.example.org/23', $2, 'zh', 'published', now()) RETURNING id`,
        [slug, capacity],
      )
    ).rows[0].id as string;
  const httpEventId = await event('bench-http');
  const floorEventId = await event('bench-floor');
  await event('bench-warmup');
  await c.query(`INSERT INTO event_member (event_id, organizer_id, role) VALUES ($1, $3, 'owner'), ($2, $3, 'owner')`, [
    httpEventId,
    floorEventId,
    organizerId,
  ]);
  return {
    httpEventId,
    httpSlug: 'bench-http',
    warmupSlug: 'bench-warmup',
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
async function driveFloor(url: string, eventId: string, organizationIds: string[], connections: number, total: number) {
  const pool = new Pool({ connectionString: url, max: connections });
  const db = { query: (sql: string, params?: unknown[]) => pool.query(sql, params).then((r) => r.rows) };
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let i = next++; i < total; i = next++) {
        await registerAndClaim(
          db as never,
          { id: eventId, questionsVersion: 1, registrationClosesAt: null },
          organizationIds[i % organizationIds.length]!,
          {
            name: `学员${i}`,
            email: `floor-${i}@bench.example.org`,
            phone: null,
            jobTitle: null,
            locale: 'zh',
            tokenHash: randomBytes(32),
            idempotencyKey: null,
            answers: {},
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
