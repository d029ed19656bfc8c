import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '@tongxin/config';
import { OutboxModule } from '@tongxin/outbox';
import { QueueModule } from '@tongxin/queue';
import { SummariesModule } from '@tongxin/summaries';
import { AccountMessages } from './account-messages';
import { FollowupFirer } from './followup-firer';
import path from 'node:path';
import { LinkMessages } from './link-messages';
import { MAIL_TRANSPORT, MailSender } from './mail-sender';
import { MessagesService } from './messages.service';
import { Reconciler } from './reconciler';
import { ReminderFirer } from './reminder-firer';
import { TeamMessages } from './team-messages';
import { fileTransport, smtpTransport } from './transport';
import { WorkerLiveness } from './worker-liveness';

/** The api side: the delivery log, announcements, resends, opt-outs and join links. */
@Module({
  imports: [OutboxModule],
  providers: [MessagesService],
  exports: [MessagesService],
})
export class MessagesModule {}

/** The worker side: sending, firing reminders and post-event timers, and reconciling the queue with the outbox. */
@Module({
  imports: [OutboxModule, QueueModule, SummariesModule],
  providers: [
    {
      provide: MAIL_TRANSPORT,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => {
        const url = config.get('SMTP_URL', { infer: true });
        return url
          ? smtpTransport(url, config.get('SMTP_POOL_SIZE', { infer: true }))
          : fileTransport(path.resolve(config.get('MAIL_DIR', { infer: true })));
      },
    },
    LinkMessages,
    TeamMessages,
    AccountMessages,
    MailSender,
    ReminderFirer,
    FollowupFirer,
    Reconciler,
    WorkerLiveness,
  ],
  exports: [MailSender, ReminderFirer, FollowupFirer, Reconciler],
})
export class MailWorkerModule {}
