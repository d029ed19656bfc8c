/**
 * A real SMTP server in its own process, for tests and the bench: accepts every message (or refuses with a given
 * code, at MAIL FROM or already at the greeting) and reports each one to the parent over IPC. Started by
 * startSmtpSink().
 */
import { SMTPServer } from 'smtp-server';

const port = Number(process.env.SINK_PORT);
const keepRaw = process.env.SINK_RAW === '1';
/** How long each message's final reply waits (a slow server), in ms. */
const delayMs = Number(process.env.SINK_DELAY_MS || 0);
let refuseWith: number | null = null;
let refuseAt: 'mail' | 'connect' = 'mail';

process.on('message', (command: { type: 'refuse'; code: number | null; at?: 'mail' | 'connect' }) => {
  if (command.type === 'refuse') {
    refuseWith = command.code;
    refuseAt = command.at ?? 'mail';
  }
  process.send?.({ type: 'ack' });
});

const refusal = () => Object.assign(new Error('Try again later'), { responseCode: refuseWith });

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  size: 20 * 1024 * 1024,
  // Refusing at the greeting (a server down for maintenance: 421) refuses new connections; sessions already open
  // are refused at their next MAIL FROM, and a 421 there closes them too.
  onConnect(_session, callback) {
    if (refuseWith !== null && refuseAt === 'connect') return callback(refusal());
    return callback();
  },
  onMailFrom(_address, _session, callback) {
    if (refuseWith === null) return callback();
    return callback(refusal());
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headerEnd = raw.indexOf('\r\n\r\n');
      const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw.slice(0, headerEnd))?.[1] ?? '';
      const to = session.envelope.rcptTo.map((r) => r.address).join(',');
      // Counted as received when the reply is sent, whether or not the client is still there to read it (a server
      // keeps what it took in either way): the case that makes a client send again.
      const accept = () => {
        process.send?.({ type: 'mail', messageId, to, at: Date.now(), ...(keepRaw ? { raw } : {}) });
        callback();
      };
      if (delayMs > 0) setTimeout(accept, delayMs);
      else accept();
    });
  },
});
server.on('error', (error) => console.error(`smtp sink: ${error.message}`));
server.listen(port, '127.0.0.1', () => process.send?.({ type: 'ready' }));
