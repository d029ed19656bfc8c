import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { newToken } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import { QUEUE_BACKEND, QueueBackend, QUEUES, SendMailJob } from '@tongxin/queue';
import { Job, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import type { Locale } from './copy';
import { LINK_MESSAGE_KINDS, type MessageKind, OutboxService } from '@tongxin/outbox';
import { ClaimedLinkMessage, LinkMessages } from './link-messages';
import { MessageView, renderMessage, RenderSettings } from './render';
import type { MailTransport } from './transport';

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

const LINK_PURPOSES = ['manage', 'join', 'unsubscribe'] as const;

/**
 * Claims the rows still queued (queued -> sending, attempts + 1), issues the links each message carries (fresh
 * tokens: only hashes are stored, so every message gets its own; stamped with the registration's link generation as
 * this statement reads it, so a hand-over racing the send still retires them) and reads everything the messages
 * show, in one statement for the whole batch. Messages addressed to a person rather than a registration (group
 * links, link requests) are left to LinkMessages.
 */
const CLAIM = `
  WITH claimed AS (
    UPDATE outbox_message SET status = 'sending', attempts = attempts + 1, claimed_at = now()
     WHERE id = ANY($1::uuid[]) AND status = 'queued' AND next_attempt_at <= now() + interval '1 second'
       AND kind NOT IN (${LINK_MESSAGE_KINDS.map((kind) => `'${kind}'`).join(', ')})
     RETURNING id, event_id, registration_id, announcement_id, kind, payload, attempts, resend_of
  ), links AS (
    INSERT INTO registration_link (token_hash, registration_id, purpose, generation)
    SELECT t.hash, c.registration_id, t.purpose, r.link_generation
      FROM unnest($2::uuid[], $3::text[], $4::bytea[]) AS t(message_id, purpose, hash)
      JOIN claimed c ON c.id = t.message_id
      JOIN registration r ON r.id = c.registration_id
      JOIN event e ON e.id = c.event_id
     WHERE (t.purpose <> 'join' OR (e.join_url IS NOT NULL AND r.status = 'confirmed'))
       AND (t.purpose <> 'unsubscribe' OR c.kind = 'announcement')
  )
  SELECT c.id, c.kind, c.payload, c.attempts, c.resend_of, c.event_id,
         r.name, r.email_normalized AS email, r.locale, r.status AS registration_status, o.name AS organization_name,
         e.title, e.title_en, e.starts_at, e.ends_at, e.timezone, e.venue, e.ics_sequence, e.status AS event_status,
         e.schedule_version, a.subject AS announcement_subject, a.body AS announcement_body,
         EXISTS (SELECT 1 FROM announcement_opt_out x WHERE x.event_id = c.event_id AND x.email_normalized = r.email_normalized) AS opted_out,
         -- The same conditions as the links inserted above: which of them this message carries.
         e.join_url IS NOT NULL AND r.status = 'confirmed' AS has_join, c.kind = 'announcement' AS has_unsubscribe
    FROM claimed c
    JOIN registration r ON r.id = c.registration_id
    JOIN organization o ON o.id = r.organization_id
    JOIN event e ON e.id = c.event_id
    LEFT JOIN announcement a ON a.id = c.announcement_id
   ORDER BY array_position($1::uuid[], c.id)`;

interface ClaimedRow {
  id: string;
  kind: MessageKind;
  payload: { status?: string; scheduleVersion?: number; startsAt?: string };
  attempts: number;
  resend_of: string | null;
  event_id: string;
  name: string;
  email: string;
  locale: Locale;
  registration_status: string;
  organization_name: string;
  title: string;
  title_en: string | null;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  venue: string | null;
  ics_sequence: number;
  event_status: string;
  schedule_version: number;
  announcement_subject: string | null;
  announcement_body: string | null;
  opted_out: boolean;
  has_join: boolean;
  has_unsubscribe: boolean;
}

type Tokens = ReturnType<typeof newToken>[];
/** What every claimed row has: its id and the attempt this claim made. */
type Claim = Pick<ClaimedRow, 'id' | 'attempts'>;

/**
 * The send processor. A job carries one row or a batch of a fan-out: claim them, then for each in turn render,
 * send over the pooled transport and mark it sent (marks from all jobs are written together, one UPDATE at a
 * time). A job sends its next message only once the last one is marked, so a worker killed mid-send has at most
 * MAIL_CONCURRENCY messages sent but not marked: those are sent again later. A failed send puts the row back to
 * queued with the error and schedules the next attempt with an exponential delay; after the last attempt (or a
 * permanent 5xx refusal) the row is failed with the reason.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MailSender');
  private worker?: Worker<SendMailJob>;
  private readonly settings: RenderSettings;
  private readonly publicUrl: string;
  private readonly marks: SentMarks;
  private readonly sendingTimeoutMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<Env, true>,
    private readonly outbox: OutboxService,
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    private readonly linkMessages: LinkMessages,
  ) {
    const from = config.get('MAIL_FROM', { infer: true });
    this.settings = { from, domain: /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'tongxin' };
    this.publicUrl = config.get('PUBLIC_URL', { infer: true });
    this.marks = new SentMarks(dataSource);
    this.sendingTimeoutMs = config.get('MAIL_SENDING_TIMEOUT_MS', { infer: true });
    if (config.get('NODE_ENV', { infer: true }) === 'production' && !config.get('SMTP_URL', { infer: true })) {
      this.logger.warn('NODE_ENV=production without SMTP_URL: mail is only written to files in MAIL_DIR, nobody receives it');
    }
  }

  onApplicationBootstrap(): void {
    const perSecond = this.config.get('SMTP_MAX_PER_SECOND', { infer: true });
    this.worker = new Worker<SendMailJob>(QUEUES.mail, (job) => this.process(job), {
      ...this.backend,
      concurrency: this.config.get('MAIL_CONCURRENCY', { infer: true }),
      // A job taken by a worker that then died goes back to the queue after about 15 s rather than a minute.
      lockDuration: 10_000,
      stalledInterval: 5_000,
      ...(perSecond > 0 ? { limiter: { max: perSecond, duration: 1000 } } : {}),
    });
    this.worker.on('error', (error) => this.logger.warn(`mail worker: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    this.transport.close();
  }

  /** Sends the messages of a job that are still owed. Returns what happened, for the job's record. */
  async process(job: Job<SendMailJob>): Promise<string> {
    const ids = job.data.messageIds;
    const tokens = new Map<string, Tokens>(ids.map((id) => [id, LINK_PURPOSES.map(() => newToken())]));
    const rows = (await this.dataSource.query(CLAIM, [
      ids,
      ids.flatMap((id) => LINK_PURPOSES.map(() => id)),
      ids.flatMap(() => [...LINK_PURPOSES]),
      ids.flatMap((id) => tokens.get(id)!.map((t) => t.hash)),
    ])) as ClaimedRow[];
    // Rows the first claim did not take are either not queued or addressed to a person (group link, link request).
    const linkRows = rows.length < ids.length ? await this.linkMessages.claim(ids) : [];
    const claimedAt = Date.now();
    const outcomes: Record<string, number> = {};
    const run = async (row: Claim, deliver: () => Promise<string>) => {
      // A slow batch renews the claim of a row before sending it, long before the reconciler would take it back; a
      // row the reconciler already took back (or another job holds) is left alone.
      const outcome = Date.now() - claimedAt > this.sendingTimeoutMs / 3 && !(await this.renewClaim(row)) ? 'released' : await deliver();
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    };
    for (const row of rows) await run(row, () => this.deliver(row, tokens.get(row.id)!));
    for (const row of linkRows) await run(row, () => this.deliverLinks(row));
    return Object.entries(outcomes).map(([outcome, n]) => `${outcome}: ${n}`).join(', ') || 'not queued';
  }

  private async renewClaim(row: Claim): Promise<boolean> {
    const renewed = (await this.dataSource.query(
      `WITH renewed AS (
         UPDATE outbox_message SET claimed_at = now() WHERE id = $1 AND status = 'sending' AND attempts = $2 RETURNING id)
       SELECT id FROM renewed`,
      [row.id, row.attempts],
    )) as unknown[];
    return renewed.length > 0;
  }

  private async deliver(row: ClaimedRow, tokens: Tokens): Promise<string> {
    const obsolete = obsoleteBecause(row);
    if (obsolete) {
      await this.dataSource.query(`UPDATE outbox_message SET status = 'cancelled', last_error = $2 WHERE id = $1`, [row.id, obsolete]);
      return 'cancelled';
    }
    const link = (purpose: (typeof LINK_PURPOSES)[number], route: string) =>
      `${this.publicUrl}/api/public/${route}/${tokens[LINK_PURPOSES.indexOf(purpose)]!.token}`;
    try {
      const links = {
        manage: link('manage', 'registrations'),
        join: row.has_join ? link('join', 'join') : null,
        unsubscribe: row.has_unsubscribe ? link('unsubscribe', 'unsubscribe') : null,
      };
      await this.transport.send(renderMessage(messageViewOf(row, links), this.settings));
    } catch (error) {
      return this.failed(row, error);
    }
    await this.marks.sent(row.id, row.email);
    return 'sent';
  }

  /** A group link to its delegate, or an address's links again: resolved and given fresh tokens now. */
  private async deliverLinks(row: ClaimedLinkMessage): Promise<string> {
    const prepared = await this.linkMessages.prepare(row);
    if ('outcome' in prepared) return prepared.outcome;
    try {
      await this.transport.send(renderMessage(prepared.view, this.settings));
    } catch (error) {
      return this.failed(row, error);
    }
    await this.marks.sent(row.id, prepared.view.recipient.email);
    return 'sent';
  }

  private async failed(row: Claim, error: unknown): Promise<string> {
    const reason = describe(error);
    const maxAttempts = this.config.get('MAIL_MAX_ATTEMPTS', { infer: true });
    if (isPermanent(error) || row.attempts >= maxAttempts) {
      await this.dataSource.query(`UPDATE outbox_message SET status = 'failed', last_error = $2 WHERE id = $1`, [row.id, reason]);
      this.logger.warn(`message ${row.id} failed after ${row.attempts} attempt(s): ${reason}`);
      return 'failed';
    }
    const delay = Math.min(this.config.get('MAIL_RETRY_DELAY_MS', { infer: true }) * 2 ** (row.attempts - 1), 3_600_000);
    await this.dataSource.query(
      `UPDATE outbox_message SET status = 'queued', last_error = $2, next_attempt_at = now() + make_interval(secs => $3::float / 1000)
        WHERE id = $1`,
      [row.id, reason, delay],
    );
    await this.outbox.retryLater(row.id, row.attempts, delay);
    return 'retrying';
  }
}

