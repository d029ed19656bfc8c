import type { INestApplication, INestApplicationContext, LoggerService } from '@nestjs/common';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';

/** Longest an api waits, once it stopped accepting connections, for its keep-alive clients to take their last answer. */
const HTTP_DRAIN_MS = 1_000;

let signalled = false;

/** Whether this process was asked to stop (readiness answers 503 from then on, while HTTP drains). */
export function shutdownSignalled(): boolean {
  return signalled;
}

/**
 * Stops the process on SIGTERM or SIGINT: closes the app (HTTP, queue workers, the database pool), and if that has
 * not finished within `timeoutMs` (Redis, PostgreSQL or SMTP unreachable can hold a close forever) exits anyway.
 * Nothing is lost either way: PostgreSQL is the record of what is owed, and a worker's reconciler puts back what a
 * cut-short process left `sending` or unqueued.
 *
 * An api first drains HTTP (`drainHttp`), so a client under load sees answers and then refused connections, never
 * a request cut off.
 */
export function closeOnSignals(app: INestApplicationContext, timeoutMs: number, logger: LoggerService): void {
  const stop = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    logger.log(`${signal}: closing (at most ${timeoutMs} ms)`);
    const deadline = setTimeout(() => {
      logger.warn(`still closing after ${timeoutMs} ms: exiting now; the reconciler repairs what was in flight`);
      process.exit(1);
    }, timeoutMs);
    const server = httpServerOf(app);
    (server ? drainHttp(server, Math.min(HTTP_DRAIN_MS, timeoutMs / 4)) : Promise.resolve())
      .then(() => app.close())
      .then(
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

/**
 * Stops accepting connections and ends the open ones gracefully: every answer from now on carries `Connection:
 * close`, so a client that keeps sending on a keep-alive connection gets its answer and then opens a new one (refused).
 * Resolves once every connection has ended, or after `ms`; app.close() then closes what is still idle and waits for
 * requests still being answered.
 *
 * Without it an api under load never stopped: the HTTP server's close waits for connections that never fall idle,
 * and the deadline ended the process with requests half answered. And the port is closed with net.Server's close,
 * not http.Server's, which would at once destroy every connection idle at this instant, including one whose client
 * has just sent a request not yet read (the client sees ECONNRESET for a request the api never saw); waiting `ms`
 * first gives such a request time to be read, answered and closed.
 */
function drainHttp(server: HttpServer, ms: number): Promise<void> {
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('Connection', 'close');
  });
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    NetServer.prototype.close.call(server, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The HTTP server of an api (a worker's application context has none). */
function httpServerOf(app: INestApplicationContext): HttpServer | undefined {
  const http = app as Partial<INestApplication>;
  return typeof http.getHttpServer === 'function' ? (http.getHttpServer() as HttpServer) : undefined;
}
