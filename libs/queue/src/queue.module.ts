import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '@tongxin/config';
import type { QueueOptions } from 'bullmq';
import { QUEUES } from './jobs';
import { queueConnection } from './queue-connection';
import { QueueHealth } from './queue-health';

/** Connection and prefix for workers a module creates itself (with settings read from the environment). */
export const QUEUE_BACKEND = Symbol('QUEUE_BACKEND');
export type QueueBackend = Pick<QueueOptions, 'connection' | 'prefix'>;

const queues = BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name })));

const backendFrom = (config: ConfigService<Env, true>): QueueBackend =>
  queueConnection({
    redisUrl: config.get('REDIS_URL', { infer: true }),
    databaseUrl: config.get('DATABASE_URL', { infer: true }),
    prefix: config.get('QUEUE_PREFIX', { infer: true }),
  });

@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => ({
        ...backendFrom(config),
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
  providers: [QueueHealth, { provide: QUEUE_BACKEND, inject: [ConfigService], useFactory: backendFrom }],
  exports: [queues, QueueHealth, QUEUE_BACKEND],
})
export class QueueModule {}
