import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { checkInQrPng } from '@tongxin/attendance';
import { newToken, PublicLinks } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import {
  cancelMessage,
  claimForSending,
  ClaimedAccountMessage,
  ClaimedLinkMessage,
  ClaimedMessage,
  ClaimedTeamMessage,
  LinkPurpose,
  markFailed,
  MessageAttempt,
  OfferedLink,
  OutboxService,
  REGISTRATION_LINK_PURPOSES,
  renewClaim,
  retryNow,
  scheduleRetry,
} from '@tongxin/outbox';
import { JobName, JobPayload, processorOf, QUEUE_BACKEND, QueueBackend, QUEUES, SendMailJob } from '@tongxin/queue';
import { Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { AccountMessages } from './account-messages';
import { LinkMessages } from './link-messages';
import { TeamMessages } from './team-messages';
import { afterFailedSend, messageViewOf, obsoleteBecause } from './message-policy';
import { renderAccountMessage, renderMessage, RenderSettings, renderSettingsFor } from './render';
import { SentMarks } from './sent-marks';
import type { MailTransport } from './transport';

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

type Tokens = Record<LinkPurpose, ReturnType<typeof newToken>>;

/**
 * The send processor. A job carries one row or a batch of a fan-out: claim them, drop what is obsolete, then for each
 * in turn render, send over the pooled transport and mark it sent (marks from all jobs are written together, one
 * UPDATE at a time). A job sends its next message only once the last one is marked, so a worker killed mid-send has
 * at most MAIL_CONCURRENCY messages sent but not marked: those are sent again later. A failed send puts the row back
 * to queued with the error and schedules the next attempt with an exponential delay; after the last attempt (or a
 * permanent 5xx refusal) the row is failed with the reason.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MailSender');
  private worker?: Worker<JobPayload<'mail'>, string, JobName<'mail'>>;
  private readonly settings: RenderSettings;
  private readonly links: PublicLinks;
  private readonly marks: SentMarks;
  private readonly sendingTimeoutMs: number;
  /** Sends failed and were put off since the last one that went through. */
  private refusing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<Env, true>,
    private readonly outbox: OutboxService,
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    private readonly linkMessages: LinkMessages,
    private readonly teamMessages: TeamMessages,
    private readonly accountMessages: AccountMessages,
  ) {
    const from = config.get('MAIL_FROM', { infer: true });
    this.settings = renderSettingsFor(from);
    this.links = new PublicLinks(config.get('PUBLIC_URL', { infer: true }));
    this.marks = new SentMarks(dataSource);
    this.sendingTimeoutMs = config.get('MAIL_SENDING_TIMEOUT_MS', { infer: true });
    if (config.get('NODE_ENV', { infer: true }) === 'production' && !config.get('SMTP_URL', { infer: true })) {
      this.logger.warn(
        'NODE_ENV=production without SMTP_URL: mail is only written to files in MAIL_DIR, nobody receives it',
      );
    }
  }

  onApplicationBootstrap(): void {
    const perSecond = this.config.get('SMTP_MAX_PER_SECOND', { infer: true });
    this.worker = new Worker(QUEUES.mail, processorOf('mail', { send: (job) => this.send(job) }), {
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

  /** Sends the messages of a send job that are still owed. Returns what happened, for the job's record. */
  async send(job: SendMailJob): Promise<string> {
    const ids = job.messageIds;
    // Fresh tokens for every link a message may carry: only hashes are stored, so each message gets its own.
    const tokens = new Map(ids.map((id) => [id, newTokens()]));
    const offered = ids.flatMap((id) =>
      REGISTRATION_LINK_PURPOSES.map((purpose): OfferedLink => ({
        messageId: id,
        purpose,
        hash: tokens.get(id)![purpose].hash,
      })),
    );
    const messages = await claimForSending(this.dataSource.manager, ids, offered);
    // Rows the first claim did not take are either not queued or addressed to a person (group link, link request).
    const linkMessages = messages.length < ids.length ? await this.linkMessages.claim(ids) : [];
    // Then those addressed to an organizer (the summary).
    const teamMessages = messages.length + linkMessages.length < ids.length ? await this.teamMessages.claim(ids) : [];
    // Then those addressed to an organizer's account (a password reset), each with its link issued as it is claimed.
    const accountMessages =
      messages.length + linkMessages.length + teamMessages.length < ids.length
        ? await this.accountMessages.claim(ids)
        : [];
    const claimedAt = Date.now();
    const outcomes: Record<string, number> = {};
    const run = async (claim: MessageAttempt, deliver: () => Promise<string>) => {
      // A slow batch renews the claim of a row before sending it, long before the reconciler would take it back; a
      // row the reconciler already took back (or another job holds) is left alone.
      const expiring = Date.now() - claimedAt > this.sendingTimeoutMs / 3;
      const outcome = expiring && !(await renewClaim(this.dataSource.manager, claim)) ? 'released' : await deliver();
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (outcome === 'sent') this.accepted();
    };
    for (const message of messages) await run(message, () => this.deliver(message, tokens.get(message.id)!));
    for (const message of linkMessages) await run(message, () => this.deliverLinks(message));
    for (const message of teamMessages) await run(message, () => this.deliverToTeam(message));
    for (const { message, link } of accountMessages) await run(message, () => this.deliverToAccount(message, link));
    return (
      Object.entries(outcomes)
        .map(([outcome, n]) => `${outcome}: ${n}`)
        .join(', ') || 'not queued'
    );
  }

  private async deliver(message: ClaimedMessage, tokens: Tokens): Promise<string> {
    const obsolete = obsoleteBecause(message);
    if (obsolete) {
      await cancelMessage(this.dataSource.manager, message.id, obsolete);
      return 'cancelled';
    }
    const links = {
      manage: this.links.to('manage', tokens.manage.token),
      join: message.hasJoin ? this.links.to('join', tokens.join.token) : null,
      unsubscribe: message.hasUnsubscribe ? this.links.to('unsubscribe', tokens.unsubscribe.token) : null,
    };
    const view = messageViewOf(message, links);
    const checkInQr = view.checkInCode ? await checkInQrPng(view.checkInCode) : undefined;
    try {
      await this.transport.send(renderMessage(view, this.settings, { checkInQr }));
    } catch (error) {
      return this.failed(message, error);
    }
    await this.marks.sent(message.id, message.email);
    return 'sent';
  }

  /** A group link to its delegate, or an address's links again: resolved and given fresh tokens now. */
  private async deliverLinks(message: ClaimedLinkMessage): Promise<string> {
    const prepared = await this.linkMessages.prepare(message);
    if ('outcome' in prepared) return prepared.outcome;
    try {
      await this.transport.send(renderMessage(prepared.view, this.settings));
    } catch (error) {
      return this.failed(message, error);
    }
    await this.marks.sent(message.id, prepared.view.recipient.email);
    return 'sent';
  }

  /** The summary to an owner or manager, computed now, with its workbook attached. */
  private async deliverToTeam(message: ClaimedTeamMessage): Promise<string> {
    const prepared = await this.teamMessages.prepare(message);
    if ('outcome' in prepared) return prepared.outcome;
    try {
      await this.transport.send(renderMessage(prepared.view, this.settings, { files: prepared.files }));
    } catch (error) {
      return this.failed(message, error);
    }
    await this.marks.sent(message.id, message.email);
    return 'sent';
  }

  /** A password reset link to the account's holder. */
  private async deliverToAccount(message: ClaimedAccountMessage, link: string): Promise<string> {
    const prepared = await this.accountMessages.prepare(message, link);
    if ('outcome' in prepared) return prepared.outcome;
    try {
      await this.transport.send(renderAccountMessage(prepared.view, this.settings));
    } catch (error) {
      return this.failed(message, error);
    }
    await this.marks.sent(message.id, message.email);
    return 'sent';
  }

  private async failed(claim: MessageAttempt, error: unknown): Promise<string> {
    const next = afterFailedSend(error, claim.attempts, {
      maxAttempts: this.config.get('MAIL_MAX_ATTEMPTS', { infer: true }),
      retryDelayMs: this.config.get('MAIL_RETRY_DELAY_MS', { infer: true }),
    });
    if (next.outcome === 'failed') {
      await markFailed(this.dataSource.manager, claim.id, next.reason);
      this.logger.warn(`message ${claim.id} failed after ${claim.attempts} attempt(s): ${next.reason}`);
      return 'failed';
    }
    await scheduleRetry(this.dataSource.manager, claim.id, next.reason, next.delayMs);
    await this.outbox.retryLater(claim.id, claim.attempts, next.delayMs);
    this.refusing = true;
    return 'retrying';
  }

  /**
   * A message went through after sends failed for a while: the server (or the network) is back, so everything waiting
   * for a later attempt is due now rather than after its back-off (up to an hour). Once per recovery in this worker.
   */
  private accepted(): void {
    if (!this.refusing) return;
    this.refusing = false;
    void (async () => {
      const due = await retryNow(this.dataSource.manager);
      if (due.length === 0) return;
      await this.outbox.requeue(due, { promote: true });
      this.logger.log(`mail accepted again: ${due.length} messages waiting for a retry are due now`);
    })().catch((error: Error) => this.logger.warn(`could not bring retries forward: ${error.message}`));
  }
}

function newTokens(): Tokens {
  return { manage: newToken(), join: newToken(), unsubscribe: newToken() };
}
