import { createOrganization, createTestApp, Organizer, publishEvent, signUp, TestApp } from './support';
import { HealthController } from '../apps/api/src/health/health.controller';

/** The samples of a Prometheus text exposition, looked up by name and labels (in any order). */
function parseMetrics(text: string) {
  const samples = new Map<string, number>();
  const key = (name: string, labels: Record<string, string>) =>
    `${name}${JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)))}`;
  for (const line of text.split('\n')) {
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) continue;
    const labels = Object.fromEntries(
      [...(sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    samples.set(key(sample[1]!, labels), Number(sample[3]));
  }
  return {
    value: (name: string, labels: Record<string, string> = {}) => samples.get(key(name, labels)),
    names: new Set([...samples.keys()].map((k) => k.slice(0, k.indexOf('[')))),
  };
}

describe('metrics', () => {
  let t: TestApp;
  let owner: Organizer;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t);
  });
  afterAll(() => t.close());

  const scrape = async () => {
    const res = await t.http().get('/api/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return { text: res.text, ...parseMetrics(res.text) };
  };

  it('reports registrations, queued mail, timers and jobs from the shared state, and requests by route template', async () => {
    const organization = await createOrganization(t, owner);
    const event = await publishEvent(t, owner, { capacity: 2 });
    for (let i = 0; i < 3; i++) {
      await t
        .http()
        .post(`/api/public/events/${event.slug}/registrations`)
        .send({ name: `参会者${i}`, email: `metrics-${i}@example.org`, organization: { id: organization.id } })
        .expect(201);
    }
    await t.http().get(`/api/events/${event.id}`).expect(401);
    await t.http().get(`/api/no-such-route/${event.slug}`).expect(404);

    const m = await scrape();
    expect(m.value('tongxin_metrics_source_up', { source: 'database' })).toBe(1);
    expect(m.value('tongxin_metrics_source_up', { source: 'queue' })).toBe(1);
    expect(m.value('tongxin_registrations', { status: 'confirmed' })).toBe(2);
    expect(m.value('tongxin_registrations', { status: 'waitlisted' })).toBe(1);
    expect(m.value('tongxin_registrations', { status: 'cancelled' })).toBe(0);
    // No worker runs in this app: every confirmation (and waitlist notice) is still queued, each with its job.
    expect(m.value('tongxin_outbox_messages', { status: 'queued', kind: 'confirmation' })).toBe(3);
    expect(m.value('tongxin_outbox_messages', { status: 'sent', kind: 'confirmation' })).toBe(0);
    expect(m.value('tongxin_outbox_oldest_queued_age_seconds')).toBeGreaterThan(0);
    expect(m.value('tongxin_queue_jobs', { queue: 'mail', state: 'waiting' })).toBe(3);
    // Publishing a week ahead armed the default reminders (P1D, PT1H) and the post-event timer, as delayed jobs.
    expect(m.value('tongxin_timers_pending', { timer: 'reminder' })).toBe(2);
    expect(m.value('tongxin_timers_pending', { timer: 'followup' })).toBe(1);
    expect(m.value('tongxin_timers_overdue', { timer: 'reminder' })).toBe(0);
    expect(m.value('tongxin_queue_jobs', { queue: 'reminders', state: 'delayed' })).toBe(2);
    expect(m.value('tongxin_queue_jobs', { queue: 'followups', state: 'delayed' })).toBe(1);

    const route = '/api/public/events/:slug/registrations';
    expect(m.value('tongxin_http_requests_total', { method: 'POST', route, status: '201' })).toBe(3);
    expect(m.value('tongxin_http_request_duration_seconds_count', { method: 'POST', route })).toBe(3);
    // Refused by the AuthGuard: still counted, under its route.
    expect(m.value('tongxin_http_requests_total', { method: 'GET', route: '/api/events/:id', status: '401' })).toBe(1);
    expect(m.value('tongxin_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(m.text).not.toContain(event.slug);
    expect(m.text).not.toContain(event.id);
    expect(m.names).toContain('tongxin_process_cpu_user_seconds_total');
    expect(m.names).toContain('tongxin_nodejs_eventloop_lag_seconds');
  });

  it('leaves out what PostgreSQL does not answer within the timeout, and still answers', async () => {
    const runner = t.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query('LOCK TABLE outbox_message IN ACCESS EXCLUSIVE MODE');
      const m = await scrape();
      expect(m.value('tongxin_metrics_source_up', { source: 'database' })).toBe(0);
      expect(m.value('tongxin_metrics_source_up', { source: 'queue' })).toBe(1);
      expect(m.names).not.toContain('tongxin_registrations');
      expect(m.names).not.toContain('tongxin_outbox_messages');
      expect(m.names).toContain('tongxin_queue_jobs');
      expect(m.names).toContain('tongxin_http_requests_total');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    const again = await scrape();
    expect(again.value('tongxin_metrics_source_up', { source: 'database' })).toBe(1);
  });

  it('documents the metrics and health routes in OpenAPI, without an organizer token', async () => {
    const doc = await t.http().get('/api/docs-json').expect(200);
    const metrics = doc.body.paths['/api/metrics'].get;
    expect(metrics.summary).toEqual(expect.any(String));
    expect(metrics.security).toEqual([]);
    expect(metrics.responses['200'].content['text/plain'].schema).toEqual(expect.objectContaining({ type: 'string' }));
    expect(metrics.responses['401'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ApiErrorDto',
    });
    for (const path of ['/api/health', '/api/health/live', '/api/health/ready']) {
      const health = doc.body.paths[path].get;
      expect(health.summary).toEqual(expect.any(String));
      expect(health.security).toEqual([]);
      expect(health.responses['200'].content['application/json'].schema.$ref).toMatch(/^#\/components\/schemas\//);
    }
  });

  it('tells liveness from readiness, and is no longer ready once it begins shutting down', async () => {
    expect((await t.http().get('/api/health/live').expect(200)).body).toEqual({ status: 'ok' });
    expect((await t.http().get('/api/health/ready').expect(200)).body).toEqual({
      status: 'ok',
      db: 'up',
      queue: 'up',
      stopping: false,
    });
    // The first hook app.close() runs (closeOnSignals calls it on SIGTERM), while HTTP still serves.
    t.app.get(HealthController).onModuleDestroy();
    expect((await t.http().get('/api/health/ready').expect(503)).body).toEqual({
      status: 'error',
      db: 'up',
      queue: 'up',
      stopping: true,
    });
    expect((await t.http().get('/api/health/live').expect(200)).body).toEqual({ status: 'ok' });
    expect((await t.http().get('/api/health').expect(200)).body).toEqual({ status: 'ok', db: 'up', queue: 'up' });
  });
});

describe('metrics behind METRICS_TOKEN', () => {
  const token = 'metrics-token-0123456789abcdef';
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ METRICS_TOKEN: token })));
  afterAll(() => t.close());

  it('answers 401 without the token or with another, and the metrics with it', async () => {
    const organizer = await signUp(t);
    const attempts = [
      t.http().get('/api/metrics'),
      t
        .http()
        .get('/api/metrics')
        .set('Authorization', `Bearer ${token.replace(/f$/, 'e')}`),
      t.http().get('/api/metrics').set('Authorization', `Bearer ${token}x`),
      t.http().get('/api/metrics').set(organizer.auth),
      t.http().get('/api/metrics').set('Authorization', token),
    ];
    for (const attempt of attempts) {
      const res = await attempt;
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ statusCode: 401, code: 'UNAUTHORIZED', message: expect.any(String) });
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    const ok = await t.http().get('/api/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    const m = parseMetrics(ok.text);
    expect(m.value('tongxin_registrations', { status: 'confirmed' })).toBe(0);
    expect(m.value('tongxin_http_requests_total', { method: 'GET', route: '/api/metrics', status: '401' })).toBe(5);
    // The health routes stay open: an orchestrator probes them without the token.
    await t.http().get('/api/health/live').expect(200);
  });
});

describe('health and metrics when the queue backend is down', () => {
  let t: TestApp;
  // Nothing listens on this port: the app starts, but Redis never answers.
  beforeAll(async () => (t = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:6390' })));
  afterAll(() => t.close());

  it('stays live, is not ready, and leaves the job counts out of the metrics', async () => {
    expect((await t.http().get('/api/health/live').expect(200)).body).toEqual({ status: 'ok' });
    expect((await t.http().get('/api/health/ready').expect(503)).body).toEqual({
      status: 'error',
      db: 'up',
      queue: 'down',
      stopping: false,
    });
    const res = await t.http().get('/api/metrics').expect(200);
    const m = parseMetrics(res.text);
    expect(m.value('tongxin_metrics_source_up', { source: 'queue' })).toBe(0);
    expect(m.value('tongxin_metrics_source_up', { source: 'database' })).toBe(1);
    expect(m.names).not.toContain('tongxin_queue_jobs');
    expect(m.value('tongxin_registrations', { status: 'confirmed' })).toBe(0);
  });
});
