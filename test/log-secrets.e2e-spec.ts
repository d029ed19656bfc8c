import { newToken } from '@tongxin/common';
import { ApiProcess, createTestApp, publishEvent, signUp, startApiProcess, TestApp } from './support';

/**
 * A log reader must not be able to act as anyone: a real api process logs at info level while it is sent one
 * request of every kind of secret (each link token, a bearer token, a password), and its whole log is searched.
 */
describe('secrets never reach the log', () => {
  let t: TestApp;
  let api: ApiProcess;
  beforeAll(async () => {
    t = await createTestApp();
    api = await startApiProcess({ ...t.env, LOG_LEVEL: 'info', MIGRATIONS_RUN: 'false' });
  });
  afterAll(async () => {
    await api?.kill();
    await t.close();
  });

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${api.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const tokenOf = (url: string) => url.split('/').pop()!;

  it('logs each request with its link tokens replaced by a fingerprint', async () => {
    const owner = await signUp(t, { password: 'a secret password 1' });
    const event = await publishEvent(t, owner, { kind: 'hybrid', joinUrl: 'https://meeting.example.org/j/123' });
    const organization = { name: '河北省慈善联合会', type: 'foundation', regionCode: '130000' };

    const registered = await call('POST', `/api/public/events/${event.slug}/registrations`, {
      name: '王芳',
      email: 'wang.fang@example.org',
      organization,
    });
    expect(registered.status).toBe(201);
    const { manageUrl } = (await registered.json()) as { manageUrl: string };
    // Without PUBLIC_URL, links point at the address the api listens on (not a default port).
    expect(manageUrl.startsWith(`${api.url}/`)).toBe(true);
    const manage = tokenOf(manageUrl);
    const group = await call('POST', `/api/public/events/${event.slug}/group-registrations`, {
      delegate: { name: '带队人', email: 'delegate@example.org' },
      organization,
      attendees: [{ name: '赵强', email: 'zhao.qiang@example.org' }],
    });
    expect(group.status).toBe(201);
    const groupToken = tokenOf(((await group.json()) as { manageUrl: string }).manageUrl);
    // Join and unsubscribe tokens are only ever in mail; a well-formed one exercises the same request logging.
    const join = newToken().token;
    const unsubscribe = newToken().token;

    expect((await call('GET', `/api/public/registrations/${manage}`)).status).toBe(200);
    expect((await call('PATCH', `/api/public/registrations/${manage}`, { jobTitle: '秘书长' })).status).toBe(200);
    expect((await call('GET', `/api/public/group-registrations/${groupToken}`)).status).toBe(200);
    expect((await call('GET', `/api/public/join/${join}`)).status).toBe(404);
    expect((await call('GET', `/api/public/unsubscribe/${unsubscribe}`)).status).toBe(404);
    expect((await call('GET', `/api/public/registrations/${manage}?again=${manage}`)).status).toBe(200);
    // The pages the links open (/r/, /g/) are logged the same way.
    expect(manageUrl).toBe(`${api.url}/r/${manage}`);
    expect((await call('GET', `/r/${manage}`)).status).toBe(200);
    expect((await call('GET', `/g/${groupToken}`)).status).toBe(200);
    const login = await call('POST', '/api/auth/login', { email: owner.email, password: 'a secret password 1' });
    expect(login.status).toBe(200);
    expect((await call('GET', '/api/me', undefined, owner.auth)).status).toBe(200);

    // pino writes asynchronously: wait until the last request's line is there.
    for (let i = 0; i < 100 && !api.output().includes('/api/me'); i++) await new Promise((r) => setTimeout(r, 50));
    const log = api.output();
    expect(log).toContain('/api/public/registrations/~');
    expect(log).toContain('/api/public/group-registrations/~');
    expect(log).toContain('/r/~');
    expect(log).toContain('/g/~');
    expect(log).toContain('/api/me');
    for (const secret of [manage, groupToken, join, unsubscribe, owner.token, 'a secret password 1']) {
      expect(log).not.toContain(secret);
    }
    expect(log).not.toMatch(/authorization/i);
  });
});
