import { validateEnv } from '../libs/config/src/env.schema';
import { startSmtpSink } from '../libs/testing/src/smtp-sink';
import { startWorkerProcess, WorkerProcess } from '../test/support/worker-process';
import {
  benchWorkerEnv,
  freePort,
  freshDatabase,
  outboxIdOf,
  reminderDueAt,
  seedReminderEvent,
  startApi,
  startRedisServer,
  stop,
  waitForHealth,
  withClient,
} from './support';

/** Publishing to due time: long enough for two workers to start on a busy machine. */
const LEAD_MS = 30_000;
const OFFSET_SECONDS = 600;
/** How long Redis stays down before it is started again, empty. */
const REDIS_DOWN_MS = 2_000;
/** Settings a run may change (flag → variable); anything not given runs at the production default. */
const SETTING_FLAGS: Record<string, string> = {
  'sending-timeout': 'MAIL_SENDING_TIMEOUT_MS',
  reconcile: 'RECONCILE_INTERVAL_MS',
  'retry-delay': 'MAIL_RETRY_DELAY_MS',
  concurrency: 'MAIL_CONCURRENCY',
};

/**
 * The fault suite at the class's scale: one reminder due for N confirmed attendees, sent by two real worker
 * processes to a real SMTP server, while things go wrong partway: one worker is SIGKILLed, the SMTP server refuses
 * every connection (421) for a while, and during the refusal Redis is killed and started again empty (every queued
 * and delayed job, retries included, gone). PostgreSQL is the record: what the run shows is that every message still
 * arrives, how many arrive twice, and how long the last one took.
 */
