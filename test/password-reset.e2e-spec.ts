import { AccountsService } from '@tongxin/accounts';
import { createTestApp, parseMail, signUp, SmtpSink, startSmtpSink, TestApp } from './support';

/** A forgotten password through the JSON API: the mail through the outbox and the worker, the link, its one use. */
describe('password resets', () => {
  let t: TestApp;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink({ keepRaw: true });
    t = await createTestApp(
      { SMTP_URL: sink.url, PUBLIC_URL: 'https://tongxin.test', MAIL_FROM: '同心 Tongxin <notice@tongxin.test>' },
      { worker: true },
    );
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const ask = (email: string, locale?: string) =>
    t
      .http()
      .post('/api/auth/password-resets')
      .send({ email, ...(locale ? { locale } : {}) });
  const useLink = (token: string, password: string) =>
    t.http().post(`/api/auth/password-resets/${token}`).send({ password });
  const login = (email: string, password: string) => t.http().post('/api/auth/login').send({ email, password });
  /** The token of the nth reset mail to this address (1-based), waiting for it. */
  const tokenInMail = async (email: string, nth = 1) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const mails = sink.received.filter((m) => m.to === email);
      if (mails.length >= nth) {
        const text = (await parseMail(mails[nth - 1]!.raw!)).text ?? '';
        const match = /https:\/\/tongxin\.test\/console\/reset-password\/([A-Za-z0-9_-]{43})/.exec(text);
        if (!match) throw new Error(`no reset link in mail #${nth} to ${email}`);
        return match[1]!;
      }
      if (Date.now() > deadline) throw new Error(`no mail #${nth} to ${email}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const sessionsOf = async (organizerId: string) =>
    (
      (await t.db.query('SELECT count(*)::int AS n FROM web_session WHERE organizer_id = $1', [organizerId])) as {
        n: number;
      }[]
    )[0]!.n;

  it('answers a malformed request with 400 VALIDATION_FAILED, and writes nothing', async () => {
    for (const body of [{}, { email: 'not-an-email' }, { email: 'a@example.org', locale: 'fr' }, { email: 7 }]) {
      const res = await t.http().post('/api/auth/password-resets').send(body).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    }
    const rows = (await t.db.query(`SELECT count(*)::int AS n FROM password_reset`)) as { n: number }[];
    expect(rows[0]!.n).toBe(0);
  });

  it('answers 202 for an unknown address, and owes it nothing', async () => {
    const res = await ask('nobody-here@example.org');
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: true }); // the same answer as for a known address: nothing tells which
    const rows = (await t.db.query(`SELECT count(*)::int AS n FROM password_reset`)) as { n: number }[];
    expect(rows[0]!.n).toBe(0);
    const owed = (await t.db.query(`SELECT count(*)::int AS n FROM outbox_message WHERE kind = 'password_reset'`)) as {
      n: number;
    }[];
    expect(owed[0]!.n).toBe(0);
    // An account's mail owed after it arrives; the unknown address never got one.
    const known = await signUp(t);
    await ask(known.email).expect(202);
    await tokenInMail(known.email);
    expect(sink.received.filter((m) => m.to === 'nobody-here@example.org')).toHaveLength(0);
  });

  it('mails a link that sets a new password once, and ends the sessions of the account', async () => {
    const who = await signUp(t, { password: 'old password 1' });
    const accounts = t.app.get(AccountsService);
    await accounts.startSession(who.id);
    await accounts.startSession(who.id);
    expect(await sessionsOf(who.id)).toBe(2);

    await ask(`  ${who.email.toUpperCase()} `, 'en').expect(202);
    const token = await tokenInMail(who.email);
    const mail = await parseMail(sink.received.filter((m) => m.to === who.email)[0]!.raw!);
    expect(mail.subject).toBe('Reset the password of your Tongxin organizer account');
    expect(mail.attachments).toHaveLength(0);
    // Only the token's hash is kept.
    const stored = (await t.db.query(`SELECT token_hash, used_at FROM password_reset WHERE organizer_id = $1`, [
      who.id,
    ])) as { token_hash: Buffer; used_at: Date | null }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash.toString('base64url')).not.toBe(token);
    const message = (await t.db.query(
      `SELECT status, event_id, organizer_id FROM outbox_message WHERE kind = 'password_reset' AND organizer_id = $1`,
      [who.id],
    )) as { status: string; event_id: string | null; organizer_id: string }[];
    expect(message).toEqual([{ status: 'sent', event_id: null, organizer_id: who.id }]);

    // The page the link opens shows the form.
    const page = await t.http().get(`/console/reset-password/${token}`).expect(200);
    expect(page.text).toContain('name="passwordAgain"');

    await useLink(token, 'short').expect(400);
    await useLink(token, 'new password 2').expect(204);
    expect(await sessionsOf(who.id)).toBe(0);
    await login(who.email, 'old password 1').expect(401);
    await login(who.email, 'new password 2').expect(200);

    const again = await useLink(token, 'third password 3');
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('LINK_EXPIRED');
    await login(who.email, 'new password 2').expect(200);
    const gone = await t.http().get(`/console/reset-password/${token}`);
    expect(gone.status).toBe(410);
    expect(gone.text).toContain('重设链接已失效');
  });

  it('refuses a link past its hour, an unknown link, and an earlier link once the password changed', async () => {
    const who = await signUp(t, { password: 'old password 1' });
    await ask(who.email).expect(202);
    const expired = await tokenInMail(who.email, 1);
    await t.db.query(
      `UPDATE password_reset SET created_at = now() - interval '2 hours', expires_at = now() - interval '1 hour'
        WHERE organizer_id = $1`,
      [who.id],
    );
    const late = await useLink(expired, 'new password 2');
    expect(late.status).toBe(410);
    expect(late.body.code).toBe('LINK_EXPIRED');

    const unknown = await useLink('A'.repeat(43), 'new password 2');
    expect(unknown.status).toBe(404);

    await ask(who.email).expect(202);
    const first = await tokenInMail(who.email, 2);
    await ask(who.email).expect(202);
    const second = await tokenInMail(who.email, 3);
    expect(second).not.toBe(first);
    await useLink(second, 'new password 2').expect(204);
    const earlier = await useLink(first, 'new password 3');
    expect(earlier.status).toBe(410);
    await login(who.email, 'new password 2').expect(200);
  });

  it('limits requests per address', async () => {
    const who = await signUp(t);
    // LINK_REQUESTS_PER_EMAIL_PER_HOUR is 1000 in tests; a second app would be needed for the default of 3. Here,
    // the limit is per address whatever its spelling.
    const limited = await createTestApp({ LINK_REQUESTS_PER_EMAIL_PER_HOUR: '2' });
    try {
      await limited.http().post('/api/auth/password-resets').send({ email: who.email }).expect(202);
      await limited.http().post('/api/auth/password-resets').send({ email: who.email.toUpperCase() }).expect(202);
      const third = await limited
        .http()
        .post('/api/auth/password-resets')
        .send({ email: ` ${who.email}` });
      expect(third.status).toBe(429);
      expect(third.body.code).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });
});
