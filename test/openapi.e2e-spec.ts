import { createEvent, createTestApp, signUp, TestApp } from './support';
import { OpenApiContract } from './support/openapi-contract';

interface Operation {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: object }>; headers?: Record<string, object> }>;
}
interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
  items?: Schema;
  allOf?: unknown;
  oneOf?: unknown;
  $ref?: string;
}
interface Document {
  servers?: { url: string }[];
  security?: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

/**
 * The OpenAPI document is what a generated client is built from: every operation says what it answers (a JSON schema,
 * a file, no content, a redirect), has a summary, and says whether it needs a bearer token, the way AuthGuard decides.
 * `npm run lint:openapi` lints the same document with redocly's recommended rules.
 */
describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: Document;
  let operations: { route: string; method: string; path: string; op: Operation }[];
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: 'https://tongxin.example.org' });
    doc = (await t.http().get('/api/docs-json').expect(200)).body as Document;
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.has(method))
        .map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, method, path, op })),
    );
  });
  afterAll(() => t.close());

  it('names the server from PUBLIC_URL', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: 'https://tongxin.example.org' })]);
  });

  it('documents every operation’s success with its body: a schema per media type, 204, or a redirect with Location', () => {
    expect(operations.length).toBeGreaterThan(40);
    const problems = operations.flatMap(({ route, op }) => {
      const successes = Object.entries(op.responses).filter(([code]) => /^[23]\d\d$/.test(code));
      if (successes.length === 0) return [`${route}: no 2xx or 3xx response`];
      return successes.flatMap(([code, response]) => {
        if (code === '204') return response.content ? [`${route} 204: has content`] : [];
        if (code.startsWith('3')) return response.headers?.Location ? [] : [`${route} ${code}: no Location header`];
        const content = Object.entries(response.content ?? {});
        if (content.length === 0) return [`${route} ${code}: no content`];
        return content.filter(([, media]) => !media.schema).map(([type]) => `${route} ${code} ${type}: no schema`);
      });
    });
    expect(problems).toEqual([]);
  });

  it('gives every operation a summary', () => {
    expect(operations.filter(({ op }) => !op.summary?.trim()).map(({ route }) => route)).toEqual([]);
  });

  it('marks exactly the operations that answer without a bearer token with security: []', async () => {
    expect(doc.security).toEqual([{ bearer: [] }]);
    const placeholder = '00000000-0000-4000-8000-000000000000';
    const problems: string[] = [];
    for (const { route, method, path, op } of operations) {
      const url = path.replace(/\{[^}]+\}/g, placeholder);
      const res = await t.http()[method as 'get'](url);
      const needsToken = res.status === 401 && (res.body as { code?: string }).code === 'UNAUTHORIZED';
      const documented = op.security ?? doc.security;
      if (needsToken && !documented?.some((requirement) => 'bearer' in requirement)) {
        problems.push(`${route}: answers 401 without a token but does not document bearer security`);
      }
      if (!needsToken && !(Array.isArray(op.security) && op.security.length === 0)) {
        problems.push(`${route}: answers ${res.status} without a token but has no security: []`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('describes the fields of every object schema (no bare `type: object`)', () => {
    const bare = (schema: Schema | undefined): boolean =>
      schema !== undefined &&
      ((schema.type === 'object' &&
        !schema.properties &&
        !schema.additionalProperties &&
        !schema.allOf &&
        !schema.oneOf &&
        !schema.$ref) ||
        bare(schema.items));
    const problems = Object.entries(doc.components.schemas).flatMap(([name, schema]) =>
      Object.entries(schema.properties ?? {})
        .filter(([, property]) => bare(property))
        .map(([property]) => `${name}.${property}`),
    );
    expect(problems).toEqual([]);
  });

  it('documents each route with its own schemas: the list of events, the summary’s attendance, nullable series', () => {
    const ref = (schema: Schema | undefined) => schema?.$ref?.split('/').pop();
    const { schemas } = doc.components;
    expect(ref(schemas.EventPageDto?.properties?.items?.items)).toBe('EventListItemDto');
    expect(Object.keys(schemas.EventListItemDto?.properties ?? {})).toEqual(expect.arrayContaining(['id', 'myRole']));
    const attendance = schemas[ref(schemas.EventSummaryDto?.properties?.attendance)!];
    expect(Object.keys(attendance?.properties ?? {})).toEqual(expect.arrayContaining(['attended', 'attendanceRate']));
    expect(attendance?.properties).not.toHaveProperty('byOrganization');
    for (const view of ['EventDto', 'PublicEventDto', 'EventSummaryDto']) {
      expect(schemas[view]?.properties?.series).toMatchObject({
        nullable: true,
        allOf: [{ $ref: expect.any(String) }],
      });
    }
  });

  describe('the contract every e2e suite is held to (test/support/openapi-contract.ts)', () => {
    let contract: OpenApiContract;
    let event: Record<string, unknown>;
    let eventId: string;
    beforeAll(async () => {
      contract = await OpenApiContract.of(t.app.getHttpServer());
      const owner = await signUp(t);
      eventId = (await createEvent(t, owner)).id;
      event = (await t.http().get(`/api/events/${eventId}`).set(owner.auth).expect(200)).body;
    });
    const answer = (status: number, body: unknown) =>
      ({ status, body, text: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) as never;

    it('takes what the api answers, series null outside a series included', () => {
      expect(event.series).toBeNull();
      expect(contract.mismatch('GET', `/api/events/${eventId}`, answer(200, event))).toBeNull();
      const notFound = { statusCode: 404, code: 'EVENT_NOT_FOUND', message: 'Event not found' };
      expect(contract.mismatch('GET', `/api/events/${eventId}`, answer(404, notFound))).toBeNull();
    });

    it('names the route, the status and each field that breaks the document', () => {
      const { title: _title, ...untitled } = event;
      const broken = { ...untitled, capacity: 'many', secret: 1, series: { id: 'x' } };
      const message = contract.mismatch('GET', `/api/events/${eventId}?x=1`, answer(200, broken))?.message ?? '';
      expect(message).toContain('GET /api/events/{id} answered 200');
      expect(message).toMatch(/\(body\) must have required property 'title'/);
      expect(message).toContain('/capacity must be number');
      expect(message).toContain('must NOT have additional properties: "secret"');
      expect(message).toContain('/series must have required property');
      expect(contract.mismatch('GET', `/api/events/${eventId}`, answer(404, { code: 'NOPE' }))?.message).toContain(
        'answered 404',
      );
      expect(contract.mismatch('GET', `/api/events/${eventId}`, answer(299, event))?.message).toContain(
        'which the document does not describe',
      );
    });

    it('leaves alone what the document does not cover: pages and bodies that are not JSON', () => {
      expect(contract.mismatch('GET', '/e/some-event', answer(200, { anything: true }))).toBeNull();
      const csv = { status: 200, body: {}, text: 'a,b', headers: { 'content-type': 'text/csv' } } as never;
      expect(contract.mismatch('GET', `/api/events/${eventId}/registrations.csv`, csv)).toBeNull();
    });
  });
});
