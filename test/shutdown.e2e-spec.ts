import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import {
  ApiProcess,
  createTestApp,
  freePort,
  startApiProcess,
  startWorkerProcess,
  TestApp,
  WorkerProcess,
} from '@tongxin/testing';

/** A Redis of the test's own, so it can be killed without touching the machine's. */
async function startPrivateRedis(): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const probe = net.connect(port, '127.0.0.1');
      probe.once('connect', () => (probe.destroy(), resolve(true)));
      probe.once('error', () => resolve(false));
    });
    if (up) return { url, process: redis };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('redis-server did not start');
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
  });

/** Asked to stop while Redis is gone, a process still stops: it closes what it can and exits after SHUTDOWN_TIMEOUT_MS. */
describe('stopping with Redis down', () => {
  let t: TestApp;
  let redis: { url: string; process: ChildProcess };
  let worker: WorkerProcess | undefined;
  let api: ApiProcess | undefined;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    api?.child.kill('SIGKILL');
    redis?.process.kill('SIGKILL');
    await t.close();
  });

  it('a worker exits on SIGTERM after Redis died', async () => {
    redis = await startPrivateRedis();
    worker = await startWorkerProcess({ ...t.env, REDIS_URL: redis.url, SHUTDOWN_TIMEOUT_MS: '2000' });
    redis.process.kill('SIGKILL');
    await exitOf(redis.process);
    const exited = exitOf(worker.child);
    worker.child.kill('SIGTERM');
    expect([0, 1]).toContain(await exited);
  });

  it('an api exits on SIGTERM after Redis died', async () => {
    redis = await startPrivateRedis();
    api = await startApiProcess({
      ...t.env,
      REDIS_URL: redis.url,
      SHUTDOWN_TIMEOUT_MS: '2000',
      MIGRATIONS_RUN: 'false',
    });
    redis.process.kill('SIGKILL');
    await exitOf(redis.process);
    const exited = exitOf(api.child);
    api.child.kill('SIGTERM');
    expect([0, 1]).toContain(await exited);
  });
});
