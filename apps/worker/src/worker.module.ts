import { Module } from '@nestjs/common';
import { LoggingModule } from '@tongxin/common';
import { ConfigModule } from '@tongxin/config';
import { DatabaseModule } from '@tongxin/database';
import { QueueModule } from '@tongxin/queue';

/**
 * The worker process: BullMQ processors and schedulers, no HTTP. Processors are registered here, one file per
 * job kind; the foundation only connects the database and the queue backend.
 */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, QueueModule],
})
export class WorkerModule {}