export async function run(args: Map<string, string>): Promise<void> {
  const attendees = Number(args.get('attendees') ?? 12_000);
  const killAt = Number(args.get('kill-at') ?? Math.round(attendees / 4));
  const refuseAt = Number(args.get('refuse-at') ?? Math.round(attendees / 2));
  const refuseSeconds = Number(args.get('refuse-seconds') ?? 60);
  const redisAfterSeconds = Number(args.get('redis-after') ?? 20);

  const { url } = await freshDatabase('tongxin_bench_faults');
  const redis = await startRedisServer();
  const sink = await startSmtpSink({ keepRaw: false });
  const port = await freePort();
  const api = startApi(url, redis.url, port);
  const workers: WorkerProcess[] = [];
  const env = benchWorkerEnv(url, redis.url, sink.url);
  for (const [flag, variable] of Object.entries(SETTING_FLAGS)) {
    if (args.has(flag)) env[variable] = args.get(flag)!;
  }
  const settings = validateEnv(env);
  try {
    await waitForHealth(port, api);
    const eventId = await seedReminderEvent(`http://127.0.0.1:${port}/api`, attendees, {
      leadMs: LEAD_MS,
      offsetSeconds: OFFSET_SECONDS,
    });
    const due = (await reminderDueAt(url, eventId)).getTime();
    // The api has done its part (the reminder's timer and job are written): it takes no part in the faults.
    await stop(api);
    workers.push(...(await Promise.all([startWorkerProcess(env), startWorkerProcess(env)])));
    const readyBeforeDue = Date.now() < due;

    // The faults, driven by what the SMTP server has accepted so far and by the clock.
    const timeline: string[] = [];
    const at = (what: string) => timeline.push(`${((Date.now() - due) / 1000).toFixed(1).padStart(6)} s  ${what}`);
    let killed = false;
    let refusingSince: number | undefined;
    let redisRestarted = false;
    let refusalOver = false;
    const faults = setInterval(() => {
      const accepted = sink.received.length;
      if (!killed && accepted >= killAt) {
        killed = true;
        at(`${accepted} accepted: worker ${workers[1]!.child.pid} SIGKILLed`);
        void workers[1]!.kill('SIGKILL');
      }
      if (refusingSince === undefined && accepted >= refuseAt) {
        refusingSince = Date.now();
        at(`${accepted} accepted: SMTP refuses every connection (421) for ${refuseSeconds} s`);
        void sink.refuse(421, 'connect');
      }
      if (refusingSince !== undefined && !redisRestarted && Date.now() >= refusingSince + redisAfterSeconds * 1000) {
        redisRestarted = true;
        at(`${accepted} accepted: Redis SIGKILLed (no persistence)`);
        void redis
          .kill()
          .then(() => new Promise((r) => setTimeout(r, REDIS_DOWN_MS)))
          .then(() => redis.start())
          .then(() => at(`${sink.received.length} accepted: Redis started again, empty`));
      }
      if (refusingSince !== undefined && !refusalOver && Date.now() >= refusingSince + refuseSeconds * 1000) {
        refusalOver = true;
        at(`${accepted} accepted: SMTP accepts again`);
        void sink.refuse(null);
      }
    }, 50);

    // Done when no reminder is still owed (queued or sending): each one sent, or failed for good.
    const statuses = await withClient(url, async (c) => {
      const deadline = due + 30 * 60_000;
      for (;;) {
        const { rows } = await c.query(
          `SELECT status, count(*)::int AS n FROM outbox_message WHERE event_id = $1 AND kind = 'reminder' GROUP BY status`,
          [eventId],
        );
        const counts = Object.fromEntries((rows as { status: string; n: number }[]).map((r) => [r.status, r.n]));
        const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
        if ((total >= attendees && !counts.queued && !counts.sending) || Date.now() > deadline) return counts;
        await new Promise((r) => setTimeout(r, 1000));
      }
    });
    clearInterval(faults);
    // A message accepted just before the worker died is marked sent only when sent again; let late ones land.
    await new Promise((r) => setTimeout(r, 3000));
    const ids = await withClient(url, async (c) =>
      (
        (await c.query(`SELECT id FROM outbox_message WHERE event_id = $1 AND kind = 'reminder'`, [eventId])).rows as {
          id: string;
        }[]
      ).map((r) => r.id),
    );

    const expected = new Set(ids);
    const received = sink.received.filter((m) => expected.has(outboxIdOf(m.messageId)));
    const arrived = new Set(received.map((m) => outboxIdOf(m.messageId)));
    const missing = ids.filter((id) => !arrived.has(id)).length;
    const duplicates = received.length - arrived.size;
    const first = Math.min(...received.map((m) => m.at));
    const last = Math.max(...received.map((m) => m.at));
    const refusalEnd = (refusingSince ?? due) + refuseSeconds * 1000;

    console.log(
      `\nfaults benchmark: ${attendees} confirmed attendees, one reminder due at once, 2 worker processes, private Redis, SMTP sink on 127.0.0.1`,
    );
    console.log(
      `  settings: MAIL_CONCURRENCY ${settings.MAIL_CONCURRENCY}, SMTP_POOL_SIZE ${settings.SMTP_POOL_SIZE}, MAIL_SENDING_TIMEOUT_MS ${settings.MAIL_SENDING_TIMEOUT_MS}, RECONCILE_INTERVAL_MS ${settings.RECONCILE_INTERVAL_MS}, MAIL_RETRY_DELAY_MS ${settings.MAIL_RETRY_DELAY_MS}, MAIL_MAX_ATTEMPTS ${settings.MAIL_MAX_ATTEMPTS}`,
    );
    console.log(`  timeline (from due; first accepted at ${((first - due) / 1000).toFixed(1)} s):`);
    for (const line of timeline) console.log(`    ${line}`);
    console.log(`  messages expected: ${attendees} (reminder rows: ${ids.length})`);
    console.log(`  delivered (distinct): ${arrived.size}, missing: ${missing}`);
    console.log(
      `  duplicates: ${duplicates} (bound: one worker's MAIL_CONCURRENCY, ${settings.MAIL_CONCURRENCY}; ${duplicates <= settings.MAIL_CONCURRENCY ? 'within' : 'EXCEEDED'})`,
    );
    console.log(
      `  due -> last accepted: ${((last - due) / 1000).toFixed(1)} s (${((last - refusalEnd) / 1000).toFixed(1)} s after the SMTP server accepted again)`,
    );
    console.log(
      `  rows: ${Object.entries(statuses)
        .map(([status, n]) => `${status} ${n}`)
        .join(', ')}`,
    );
    if (!readyBeforeDue) console.log('  note: the workers were not both ready before the due time');
    const flags = Object.keys(SETTING_FLAGS)
      .filter((flag) => args.has(flag))
      .map((flag) => ` --${flag} ${args.get(flag)}`)
      .join('');
    console.log(
      `  command: npm run bench -- faults --attendees ${attendees} --kill-at ${killAt} --refuse-at ${refuseAt} --refuse-seconds ${refuseSeconds} --redis-after ${redisAfterSeconds}${flags}`,
    );
    if (missing > 0 || ids.length !== attendees || duplicates > settings.MAIL_CONCURRENCY) process.exitCode = 1;
  } finally {
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
    if (api.exitCode === null && api.signalCode === null) await stop(api);
    await redis.kill();
    await sink.stop();
  }
}
