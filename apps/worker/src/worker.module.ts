import { Module } from '@nestjs/common';
import { LoggingModule } from '@tongxin/common';
import { ConfigModule } from '@tongxin/config';
import { DatabaseModule } from '@tongxin/database';
import { MailWorkerModule } from '@tongxin/messages';
import { QueueModule } from '@tongxin/queue';

/** The worker process, no HTTP: sends mail, fires reminders, and reconciles the queues with the outbox. */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, QueueModule, MailWorkerModule],
})
export class WorkerModule {}
