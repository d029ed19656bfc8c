import fc from 'fast-check';
import type { Response } from 'supertest';
import {
  createOrganization,
  createTestApp,
  databaseFingerprint,
  Organizer,
  publishEvent,
  signUp,
  TestApp,
} from './support';

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};
interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** A request as generated: what a failure message shows. */
interface Sent {
  method: string;
  url: string;
  token: boolean;
  body?: string;
}

// A fixed seed: every run sends the same requests (about 1,000 for the document's ~80 operations, 15-30 s on
// two cores; jest's 60 s timeout bounds the test), and a failure names the request, so it can be sent again by hand.
const SEED = 20231123;
const BODIES_PER_OPERATION = 24;
const IDS_PER_OPERATION = 4;
const QUERIES_PER_OPERATION = 6;

/** Path segments no route expects, already encoded: a UUID of nobody, not a UUID, encoded control bytes, too long. */
const bogusSegment = fc.oneof(
  fc.uuid(),
  fc.constantFrom('not-a-uuid', '0', '-1', '%00', '%0A%0D', '..%2F..', '%E0%A4%A', '%C0%AE', 'a'.repeat(3_000), '🤷'),
  fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
);

/** Values of the wrong type or shape for any field. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 1e308, 2 ** 53 + 2, -2147483649),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 8 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\u202e', ' ', '', 'x'.repeat(20_001), '长'.repeat(5_001)),
  fc.constantFrom('2026-02-30T25:61:00+08:00', '00000000-0000-0000-0000-000000000000', 'NaN', 'true', '[]'),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.integer(), fc.constant(null)), { maxKeys: 3 }),
);

/** Bodies that are not an object of fields at all. */
const hostileBody = fc.constantFrom(
  'null',
  '[]',
  '42',
  '"text"',
  'true',
  '{"a":',
  '{',
  '',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  `${'['.repeat(40)}${']'.repeat(40)}`,
  `{"a":${'['.repeat(2_000)}${']'.repeat(2_000)}}`,
  '\u0000',
);

/**
 * Input no test wrote by hand, generated (deterministically) from the served OpenAPI document: every JSON operation
 * gets wrong types, missing and extra fields, long and control-character strings, non-object and malformed bodies,
 * bogus path ids and query values, with an organizer's token and without. Whatever it sends, the api answers below
 * 500, every 4xx is a JSON error, and a refused request writes nothing. (Every answer also goes through the OpenAPI
 * contract check of createTestApp.)
 */
