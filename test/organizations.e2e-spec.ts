import { createOrganization, createTestApp, organizationBody, signUp, TestApp, verifyOrganization } from './support';

describe('organizations', () => {
  let t: TestApp;
  let me: Awaited<ReturnType<typeof signUp>>;
  beforeAll(async () => {
    t = await createTestApp();
    me = await signUp(t);
  });
  afterAll(() => t.close());

  it('creates an organization with its region in Chinese and English', async () => {
    const res = await t.http().post('/api/organizations').set(me.auth).send({
      name: '天津市滨海新区公益服务中心',
      nameEn: 'Binhai Public Service Center',
      type: 'social_service_agency',
      regionCode: '120000',
      city: '天津市',
      creditCode: '9144 0300 7152 6726xg',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: '天津市滨海新区公益服务中心',
      type: 'social_service_agency',
      region: { code: '120000', nameZh: '天津市', nameEn: 'Tianjin' },
      creditCode: '9144030071526726XG',
      verified: false,
      editable: true,
    });
    const got = await t.http().get(`/api/organizations/${res.body.id}`).set(me.auth).expect(200);
    expect(got.body).toEqual(res.body);
  });

  it('answers 409 with the existing id for a credit code only a verified organization holds', async () => {
    const first = await createOrganization(t, me, { creditCode: '91350100M000100Y43', regionCode: '350000' });
    // Unverified, the code proves nothing: typing it in first must not block the real organization.
    const second = await t
      .http()
      .post('/api/organizations')
      .set(me.auth)
      .send(organizationBody({ creditCode: '91350100M000100Y43' }));
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ creditCode: '91350100M000100Y43', verified: false });

    // What a platform administrator does once they checked the organization (docs/organizations.md).
    await verifyOrganization(t, first.id);
    const res = await t
      .http()
      .post('/api/organizations')
      .set(me.auth)
      .send(organizationBody({ creditCode: '91350100M000100Y43' }));
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      statusCode: 409,
      code: 'ORGANIZATION_EXISTS',
      message: expect.any(String),
      existingId: first.id,
    });
    // Nor can an edit take the verified organization's code.
    const edit = await t
      .http()
      .patch(`/api/organizations/${second.body.id}`)
      .set(me.auth)
      .send({ creditCode: '9144030071526726XG' });
    expect(edit.status).toBe(200);
    const back = await t
      .http()
      .patch(`/api/organizations/${second.body.id}`)
      .set(me.auth)
      .send({ creditCode: '91350100M000100Y43' });
    expect(back.status).toBe(409);
    expect(back.body).toMatchObject({ code: 'ORGANIZATION_EXISTS', existingId: first.id });
  });

  it('answers 409 with the existing id for the same credit code under the same name in the same region', async () => {
    const first = await createOrganization(t, me, {
      name: '福建省慈善总会',
      creditCode: '91110000802100433B',
      regionCode: '350000',
    });
    const res = await t
      .http()
      .post('/api/organizations')
      .set(me.auth)
      .send(organizationBody({ name: '福建省慈善总会', creditCode: '91110000802100433B', regionCode: '350000' }));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'ORGANIZATION_EXISTS', existingId: first.id });
  });

  it('answers 409 for the same name in the same region, however it is spaced or typed', async () => {
    const first = await createOrganization(t, me, { name: '河北省 Green 公益促进会', regionCode: '130000' });
    const res = await t
      .http()
      .post('/api/organizations')
      .set(me.auth)
      .send(organizationBody({ name: '  河北省　ＧＲＥＥＮ   公益促进会 ', regionCode: '130000', type: 'foundation' }));
    expect(res.status).toBe(409);
    expect(res.body.existingId).toBe(first.id);
    // The same name in another region is another organization.
    await createOrganization(t, me, { name: '河北省 Green 公益促进会', regionCode: '110000' });
  });

  it.each([
    [{ creditCode: '91350100M000100Y44' }, 'creditCode'],
    [{ creditCode: '123' }, 'creditCode'],
    [{ regionCode: '110' }, 'regionCode'],
    [{ type: 'company' }, 'type'],
    [{ name: '' }, 'name'],
    [{ verified: true }, 'verified'],
  ])('refuses %j', async (patch, field) => {
    const res = await t.http().post('/api/organizations').set(me.auth).send(organizationBody(patch));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('refuses a six-digit code that is not a provincial-level division', async () => {
    const res = await t
      .http()
      .post('/api/organizations')
      .set(me.auth)
      .send(organizationBody({ regionCode: '990000' }));
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ field: 'regionCode', errors: [expect.stringContaining('GB/T 2260')] }]);
  });

  it('lists the 34 provincial-level divisions', async () => {
    const res = await t.http().get('/api/regions').expect(200);
    expect(res.body).toHaveLength(34);
    expect(res.body).toContainEqual({ code: '150000', nameZh: '内蒙古自治区', nameEn: 'Inner Mongolia' });
  });

  it('searches by name, region and type, a page at a time', async () => {
    const names = ['甲', '乙', '丙', '丁', '戊'].map((n) => `四川${n}社区发展基金会`);
    for (const name of names) await createOrganization(t, me, { name, regionCode: '510000', type: 'foundation' });
    await createOrganization(t, me, { name: '四川己社区发展协会', regionCode: '510000', type: 'social_group' });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = {
        regionCode: '510000',
        type: 'foundation',
        limit: '2',
        ...(cursor ? { cursor } : {}),
      };
      const res = await t.http().get('/api/organizations').query(query).set(me.auth).expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((o: { name: string }) => o.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...names].sort());

    const byName = await t.http().get('/api/organizations').query({ q: '社区发展协会' }).set(me.auth).expect(200);
    expect(byName.body.items.map((o: { name: string }) => o.name)).toEqual(['四川己社区发展协会']);
  });

  it('refuses a cursor it did not issue and a limit out of range', async () => {
    const bad = await t.http().get('/api/organizations').query({ cursor: 'not-a-cursor' }).set(me.auth);
    expect(bad.status).toBe(400);
    const big = await t.http().get('/api/organizations').query({ limit: '1000' }).set(me.auth);
    expect(big.status).toBe(400);
  });

  it('lets its creator edit it, checks the edit, and refuses other organizers', async () => {
    const org = await createOrganization(t, me, { name: '安徽乡村振兴促进会', regionCode: '340000' });
    const edited = await t
      .http()
      .patch(`/api/organizations/${org.id}`)
      .set(me.auth)
      .send({ nameEn: 'Anhui Rural Revival', city: '合肥市' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ nameEn: 'Anhui Rural Revival', city: '合肥市', name: '安徽乡村振兴促进会' });

    const cleared = await t.http().patch(`/api/organizations/${org.id}`).set(me.auth).send({ name: null });
    expect(cleared.status).toBe(400);

    const other = await signUp(t);
    const res = await t.http().patch(`/api/organizations/${org.id}`).set(other.auth).send({ city: '芜湖市' });
    expect(res.status).toBe(403);
    const after = await t.http().get(`/api/organizations/${org.id}`).set(me.auth).expect(200);
    expect(after.body.city).toBe('合肥市');
  });

  it('answers 409 when an edit would collide with another organization', async () => {
    await createOrganization(t, me, { name: '湖南公益联盟', regionCode: '430000' });
    const second = await createOrganization(t, me, { name: '湖南公益联合会', regionCode: '430000' });
    const res = await t.http().patch(`/api/organizations/${second.id}`).set(me.auth).send({ name: '湖南公益联盟' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ORGANIZATION_EXISTS');
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const missing = await t.http().get('/api/organizations/00000000-0000-4000-8000-000000000000').set(me.auth);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('ORGANIZATION_NOT_FOUND');
    const malformed = await t.http().get('/api/organizations/42').set(me.auth);
    expect(malformed.status).toBe(400);
  });

  it('needs a signed-in organizer', async () => {
    await t.http().get('/api/organizations').expect(401);
  });
});
