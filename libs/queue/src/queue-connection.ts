import type { QueueOptions } from 'bullmq';
import { createPostgresBackend, createRedisBackend, setDefaultBackendFactory } from 'bullmq';

export interface QueueBackendSettings {
  redisUrl?: string;
  databaseUrl: string;
  prefix: string;
}

/**
 * Chooses where BullMQ keeps its queues: Redis when REDIS_URL is set (production), otherwise PostgreSQL through
 * BullMQ's own PostgreSQL backend (the embedded default, so one database runs everything). The choice is
 * process-wide, which is why it is made here, once, before any queue or worker exists.
 */
export function queueConnection(settings: QueueBackendSettings): Pick<QueueOptions, 'connection' | 'prefix'> {
  if (settings.redisUrl) {
    setDefaultBackendFactory(createRedisBackend);
    const url = new URL(settings.redisUrl);
    return {
      prefix: settings.prefix,
      connection: {
        host: url.hostname,
        port: Number(url.port || 6379),
        username: url.username ? decodeURIComponent(url.username) : undefined,
        password: url.password ? decodeURIComponent(url.password) : undefined,
        db: Number(url.pathname.slice(1) || 0),
        tls: url.protocol === 'rediss:' ? {} : undefined,
        maxRetriesPerRequest: null,
      },
    };
  }
  setDefaultBackendFactory(createPostgresBackend);
  const postgres = {
    connectionString: settings.databaseUrl,
    schema: `${settings.prefix}_queue`,
    migrate: true,
    max: 4,
  };
  return { prefix: settings.prefix, connection: postgres as unknown as QueueOptions['connection'] };
}
