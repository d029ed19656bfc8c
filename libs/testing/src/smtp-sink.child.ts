/**
 * A real SMTP server in its own process, for tests and the bench: accepts every message (or refuses with a given
 * code) and reports each one to the parent over IPC. Started by startSmtpSink().
 */
import { SMTPServer } from 'smtp-server';

const port = Number(process.env.SINK_PORT);
const keepRaw = process.env.SINK_RAW === '1';
let refuseWith: number | null = null;

process.on('message', (command: { type: 'refuse'; code: number | null }) => {
  if (command.type === 'refuse') refuseWith = command.code;
  process.send?.({ type: 'ack' });
});

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  size: 20 * 1024 * 1024,
  onMailFrom(_address, _session, callback) {
    if (refuseWith === null) return callback();
    const error = Object.assign(new Error('Try again later'), { responseCode: refuseWith });
    return callback(error);
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headerEnd = raw.indexOf('\r\n\r\n');
      const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw.slice(0, headerEnd))?.[1] ?? '';
      const to = session.envelope.rcptTo.map((r) => r.address).join(',');
      process.send?.({ type: 'mail', messageId, to, at: Date.now(), ...(keepRaw ? { raw } : {}) });
      callback();
    });
  },
});
server.on('error', (error) => console.error(`smtp sink: ${error.message}`));
server.listen(port, '127.0.0.1', () => process.send?.({ type: 'ready' }));
