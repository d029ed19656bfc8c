import { creditCodeCheckCharacter, organizationById } from '@tongxin/organizations';
import { registrationByEmail } from '@tongxin/registrations';
import {
  createEvent,
  createOrganization,
  createTestApp,
  Organizer,
  organizationsNamed,
  publishEvent,
  signUp,
  TestApp,
  verifyOrganization,
} from './support';

/** A valid GB 32100 code for a social group registered in Beijing, distinct per n. */
function creditCode(n: number): string {
  const first17 = `51110000MJ${String(n).padStart(7, '0')}`;
  return first17 + creditCodeCheckCharacter(first17);
}

describe('shared organizations', () => {
  let t: TestApp;
  let a: Organizer;
  let b: Organizer;
  beforeAll(async () => {
    t = await createTestApp();
    a = await signUp(t);
    b = await signUp(t);
  });
  afterAll(() => t.close());

  const rename = (who: Organizer, id: string, name: string) =>
    t.http().patch(`/api/organizations/${id}`).set(who.auth).send({ name });
  const register = (slug: string, email: string, organization: Record<string, unknown>) =>
    t.http().post(`/api/public/events/${slug}/registrations`).send({ name: '参会者', email, organization });
  const hostedBy = async (slug: string) =>
    (
      (await t.http().get(`/api/public/events/${slug}`).expect(200)).body.hosts as { organization: { name: string } }[]
    ).map((h) => h.organization.name);
  const exportCsv = async (who: Organizer, eventId: string) => {
    const res = await t
      .http()
      .get(`/api/events/${eventId}/registrations.csv`)
      .set(who.auth)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    return (res.body as Buffer).toString('utf8');
  };
  const organizationOf = async (eventId: string, email: string) => {
    const registration = await registrationByEmail(t.db.manager, eventId, email);
    return (await organizationById(t.db.manager, registration!.organization.id))!;
  };

  it("lets its creator rename it while unused, and no longer once another organizer's event hosts it", async () => {
    const org = await createOrganization(t, b, { name: '北京市朝阳区社区服务协会', regionCode: '110000' });
    const renamed = await rename(b, org.id, '北京市朝阳区社区服务促进会');
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: '北京市朝阳区社区服务促进会', editable: true });

    const event = await publishEvent(t, a, { hosts: [{ organizationId: org.id, role: 'host' }] });
    const refused = await rename(b, org.id, 'SCAM: pay fees at http://evil.example');
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      statusCode: 409,
      code: 'ORGANIZATION_SHARED',
      message: expect.stringContaining('administrator'),
    });
    // Nothing else changes through the back door either.
    expect((await t.http().patch(`/api/organizations/${org.id}`).set(b.auth).send({ nameEn: 'SCAM' })).status).toBe(
      409,
    );

    expect(await hostedBy(event.slug)).toEqual(['北京市朝阳区社区服务促进会']);
    const got = await t.http().get(`/api/organizations/${org.id}`).set(b.auth).expect(200);
    expect(got.body).toMatchObject({ name: '北京市朝阳区社区服务促进会', nameEn: null, editable: false });
  });

  it("freezes an organization once a registration in another organizer's event uses it; exports keep its name", async () => {
    const org = await createOrganization(t, b, { name: '天津市河西区志愿者协会', regionCode: '120000' });
    const event = await publishEvent(t, a);
    await register(event.slug, 'shared-reg@example.org', { id: org.id }).expect(201);

    const refused = await rename(b, org.id, 'SCAM: pay fees at http://evil.example');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ORGANIZATION_SHARED');
    expect(await exportCsv(a, event.id)).toContain('参会者,shared-reg@example.org,,天津市河西区志愿者协会,');
    expect(await exportCsv(a, event.id)).not.toContain('SCAM');
  });

  it('freezes an organization a group registration in another organizer’s event names', async () => {
    const org = await createOrganization(t, b, { name: '河北省石家庄市青年志愿者协会', regionCode: '130000' });
    const event = await publishEvent(t, a);
    await t
      .http()
      .post(`/api/public/events/${event.slug}/group-registrations`)
      .send({
        delegate: { name: '带队人', email: 'delegate-shared@example.org' },
        // By name: resolved to B's organization.
        organization: { name: ' 河北省石家庄市青年志愿者协会 ', type: 'social_group', regionCode: '130000' },
        attendees: [{ name: '队员', email: 'member-shared@example.org' }],
      })
      .expect(201);
    expect((await organizationOf(event.id, 'member-shared@example.org')).id).toBe(org.id);
    expect((await rename(b, org.id, '改名')).status).toBe(409);
  });

  it("stays editable while only its creator's own events use it", async () => {
    const org = await createOrganization(t, b, { name: '上海市浦东新区公益服务社', regionCode: '310000' });
    const own = await publishEvent(t, b, { hosts: [{ organizationId: org.id, role: 'organizer' }] });
    await register(own.slug, 'own-event@example.org', { id: org.id }).expect(201);
    // Another organizer on B's event as manager does not make it theirs: B can edit that event's page anyway.
    await t.http().post(`/api/events/${own.id}/team`).set(b.auth).send({ email: a.email, role: 'manager' }).expect(201);

    const renamed = await rename(b, org.id, '上海市浦东新区公益服务中心');
    expect(renamed.status).toBe(200);
    expect(renamed.body.editable).toBe(true);
    expect(await hostedBy(own.slug)).toEqual(['上海市浦东新区公益服务中心']);
    // Others never may.
    expect((await rename(a, org.id, '别人的改名')).status).toBe(403);
  });

  it('counts an event where the creator only checks people in as somebody else’s', async () => {
    const org = await createOrganization(t, b, { name: '江苏省南京市助残志愿者协会', regionCode: '320000' });
    const event = await publishEvent(t, a, { hosts: [{ organizationId: org.id, role: 'co_organizer' }] });
    await t
      .http()
      .post(`/api/events/${event.id}/team`)
      .set(a.auth)
      .send({ email: b.email, role: 'checkin' })
      .expect(201);
    expect((await rename(b, org.id, '改名')).status).toBe(409);
    await t
      .http()
      .post(`/api/events/${event.id}/team`)
      .set(a.auth)
      .send({ email: b.email, role: 'manager' })
      .expect(201);
    expect((await rename(b, org.id, '江苏省南京市助残服务协会')).status).toBe(200);
  });

  it('keeps organizations added by registrants uneditable by anyone', async () => {
    const event = await publishEvent(t, a);
    await register(event.slug, 'walk-in-org@example.org', {
      name: '浙江省新成立的环保社',
      type: 'social_group',
      regionCode: '330000',
    }).expect(201);
    const added = await organizationOf(event.id, 'walk-in-org@example.org');
    for (const who of [a, b]) {
      const res = await rename(who, added.id, '改名');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN_ROLE');
    }
    const got = await t.http().get(`/api/organizations/${added.id}`).set(a.auth).expect(200);
    expect(got.body).toMatchObject({ name: '浙江省新成立的环保社', editable: false });
  });

  it('waits for a host being added at the same moment, and then refuses the edit', async () => {
    const org = await createOrganization(t, b, { name: '重庆市渝中区社工协会', regionCode: '500000' });
    const event = await createEvent(t, a);
    const tx = t.db.createQueryRunner();
    await tx.connect();
    await tx.startTransaction();
    try {
      await tx.query(`INSERT INTO event_host (event_id, organization_id, role, position) VALUES ($1, $2, 'host', 0)`, [
        event.id,
        org.id,
      ]);
      let settled = false;
      // nameEn is in no unique index, so only the edit's own row lock (FOR UPDATE) makes it wait.
      const patch = t
        .http()
        .patch(`/api/organizations/${org.id}`)
        .set(b.auth)
        .send({ nameEn: 'SCAM' })
        .then((res) => ((settled = true), res));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(settled).toBe(false);
      await tx.commitTransaction();
      const res = await patch;
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('ORGANIZATION_SHARED');
    } finally {
      if (tx.isTransactionActive) await tx.rollbackTransaction();
      await tx.release();
    }
    const hosts = (await t.http().get(`/api/events/${event.id}`).set(a.auth).expect(200)).body.hosts;
    expect(hosts.map((h: { organization: { nameEn: string | null } }) => h.organization.nameEn)).toEqual([null]);
  });

  describe('credit codes', () => {
    const realName = '北京市海淀区社会组织发展促进会';
    const code = creditCode(4217);

    it('cannot be squatted: a registrant with the code and the real name gets an organization of the real name', async () => {
      const squat = await createOrganization(t, b, { name: '假冒的组织', regionCode: '110000', creditCode: code });
      const event = await publishEvent(t, a);
      await register(event.slug, 'delegate-real@example.org', {
        name: realName,
        type: 'social_group',
        regionCode: '110000',
        creditCode: code,
      }).expect(201);
      const landed = await organizationOf(event.id, 'delegate-real@example.org');
      expect(landed.id).not.toBe(squat.id);
      expect(landed).toMatchObject({ name: realName, verified: false });
      expect(await exportCsv(a, event.id)).toContain(`${realName},${code},110000`);
      expect(await exportCsv(a, event.id)).not.toContain('假冒的组织');

      // Searching by the code finds both holders.
      const found = await t.http().get('/api/organizations').query({ q: code }).set(a.auth).expect(200);
      expect(found.body.items.map((o: { name: string }) => o.name).sort()).toEqual([realName, '假冒的组织'].sort());

      // An organizer adding the code again under a third name is not refused either: no holder is verified.
      const third = await t
        .http()
        .post('/api/organizations')
        .set(a.auth)
        .send({ name: '第三个名字', type: 'other', regionCode: '110000', creditCode: code });
      expect(third.status).toBe(201);
    });

    it('identifies a verified organization: registration, group registration and import use it whatever name is typed', async () => {
      const [real] = await organizationsNamed(t, a, realName);
      // What a platform administrator does once they checked the registration certificate (docs/organizations.md).
      await verifyOrganization(t, real!.id);

      const event = await publishEvent(t, a, { capacity: 20 });
      await register(event.slug, 'by-code@example.org', {
        name: '海淀社促会',
        type: 'social_group',
        regionCode: '110000',
        creditCode: code,
      }).expect(201);
      expect((await organizationOf(event.id, 'by-code@example.org')).id).toBe(real!.id);

      await t
        .http()
        .post(`/api/public/events/${event.slug}/group-registrations`)
        .send({
          delegate: { name: '带队人', email: 'group-by-code@example.org' },
          organization: { name: '别的写法', type: 'social_group', regionCode: '120000', creditCode: code },
          attendees: [{ name: '队员', email: 'group-member-by-code@example.org' }],
        })
        .expect(201);
      expect((await organizationOf(event.id, 'group-member-by-code@example.org')).id).toBe(real!.id);

      const csv = ['姓名,邮箱,单位,统一社会信用代码,地区代码', `导入者,imported-by-code@example.org,,${code},`].join(
        '\r\n',
      );
      const imported = await t
        .http()
        .post(`/api/events/${event.id}/registrations/import`)
        .set(a.auth)
        .attach('file', Buffer.from(csv), 'list.csv');
      expect(imported.status).toBe(200);
      expect(imported.body).toMatchObject({ created: 1, rejected: [] });
      expect((await organizationOf(event.id, 'imported-by-code@example.org')).id).toBe(real!.id);

      // Organizers adding the code again are pointed at the verified organization.
      const again = await t
        .http()
        .post('/api/organizations')
        .set(b.auth)
        .send({ name: '又一个假冒的', type: 'other', regionCode: '110000', creditCode: code });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'ORGANIZATION_EXISTS', existingId: real!.id });
    });

    it('does not let an import attach a row by an unverified code alone', async () => {
      const lone = creditCode(9001);
      await createOrganization(t, b, { name: '只有代码的假冒组织', regionCode: '110000', creditCode: lone });
      const event = await createEvent(t, a, { capacity: 20 });
      const csv = ['姓名,邮箱,单位,统一社会信用代码,地区代码', `导入者,code-only@example.org,,${lone},`].join('\r\n');
      const imported = await t
        .http()
        .post(`/api/events/${event.id}/registrations/import`)
        .set(a.auth)
        .attach('file', Buffer.from(csv), 'list.csv');
      expect(imported.status).toBe(200);
      expect(imported.body).toMatchObject({
        created: 0,
        rejected: [{ row: 2, code: 'UNKNOWN_ORGANIZATION', message: expect.any(String) }],
      });
    });

    it('keeps a verified organization read-only through the API, even to its creator', async () => {
      const mine = await createOrganization(t, b, {
        name: '北京市西城区慈善协会',
        regionCode: '110000',
        creditCode: creditCode(77),
      });
      await verifyOrganization(t, mine.id);
      const res = await rename(b, mine.id, '假冒的名字');
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('ORGANIZATION_SHARED');
    });
  });
});
