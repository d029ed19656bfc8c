import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export interface WorkerProcess {
  child: ChildProcess;
  /** Ends the process with a signal and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const ROOT = path.resolve(__dirname, '../..');

/** The production worker entry point (apps/worker) as a real process, with the given environment. */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  // Benches may run the compiled worker, as production does (BENCH_COMPILED=1 after npm run build).
  const entry =
    process.env.BENCH_COMPILED === '1'
      ? ['dist/apps/worker/src/main.js']
      : ['-r', '@swc-node/register', 'apps/worker/src/main.ts'];
  const profile = process.env.BENCH_WORKER_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WORKER_CPU_PROF}`]
    : [];
  const child = spawn(process.execPath, [...profile, ...entry], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: env.WORKER_LOG_LEVEL ?? 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // stderr still reaches the test's own, and goes into the error too: a refused configuration is said there.
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stderr.write(chunk);
  });
  // Ready when it logs 'worker started' (at info level: a quieter WORKER_LOG_LEVEL would never say it).
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker did not start within 60 s:\n${output.slice(-2000)}`)),
      60_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker started')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} before starting:\n${output.slice(-2000)}`));
    });
  });
  // Keep the worker's log (pino JSON) for when a test needs to know what it did.
  if (process.env.WORKER_LOG_DIR) {
    const { createWriteStream } = await import('node:fs');
    child.stdout!.pipe(createWriteStream(path.join(process.env.WORKER_LOG_DIR, `worker-${child.pid}.log`)));
  } else {
    child.stdout!.resume();
  }
  return {
    child,
    kill: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
