import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '@tongxin/config';
import { QUEUES } from './jobs';
import { queueConnection } from './queue-connection';
import { QueueHealth } from './queue-health';

const queues = BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name })));

@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => ({
        ...queueConnection({
          redisUrl: config.get('REDIS_URL', { infer: true }),
          databaseUrl: config.get('DATABASE_URL', { infer: true }),
          prefix: config.get('QUEUE_PREFIX', { infer: true }),
        }),
        defaultJobOptions: {
          attempts: 8,
          backoff: { type: 'exponential', delay: 2_000 },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      }),
    }),
    queues,
  ],
  providers: [QueueHealth],
  exports: [queues, QueueHealth],
})
export class QueueModule {}
