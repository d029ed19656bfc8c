import {
  createEvent,
  createOrganization,
  createTestApp,
  Organizer,
  organizationsNamed,
  publishEvent,
  registrationCounts,
  seatsByOrganization,
  signUp,
  TestApp,
  verifyOrganization,
} from './support';

describe('registration', () => {
  let t: TestApp;
  let owner: Organizer;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t);
  });
  afterAll(() => t.close());

  const publishedEvent = (overrides: Record<string, unknown> = {}) => publishEvent(t, owner, overrides);
  const register = (slug: string, body: Record<string, unknown>) =>
    t.http().post(`/api/public/events/${slug}/registrations`).send(body);
  const person = (i: number | string, organization: Record<string, unknown>) => ({
    name: `参会者${i}`,
    email: `person-${i}@example.org`,
    organization,
  });
  const counts = async (eventId: string) => {
    const { counter, confirmed, waitlisted } = await registrationCounts(t, eventId);
    return { counter, confirmed, waitlisted };
  };

  it('never confirms more than capacity or an organization more than its limit, under 300 parallel requests', async () => {
    const event = await publishedEvent({ capacity: 46, perOrganizationLimit: 2 });
    const orgs: { id: string }[] = [];
    for (let i = 0; i < 30; i++)
      orgs.push(
        await createOrganization(t, owner, { name: `并发测试组织${i}`, regionCode: i % 2 ? '120000' : '130000' }),
      );
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, i) => register(event.slug, person(`c${i}`, { id: orgs[i % 30]!.id }))),
    );
    expect(responses.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const statuses = responses.map((r) => r.body.status as string);
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(46);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(254);

    expect(await counts(event.id)).toEqual({ counter: 46, confirmed: 46, waitlisted: 254 });
    const perOrg = await seatsByOrganization(t, event.id);
    expect(perOrg.reduce((sum, row) => sum + row.confirmed, 0)).toBe(46);
    for (const row of perOrg) {
      expect(row.confirmed).toBeLessThanOrEqual(2);
      expect(row.counter).toBe(row.confirmed);
    }
    const page = await t.http().get(`/api/public/events/${event.slug}`).expect(200);
    expect(page.body.seatsLeft).toBe(0);
    // Organizations hold 2 seats: a quota of 1 is refused, and nothing changes.
    const lower = await t.http().patch(`/api/events/${event.id}`).set(owner.auth).send({ perOrganizationLimit: 1 });
    expect(lower.status).toBe(409);
    expect(lower.body.code).toBe('CAPACITY_BELOW_CONFIRMED');
    expect((await t.http().get(`/api/events/${event.id}`).set(owner.auth)).body.perOrganizationLimit).toBe(2);
  });

  it('returns the same registration for the same email, claiming nothing twice', async () => {
    const event = await publishedEvent({ capacity: 5 });
    const org = { name: '内蒙古公益发展中心', type: 'social_service_agency', regionCode: '150000' };
    const first = await register(event.slug, { ...person('same', org), phone: '+86 138 0000 1111' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.any(String),
      status: 'confirmed',
      manageUrl: expect.stringMatching(/\/r\/[A-Za-z0-9_-]{43}$/),
    });
    const again = await register(event.slug, { ...person('same', org), email: ' PERSON-same@Example.org ' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ id: first.body.id, status: 'confirmed' });
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => register(event.slug, person('race', org))));
    expect(new Set(concurrent.map((r) => r.body.id)).size).toBe(1);
    expect(concurrent.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await counts(event.id)).toEqual({ counter: 2, confirmed: 2, waitlisted: 0 });
    expect(await organizationsNamed(t, owner, org.name)).toHaveLength(1);
  });

  it('honours an Idempotency-Key: a retry gets the same registration, another person with the key is refused', async () => {
    const event = await publishedEvent();
    const org = await createOrganization(t, owner);
    const send = (body: Record<string, unknown>, key: string) => register(event.slug, body).set('Idempotency-Key', key);
    const first = await send(person('k1', { id: org.id }), 'retry-abc-1').expect(201);
    const retried = await Promise.all([1, 2, 3].map(() => send(person('k1', { id: org.id }), 'retry-abc-1')));
    expect(retried.map((r) => [r.status, r.body.id])).toEqual([
      [200, first.body.id],
      [200, first.body.id],
      [200, first.body.id],
    ]);
    const reused = await send(person('k2', { id: org.id }), 'retry-abc-1');
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const badKey = await send(person('k3', { id: org.id }), 'x'.repeat(201));
    expect(badKey.status).toBe(400);
    expect(await counts(event.id)).toMatchObject({ counter: 1, confirmed: 1 });
  });

  it('matches organizations by a verified credit code, then by normalized name in the region, else adds them unverified', async () => {
    const event = await publishedEvent({ capacity: null });
    const known = await createOrganization(t, owner, {
      name: '湖南社会组织联合会',
      regionCode: '430000',
      creditCode: '91110000802100433B',
    });
    // A credit code identifies an organization once a platform administrator verified it (docs/organizations.md).
    await verifyOrganization(t, known.id);
    await register(
      event.slug,
      person('m1', { name: '完全不同的名字', type: 'other', regionCode: '110000', creditCode: '91110000802100433B' }),
    ).expect(201);
    await register(
      event.slug,
      person('m2', { name: ' 湖南社会组织联合会 ', type: 'other', regionCode: '430000' }),
    ).expect(201);
    await register(
      event.slug,
      person('m3', { name: '四川新成立的志愿者协会', type: 'social_group', regionCode: '510000' }),
    ).expect(201);
    const list = await t.http().get(`/api/events/${event.id}/registrations`).set(owner.auth).expect(200);
    const orgOf = (email: string) => list.body.items.find((r: { email: string }) => r.email === email).organization;
    expect(orgOf('person-m1@example.org').id).toBe(known.id);
    expect(orgOf('person-m2@example.org').id).toBe(known.id);
    const added = orgOf('person-m3@example.org');
    const got = await t.http().get(`/api/organizations/${added.id}`).set(owner.auth).expect(200);
    expect(got.body).toMatchObject({ name: '四川新成立的志愿者协会', verified: false, region: { code: '510000' } });
  });

  it('waitlists past an organization quota, and promotes the first who fits when a seat frees up', async () => {
    const event = await publishedEvent({ capacity: 2, perOrganizationLimit: 1 });
    const a = await createOrganization(t, owner);
    const b = await createOrganization(t, owner);
    const first = await register(event.slug, person('q1', { id: a.id })).expect(201);
    const sameOrg = await register(event.slug, person('q2', { id: a.id })).expect(201);
    expect([first.body.status, sameOrg.body.status]).toEqual(['confirmed', 'waitlisted']);
    const other = await register(event.slug, person('q3', { id: b.id })).expect(201);
    expect(other.body.status).toBe('confirmed');
    const late = await register(event.slug, person('q4', { id: b.id })).expect(201);
    expect(late.body.status).toBe('waitlisted');

    // q3 (org b) cancels: q2 is older but org a is at its limit, so q4 (org b) gets the seat.
    const token = other.body.manageUrl.split('/').pop();
    const cancelled = await t.http().delete(`/api/public/registrations/${token}`).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    const list = await t.http().get(`/api/events/${event.id}/registrations`).set(owner.auth).expect(200);
    const statusOf = Object.fromEntries(
      list.body.items.map((r: { email: string; status: string }) => [r.email, r.status]),
    );
    expect(statusOf).toEqual({
      'person-q1@example.org': 'confirmed',
      'person-q2@example.org': 'waitlisted',
      'person-q3@example.org': 'cancelled',
      'person-q4@example.org': 'confirmed',
    });
    expect(await counts(event.id)).toEqual({ counter: 2, confirmed: 2, waitlisted: 1 });
    // Cancelling twice changes nothing.
    await t.http().delete(`/api/public/registrations/${token}`).expect(200);
    expect(await counts(event.id)).toEqual({ counter: 2, confirmed: 2, waitlisted: 1 });

    // Raising the quota is copied onto every organization's counter row.
    await t.http().patch(`/api/events/${event.id}`).set(owner.auth).send({ perOrganizationLimit: 3 }).expect(200);
    const limits = new Set((await seatsByOrganization(t, event.id)).map((row) => row.limit));
    expect([...limits]).toEqual([3]);
  });

  it('lets an attendee read and correct their registration through the manage link only', async () => {
    const event = await publishedEvent();
    const org = await createOrganization(t, owner);
    const res = await register(event.slug, {
      ...person('self', { id: org.id }),
      phone: '13800001111',
      locale: 'en',
    }).expect(201);
    const token = res.body.manageUrl.split('/').pop();
    const own = await t.http().get(`/api/public/registrations/${token}`).expect(200);
    expect(own.body).toMatchObject({
      name: '参会者self',
      email: 'person-self@example.org',
      phone: '13800001111',
      locale: 'en',
      status: 'confirmed',
    });
    const edited = await t
      .http()
      .patch(`/api/public/registrations/${token}`)
      .send({ jobTitle: '项目主管', phone: null })
      .expect(200);
    expect(edited.body).toMatchObject({ jobTitle: '项目主管', phone: null, name: '参会者self' });
    await t.http().patch(`/api/public/registrations/${token}`).send({ phone: '12345' }).expect(400);
    await t
      .http()
      .get(`/api/public/registrations/${'A'.repeat(43)}`)
      .expect(404);
    await t.http().get('/api/public/registrations/short').expect(404);
  });

  it('holds registrations for approval, and lets editors approve, reject and cancel', async () => {
    const event = await publishedEvent({ requiresApproval: true, capacity: 1 });
    const org = await createOrganization(t, owner);
    const p1 = await register(event.slug, person('ap1', { id: org.id })).expect(201);
    const p2 = await register(event.slug, person('ap2', { id: org.id })).expect(201);
    const p3 = await register(event.slug, person('ap3', { id: org.id })).expect(201);
    expect([p1.body.status, p2.body.status, p3.body.status]).toEqual(['pending', 'pending', 'pending']);
    expect(await counts(event.id)).toMatchObject({ counter: 0 });

    const route = (id: string, action: string) => `/api/events/${event.id}/registrations/${id}/${action}`;
    expect((await t.http().post(route(p1.body.id, 'approve')).set(owner.auth).expect(200)).body.status).toBe(
      'confirmed',
    );
    expect((await t.http().post(route(p2.body.id, 'approve')).set(owner.auth).expect(200)).body.status).toBe(
      'waitlisted',
    );
    expect((await t.http().post(route(p3.body.id, 'reject')).set(owner.auth).expect(200)).body.status).toBe('rejected');
    const again = await t.http().post(route(p1.body.id, 'approve')).set(owner.auth);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('REGISTRATION_NOT_ACTIONABLE');

    await t.http().post(route(p1.body.id, 'cancel')).set(owner.auth).expect(200);
    const list = await t
      .http()
      .get(`/api/events/${event.id}/registrations`)
      .query({ status: 'confirmed' })
      .set(owner.auth)
      .expect(200);
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([p2.body.id]);

    for (const query of [
      { status: 'maybe' },
      { organizationId: 'x' },
      { regionCode: '1' },
      { limit: '0' },
      { cursor: 'nope' },
    ]) {
      const bad = await t.http().get(`/api/events/${event.id}/registrations`).query(query).set(owner.auth);
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    }
    const stranger = await signUp(t);
    await t.http().get(`/api/events/${event.id}/registrations`).set(stranger.auth).expect(404);
    await t.http().post(route(p2.body.id, 'cancel')).set(stranger.auth).expect(404);
    await t
      .http()
      .post(`/api/events/${event.id}/registrations/00000000-0000-4000-8000-000000000000/approve`)
      .set(owner.auth)
      .expect(404);
  });

  it('says why registration is closed and the time that applies, in the JSON error and on the event page', async () => {
    const org = await createOrganization(t, owner);
    const hour = 3600_000;
    const iso = (ms: number) => new Date(Date.now() + ms).toISOString();
    const cases = [
      ['not_open_yet', { registrationOpensAt: iso(24 * hour) }, 'registrationOpensAt', 'notYetOpen'],
      ['closed_at', { registrationClosesAt: iso(-hour) }, 'registrationClosesAt', 'closed'],
      ['ended', { startsAt: iso(-3 * hour), endsAt: iso(-hour) }, 'endsAt', 'ended'],
    ] as const;
    for (const [reason, window, field, state] of cases) {
      const event = await publishedEvent(window);
      const refused = await register(event.slug, person(`closed-${reason}`, { id: org.id })).expect(409);
      expect(refused.body).toMatchObject({ code: 'REGISTRATION_CLOSED', reason });
      expect(new Date(refused.body.at).getTime()).toBe(new Date((window as Record<string, string>)[field]!).getTime());
      const page = await t.http().get(`/e/${event.slug}`).expect(200);
      expect(page.text).toContain(`data-state="${state}"`);
    }
    const ended = await publishedEvent({ startsAt: iso(-3 * hour), endsAt: iso(-hour) });
    const page = await t.http().get(`/e/${ended.slug}?lang=en`).expect(200);
    expect(page.text).toMatch(/This event ended on .+; registration is closed\./);
  });

  it('refuses registration where it is not open, and bad input, with a code', async () => {
    const draft = await createEvent(t, owner);
    const org = await createOrganization(t, owner);
    expect((await register(draft.slug, person('d', { id: org.id }))).body.code).toBe('EVENT_NOT_FOUND');

    const later = new Date(Date.now() + 86_400_000).toISOString();
    const notYet = await publishedEvent({ registrationOpensAt: later });
    const closed = await register(notYet.slug, person('w', { id: org.id }));
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('REGISTRATION_CLOSED');

    const cancelled = await publishedEvent();
    await t.http().post(`/api/events/${cancelled.id}/cancel`).set(owner.auth).expect(200);
    const gone = await register(cancelled.slug, person('x', { id: org.id }));
    expect(gone.status).toBe(409);
    expect(gone.body.code).toBe('EVENT_CANCELLED');

    const open = await publishedEvent();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...person('p', { id: org.id }), phone: '2345678901' }, 'phone'],
      [{ ...person('p', { id: org.id }), email: 'nope' }, 'email'],
      [person('p', { name: '缺少地区的组织', type: 'other' }), 'organization.regionCode'],
      [
        person('p', { name: '信用代码错误', type: 'other', regionCode: '110000', creditCode: 'X' }),
        'organization.creditCode',
      ],
      [person('p', { id: '00000000-0000-4000-8000-000000000000' }), 'organization.id'],
      [person('p', { name: '未知地区', type: 'other', regionCode: '990000' }), 'organization.regionCode'],
    ];
    for (const [body, field] of cases) {
      const res = await register(open.slug, body);
      expect(res.status).toBe(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect(await counts(open.id)).toEqual({ counter: 0, confirmed: 0, waitlisted: 0 });
  });
});

describe('public registration rate limit', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '3' })));
  afterAll(() => t.close());

  it('answers 429 RATE_LIMITED past the limit per address, and writes nothing for refused requests', async () => {
    const owner = await signUp(t);
    const event = await createEvent(t, owner);
    await t.http().post(`/api/events/${event.id}/publish`).set(owner.auth).expect(200);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t
        .http()
        .post(`/api/public/events/${event.slug}/registrations`)
        .send({
          name: `限流${i}`,
          email: `limit-${i}@example.org`,
          organization: { name: '限流测试组织', type: 'other', regionCode: '110000' },
        });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    expect((await registrationCounts(t, event.id)).total).toBe(3);
    // Organizer routes are not limited by it.
    await t.http().get(`/api/events/${event.id}`).set(owner.auth).expect(200);
  });
});