describe('generated input', () => {
  let t: TestApp;
  let owner: Organizer;
  let doc: Document;
  let real: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t);
    const organization = await createOrganization(t, owner);
    const series = await t.http().post('/api/series').set(owner.auth).send({ title: '公益大讲堂' }).expect(201);
    const event = await publishEvent(t, owner, { capacity: 500 });
    const registration = await t
      .http()
      .post(`/api/public/events/${event.slug}/registrations`)
      .send({ name: '张伟', email: 'zhang.wei@example.org', organization: { id: organization.id } })
      .expect(201);
    const group = await t
      .http()
      .post(`/api/public/events/${event.slug}/group-registrations`)
      .send({
        delegate: { name: '李明', email: 'li.ming@example.org' },
        organization: { id: organization.id },
        attendees: [{ name: '王芳', email: 'wang.fang@example.org' }],
      })
      .expect(201);
    const other = await createOrganization(t, owner);
    const intention = await t
      .http()
      .post(`/api/events/${event.id}/intentions`)
      .set(owner.auth)
      .send({ title: '合作', organizationIds: [organization.id, other.id], field: 'charity', status: 'intent' })
      .expect(201);
    const tokenOf = (url: string) => url.split('/').pop()!;
    real = {
      event: event.id,
      organization: organization.id,
      series: series.body.id,
      slug: event.slug,
      manage: tokenOf(registration.body.manageUrl),
      group: tokenOf(group.body.manageUrl),
      registration: registration.body.id,
      groupAttendee: group.body.attendees[0].id,
      intention: intention.body.id,
    };
    doc = (await t.http().get('/api/docs-json').expect(200)).body as Document;
  });
  afterAll(() => t.close());

  /** The real value of a path parameter, so that a request gets past the lookup to the body; undefined: none. */
  function realParam(template: string, name: string): string | undefined {
    if (name === 'slug') return real.slug;
    if (name === 'iid') return real.intention;
    if (name === 'rid') return template.includes('group-registrations') ? real.groupAttendee : real.registration;
    if (name === 'registrationId') return real.registration;
    if (name === 'token' && template.startsWith('/api/public/registrations/')) return real.manage;
    if (name === 'token' && template.startsWith('/api/public/group-registrations/')) return real.group;
    if (name !== 'id') return undefined;
    if (template.startsWith('/api/organizations/')) return real.organization;
    if (template.startsWith('/api/series/')) return real.series;
    return real.event;
  }

  function resolve(schema: Schema | undefined): Schema {
    let s = schema ?? {};
    for (let i = 0; s.$ref && i < 20; i++) s = doc.components.schemas[s.$ref.split('/').pop()!] ?? {};
    const merged = s.allOf ?? s.oneOf ?? s.anyOf;
    return merged ? resolve(merged[0]) : s;
  }

  /** A plausible value for a schema (its example, the first enum value, a real id for a UUID), so that mutations of
   * one field get past the others. */
  function sample(schema: Schema | undefined, depth = 0): unknown {
    const s = resolve(schema);
    if (s.format === 'uuid') return real.organization;
    if (s.example !== undefined) return s.example;
    if (s.enum) return s.enum[0];
    if (s.type === 'array') return depth > 3 ? [] : [sample(s.items, depth + 1)];
    if (s.type === 'object' || s.properties) {
      if (depth > 3) return {};
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v, depth + 1)]));
    }
    if (s.type === 'integer' || s.type === 'number') return 1;
    if (s.type === 'boolean') return true;
    return 'x';
  }

  /** Every place in a body a mutation can reach (objects' fields and arrays' items, a few levels deep). */
  function placesIn(value: unknown, path: (string | number)[] = []): (string | number)[][] {
    if (path.length > 3 || typeof value !== 'object' || value === null) return [];
    const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    return keys.flatMap((k) => [[...path, k], ...placesIn((value as Record<string, unknown>)[k], [...path, k])]);
  }

  /** body with the value at path set (or removed when remove is true). */
  function changed(body: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
    const copy = structuredClone(body) as Record<string | number, unknown>;
    let at = copy;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (remove && Array.isArray(at)) at.splice(last as number, 1);
    else if (remove) delete at[last];
    else at[last] = value;
    return copy;
  }

  /** Not left to chance: the empty object, and each top-level field left out and null. */
  function everyFieldMissingOrNull(schema: Schema): string[] {
    const base = sample(schema) as Record<string, unknown>;
    return [
      '{}',
      ...Object.keys(base).flatMap((key) => [
        JSON.stringify(changed(base, [key], undefined, true)),
        JSON.stringify(changed(base, [key], null)),
      ]),
    ];
  }

  function bodies(schema: Schema): fc.Arbitrary<string> {
    const base = sample(schema);
    const places = placesIn(base);
    const field = places.length ? fc.constantFrom(...places) : fc.constant<(string | number)[]>(['x']);
    return fc.oneof(
      {
        weight: 4,
        arbitrary: fc.tuple(field, hostileValue).map(([path, v]) => JSON.stringify(changed(base, path, v))),
      },
      { weight: 2, arbitrary: field.map((path) => JSON.stringify(changed(base, path, undefined, true))) },
      {
        weight: 2,
        arbitrary: fc.tuple(field, fc.string({ minLength: 1, maxLength: 12 }), hostileValue).map(([path, key, v]) => {
          const parent = path.slice(0, -1);
          const target = parent.length ? changed(base, [...parent, key], v) : { ...(base as object), [key]: v };
          return JSON.stringify(target);
        }),
      },
      { weight: 1, arbitrary: hostileBody },
      { weight: 1, arbitrary: fc.constant(JSON.stringify(base)) },
    );
  }

  function pathWith(template: string, ids: fc.Arbitrary<Record<string, string>>): fc.Arbitrary<string> {
    return ids.map((values) => template.replace(/\{(\w+)\}/g, (_, name: string) => values[name]!));
  }

  /** Path parameters: the real ones (bogus where there is none), or with probability `bogus` each made up. */
  function params(template: string, bogus: boolean): fc.Arbitrary<Record<string, string>> {
    const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    return fc.record(
      Object.fromEntries(
        names.map((name) => {
          const known = realParam(template, name);
          return [name, known && !bogus ? fc.constant(known) : bogusSegment];
        }),
      ),
    );
  }

  it('answers anything it is sent below 500, with JSON errors, and writes nothing it refuses', async () => {
    const requests: Sent[] = [];
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const schema = operation.requestBody?.content['application/json']?.schema;
        // Mostly with an organizer's token (without one, most routes stop at 401).
        const token = fc.oneof(
          { weight: 3, arbitrary: fc.constant(true) },
          { weight: 1, arbitrary: fc.constant(false) },
        );
        const seed = SEED + requests.length;
        if (schema) {
          const url = pathWith(template, params(template, false));
          const request = fc.record({ url, token, body: bodies(schema) });
          requests.push(...fc.sample(request, { seed, numRuns: BODIES_PER_OPERATION }).map((r) => ({ method, ...r })));
          const [fixed] = fc.sample(url, { seed, numRuns: 1 });
          requests.push(...everyFieldMissingOrNull(schema).map((body) => ({ method, url: fixed!, token: true, body })));
        }
        if (template.includes('{')) {
          const request = fc.record({ url: pathWith(template, params(template, true)), token });
          requests.push(
            ...fc.sample(request, { seed: seed + 1, numRuns: IDS_PER_OPERATION }).map((r) => ({ method, ...r })),
          );
        }
        const query = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        if (query.length > 0 && !schema) {
          const values = fc.oneof(
            // Cut to 2,000 characters: past 16 KB of headers Node itself answers 431, before the app.
            hostileValue.map((v) =>
              encodeURIComponent((typeof v === 'string' ? v : (JSON.stringify(v) ?? '')).slice(0, 2_000)),
            ),
            fc.constantFrom('%00', '-1', '1e9', '1&limit=2', 'a&cursor=b&cursor=c', '%'),
          );
          const request = fc
            .record({ url: pathWith(template, params(template, false)), name: fc.constantFrom(...query), values })
            .map(({ url, name, values: v }) => ({ url: `${url}?${name}=${v}`, token: true }));
          requests.push(
            ...fc.sample(request, { seed: seed + 2, numRuns: QUERIES_PER_OPERATION }).map((r) => ({ method, ...r })),
          );
        }
      }
    }

    const problems: string[] = [];
    let before = await databaseFingerprint(t.db);
    /** What is wrong with an answer: a 5xx, a 4xx that is not a JSON error, a refusal that wrote something. */
    const wrongWith = async (res: Response | Error): Promise<string[]> => {
      const after = await databaseFingerprint(t.db);
      const written = Object.keys(after).filter((table) => after[table] !== before[table]);
      before = after;
      // A rejection is the OpenAPI contract of createTestApp failing: a problem like the others.
      if (res instanceof Error) return [res.message];
      const answer = `answered ${res.status} ${String(res.headers['content-type'])} ${(res.text ?? '').slice(0, 200)}`;
      const body = res.body as { statusCode?: unknown; code?: unknown; message?: unknown };
      const jsonError =
        /^application\/json/.test(String(res.headers['content-type'])) &&
        body.statusCode === res.status &&
        typeof body.code === 'string' &&
        typeof body.message === 'string';
      return [
        ...(res.status >= 500 ? [answer] : []),
        ...(res.status >= 400 && !jsonError ? [`${answer}: not a JSON error`] : []),
        ...(res.status >= 400 && written.length > 0 ? [`refused, but changed ${written.join(', ')}`] : []),
      ];
    };
    for (const sent of requests) {
      let test = t.http()[sent.method as 'get'](sent.url);
      if (sent.token) test = test.set(owner.auth);
      if (sent.body !== undefined) test = test.set('Content-Type', 'application/json').send(sent.body);
      const res = await test.then(
        (r) => r,
        (error: Error) => error,
      );
      const request = `${sent.method.toUpperCase()} ${sent.url.slice(0, 200)}${sent.token ? ' (token)' : ''}`;
      for (const problem of await wrongWith(res)) {
        problems.push(`${request} ${(sent.body ?? '').slice(0, 300)}\n  ${problem}`);
      }
    }
    expect(requests.length).toBeGreaterThan(500);
    expect(problems).toEqual([]);
  });
});
