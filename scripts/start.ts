import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, validateEnv } from '@tongxin/config';
import { EmbeddedPostgres, migrateDatabase, startEmbeddedPostgres } from '@tongxin/database';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { configureApp } from '../apps/api/src/configure-app';
import { EmbeddedModule } from './embedded.module';

/**
 * `npm start`: the whole platform in one process. What is not configured is provided: without DATABASE_URL a
 * private PostgreSQL under DATA_DIR (default .data/), without REDIS_URL queues in PostgreSQL, without JWT_SECRET
 * a secret kept under DATA_DIR, without SMTP_URL mail as files under DATA_DIR/mail. This launcher fills in the environment; the app then validates it like any other.
 */
async function main(): Promise<void> {
  const dataDir = path.resolve(process.env.DATA_DIR || '.data');
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o755); // the embedded server runs as its own user and must reach its folder
  const say = (line: string) => console.log(`[tongxin] ${line}`);

  let postgres: EmbeddedPostgres | undefined;
  if (!process.env.DATABASE_URL) {
    postgres = await startEmbeddedPostgres({
      dir: path.join(dataDir, 'postgres'),
      port: Number(process.env.EMBEDDED_PG_PORT || 54329),
      database: 'tongxin',
      log: say,
    });
    process.env.DATABASE_URL = postgres.url;
  }
  process.env.JWT_SECRET ||= await localSecret(path.join(dataDir, 'jwt-secret'));
  // Without SMTP_URL, mail is written as .eml files next to the data (listed at /api/dev/mail).
  process.env.MAIL_DIR ||= path.join(dataDir, 'mail');
  // On its embedded default, a developer reads that mail at /api/dev/mail (never with SMTP_URL or a trusted proxy).
  if (postgres && !process.env.SMTP_URL) process.env.DEV_MAIL ||= 'true';

  const env = validateEnv(process.env);
  const applied = await migrateDatabase(env.DATABASE_URL);
  if (applied.length > 0) say(`applied migrations: ${applied.join(', ')}`);

  const app = configureApp(await NestFactory.create<NestExpressApplication>(EmbeddedModule, { bufferLogs: true }));
  await app.listen(env.PORT, env.HOST);

  const base = `http://localhost:${env.PORT}`;
  say(
    `queues: ${env.REDIS_URL ? 'Redis' : 'PostgreSQL'}; database: ${postgres ? `embedded, ${dataDir}` : 'DATABASE_URL'}`,
  );
  say(`Console ${base}/console (organizers sign up there)`);
  say(`API     ${base}/api`);
  say(`Docs    ${base}/api/docs`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: closing HTTP and workers, then the database`);
    await app.close();
    await postgres?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function localSecret(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
