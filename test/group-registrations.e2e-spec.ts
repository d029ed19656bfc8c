import {
  createOrganization,
  createTestApp,
  Organizer,
  publishEvent,
  registrationCounts,
  signUp,
  TestApp,
} from './support';

describe('group registration by a delegate', () => {
  let t: TestApp;
  let owner: Organizer;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t);
  });
  afterAll(() => t.close());

  const publishedEvent = (overrides: Record<string, unknown> = {}) => publishEvent(t, owner, overrides);
  const people = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}`, email: `${prefix}-${i}@example.org` }));
  const delegate = { name: '带队人', email: 'delegate@example.org', phone: '+86 13712345678' };
  const state = async (eventId: string) => {
    const { counter, total, groups } = await registrationCounts(t, eventId);
    return { counter, registrations: total, groups };
  };
  const tokenOf = (url: string) => url.split('/').pop()!;

  it('registers everyone and gives the delegate one manage link', async () => {
    const event = await publishedEvent({ capacity: 10, perOrganizationLimit: 3 });
    const res = await t
      .http()
      .post(`/api/public/events/${event.slug}/group-registrations`)
      .send({
        delegate,
        organization: { name: '天津市红十字志愿服务队', type: 'social_group', regionCode: '120000' },
        attendees: people('g1', 3),
      });
    expect(res.status).toBe(201);
    expect(res.body.attendees.map((a: { status: string }) => a.status)).toEqual([
      'confirmed',
      'confirmed',
      'confirmed',
    ]);
    expect(res.body.delegate).toEqual({ name: '带队人', email: 'delegate@example.org', phone: '13712345678' });
    const view = await t
      .http()
      .get(`/api/public/group-registrations/${tokenOf(res.body.manageUrl)}`)
      .expect(200);
    expect(view.body.attendees.map((a: { email: string }) => a.email)).toEqual([
      'g1-0@example.org',
      'g1-1@example.org',
      'g1-2@example.org',
    ]);
    expect(view.body).not.toHaveProperty('manageUrl');
    expect(await state(event.id)).toEqual({ counter: 3, registrations: 3, groups: 1 });
  });

  it('writes nothing when the group does not fit, unless the delegate accepts the waitlist', async () => {
    const event = await publishedEvent({ capacity: 10, perOrganizationLimit: 2 });
    const org = await createOrganization(t, owner);
    const body = { delegate, organization: { id: org.id }, attendees: people('g2', 3) };
    const refused = await t.http().post(`/api/public/events/${event.slug}/group-registrations`).send(body);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'GROUP_DOES_NOT_FIT', requested: 3, available: 2 });
    expect(await state(event.id)).toEqual({ counter: 0, registrations: 0, groups: 0 });

    const accepted = await t
      .http()
      .post(`/api/public/events/${event.slug}/group-registrations`)
      .send({ ...body, allowWaitlist: true });
    expect(accepted.status).toBe(201);
    expect(accepted.body.attendees.map((a: { status: string }) => a.status)).toEqual([
      'confirmed',
      'confirmed',
      'waitlisted',
    ]);
    expect(await state(event.id)).toEqual({ counter: 2, registrations: 3, groups: 1 });
  });

  it('refuses a group with someone already registered, or listed twice, writing nothing', async () => {
    const event = await publishedEvent();
    const org = await createOrganization(t, owner);
    await t
      .http()
      .post(`/api/public/events/${event.slug}/registrations`)
      .send({ name: '先报名的', email: 'g3-1@example.org', organization: { id: org.id } })
      .expect(201);
    const taken = await t
      .http()
      .post(`/api/public/events/${event.slug}/group-registrations`)
      .send({ delegate, organization: { id: org.id }, attendees: people('g3', 3) });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'ALREADY_REGISTERED', emails: ['g3-1@example.org'] });
    const twice = await t
      .http()
      .post(`/api/public/events/${event.slug}/group-registrations`)
      .send({
        delegate,
        organization: { id: org.id },
        attendees: [...people('g4', 2), { name: '重复', email: 'G4-0@example.org' }],
      });
    expect(twice.status).toBe(400);
    expect(twice.body.fields).toEqual([{ field: 'attendees.2.email', errors: [expect.any(String)] }]);
    const empty = await t
      .http()
      .post(`/api/public/events/${event.slug}/group-registrations`)
      .send({ delegate, organization: { id: org.id }, attendees: [] });
    expect(empty.status).toBe(400);
    expect(await state(event.id)).toEqual({ counter: 1, registrations: 1, groups: 0 });
  });

  it('lets the delegate add, hand on and cancel places within the quota', async () => {
    const event = await publishedEvent({ capacity: 10, perOrganizationLimit: 2 });
    const org = await createOrganization(t, owner);
    const created = await t
      .http()
      .post(`/api/public/events/${event.slug}/group-registrations`)
      .send({ delegate, organization: { id: org.id }, attendees: people('g5', 1) })
      .expect(201);
    const token = tokenOf(created.body.manageUrl);
    const base = `/api/public/group-registrations/${token}/attendees`;

    const second = await t.http().post(base).send({ name: '第二位', email: 'g5-second@example.org' }).expect(201);
    expect(second.body.status).toBe('confirmed');
    const third = await t.http().post(base).send({ name: '第三位', email: 'g5-third@example.org' }).expect(201);
    expect(third.body.status).toBe('waitlisted');

    const swapped = await t
      .http()
      .put(`${base}/${second.body.id}`)
      .send({ name: '替换者', email: 'g5-swap@example.org' })
      .expect(200);
    expect(swapped.body).toMatchObject({
      id: second.body.id,
      name: '替换者',
      email: 'g5-swap@example.org',
      status: 'confirmed',
    });
    const invalid = await t.http().put(`${base}/${second.body.id}`).send({ name: '', email: 'nope' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['email', 'name']);
    const clash = await t.http().put(`${base}/${second.body.id}`).send({ name: 'x', email: 'g5-third@example.org' });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('ALREADY_REGISTERED');

    const cancelled = await t.http().delete(`${base}/${second.body.id}`).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    const view = await t.http().get(`/api/public/group-registrations/${token}`).expect(200);
    expect(view.body.attendees.find((a: { id: string }) => a.id === third.body.id).status).toBe('confirmed');
    expect(await state(event.id)).toMatchObject({ counter: 2 });

    const otherGroup = await t
      .http()
      .post(`/api/public/events/${event.slug}/group-registrations`)
      .send({
        delegate,
        organization: { name: '别的组织', type: 'other', regionCode: '110000' },
        attendees: people('g6', 1),
      })
      .expect(201);
    await t
      .http()
      .delete(`/api/public/group-registrations/${tokenOf(otherGroup.body.manageUrl)}/attendees/${third.body.id}`)
      .expect(404);
    await t
      .http()
      .get(`/api/public/group-registrations/${'B'.repeat(43)}`)
      .expect(404);
  });
});
