import { createTestApp, TestApp } from './support';

describe('platform', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('reports health of the database and the queue backend', async () => {
    const res = await t.http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up', queue: 'up' });
  });

  it('serves the OpenAPI document with every route and the Swagger UI', async () => {
    const doc = await t.http().get('/api/docs-json').expect(200);
    const routes = Object.entries(doc.body.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/auth/signup',
        'POST /api/auth/login',
        'GET /api/me',
        'POST /api/organizations',
        'GET /api/organizations',
        'GET /api/organizations/{id}',
        'PATCH /api/organizations/{id}',
        'POST /api/events',
        'GET /api/events',
        'GET /api/events/{id}',
        'PATCH /api/events/{id}',
        'POST /api/events/{id}/publish',
        'POST /api/events/{id}/cancel',
        'POST /api/events/{id}/team',
        'GET /api/events/{id}/team',
        'POST /api/series',
        'GET /api/series/{id}',
        'GET /api/public/events/{slug}',
        'POST /api/public/events/{slug}/registrations',
        'GET /api/public/registrations/{token}',
        'PATCH /api/public/registrations/{token}',
        'DELETE /api/public/registrations/{token}',
        'POST /api/public/events/{slug}/group-registrations',
        'GET /api/public/group-registrations/{token}',
        'POST /api/public/group-registrations/{token}/attendees',
        'PUT /api/public/group-registrations/{token}/attendees/{rid}',
        'DELETE /api/public/group-registrations/{token}/attendees/{rid}',
        'GET /api/events/{id}/registrations',
        'GET /api/events/{id}/registrations.csv',
        'GET /api/events/{id}/registrations.xlsx',
        'POST /api/events/{id}/registrations/import',
        'POST /api/events/{id}/registrations/{rid}/approve',
        'POST /api/events/{id}/registrations/{rid}/reject',
        'POST /api/events/{id}/registrations/{rid}/cancel',
        'GET /api/events/{id}/messages',
        'POST /api/events/{id}/announcements',
        'POST /api/events/{id}/messages/{messageId}/resend',
        'GET /api/public/unsubscribe/{token}',
        'POST /api/public/unsubscribe/{token}',
        'GET /api/public/join/{token}',
        'GET /api/dev/mail',
        'GET /api/dev/mail/{id}',
        'GET /api/health',
      ]),
    );
    expect(doc.body.components.schemas.CreateAnnouncementDto.required).toEqual(['subject', 'body', 'audience']);
    expect(doc.body.components.schemas.CreateRegistrationDto.required).toEqual(
      expect.arrayContaining(['name', 'email', 'organization']),
    );
    expect(doc.body.components.schemas.CreateEventDto.required).toEqual(
      expect.arrayContaining(['title', 'kind', 'startsAt', 'endsAt', 'language']),
    );
    const ui = await t.http().get('/api/docs/').expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('answers malformed JSON, oversized bodies and unknown routes with JSON errors', async () => {
    const malformed = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_REQUEST' });

    const huge = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'a@example.org', password: 'x'.repeat(2_000_000) });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });

    const missing = await t.http().get('/api/no-such-route');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Route not found' });
  });

  it('sets security headers', async () => {
    const res = await t.http().get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('health when the queue backend is down', () => {
  let t: TestApp;
  // Nothing listens on this port: the app starts, but Redis never answers.
  beforeAll(async () => (t = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:6390' })));
  afterAll(() => t.close());

  it('answers 503 and names the dependency', async () => {
    const res = await t.http().get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'error', db: 'up', queue: 'down' });
  });
});
