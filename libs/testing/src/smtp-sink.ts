import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import PostalMime, { type Email } from 'postal-mime';
import { freePort } from './test-env';

export interface ReceivedMail {
  messageId: string;
  to: string;
  /** When the sink accepted it (ms since epoch). */
  at: number;
  raw?: string;
}

export interface SmtpSink {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Resolves once `count` messages (in total) have arrived; rejects after timeoutMs. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /**
   * The first message to `email` whose parsed form `matches` (any, by default), waiting for it to arrive; throws
   * after timeoutMs. Needs keepRaw.
   */
  mailTo(email: string, matches?: (parsed: Email) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  /**
   * Refuse every message with this SMTP code (e.g. 451) until called with null: at MAIL FROM (the default), or with
   * `at: 'connect'` already in the greeting of every new connection as well (421: service not available; a 421 also
   * closes the sessions already open at their next MAIL FROM).
   */
  refuse(code: number | null, at?: 'mail' | 'connect'): Promise<void>;
  /** Kill the server process: clients get "connection refused" until start(). */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export type ParsedMail = ReceivedMail & { parsed: Email };

/**
 * A real SMTP server (smtp-server) in a child process on 127.0.0.1. With keepRaw, each message's bytes are kept;
 * with delayMs, each message is answered (and counted) that long after its data arrived, as a slow server would.
 */
export async function startSmtpSink(
  options: { port?: number; keepRaw?: boolean; delayMs?: number } = {},
): Promise<SmtpSink> {
  const port = options.port ?? (await freePort());
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let child: ChildProcess | undefined;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      child = fork(path.join(__dirname, 'smtp-sink.child.ts'), [], {
        execArgv: ['-r', '@swc-node/register'],
        env: {
          ...process.env,
          SINK_PORT: String(port),
          SINK_RAW: options.keepRaw ? '1' : '0',
          SINK_DELAY_MS: String(options.delayMs ?? 0),
        },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      child.on('message', (message: { type: string } & ReceivedMail) => {
        if (message.type === 'ready') resolve();
        if (message.type === 'mail') {
          const { type: _type, ...mail } = message;
          received.push(mail);
          for (const wake of waiters) wake();
        }
      });
      child.once('exit', (code) => reject(new Error(`smtp sink exited with ${code}`)));
    });

  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };

  await start();
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    start,
    stop,
    refuse: (code, at = 'mail') =>
      new Promise<void>((resolve) => {
        const running = child;
        if (!running) throw new Error('the smtp sink is stopped: start() it before refuse()');
        const onAck = (message: { type: string }) => {
          if (message.type !== 'ack') return;
          running.off('message', onAck);
          resolve();
        };
        running.on('message', onAck);
        running.send({ type: 'refuse', code, at });
      }),
    mailTo: async (email, matches = () => true, timeoutMs = 15_000) => {
      for (
        const deadline = Date.now() + timeoutMs;
        Date.now() < deadline;
        await new Promise((r) => setTimeout(r, 50))
      ) {
        for (const mail of received.filter((m) => m.to === email)) {
          const parsed = await parseMail(mail.raw!);
          if (matches(parsed)) return { ...mail, parsed };
        }
      }
      throw new Error(`no matching message to ${email}`);
    },
    waitFor: (count, timeoutMs = 30_000) =>
      new Promise<ReceivedMail[]>((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          cleanup();
          resolve(received);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${count} messages, got ${received.length} in ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
  };
}

/** Parses a received message (headers, text, HTML, attachments) with postal-mime. */
export function parseMail(raw: string): Promise<Email> {
  return PostalMime.parse(raw);
}
