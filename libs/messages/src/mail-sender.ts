import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { newToken } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import { QUEUE_BACKEND, QueueBackend, QUEUES, SendMailJob } from '@tongxin/queue';
import { Job, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import type { Locale } from './copy';
import { type MessageKind, OutboxService } from '@tongxin/outbox';
import { MessageView, renderMessage, RenderSettings } from './render';
import type { MailTransport } from './transport';

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

const LINK_PURPOSES = ['manage', 'join', 'unsubscribe'] as const;

/**
 * Claims the row (queued -> sending, attempts + 1), issues the links this message carries (fresh tokens: only
 * hashes are stored, so every message gets its own) and reads everything the message shows, in one statement.
 */
const CLAIM = `
  WITH claimed AS (
    UPDATE outbox_message SET status = 'sending', attempts = attempts + 1, claimed_at = now()
     WHERE id = $1 AND status = 'queued'
     RETURNING id, event_id, registration_id, announcement_id, kind, payload, attempts, resend_of
  ), links AS (
    INSERT INTO registration_link (token_hash, registration_id, purpose)
    SELECT t.hash, c.registration_id, t.purpose
      FROM claimed c
      JOIN registration r ON r.id = c.registration_id
      JOIN event e ON e.id = c.event_id,
           unnest($2::bytea[], $3::text[]) AS t(hash, purpose)
     WHERE (t.purpose <> 'join' OR (e.join_url IS NOT NULL AND r.status = 'confirmed'))
       AND (t.purpose <> 'unsubscribe' OR c.kind = 'announcement')
    RETURNING purpose
  )
  SELECT c.id, c.kind, c.payload, c.attempts, c.resend_of, c.event_id,
         r.name, r.email_normalized AS email, r.locale, r.status AS registration_status, o.name AS organization_name,
         e.title, e.title_en, e.starts_at, e.ends_at, e.timezone, e.venue, e.ics_sequence, e.status AS event_status,
         e.schedule_version, a.subject AS announcement_subject, a.body AS announcement_body,
         EXISTS (SELECT 1 FROM announcement_opt_out x WHERE x.event_id = c.event_id AND x.email_normalized = r.email_normalized) AS opted_out,
         ARRAY(SELECT purpose FROM links) AS issued
    FROM claimed c
    JOIN registration r ON r.id = c.registration_id
    JOIN organization o ON o.id = r.organization_id
    JOIN event e ON e.id = c.event_id
    LEFT JOIN announcement a ON a.id = c.announcement_id`;

interface ClaimedRow {
  id: string;
  kind: MessageKind;
  payload: { status?: string; scheduleVersion?: number };
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
  issued: string[];
}

/**
 * The send processor. One job per outbox row and attempt: claim the row, render, send over the pooled transport,
 * mark it sent. A failed send puts the row back to queued with the error and schedules the next attempt with an
 * exponential delay; after the last attempt (or a permanent 5xx refusal) the row is failed with the reason.
 * A worker killed between sending and marking sends that message again later (at most MAIL_CONCURRENCY of them).
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MailSender');
  private worker?: Worker<SendMailJob>;
  private readonly settings: RenderSettings;
  private readonly publicUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<Env, true>,
    private readonly outbox: OutboxService,
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {
    const from = config.get('MAIL_FROM', { infer: true });
    this.settings = { from, domain: /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'tongxin' };
    this.publicUrl = config.get('PUBLIC_URL', { infer: true });
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

  /** Sends one message if it is still owed. Returns what happened, for the job's record. */
  async process(job: Job<SendMailJob>): Promise<string> {
    const { messageId } = job.data;
    const tokens = LINK_PURPOSES.map(() => newToken());
    const [row] = (await this.dataSource.query(CLAIM, [
      messageId,
      tokens.map((t) => t.hash),
      [...LINK_PURPOSES],
    ])) as ClaimedRow[];
    if (!row) return 'not queued';

    const obsolete = obsoleteBecause(row);
    if (obsolete) {
      await this.dataSource.query(`UPDATE outbox_message SET status = 'cancelled', last_error = $2 WHERE id = $1`, [row.id, obsolete]);
      return `cancelled: ${obsolete}`;
    }

    const link = (purpose: (typeof LINK_PURPOSES)[number], route: string) =>
      row.issued.includes(purpose) ? `${this.publicUrl}/api/public/${route}/${tokens[LINK_PURPOSES.indexOf(purpose)]!.token}` : null;
    try {
      const message = renderMessage(toView(row, {
        manage: link('manage', 'registrations'),
        join: link('join', 'join'),
        unsubscribe: link('unsubscribe', 'unsubscribe'),
      }), this.settings);
      await this.transport.send(message);
    } catch (error) {
      return this.failed(row, error);
    }
    await this.dataSource.query(
      `UPDATE outbox_message SET status = 'sent', sent_at = now(), recipient = $2, last_error = NULL WHERE id = $1`,
      [row.id, row.email],
    );
    return 'sent';
  }

  private async failed(row: ClaimedRow, error: unknown): Promise<string> {
    const reason = describe(error);
    const maxAttempts = this.config.get('MAIL_MAX_ATTEMPTS', { infer: true });
    if (isPermanent(error) || row.attempts >= maxAttempts) {
      await this.dataSource.query(`UPDATE outbox_message SET status = 'failed', last_error = $2 WHERE id = $1`, [row.id, reason]);
      this.logger.warn(`message ${row.id} failed after ${row.attempts} attempt(s): ${reason}`);
      return `failed: ${reason}`;
    }
    const delay = Math.min(this.config.get('MAIL_RETRY_DELAY_MS', { infer: true }) * 2 ** (row.attempts - 1), 3_600_000);
    await this.dataSource.query(
      `UPDATE outbox_message SET status = 'queued', last_error = $2, next_attempt_at = now() + make_interval(secs => $3::float / 1000)
        WHERE id = $1`,
      [row.id, reason, delay],
    );
    await this.outbox.retryLater(row.id, row.attempts, delay);
    return `retry in ${delay} ms: ${reason}`;
  }
}

/** Why a claimed message should no longer go out, if it should not. */
function obsoleteBecause(row: ClaimedRow): string | undefined {
  if (row.kind === 'reminder') {
    if (row.event_status !== 'published') return `event ${row.event_status}`;
    if (row.payload.scheduleVersion !== row.schedule_version) return 'event rescheduled';
    if (row.registration_status !== 'confirmed') return `registration ${row.registration_status}`;
    if (row.starts_at.getTime() <= Date.now()) return 'event already started';
  }
  if (row.kind === 'event_updated' && row.event_status === 'cancelled') return 'event cancelled';
  if (row.kind === 'announcement' && row.opted_out) return 'recipient opted out';
  return undefined;
}

function toView(row: ClaimedRow, links: MessageView['links']): MessageView {
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
    announcement: row.announcement_subject !== null ? { subject: row.announcement_subject, body: row.announcement_body ?? '' } : null,
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
