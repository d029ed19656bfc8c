import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stopEmbeddedPostgres } from '@tongxin/database';
import { freePort } from './support';

/**
 * `npm start` on a machine with nothing configured: no DATABASE_URL, no REDIS_URL, no JWT_SECRET. The launcher runs
 * its own PostgreSQL under DATA_DIR and keeps the queues in it. Runs the real launcher as a separate process.
 */
describe('embedded mode (npm start with nothing configured)', () => {
  let dataDir: string;
  let port: number;
  let pgPort: number;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tongxin-embedded-'));
    [port, pgPort] = [await freePort(), await freePort()];
  });

  afterAll(async () => {
    if (child && child.exitCode === null) await stop(child, 'SIGTERM');
    // The last graceful stop also stops the server the SIGKILL step left; make sure before deleting its files.
    await stopEmbeddedPostgres(path.join(dataDir, 'postgres'));
    await rm(dataDir, { recursive: true, force: true });
  });

  function start(): ChildProcess {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    };
    for (const name of [
      'DATABASE_URL',
      'REDIS_URL',
      'JWT_SECRET',
      'QUEUE_PREFIX',
      'NODE_ENV',
      'DATABASE_POOL_SIZE',
      'AUTH_RATE_LIMIT_PER_MINUTE',
      'SMTP_URL',
      'MAIL_DIR',
    ]) {
      delete env[name];
    }
    const proc = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/start.ts'], {
      cwd: path.resolve(__dirname, '..'),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return proc;
  }

  const api = (route: string, init?: RequestInit) => fetch(`http://127.0.0.1:${port}/api${route}`, init);
  const json = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  it('starts, serves, keeps its data across a clean restart, and comes back after kill -9', async () => {
    child = start();
    await waitForHealth(api, child, () => output);
    expect(output).toContain(`http://localhost:${port}/api/docs`);
    const health = await (await api('/health')).json();
    expect(health).toEqual({ status: 'ok', db: 'up', queue: 'up' });

    const signup = await api(
      '/auth/signup',
      json({ email: 'embedded@example.org', password: 'embedded pass', name: '本地' }),
    );
    expect(signup.status).toBe(201);

    // Mail goes through the queues kept in PostgreSQL and lands as a file, listed for development.
    const auth = { authorization: `Bearer ${((await signup.json()) as { accessToken: string }).accessToken}` };
    const startsAt = new Date(Date.now() + 7 * 24 * 3600_000);
    const created = await api('/events', {
      ...json({
        title: '本地活动',
        kind: 'in_person',
        venue: '北京',
        language: 'zh',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
      }),
      headers: { 'content-type': 'application/json', ...auth },
    });
    const event = (await created.json()) as { id: string; slug: string };
    expect((await api(`/events/${event.id}/publish`, { method: 'POST', headers: auth })).status).toBe(200);
    const registered = await api(
      `/public/events/${event.slug}/registrations`,
      json({
        name: '李华',
        email: 'lihua@example.org',
        organization: { name: '本地社会组织', type: 'social_group', regionCode: '110000' },
      }),
    );
    expect(registered.status).toBe(201);
    let stored: { id: string; to: string; subject: string }[] = [];
    for (const deadline = Date.now() + 20_000; stored.length === 0 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      stored = (await (await api('/dev/mail')).json()) as typeof stored;
    }
    expect(stored).toEqual([
      expect.objectContaining({ subject: '报名成功：本地活动', to: expect.stringContaining('lihua@example.org') }),
    ]);
    const eml = await api(`/dev/mail/${stored[0]!.id}`);
    expect(eml.headers.get('content-type')).toContain('message/rfc822');
    expect(await eml.text()).toContain(`Message-ID: <${stored[0]!.id}@tongxin.local>`);

    expect(await stop(child, 'SIGTERM')).toBe(0);
    expect(output).toContain('closing HTTP and workers, then the database');

    child = start();
    await waitForHealth(api, child, () => output);
    const login = await api('/auth/login', json({ email: 'embedded@example.org', password: 'embedded pass' }));
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };

    await stop(child, 'SIGKILL');
    child = start();
    await waitForHealth(api, child, () => output);
    const me = await api('/me', { headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.status).toBe(200);
    expect(await stop(child, 'SIGTERM')).toBe(0);
  }, 240_000);
});

async function waitForHealth(api: (route: string) => Promise<Response>, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await api('/health')).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no healthy api within 90 s:\n${output()}`);
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}
