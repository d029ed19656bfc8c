import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { AppHandle, cloneTemplateDatabase, deleteRedisKeys, testRedisUrl } from '@tongxin/testing';
import { OpenApiContract } from './openapi-contract';

export interface TestApp extends AppHandle {
  app: INestApplication;
  databaseUrl: string;
  /** The environment the app runs with (to start a worker process on the same database and queues). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Also run the worker (mail, reminders, reconciler) in this process, as `npm start` does. */
  worker?: boolean;
}

/** api and worker in one process, as the embedded launcher runs them. */
@Module({ imports: [ApiModule, WorkerModule] })
class ApiAndWorkerModule {}

/**
 * The real api on a database of its own (cloned from the migrated template that global setup made) and a queue
 * prefix of its own in the real Redis, so test files never see each other's data.
 */
export async function createTestApp(
  overrides: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const database = await cloneTemplateDatabase();
  const url = database.url;
  const prefix = `t_${database.name.split('_').pop()!}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
    LINK_RATE_LIMIT_PER_MINUTE: '100000',
    PUBLIC_MAIL_PER_HOUR: '1000000',
    LINK_REQUESTS_PER_EMAIL_PER_HOUR: '1000',
    ACCOUNT_LOOKUPS_PER_HOUR: '100000',
    DATABASE_POOL_SIZE: '8',
    MAIL_DIR: mkdtempSync(path.join(tmpdir(), 'tongxin-mail-')),
    ...overrides,
  };
  // The app reads its settings from process.env; put back what was there when the test app closes, so one test's
  // overrides (a production NODE_ENV, a trusted proxy) do not leak into the next app of the same file.
  const previous = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  const root = options.worker ? ApiAndWorkerModule : ApiModule;
  const app = configureApp(await NestFactory.create<NestExpressApplication>(root, { logger: false }));
  await app.init();
  const db = app.get(DataSource);
  // Every answer a test receives is checked against the document this app serves (openapi-contract.ts).
  const server = app.getHttpServer();
  const contract = await OpenApiContract.of(server);
  return {
    app,
    db,
    databaseUrl: url,
    env,
    http: () => contract.agent(server),
    close: async () => {
      await app.close();
      for (const [key, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await database.drop();
      // Redis may already be gone (a test stopped it): then there is nothing to clean.
      await deleteRedisKeys(testRedisUrl(), `${prefix}:*`).catch(() => 0);
    },
  };
}
