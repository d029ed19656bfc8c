import { organizerCredentials } from '@tongxin/accounts';
import { createTestApp, signUp, TestApp } from './support';

describe('organizer accounts', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('signs up, returns a token that works, and stores only a password hash', async () => {
    const res = await t
      .http()
      .post('/api/auth/signup')
      .send({ email: ' Wang.Fang@Example.ORG ', password: 'a long password', name: '王芳' });
    expect(res.status).toBe(201);
    expect(res.body.user).toEqual({
      id: expect.any(String),
      email: 'wang.fang@example.org',
      name: '王芳',
      createdAt: expect.any(String),
    });
    expect(res.body.user).not.toHaveProperty('passwordHash');

    const me = await t.http().get('/api/me').set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('wang.fang@example.org');

    const stored = await organizerCredentials(t.db.manager, 'wang.fang@example.org');
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a second account for the same email, whatever its case', async () => {
    await signUp(t, { email: 'li.lei@example.org' });
    const res = await t
      .http()
      .post('/api/auth/signup')
      .send({ email: 'LI.LEI@example.org', password: 'another password', name: '李雷' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ statusCode: 409, code: 'EMAIL_TAKEN', message: expect.any(String) });
  });

  it('lists every invalid field, and refuses unknown ones', async () => {
    const res = await t
      .http()
      .post('/api/auth/signup')
      .send({ email: 'not-an-email', password: 'short', name: '', role: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'email',
      'name',
      'password',
      'role',
    ]);
  });

  it('logs in with the right password only, with one answer for a wrong password and an unknown email', async () => {
    const who = await signUp(t, { email: 'zhao.min@example.org', password: 'right password' });
    const ok = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'Zhao.Min@example.org', password: 'right password' });
    expect(ok.status).toBe(200);
    const me = await t.http().get('/api/me').set('Authorization', `Bearer ${ok.body.accessToken}`).expect(200);
    expect(me.body.id).toBe(who.id);

    const wrong = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'zhao.min@example.org', password: 'wrong password' });
    const unknown = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'nobody@example.org', password: 'wrong password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
  });

  it.each([
    ['no token', undefined],
    ['a malformed token', 'Bearer not.a.jwt'],
    ['a token signed with another secret', 'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
  ])('answers 401 JSON to %s', async (_label, header) => {
    const req = t.http().get('/api/me');
    const res = header ? await req.set('Authorization', header) : await req;
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ statusCode: 401, code: 'UNAUTHORIZED', message: expect.any(String) });
  });
});

describe('sign-up and login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' })));
  afterAll(() => t.close());

  it('answers 429 RATE_LIMITED once an address has used its attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await t
        .http()
        .post('/api/auth/login')
        .send({ email: 'guess@example.org', password: `guess ${i}` });
      statuses.push(res.status);
      if (res.status === 429) expect(res.body.code).toBe('RATE_LIMITED');
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Routes other than sign-up and login are not limited by it.
    await t.http().get('/api/health').expect(200);
  });
});
