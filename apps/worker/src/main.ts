import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { closeOnSignals } from '@tongxin/common';
import { ConfigError, validateEnv } from '@tongxin/config';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/**
 * Production worker process: runs the queue processors until SIGTERM, then lets running jobs finish, for at most
 * SHUTDOWN_TIMEOUT_MS.
 */
async function main(): Promise<void> {
  const env = validateEnv(process.env);
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  closeOnSignals(app, env.SHUTDOWN_TIMEOUT_MS, app.get(Logger));
  await app.init();
  app.get(Logger).log('worker started');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
