import { ChildProcess } from 'node:child_process';
import {
  ApiProcess,
  createTestApp,
  RedisServer,
  startApiProcess,
  startRedisServer,
  startWorkerProcess,
  TestApp,
  WorkerProcess,
} from './support';

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
  });

/** Asked to stop while Redis is gone, a process still stops: it closes what it can and exits after SHUTDOWN_TIMEOUT_MS. */
describe('stopping with Redis down', () => {
  let t: TestApp;
  /** A Redis of the test's own, so it can be killed without touching the machine's. */
  let redis: RedisServer | undefined;
  let worker: WorkerProcess | undefined;
  let api: ApiProcess | undefined;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    api?.child.kill('SIGKILL');
    await redis?.kill();
    await t.close();
  });

  it('a worker exits on SIGTERM after Redis died', async () => {
    redis = await startRedisServer();
    worker = await startWorkerProcess({ ...t.env, REDIS_URL: redis.url, SHUTDOWN_TIMEOUT_MS: '2000' });
    await redis.kill();
    const exited = exitOf(worker.child);
    worker.child.kill('SIGTERM');
    expect([0, 1]).toContain(await exited);
  });

  it('an api exits on SIGTERM after Redis died', async () => {
    redis = await startRedisServer();
    api = await startApiProcess({
      ...t.env,
      REDIS_URL: redis.url,
      SHUTDOWN_TIMEOUT_MS: '2000',
      MIGRATIONS_RUN: 'false',
    });
    await redis.kill();
    const exited = exitOf(api.child);
    api.child.kill('SIGTERM');
    expect([0, 1]).toContain(await exited);
  });
});
