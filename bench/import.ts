import { seedEvents } from './registration';
import { attendeeCsv, benchOwner, freePort, freshDatabase, startApi, stop, waitForHealth, withClient } from './support';

/**
 * An organizer imports a 12,000-row CSV (467 organizations, none known yet, so all are created) into an event of
 * capacity 12,000 through the real api: the time from upload to the report, and the check that nothing oversold.
 */
export async function run(args: Map<string, string>): Promise<void> {
  const rows = Number(args.get('rows') ?? 12_000);
  const capacity = Number(args.get('capacity') ?? 12_000);
  const organizations = 467;
  const { url, redisUrl } = await freshDatabase();
  const seed = await withClient(url, (c) => seedEvents(c, capacity, 0));
  const port = await freePort();
  const api = startApi(url, redisUrl, port);
  try {
    await waitForHealth(port, api);
    const base = `http://127.0.0.1:${port}/api`;
    const { accessToken } = await benchOwner(base, url, seed.httpEventId);
    const form = attendeeCsv(rows, organizations);
    const started = process.hrtime.bigint();
    const res = await fetch(`${base}/events/${seed.httpEventId}/registrations/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
      body: form,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const report = (await res.json()) as {
      created: number;
      confirmed: number;
      waitlisted: number;
      rejected: unknown[];
    };
    const [check] = await withClient(
      url,
      async (c) =>
        (
          await c.query(
            `SELECT e.confirmed_count, count(r.*) FILTER (WHERE r.status = 'confirmed')::int AS confirmed, count(r.*)::int AS total
           FROM event e LEFT JOIN registration r ON r.event_id = e.id WHERE e.id = $1 GROUP BY e.id`,
            [seed.httpEventId],
          )
        ).rows,
    );
    console.log(`\nimport benchmark: ${rows} CSV rows, ${organizations} new organizations, capacity ${capacity}`);
    console.log(
      `  HTTP ${res.status}: ${seconds.toFixed(2)} s from upload to report (${(rows / seconds).toFixed(0)} rows/s)`,
    );
    console.log(
      `  report: created ${report.created}, confirmed ${report.confirmed}, waitlisted ${report.waitlisted}, rejected ${report.rejected.length}`,
    );
    console.log(
      `  database: ${check.total} registrations, ${check.confirmed} confirmed, counter ${check.confirmed_count}, oversold ${Math.max(0, check.confirmed - capacity)}`,
    );
    console.log(`  command: npm run bench -- import --rows ${rows}`);
    if (res.status !== 200 || check.confirmed_count !== check.confirmed || check.confirmed > capacity)
      process.exitCode = 1;
  } finally {
    await stop(api);
  }
}
