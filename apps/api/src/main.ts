import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { closeOnSignals } from '@tongxin/common';
import { ConfigError, validateEnv } from '@tongxin/config';
import { Logger } from 'nestjs-pino';
import { migrateDatabase } from '@tongxin/database';
import { ApiModule } from './api.module';
import { configureApp } from './configure-app';

/** Production api process: migrate (under an advisory lock), then serve HTTP. */
async function main(): Promise<void> {
  const env = validateEnv(process.env);
  if (env.MIGRATIONS_RUN) await migrateDatabase(env.DATABASE_URL);
  const app = configureApp(await NestFactory.create<NestExpressApplication>(ApiModule, { bufferLogs: true }));
  closeOnSignals(app, env.SHUTDOWN_TIMEOUT_MS, app.get(Logger));
  await app.listen(env.PORT, env.HOST);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
