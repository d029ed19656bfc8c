import {
  createEvent,
  createOrganization,
  createTestApp,
  eventBody,
  importPeople,
  Organizer,
  signUp,
  TestApp,
} from './support';

describe('events', () => {
  let t: TestApp;
  let owner: Organizer;
  let stranger: Organizer;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t);
    stranger = await signUp(t);
  });
  afterAll(() => t.close());

  it('creates a draft owned by its creator, with hosts and agenda', async () => {
    const guiding = await createOrganization(t, owner, { name: '北京市社会组织服务中心', regionCode: '110000' });
    const host = await createOrganization(t, owner, { name: '河北省社会组织总会', regionCode: '130000' });
    const body = eventBody({
      hosts: [
        { organizationId: guiding.id, role: 'guiding' },
        { organizationId: host.id, role: 'host' },
      ],
      agenda: [
        {
          startsAt: eventBody().startsAt,
          title: '55家社会组织调研报告',
          speaker: '王芳',
          speakerAffiliation: '河北省社会组织总会',
        },
      ],
    });
    const res = await t.http().post('/api/events').set(owner.auth).send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'draft',
      myRole: 'owner',
      timezone: 'Asia/Shanghai',
      reminderOffsets: ['P1D', 'PT1H'],
      requiresApproval: false,
      capacity: 46,
      seatsLeft: 46,
      confirmedCount: 0,
      startsAt: new Date(body.startsAt).toISOString(),
    });
    expect(res.body.slug).toMatch(/^workshop-on-the-coordinated-development-of-beij[a-z-]*-[a-z0-9]{8}$/);
    expect(
      res.body.hosts.map((h: { role: string; organization: { name: string } }) => [h.role, h.organization.name]),
    ).toEqual([
      ['guiding', '北京市社会组织服务中心'],
      ['host', '河北省社会组织总会'],
    ]);
    expect(res.body.hosts[1].organization.region).toEqual({ code: '130000', nameZh: '河北省', nameEn: 'Hebei' });
    expect(res.body.agenda).toEqual([
      {
        startsAt: expect.any(String),
        title: '55家社会组织调研报告',
        speaker: '王芳',
        speakerAffiliation: '河北省社会组织总会',
      },
    ]);
    const team = await t.http().get(`/api/events/${res.body.id}/team`).set(owner.auth).expect(200);
    expect(team.body).toEqual([expect.objectContaining({ organizerId: owner.id, role: 'owner' })]);
  });

  it.each([
    [
      'endsAt before startsAt',
      { endsAt: '2026-01-01T00:00:00+08:00', startsAt: '2026-01-02T00:00:00+08:00' },
      'endsAt',
    ],
    ['a time without offset', { startsAt: '2026-12-05T09:00:00' }, 'startsAt'],
    ['an in-person event without venue', { venue: undefined }, 'venue'],
    ['an online event without joinUrl', { kind: 'online', venue: undefined }, 'joinUrl'],
    ['a joinUrl that is not https', { kind: 'online', joinUrl: 'http://meeting.example.org/123' }, 'joinUrl'],
    ['an unknown time zone', { timezone: 'Asia/Beijing' }, 'timezone'],
    ['a malformed reminder offset', { reminderOffsets: ['1 day'] }, 'reminderOffsets.0'],
    ['a capacity of zero', { capacity: 0 }, 'capacity'],
    ['an unknown kind', { kind: 'webinar' }, 'kind'],
    ['an unknown field', { price: 10 }, 'price'],
    [
      'an unknown host organization',
      { hosts: [{ organizationId: '00000000-0000-4000-8000-000000000000', role: 'host' }] },
      'hosts.0.organizationId',
    ],
    [
      'a host with an unknown role',
      { hosts: [{ organizationId: '00000000-0000-4000-8000-000000000000', role: 'sponsor' }] },
      'hosts.0.role',
    ],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_label, patch, field) => {
    const countEvents = async () => {
      const res = await t.http().get('/api/events').query({ limit: 100 }).set(owner.auth).expect(200);
      expect(res.body.nextCursor).toBeNull();
      return res.body.items.length as number;
    };
    const before = await countEvents();
    const res = await t.http().post('/api/events').set(owner.auth).send(eventBody(patch));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(await countEvents()).toBe(before);
  });

  it('hides events from organizers who are not on the team: 404 on every route', async () => {
    const event = await createEvent(t, owner);
    const routes = [
      t.http().get(`/api/events/${event.id}`),
      t.http().patch(`/api/events/${event.id}`).send({ title: '改名' }),
      t.http().post(`/api/events/${event.id}/publish`),
      t.http().post(`/api/events/${event.id}/cancel`),
      t.http().get(`/api/events/${event.id}/team`),
      t.http().post(`/api/events/${event.id}/team`).send({ email: stranger.email, role: 'owner' }),
    ];
    for (const route of routes) {
      const res = await route.set(stranger.auth);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, code: 'EVENT_NOT_FOUND', message: 'Event not found' });
    }
    const unknown = await t.http().get('/api/events/00000000-0000-4000-8000-000000000000').set(stranger.auth);
    expect(unknown.body).toEqual({ statusCode: 404, code: 'EVENT_NOT_FOUND', message: 'Event not found' });
    const still = await t.http().get(`/api/events/${event.id}`).set(owner.auth).expect(200);
    expect(still.body.status).toBe('draft');
    expect(still.body.title).toBe(eventBody().title);
    const list = await t.http().get('/api/events').set(stranger.auth).expect(200);
    expect(list.body.items.map((e: { id: string }) => e.id)).not.toContain(event.id);
  });

  it('lists my events, latest first, a page at a time', async () => {
    const me = await signUp(t);
    const starts = [3, 1, 2].map((days) => new Date(Date.now() + days * 86_400_000));
    for (const start of starts) {
      await createEvent(t, me, {
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 3600_000).toISOString(),
      });
    }
    const first = await t.http().get('/api/events').query({ limit: 2 }).set(me.auth).expect(200);
    const second = await t
      .http()
      .get('/api/events')
      .query({ limit: 2, cursor: first.body.nextCursor })
      .set(me.auth)
      .expect(200);
    expect(second.body.nextCursor).toBeNull();
    const order = [...first.body.items, ...second.body.items].map((e: { startsAt: string }) =>
      new Date(e.startsAt).getTime(),
    );
    expect(order).toEqual([...starts].map((d) => d.getTime()).sort((a, b) => b - a));
  });

  it('edits an event, checking the result against the fields not sent, and bumps the schedule version on a time change', async () => {
    const event = await createEvent(t, owner);
    const bad = await t
      .http()
      .patch(`/api/events/${event.id}`)
      .set(owner.auth)
      .send({ endsAt: '2000-01-01T00:00:00Z' });
    expect(bad.status).toBe(400);
    const online = await t.http().patch(`/api/events/${event.id}`).set(owner.auth).send({ kind: 'online' });
    expect(online.status).toBe(400);
    expect(online.body.fields.map((f: { field: string }) => f.field)).toEqual(['joinUrl']);

    const later = new Date(new Date(event.startsAt).getTime() + 3600_000).toISOString();
    const res = await t.http().patch(`/api/events/${event.id}`).set(owner.auth).send({
      startsAt: later,
      kind: 'hybrid',
      joinUrl: 'https://meeting.example.org/j/123',
      capacity: null,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: 'hybrid',
      capacity: null,
      seatsLeft: null,
      scheduleVersion: 2,
      startsAt: later,
    });

    const retitled = await t.http().patch(`/api/events/${event.id}`).set(owner.auth).send({ title: '第二版标题' });
    expect(retitled.body).toMatchObject({ title: '第二版标题', scheduleVersion: 2 });
  });

  it('refuses to lower capacity below the confirmed registrations', async () => {
    const event = await createEvent(t, owner, { capacity: 46 });
    await importPeople(t, owner, event.id, 40);
    const res = await t.http().patch(`/api/events/${event.id}`).set(owner.auth).send({ capacity: 39 });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CAPACITY_BELOW_CONFIRMED', confirmedCount: 40 });
    const ok = await t.http().patch(`/api/events/${event.id}`).set(owner.auth).send({ capacity: 40 });
    expect(ok.status).toBe(200);
    expect(ok.body.seatsLeft).toBe(0);
  });

  it('publishes to a public page without personal data or the join link, and cancels for good', async () => {
    const event = await createEvent(t, owner, { kind: 'hybrid', joinUrl: 'https://meeting.example.org/secret' });
    await t.http().get(`/api/public/events/${event.slug}`).expect(404);

    const published = await t.http().post(`/api/events/${event.id}/publish`).set(owner.auth).expect(200);
    expect(published.body.status).toBe('published');
    const page = await t.http().get(`/api/public/events/${event.slug}`).expect(200);
    expect(page.body).toMatchObject({
      status: 'published',
      seatsLeft: 46,
      registrationOpen: true,
      title: eventBody().title,
    });
    expect(JSON.stringify(page.body)).not.toMatch(/secret|@example\.org|myRole|confirmedCount/);
    expect(page.body).not.toHaveProperty('id');

    const again = await t.http().post(`/api/events/${event.id}/publish`).set(owner.auth).expect(200);
    expect(again.body.publishedAt).toBe(published.body.publishedAt);

    const cancelled = await t.http().post(`/api/events/${event.id}/cancel`).set(owner.auth).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    const edit = await t.http().patch(`/api/events/${event.id}`).set(owner.auth).send({ title: '复活' });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('EVENT_NOT_EDITABLE');
    const republish = await t.http().post(`/api/events/${event.id}/publish`).set(owner.auth);
    expect(republish.status).toBe(409);
    const after = await t.http().get(`/api/public/events/${event.slug}`).expect(200);
    expect(after.body).toMatchObject({ status: 'cancelled', registrationOpen: false });
  });

  it('gives each team role what it may do', async () => {
    const event = await createEvent(t, owner);
    const manager = await signUp(t);
    const checker = await signUp(t);
    const added = await t
      .http()
      .post(`/api/events/${event.id}/team`)
      .set(owner.auth)
      .send({ email: manager.email.toUpperCase(), role: 'manager' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ organizerId: manager.id, role: 'manager', email: manager.email });
    await t
      .http()
      .post(`/api/events/${event.id}/team`)
      .set(owner.auth)
      .send({ email: checker.email, role: 'checkin' })
      .expect(201);

    await t.http().patch(`/api/events/${event.id}`).set(manager.auth).send({ venue: '天津市和平区' }).expect(200);
    const managerTeam = await t
      .http()
      .post(`/api/events/${event.id}/team`)
      .set(manager.auth)
      .send({ email: manager.email, role: 'owner' });
    expect(managerTeam.status).toBe(403);
    expect(managerTeam.body.code).toBe('FORBIDDEN_ROLE');

    const view = await t.http().get(`/api/events/${event.id}`).set(checker.auth).expect(200);
    expect(view.body).toMatchObject({ myRole: 'checkin', venue: '天津市和平区' });
    const checkerEdit = await t.http().patch(`/api/events/${event.id}`).set(checker.auth).send({ venue: '别处' });
    expect(checkerEdit.status).toBe(403);
    await t.http().post(`/api/events/${event.id}/publish`).set(checker.auth).expect(403);

    const team = await t.http().get(`/api/events/${event.id}/team`).set(checker.auth).expect(200);
    expect(team.body.map((m: { role: string }) => m.role).sort()).toEqual(['checkin', 'manager', 'owner']);
  });

  it('keeps at least one owner and reports unknown organizers', async () => {
    const event = await createEvent(t, owner);
    const demote = await t
      .http()
      .post(`/api/events/${event.id}/team`)
      .set(owner.auth)
      .send({ email: owner.email, role: 'manager' });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('LAST_OWNER');
    const leave = await t.http().delete(`/api/events/${event.id}/team/${owner.id}`).set(owner.auth);
    expect(leave.status).toBe(409);
    const nobody = await t
      .http()
      .post(`/api/events/${event.id}/team`)
      .set(owner.auth)
      .send({ email: 'nobody@example.org', role: 'manager' });
    expect(nobody.status).toBe(404);
    expect(nobody.body.code).toBe('ORGANIZER_NOT_FOUND');
    const notMember = await signUp(t);
    const removeStranger = await t.http().delete(`/api/events/${event.id}/team/${notMember.id}`).set(owner.auth);
    expect(removeStranger.status).toBe(404);
    expect(removeStranger.body.code).toBe('ORGANIZER_NOT_FOUND');

    const second = await signUp(t);
    await t
      .http()
      .post(`/api/events/${event.id}/team`)
      .set(owner.auth)
      .send({ email: second.email, role: 'owner' })
      .expect(201);
    await t.http().delete(`/api/events/${event.id}/team/${owner.id}`).set(owner.auth).expect(204);
    await t.http().get(`/api/events/${event.id}`).set(owner.auth).expect(404);
    await t.http().get(`/api/events/${event.id}`).set(second.auth).expect(200);
  });

  it('numbers the sessions of a series, and keeps a series to its organizers', async () => {
    const series = await t
      .http()
      .post('/api/series')
      .set(owner.auth)
      .send({ title: '公益大讲堂', titleEn: 'Philanthropy Class' })
      .expect(201);
    const first = await t
      .http()
      .post('/api/events')
      .set(owner.auth)
      .send(
        eventBody({
          seriesId: series.body.id,
          kind: 'online',
          venue: undefined,
          joinUrl: 'https://class.example.org/22',
          sequenceNo: 22,
        }),
      );
    expect(first.status).toBe(201);
    expect(first.body.series).toEqual({
      id: series.body.id,
      title: '公益大讲堂',
      titleEn: 'Philanthropy Class',
      sequenceNo: 22,
    });
    const next = await createEvent(t, owner, { seriesId: series.body.id });
    const got = await t.http().get(`/api/events/${next.id}`).set(owner.auth).expect(200);
    expect(got.body.series.sequenceNo).toBe(23);

    const taken = await t
      .http()
      .post('/api/events')
      .set(owner.auth)
      .send(eventBody({ seriesId: series.body.id, sequenceNo: 23 }));
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('SEQUENCE_TAKEN');

    const view = await t.http().get(`/api/series/${series.body.id}`).set(owner.auth).expect(200);
    expect(view.body.events.map((e: { sequenceNo: number }) => e.sequenceNo)).toEqual([22, 23]);

    await t.http().get(`/api/series/${series.body.id}`).set(stranger.auth).expect(404);
    const foreign = await t
      .http()
      .post('/api/events')
      .set(stranger.auth)
      .send(eventBody({ seriesId: series.body.id }));
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('SERIES_NOT_FOUND');
  });

  it('gives concurrent sessions of one series distinct numbers', async () => {
    const series = await t.http().post('/api/series').set(owner.auth).send({ title: '社工沙龙' }).expect(201);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        t
          .http()
          .post('/api/events')
          .set(owner.auth)
          .send(eventBody({ seriesId: series.body.id })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(results.map((r) => r.body.series.sequenceNo).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
