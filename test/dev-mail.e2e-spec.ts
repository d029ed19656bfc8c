import { createTestApp, TestApp } from './support';

/**
 * Without SMTP_URL, messages become .eml files that developers can list: only when DEV_MAIL is on (npm start on its
 * embedded database), never in production, with SMTP, behind a trusted proxy, or for a request a proxy forwarded.
 */
describe('development mail', () => {
  let t: TestApp;
  afterEach(() => t.close());

  const routes = ['/api/dev/mail', '/api/dev/mail/00000000-0000-4000-8000-000000000000'];
  const expectHidden = async (headers: Record<string, string> = {}) => {
    for (const route of routes) {
      const res = await t.http().get(route).set(headers);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
  };

  it('is off unless DEV_MAIL turns it on', async () => {
    t = await createTestApp();
    await expectHidden();
  });

  it('is refused in production, with SMTP, and behind a trusted proxy, even with DEV_MAIL on', async () => {
    const cases: Record<string, string>[] = [
      { NODE_ENV: 'production', PUBLIC_URL: 'https://tongxin.test' },
      { SMTP_URL: 'smtp://127.0.0.1:2525' },
      { TRUST_PROXY: '1' },
    ];
    for (const overrides of cases) {
      t = await createTestApp({ DEV_MAIL: 'true', ...overrides });
      await expectHidden();
      await t.close();
    }
    t = await createTestApp({ DEV_MAIL: 'true', TRUST_PROXY: '1' });
    await expectHidden({ 'X-Forwarded-For': '127.0.0.1' });
  });

  it('refuses a request a proxy forwarded, though the socket is local', async () => {
    t = await createTestApp({ DEV_MAIL: 'true' });
    await expectHidden({ 'X-Forwarded-For': '203.0.113.7' });
    await expectHidden({ Forwarded: 'for=203.0.113.7' });
    await expectHidden({ 'X-Real-IP': '203.0.113.7' });
  });

  it('lists stored mail to a local caller when on, and answers 404 for a message it does not have', async () => {
    t = await createTestApp({ DEV_MAIL: 'true' });
    expect((await t.http().get('/api/dev/mail').expect(200)).body).toEqual([]);
    const res = await t.http().get('/api/dev/mail/..%2F..%2Fetc%2Fpasswd');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('MESSAGE_NOT_FOUND');
  });
});
