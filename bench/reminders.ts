import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { checkInQrPng } from '../libs/attendance/src/check-in-code';
import { PublicLinks } from '../libs/common/src/public-links';
import { Env } from '../libs/config/src/env.schema';
import { messageViewOf, MessageSource } from '../libs/messages/src/message-policy';
import { renderMessage, renderSettingsFor } from '../libs/messages/src/render';
import { smtpTransport } from '../libs/messages/src/transport';
import { startSmtpSink } from '../libs/testing/src/smtp-sink';
import { startWorkerProcess } from '../test/support/worker-process';
import {
  BENCH_MAIL_FROM,
  BENCH_PUBLIC_URL,
  benchWorkerEnv,
  deleteRedisKeys,
  freePort,
  freshDatabase,
  outboxIdOf,
  reminderDueAt,
  seedReminderEvent,
  startApi,
  stop,
  waitForHealth,
  withClient,
} from './support';

/** Time between publishing and the reminder's due time: long enough for the worker to start. */
const LEAD_MS = 22_000;
/** The reminder goes out this long before the event starts (the event must not start while it is being sent). */
const OFFSET_SECONDS = 600;

/**
 * One reminder due for N confirmed attendees at once (imported through the real api, then published): the real
 * worker process fires it and sends every message to an SMTP sink. Then the floor: the same messages, rendered
 * beforehand, sent by a bare pooled nodemailer transport with the same pool size and sends in flight.
 */
