import { createTestApp, TestApp } from '@tongxin/testing';

/** Without SMTP_URL, messages become .eml files that developers can list; never in production. */
describe('development mail', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('is refused in production', async () => {
    t = await createTestApp({ NODE_ENV: 'production' });
    for (const route of ['/api/dev/mail', '/api/dev/mail/00000000-0000-4000-8000-000000000000']) {
      const res = await t.http().get(route);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
  });

  it('answers 404 for a message it does not have', async () => {
    t = await createTestApp();
    expect((await t.http().get('/api/dev/mail').expect(200)).body).toEqual([]);
    const res = await t.http().get('/api/dev/mail/..%2F..%2Fetc%2Fpasswd');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('MESSAGE_NOT_FOUND');
  });
});
