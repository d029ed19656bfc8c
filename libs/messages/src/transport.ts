import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

/** Where rendered messages go: an SMTP server, or (development) .eml files in a folder. */
export interface MailTransport {
  send(message: Mail.Options & { messageId: string }): Promise<void>;
  close(): void;
}

/** A pooled SMTP transport for smtp:// or smtps:// URLs (credentials in the URL). */
export function smtpTransport(url: string, poolSize: number): MailTransport {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'smtps:';
  const transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: poolSize,
    maxMessages: Number.POSITIVE_INFINITY,
    host: parsed.hostname,
    port: Number(parsed.port || (secure ? 465 : 587)),
    secure,
    auth: parsed.username
      ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) }
      : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
  return {
    send: async (message) => {
      await transporter.sendMail(message);
    },
    close: () => transporter.close(),
  };
}

export interface StoredMail {
  id: string;
  to: string;
  subject: string;
  kind: string;
  storedAt: string;
}

/**
 * Development transport: each message becomes `<id>.eml` (the exact bytes SMTP would carry) plus `<id>.json` (to,
 * subject, kind) for the listing at GET /api/dev/mail. Writing the same message again overwrites it.
 */
export function fileTransport(dir: string): MailTransport {
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let ready: Promise<unknown> | undefined;
  return {
    send: async (message) => {
      ready ??= mkdir(dir, { recursive: true });
      await ready;
      const info = (await stream.sendMail(message)) as { message: Buffer };
      const id = message.messageId.replace(/^<|@.*$/g, '');
      const meta: StoredMail = {
        id,
        to: addressOf(message.to),
        subject: String(message.subject),
        kind: String((message.headers as Record<string, string> | undefined)?.['X-Tongxin-Kind'] ?? ''),
        storedAt: new Date().toISOString(),
      };
      await writeFile(path.join(dir, `${id}.eml`), info.message);
      // Written under another name and renamed, so the listing never reads half a file.
      await writeFile(path.join(dir, `${id}.json.tmp`), JSON.stringify(meta));
      await rename(path.join(dir, `${id}.json.tmp`), path.join(dir, `${id}.json`));
    },
    close: () => stream.close(),
  };
}

/** The stored messages, newest first. */
export async function listStoredMail(dir: string, limit: number): Promise<StoredMail[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const all = await Promise.all(
    names.map(async (n) => {
      try {
        return JSON.parse(await readFile(path.join(dir, n), 'utf8')) as StoredMail;
      } catch {
        return undefined; // removed or damaged meanwhile: skip it
      }
    }),
  );
  return all
    .filter((m): m is StoredMail => m !== undefined)
    .sort((a, b) => b.storedAt.localeCompare(a.storedAt))
    .slice(0, limit);
}

export async function readStoredMail(dir: string, id: string): Promise<Buffer | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  try {
    return await readFile(path.join(dir, `${id}.eml`));
  } catch {
    return undefined;
  }
}

function addressOf(to: Mail.Options['to']): string {
  const list = Array.isArray(to) ? to : [to];
  return list.map((a) => (typeof a === 'object' && a && 'address' in a ? a.address : String(a ?? ''))).join(', ');
}
