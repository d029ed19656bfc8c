import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '@tongxin/testing';

export interface ApiProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Everything the process wrote to stdout so far (its pino JSON log). */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const ROOT = path.resolve(__dirname, '../..');

/** The production api entry point (apps/api) as a real process on a free port, ready once /api/health answers. */
export async function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`api exited with ${code} before answering:\n${output.slice(-2000)}`)),
    ),
  );
  const ready = (async () => {
    // Stop asking once the process has exited: `exited` has said why, and polling on would keep jest waiting.
    for (let i = 0; i < 600 && child.exitCode === null; i++) {
      const ok = await fetch(`${url}/api/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`api did not answer /api/health within 60 s:\n${output.slice(-2000)}`);
  })();
  await Promise.race([ready, exited]);
  exited.catch(() => undefined);
  return {
    child,
    url,
    output: () => output,
    kill: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
