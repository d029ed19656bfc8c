import type { Response, Test } from 'supertest';
import {
  createEvent,
  createOrganization,
  createTestApp,
  databaseFingerprint,
  eventBody,
  Organizer,
  publishEvent,
  signUp,
  TestApp,
} from './support';

/** Nested arrays, `levels` deep, as JSON text (too deep for JSON.stringify's taste and ours). */
const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const LIMIT_BYTES = 1024 * 1024; // the json parser's limit: '1mb'

/**
 * Every JSON body is bounded in depth before it is parsed, and every nested object or list of objects a DTO takes is
 * checked: missing, null or the wrong type answers 400 naming the field, never a 500, and writes nothing.
 */
describe('request bodies', () => {
  let t: TestApp;
  let owner: Organizer;
  let event: { id: string; slug: string };
  let orgIds: string[];

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t);
    event = await publishEvent(t, owner, { capacity: 1000 });
    orgIds = [(await createOrganization(t, owner)).id, (await createOrganization(t, owner)).id];
  });
  afterAll(() => t.close());

  /** Sends the request and expects 400 VALIDATION_FAILED, naming each field given, with nothing written. */
  async function refused(request: () => Test, ...fields: string[]): Promise<Response> {
    const before = await databaseFingerprint(t.db);
    const res = await request();
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({
      status: 400,
      body: { statusCode: 400, code: 'VALIDATION_FAILED', message: expect.any(String) },
    });
    const named = ((res.body.fields ?? []) as { field: string }[]).map((f) => f.field);
    for (const field of fields) {
      expect(named.some((n) => n === field || n.startsWith(`${field}.`))).toBe(true);
    }
    expect(await databaseFingerprint(t.db)).toEqual(before);
    return res;
  }

  const json = (test: Test, text: string) => test.set('Content-Type', 'application/json').send(text);
  const person = '"name":"张伟","email":"zhang.wei@example.org"';

  describe('nesting deeper than 32 levels', () => {
    const tooDeep = (res: Response) => expect(res.body.message).toContain('32 levels');

    it('is refused on a public registration, a group registration and an intention (2,000 levels in 4 KB)', async () => {
      const registration = `{${person},"organization":${deep(2_000)}}`;
      expect(registration.length).toBeLessThan(4_200);
      tooDeep(await refused(() => json(t.http().post(`/api/public/events/${event.slug}/registrations`), registration)));
      const group = `{"delegate":{${person}},"organization":${deep(2_000)},"attendees":[{${person}}]}`;
      tooDeep(await refused(() => json(t.http().post(`/api/public/events/${event.slug}/group-registrations`), group)));
      const intention = `{"title":"合作","field":"charity","status":"intent","organizationIds":${deep(2_000)}}`;
      tooDeep(
        await refused(() => json(t.http().post(`/api/events/${event.id}/intentions`).set(owner.auth), intention)),
      );
    });

    it('is refused at the size limit, and the size limit still answers 413 one byte past it', async () => {
      const head = `{${person},"organization":`;
      const levels = (LIMIT_BYTES - Buffer.byteLength(head) - 1) / 2;
      const atLimit = `${head}${deep(Math.floor(levels))}${levels % 1 ? ' ' : ''}}`;
      expect(Buffer.byteLength(atLimit)).toBe(LIMIT_BYTES);
      tooDeep(await refused(() => json(t.http().post(`/api/public/events/${event.slug}/registrations`), atLimit)));

      const over = await json(t.http().post(`/api/public/events/${event.slug}/registrations`), `${atLimit} `);
      expect(over.status).toBe(413);
      expect(over.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    });

    it('counts objects and arrays alike and leaves brackets inside strings alone', async () => {
      const objects = `{${person},"organization":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`;
      tooDeep(await refused(() => json(t.http().post(`/api/public/events/${event.slug}/registrations`), objects)));
      // 32 levels is allowed: validation, not the bound, refuses this one.
      const allowed = `{${person},"organization":${deep(31)}}`;
      const res = await refused(
        () => json(t.http().post(`/api/public/events/${event.slug}/registrations`), allowed),
        'organization',
      );
      expect(res.body.message).not.toContain('32 levels');
      const bracketsInText = JSON.stringify({
        name: '['.repeat(90),
        email: 'brackets@example.org',
        organization: { name: `${'{'.repeat(50)}协会`, type: 'social_group', regionCode: '110000' },
      });
      await t
        .http()
        .post(`/api/public/events/${event.slug}/registrations`)
        .send(JSON.parse(bracketsInText))
        .expect(201);
    });

    it('holds on every route: a page route and an unknown route refuse a deep JSON body before anything else', async () => {
      tooDeep(await refused(() => json(t.http().post(`/e/${event.slug}/register`), `{"a":${deep(2_000)}}`)));
      tooDeep(await refused(() => json(t.http().post('/api/no-such-route'), deep(2_000))));
    });

    it('cannot come through a page form: bracket keys stay flat keys, however deep', async () => {
      const page = await t.http().get(`/e/${event.slug}`).expect(200);
      const cookie = (page.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('tx_csrf='))!;
      const csrf = /name='_csrf' value='([^']+)'/.exec(page.text)![1]!;
      const key = `organization${'[a]'.repeat(2_000)}`;
      const before = await databaseFingerprint(t.db);
      const res = await t
        .http()
        .post(`/e/${event.slug}/register`)
        .set('Cookie', cookie.split(';')[0]!)
        .type('form')
        .send(`_csrf=${encodeURIComponent(csrf)}&${encodeURIComponent(key)}=1&${'%5B'.repeat(2_000)}=2`);
      expect(res.status).toBe(400); // the form again, with its errors: name, email and organization are missing
      expect(res.text).toContain('<form');
      expect(await databaseFingerprint(t.db)).toEqual(before);
    });
  });

  describe('nested objects', () => {
    it('walk-ins: person and organization are required objects (an empty body was a 500)', async () => {
      const walkIn = (body: unknown) => () =>
        t
          .http()
          .post(`/api/events/${event.id}/walk-ins`)
          .set(owner.auth)
          .send(body as object);
      await refused(walkIn({}), 'person', 'organization');
      await refused(walkIn({ person: null, organization: null }), 'person', 'organization');
      await refused(walkIn({ person: '张伟', organization: [] }), 'person', 'organization');
      await refused(walkIn({ person: [{ name: '张伟' }], organization: { id: orgIds[0] } }), 'person');
      await refused(walkIn({ person: { name: '张伟' }, organization: [[{ id: orgIds[0] }]] }), 'organization');
      await refused(
        walkIn({ person: { name: 42 }, organization: { id: 'not-a-uuid' } }),
        'person.name',
        'organization.id',
      );
    });

    it('registrations: organization is a required object', async () => {
      const register = (organization: unknown) => () =>
        t
          .http()
          .post(`/api/public/events/${event.slug}/registrations`)
          .send({
            name: '张伟',
            email: 'zhang.wei@example.org',
            ...(organization === undefined ? {} : { organization }),
          });
      for (const organization of [undefined, null, '协会', 7, [], [{ id: orgIds[0] }]]) {
        await refused(register(organization), 'organization');
      }
    });

    it('group registrations: delegate and organization are objects, attendees a list of objects', async () => {
      const valid = {
        delegate: { name: '李明', email: 'li.ming@example.org' },
        organization: { id: orgIds[0] },
        attendees: [{ name: '王芳', email: 'wang.fang@example.org' }],
      };
      const group = (overrides: object) => () =>
        t
          .http()
          .post(`/api/public/events/${event.slug}/group-registrations`)
          .send({ ...valid, ...overrides });
      await refused(
        () => t.http().post(`/api/public/events/${event.slug}/group-registrations`).send({}),
        'delegate',
        'organization',
        'attendees',
      );
      await refused(group({ delegate: null, organization: 'x' }), 'delegate', 'organization');
      await refused(
        group({ delegate: [valid.delegate], organization: [valid.organization] }),
        'delegate',
        'organization',
      );
      for (const attendees of [null, 'x', {}, [null], [[]], ['王芳'], [[valid.attendees[0]]]]) {
        await refused(group({ attendees }), 'attendees');
      }
    });

    it('events: hosts, agenda, questions and question options are lists of objects, on create and on change', async () => {
      const { id } = await createEvent(t, owner);
      const create = (overrides: Record<string, unknown>) => () =>
        t.http().post('/api/events').set(owner.auth).send(eventBody(overrides));
      const change = (body: object) => () => t.http().patch(`/api/events/${id}`).set(owner.auth).send(body);
      for (const field of ['hosts', 'agenda', 'questions']) {
        for (const value of ['x', {}, [null], [[]], [7]]) {
          await refused(create({ [field]: value }), field);
          await refused(change({ [field]: value }), field);
        }
        await refused(change({ [field]: null }), field);
      }
      const question = { key: 'diet', type: 'choice', labelZh: '饮食' };
      for (const options of ['x', [null], [[]], [{ key: 'halal' }]]) {
        await refused(create({ questions: [{ ...question, options }] }), 'questions.0.options');
      }
    });
  });
});