/** Why a claimed message should no longer go out, if it should not. */
function obsoleteBecause(row: ClaimedRow): string | undefined {
  const gone = row.registration_status === 'cancelled' || row.registration_status === 'rejected';
  switch (row.kind) {
    case 'reminder':
      if (row.event_status !== 'published') return `event ${row.event_status}`;
      // Owed for the start it was fired for: a reschedule since then retires it (its new timer sends the new one).
      if (row.payload.startsAt && new Date(row.payload.startsAt).getTime() !== row.starts_at.getTime()) return 'event rescheduled';
      if (row.registration_status !== 'confirmed') return `registration ${row.registration_status}`;
      if (row.starts_at.getTime() <= Date.now()) return 'event already started';
      return undefined;
    case 'confirmation':
    case 'approved':
    case 'promoted':
    case 'event_updated':
      // Sent late (after retries, or behind a cancellation), these would put an event back into the calendar of
      // someone no longer coming, or of an event no longer happening.
      if (gone) return `registration ${row.registration_status}`;
      if (row.event_status === 'cancelled') return 'event cancelled';
      return undefined;
    case 'announcement':
      return row.opted_out ? 'recipient opted out' : undefined;
    default:
      return undefined;
  }
}

/** The columns a message's view is built from (what the claim reads). */
export type MessageSource = Omit<ClaimedRow, 'attempts' | 'announcement_subject' | 'announcement_body' | 'opted_out' | 'has_join' | 'has_unsubscribe' | 'schedule_version'> &
  Partial<Pick<ClaimedRow, 'announcement_subject' | 'announcement_body'>>;

