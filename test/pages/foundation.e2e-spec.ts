import type { Browser } from 'playwright-core';
import { launchBrowser, PageServer, PHONE, startPageServer } from '../support';

describe('pages: layout, language, form tokens and console sessions', () => {
  let server: PageServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startPageServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps the JSON API under /api', async () => {
    await server.http().get('/api/health').expect(200);
    const res = await server.http().get('/api/public/events/nope').expect(404);
    expect(res.body.code).toBe('EVENT_NOT_FOUND');
  });

  it('answers a page form posted without the browser token with 403 and a page', async () => {
    const res = await server.http().post('/console/logout').type('form').send({ _csrf: 'forged' }).expect(403);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('表单已过期');
  });

  it('signs in with a session cookie, refuses a wrong password in the page, and signs out', async () => {
    await server
      .http()
      .post('/api/auth/signup')
      .send({ email: 'wang@example.org', password: 'correct horse', name: '王' });
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${server.url}/console/login?next=/console/somewhere`);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.fill('#f-email', 'wang@example.org');
    await page.fill('#f-password', 'wrong password');
    await page.click('button[type=submit]');
    await expect(page.locator('.alert-error').textContent()).resolves.toContain('邮箱或密码不正确');
    expect(await page.inputValue('#f-email')).toBe('wang@example.org');

    await page.fill('#f-password', 'correct horse');
    await Promise.all([page.waitForURL(/\/console\/somewhere$/), page.click('button[type=submit]')]);
    const session = (await context.cookies()).find((c) => c.name === 'tx_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const stored = (await server.db.query('SELECT count(*)::int AS n FROM web_session')) as { n: number }[];
    expect(stored[0]!.n).toBe(1);

    // The console's header carries the log-out form; the login page holds the same browser token.
    await page.goto(`${server.url}/console/login`);
    const token = await page.locator('input[name=_csrf]').first().inputValue();
    const out = await page.request.post(`${server.url}/console/logout`, { form: { _csrf: token }, maxRedirects: 0 });
    expect(out.status()).toBe(303);
    expect(out.headers().location).toBe('/console/login?out=1');
    const left = (await server.db.query('SELECT count(*)::int AS n FROM web_session')) as { n: number }[];
    expect(left[0]!.n).toBe(0);
    await context.close();
  });

  it('switches to English and remembers it in this browser', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${server.url}/console/login`);
    await page.click('a.lang-switch');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect(page.locator('h1').textContent()).resolves.toBe('Organizer log in');
    await page.goto(`${server.url}/console/login`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const csrf = (await context.cookies()).find((c) => c.name === 'tx_csrf');
    expect(csrf).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await context.close();
  });
});
