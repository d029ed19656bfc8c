import Redis from 'ioredis';
import net from 'node:net';
import { Client } from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';
/**
 * Where the tests find PostgreSQL (an admin connection) and Redis: the machine's own services by default. When nothing
 * answers there, global setup starts services of the run's own and sets the variables (test-services.ts): read them
 * once global setup has run, as test files do.
 */
const testAdminDatabaseUrl = () => process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
export const testRedisUrl = () => process.env.TEST_REDIS_URL || DEFAULT_TEST_REDIS_URL;
/** testRedisUrl() when the module loads: in a test file, after global setup. */
export const TEST_REDIS_URL = testRedisUrl();
/**
 * Test databases are named after the jest run that made them (the pid of its main process), so runs side by side
 * on one PostgreSQL never drop each other's databases; global setup drops only those of runs no longer alive.
 * Every database a run makes starts with `tongxin_t<run>_`: its template `…_template`, each file's clone `…_<hex>`.
 */
export const TEST_DATABASE_ROOT = 'tongxin_t';

export function testRun(): string {
  const run = process.env.TONGXIN_TEST_RUN;
  if (!run) throw new Error('TONGXIN_TEST_RUN is not set: run the tests through jest (test/global-setup.ts sets it)');
  return run;
}

export const templateDatabase = () => `${TEST_DATABASE_ROOT}${testRun()}_template`;
export const testDatabasePrefix = () => `${TEST_DATABASE_ROOT}${testRun()}_`;

export function databaseUrl(name: string): string {
  const url = new URL(testAdminDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs fn with a fresh connection to url, closed afterwards. */
export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  return withClient(testAdminDatabaseUrl(), fn);
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Deletes every key matching pattern (SCAN + DEL, a thousand at a time); returns how many were deleted. */
export async function deleteRedisKeys(redisUrl: string, pattern: string): Promise<number> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length > 0) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