export function messageViewOf(row: MessageSource, links: MessageView['links']): MessageView {
  return {
    messageId: row.id,
    resendOf: row.resend_of,
    kind: row.kind,
    status: row.payload.status ?? row.registration_status,
    locale: row.locale === 'en' ? 'en' : 'zh',
    recipient: { name: row.name, email: row.email, organizationName: row.organization_name },
    event: {
      id: row.event_id,
      title: row.title,
      titleEn: row.title_en,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      timezone: row.timezone,
      venue: row.venue,
      icsSequence: row.ics_sequence,
      cancelled: row.event_status === 'cancelled',
    },
    links,
    announcement: row.announcement_subject ? { subject: row.announcement_subject, body: row.announcement_body ?? '' } : null,
  };
}

/** An SMTP 5xx reply means the server will never take this message: no point retrying. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function describe(error: unknown): string {
  const e = error as { code?: string; responseCode?: number; message?: string };
  return [e.responseCode, e.code, e.message].filter(Boolean).join(' ').slice(0, 500) || String(error);
}

/**
 * Marks messages sent, many per statement: while one UPDATE runs, the marks that arrive wait and go in the next.
 * Each caller's promise settles when its own row is written.
 */
class SentMarks {
  private waiting: { id: string; email: string; done: () => void; failed: (error: unknown) => void }[] = [];
  private writing = false;

  constructor(private readonly dataSource: DataSource) {}

  sent(id: string, email: string): Promise<void> {
    return new Promise((done, failed) => {
      this.waiting.push({ id, email, done, failed });
      void this.write();
    });
  }

  private async write(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0);
      try {
        await this.dataSource.query(
          `UPDATE outbox_message m SET status = 'sent', sent_at = now(), recipient = t.email, last_error = NULL
             FROM unnest($1::uuid[], $2::text[]) AS t(id, email)
            WHERE m.id = t.id`,
          [batch.map((b) => b.id), batch.map((b) => b.email)],
        );
        for (const b of batch) b.done();
      } catch (error) {
        for (const b of batch) b.failed(error);
      }
    }
    this.writing = false;
  }
}