export async function run(args: Map<string, string>): Promise<void> {
  const attendees = Number(args.get('attendees') ?? 12_000);
  const defaults = new Env();
  const concurrency = Number(args.get('concurrency') ?? defaults.MAIL_CONCURRENCY);
  const poolSize = Number(args.get('pool') ?? defaults.SMTP_POOL_SIZE);
  const workerCount = Number(args.get('workers') ?? 1);
  const { url, redisUrl } = await freshDatabase();
  await deleteRedisKeys(redisUrl, 'bench:*');
  const sink = await startSmtpSink({ keepRaw: false });
  const port = await freePort();
  const api = startApi(url, redisUrl, port);
  const workers: Awaited<ReturnType<typeof startWorkerProcess>>[] = [];
  try {
    await waitForHealth(port, api);
    const eventId = await seedReminderEvent(`http://127.0.0.1:${port}/api`, attendees, {
      leadMs: LEAD_MS,
      offsetSeconds: OFFSET_SECONDS,
    });
    const dueAt = await reminderDueAt(url, eventId);

    const env = {
      ...benchWorkerEnv(url, redisUrl, sink.url),
      ...(args.has('concurrency') ? { MAIL_CONCURRENCY: String(concurrency) } : {}),
      ...(args.has('pool') ? { SMTP_POOL_SIZE: String(poolSize) } : {}),
    };
    workers.push(...(await Promise.all(Array.from({ length: workerCount }, () => startWorkerProcess(env)))));
    const startedBeforeDue = Date.now() < dueAt.getTime();
    const memories = workers.map((w) => watchMemory(w.child.pid!));

    let timedOut = false;
    await sink.waitFor(attendees, dueAt.getTime() - Date.now() + 180_000).catch((error: Error) => {
      console.error(error.message);
      timedOut = true;
    });
    const received = [...sink.received];
    // The worker marks each row sent just after the sink accepts it: give the last ones a moment.
    const rows = await withClient(url, async (c) => {
      for (let tries = 0; ; tries++) {
        const { rows: statuses } = await c.query(
          `SELECT status, count(*)::int AS n FROM outbox_message WHERE event_id = $1 AND kind = 'reminder' GROUP BY status`,
          [eventId],
        );
        const sent = (statuses as { status: string; n: number }[]).find((s) => s.status === 'sent')?.n ?? 0;
        if (sent >= attendees || tries >= 20) {
          const { rows: ids } = await c.query(
            `SELECT id FROM outbox_message WHERE event_id = $1 AND kind = 'reminder'`,
            [eventId],
          );
          return {
            sent,
            statuses: statuses as { status: string; n: number }[],
            ids: (ids as { id: string }[]).map((r) => r.id),
          };
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    });
    const peaks = memories.map((m) => m.stop());
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
    await stop(api);

    const arrived = new Set(received.map((m) => outboxIdOf(m.messageId)));
    const duplicates = received.length - arrived.size;
    const missing = rows.ids.filter((id) => !arrived.has(id)).length;
    const times = received.map((m) => m.at);
    const first = Math.min(...times);
    const last = Math.max(...times);
    const dueToLast = (last - dueAt.getTime()) / 1000;
    const rate = received.length / ((last - first) / 1000);
    const rateFromDue = received.length / dueToLast;
    const withinMinute = !timedOut && missing === 0 && dueToLast <= 60;

    const floor = await sendFloor(url, eventId, sink, poolSize, concurrency);
    const ratio = rate / floor;

    console.log(
      `\nreminders benchmark: ${attendees} confirmed attendees, one reminder due at once, SMTP sink on 127.0.0.1, workers: ${workerCount}`,
    );
    console.log(
      `  due -> last accepted: ${dueToLast.toFixed(1)} s; first accepted +${((first - dueAt.getTime()) / 1000).toFixed(2)} s after due`,
    );
    console.log(`  rate: ${rate.toFixed(0)} messages/s (first to last), ${rateFromDue.toFixed(0)}/s (from due time)`);
    for (const [i, peak] of peaks.entries()) {
      console.log(
        `  worker ${i + 1} peak memory: ${mib(peak.peak)} MiB (VmHWM; sampled VmRSS max ${mib(peak.sampledMax)} MiB, ${mib(peak.atStart)} MiB before due)`,
      );
    }
    console.log(
      `  duplicates: ${duplicates}, missing: ${missing}, rows sent: ${rows.sent}${rows.sent === rows.ids.length ? '' : ` (${rows.statuses.map((s) => `${s.status} ${s.n}`).join(', ')})`}`,
    );
    console.log(
      `  floor (bare pooled nodemailer, pool ${poolSize}, in flight ${concurrency}): ${floor.toFixed(0)} messages/s`,
    );
    console.log(`  within 60 s of due: ${withinMinute ? 'yes' : 'no'}`);
    if (!startedBeforeDue) console.log('  note: the workers were not ready before the due time');
    const flags = [
      args.has('workers') ? ` --workers ${workerCount}` : '',
      args.has('concurrency') ? ` --concurrency ${concurrency}` : '',
      args.has('pool') ? ` --pool ${poolSize}` : '',
    ].join('');
    console.log(`  command: npm run bench -- reminders --attendees ${attendees}${flags}`);
    const goal = workerCount > 1 ? 1.3 : 0.9;
    console.log(
      `ratio: ${ratio.toFixed(2)} (${workerCount} worker${workerCount > 1 ? 's' : ''} first-to-last / the single-process floor; goal: at least ${goal})`,
    );
    if (duplicates > 0 || missing > 0 || !withinMinute) process.exitCode = 1;
  } finally {
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
    // stop() waits for an 'exit' that a process already ended by a signal will not emit again.
    if (api.exitCode === null && api.signalCode === null) await stop(api);
    await sink.stop();
  }
}

/** Samples a process's resident memory every 500 ms; stop() returns the peaks in bytes. */
function watchMemory(pid: number) {
  const read = (field: 'VmRSS' | 'VmHWM') => {
    try {
      const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return kb ? Number(kb) * 1024 : 0;
    } catch {
      return 0;
    }
  };
  const atStart = read('VmRSS');
  let sampledMax = atStart;
  const timer = setInterval(() => {
    sampledMax = Math.max(sampledMax, read('VmRSS'));
  }, 500);
  return {
    stop: () => {
      clearInterval(timer);
      const hwm = read('VmHWM');
      return { peak: Math.max(hwm, sampledMax), sampledMax, atStart };
    },
  };
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

/**
 * The floor: the event's reminder messages rendered as the worker renders them, QR image and all (render time not
 * counted), then
 * sent over a bare pooled transport with `inFlight` sends at a time. Returns messages/s from the first send to
 * the last message accepted by the sink.
 */
async function sendFloor(
  url: string,
  eventId: string,
  sink: Awaited<ReturnType<typeof startSmtpSink>>,
  poolSize: number,
  inFlight: number,
) {
  const rows = await withClient(
    url,
    async (c) =>
      (
        await c.query(
          `SELECT m.id, m.kind, m.resend_of AS "resendOf", m.event_id AS "eventId", m.payload,
              r.name, r.email_normalized AS email, r.locale, r.status AS "registrationStatus", o.name AS "organizationName",
              e.title, e.title_en AS "titleEn", e.starts_at AS "startsAt", e.ends_at AS "endsAt", e.timezone, e.venue,
              e.ics_sequence AS "icsSequence", e.status AS "eventStatus", e.kind AS "eventKind",
              r.check_in_code AS "checkInCode"
         FROM outbox_message m
         JOIN registration r ON r.id = m.registration_id
         JOIN organization o ON o.id = r.organization_id
         JOIN event e ON e.id = m.event_id
        WHERE m.event_id = $1 AND m.kind = 'reminder'
        ORDER BY m.created_at, m.id`,
          [eventId],
        )
      ).rows as MessageSource[],
  );
  const settings = renderSettingsFor(BENCH_MAIL_FROM);
  // As the worker renders them, with a manage link carrying a dummy token (the event has no join URL).
  const publicLinks = new PublicLinks(BENCH_PUBLIC_URL);
  const links = () => ({
    manage: publicLinks.to('manage', randomBytes(32).toString('base64url')),
    join: null,
    unsubscribe: null,
  });
  // The same messages as the worker's, QR image included (an in-person event's carry one), drawn beforehand.
  const messages = await Promise.all(
    rows.map(async (row) => {
      const view = messageViewOf(row, links());
      const checkInQr = view.checkInCode ? await checkInQrPng(view.checkInCode) : undefined;
      return renderMessage(view, settings, { checkInQr });
    }),
  );

  const transport = smtpTransport(sink.url, poolSize);
  const before = sink.received.length;
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let i = next++; i < messages.length; i = next++) await transport.send(messages[i]!);
    }),
  );
  const accepted = await sink.waitFor(before + messages.length, 60_000);
  transport.close();
  const last = Math.max(...accepted.slice(before).map((m) => m.at));
  return messages.length / ((last - started) / 1000);
}
