import { createEvent, createOrganization, createTestApp, Organizer, signUp, TestApp } from './support';
import { randomUUID } from 'node:crypto';

/** Cooperation intentions at an exchange meeting: recorded, moved on to signing, counted. */
describe('cooperation intentions', () => {
  let t: TestApp;
  let owner: Organizer;
  let checker: Organizer;
  let stranger: Organizer;
  let eventId: string;
  let otherEventId: string;
  let orgs: { id: string; name: string; regionCode: string }[];
  const signedAt = '2026-12-05T15:30:00+08:00';

  beforeAll(async () => {
    t = await createTestApp();
    [owner, checker, stranger] = [await signUp(t), await signUp(t), await signUp(t)];
    eventId = (await createEvent(t, owner)).id;
    otherEventId = (await createEvent(t, owner)).id;
    await t
      .http()
      .post(`/api/events/${eventId}/team`)
      .set(owner.auth)
      .send({ email: checker.email, role: 'checkin' })
      .expect(201);
    orgs = [];
    for (const [name, regionCode] of [
      ['北京市养老服务协会', '110000'],
      ['天津市慈善协会', '120000'],
      ['河北省社会组织总会', '130000'],
    ]) {
      const created = await createOrganization(t, owner, { name: `${name}${randomUUID().slice(0, 4)}`, regionCode });
      orgs.push({ id: created.id, name: created.name, regionCode: regionCode! });
    }
  });
  afterAll(() => t.close());

  const post = (body: object, who = owner, event = eventId) =>
    t.http().post(`/api/events/${event}/intentions`).set(who.auth).send(body);
  const patch = (id: string, body: object, who = owner, event = eventId) =>
    t.http().patch(`/api/events/${event}/intentions/${id}`).set(who.auth).send(body);
  const intent = (overrides: object = {}) => ({
    title: '京津冀社区养老服务合作',
    organizationIds: [orgs[0]!.id, orgs[1]!.id],
    field: 'charity',
    status: 'intent',
    ...overrides,
  });

  it('records an intention between two or more organizations, and a signed one with its time', async () => {
    const res = await post(intent({ organizationIds: [orgs[2]!.id, orgs[0]!.id, orgs[1]!.id] })).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      title: '京津冀社区养老服务合作',
      field: 'charity',
      status: 'intent',
      signedAt: null,
      parties: [...orgs]
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .map((o) => ({ id: o.id, name: o.name, nameEn: null, regionCode: o.regionCode })),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const signed = await post(
      intent({ title: '团体标准共建', field: 'group_standard', status: 'signed', signedAt }),
    ).expect(201);
    expect(signed.body).toMatchObject({ status: 'signed', signedAt: new Date(signedAt).toISOString() });
  });

  it.each([
    ['one organization', { organizationIds: [] }, 'organizationIds'],
    ['the same organization twice', { organizationIds: ['A', 'A'] }, 'organizationIds'],
    ['an unknown organization', { organizationIds: ['A', 'unknown'] }, 'organizationIds.1'],
    ['signedAt without signed', { signedAt }, 'signedAt'],
    ['signed without signedAt', { status: 'signed' }, 'signedAt'],
    ['an unknown field', { field: 'sports' }, 'field'],
  ])('refuses %s with 400', async (_, overrides, field) => {
    const ids = (overrides as { organizationIds?: string[] }).organizationIds;
    const body = intent({
      ...overrides,
      ...(ids && {
        organizationIds: ids.length === 0 ? [orgs[0]!.id] : ids.map((x) => (x === 'A' ? orgs[0]!.id : randomUUID())),
      }),
    });
    const res = await post(body).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('moves an intention on to signed and back, and edits its title and field', async () => {
    const { id } = (await post(intent({ title: '联合调研' }))).body;
    await patch(id, { status: 'negotiating' }).expect(200);
    expect((await patch(id, { status: 'signed' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const signed = await patch(id, { status: 'signed', signedAt }).expect(200);
    expect(signed.body).toMatchObject({ status: 'signed', signedAt: new Date(signedAt).toISOString() });
    const edited = await patch(id, { title: '京津冀联合调研', field: 'research' }).expect(200);
    expect(edited.body).toMatchObject({ title: '京津冀联合调研', field: 'research', status: 'signed' });
    const back = await patch(id, { status: 'negotiating' }).expect(200);
    expect(back.body).toMatchObject({ status: 'negotiating', signedAt: null });
    expect((await patch(id, { signedAt }).expect(400)).body.fields[0].field).toBe('signedAt');
    expect((await patch(randomUUID(), { status: 'intent' }).expect(404)).body.code).toBe('NOT_FOUND');
    await patch(id, { status: 'intent' }, owner, otherEventId).expect(404);
  });

  it('lists the intentions with counts by field and by status', async () => {
    const res = await t.http().get(`/api/events/${eventId}/intentions`).set(checker.auth).expect(200);
    const items = res.body.items as { field: string; status: string }[];
    expect(items.map((i) => i.field)).toEqual(['charity', 'group_standard', 'research']);
    expect(res.body.total).toBe(3);
    expect(res.body.byStatus).toEqual({ intent: 1, negotiating: 1, signed: 1 });
    expect(res.body.byField).toMatchObject({ charity: 1, group_standard: 1, research: 1, training: 0, other: 0 });
    const other = await t.http().get(`/api/events/${otherEventId}/intentions`).set(owner.auth).expect(200);
    expect(other.body).toMatchObject({ items: [], total: 0 });
  });

  it('lets the checkin role read but not write, and strangers nothing', async () => {
    const { id } = (await t.http().get(`/api/events/${eventId}/intentions`).set(owner.auth)).body.items[0];
    expect((await post(intent(), checker)).status).toBe(403);
    expect((await patch(id, { status: 'negotiating' }, checker)).status).toBe(403);
    for (const res of [
      await post(intent(), stranger),
      await patch(id, { status: 'negotiating' }, stranger),
      await t.http().get(`/api/events/${eventId}/intentions`).set(stranger.auth),
    ]) {
      expect([res.status, res.body.code]).toEqual([404, 'EVENT_NOT_FOUND']);
    }
  });
});
