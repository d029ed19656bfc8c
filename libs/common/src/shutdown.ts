import type { INestApplicationContext, LoggerService } from '@nestjs/common';

/**
 * Stops the process on SIGTERM or SIGINT: closes the app (HTTP, queue workers, the database pool), and if that has
 * not finished within `timeoutMs` (Redis, PostgreSQL or SMTP unreachable can hold a close forever) exits anyway.
 * Nothing is lost either way: PostgreSQL is the record of what is owed, and a worker's reconciler puts back what a
 * cut-short process left `sending` or unqueued.
 */
export function closeOnSignals(app: INestApplicationContext, timeoutMs: number, logger: LoggerService): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: closing (at most ${timeoutMs} ms)`);
    const deadline = setTimeout(() => {
      logger.warn(`still closing after ${timeoutMs} ms: exiting now; the reconciler repairs what was in flight`);
      process.exit(1);
    }, timeoutMs);
    app.close().then(
      () => {
        clearTimeout(deadline);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`closing failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
