import { createTestApp, Organizer, publishEvent, signUp, TestApp } from './support';

/**
 * An organizer cancels while registrations pour in: no registration may land once the cancel has taken effect, on
 * any path; those that lose the race answer 409 EVENT_CANCELLED, never 500.
 */
describe('registrations racing an event cancel', () => {
  let t: TestApp;
  let owner: Organizer;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t);
  });
  afterAll(() => t.close());

  it('lands nothing after the cancel: every request is 201 before it or 409 after it', async () => {
    const event = await publishEvent(t, owner, { capacity: 1000 });
    const organization = { name: '河南省青年志愿者协会', type: 'social_group', regionCode: '410000' };
    const register = (i: number) =>
      t
        .http()
        .post(`/api/public/events/${event.slug}/registrations`)
        .send({ name: `报名者${i}`, email: `racer-${i}@example.org`, organization });
    const first = await Promise.all(Array.from({ length: 50 }, (_, i) => register(i)));
    const racing = Array.from({ length: 300 }, (_, i) => register(50 + i));
    const cancel = t.http().post(`/api/events/${event.id}/cancel`).set(owner.auth);
    const [cancelled, ...answers] = await Promise.all([cancel, ...racing]);
    expect(cancelled.status).toBe(200);
    const statuses = [...first, ...answers].map((r) => r.status);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    for (const refused of answers.filter((r) => r.status === 409)) expect(refused.body.code).toBe('EVENT_CANCELLED');
    const after = await register(9999);
    expect(after.status).toBe(409);

    const cancelledAt = new Date(
      (await t.http().get(`/api/events/${event.id}`).set(owner.auth).expect(200)).body.cancelledAt,
    ).getTime();
    const listed: { createdAt: string; status: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { createdAt: string; status: string }[]; nextCursor: string | null } } = await t
        .http()
        .get(`/api/events/${event.id}/registrations`)
        .query({ limit: 100, ...(cursor ? { cursor } : {}) })
        .set(owner.auth)
        .expect(200);
      listed.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    // Exactly the requests answered 201 landed, each before the cancel took effect.
    expect(listed).toHaveLength(statuses.filter((s) => s === 201).length);
    expect(listed.filter((r) => new Date(r.createdAt).getTime() > cancelledAt)).toEqual([]);
  });

  it('refuses a group or an import that would claim seats after the cancel', async () => {
    const event = await publishEvent(t, owner, { capacity: 100 });
    await t.http().post(`/api/events/${event.id}/cancel`).set(owner.auth).expect(200);
    const group = await t
      .http()
      .post(`/api/public/events/${event.slug}/group-registrations`)
      .send({
        delegate: { name: '带队人', email: 'lead@example.org' },
        organization: { name: '安徽省公益联合会', type: 'social_group', regionCode: '340000' },
        attendees: [{ name: '甲', email: 'a@example.org' }],
      });
    expect(group.status).toBe(409);
    expect(group.body.code).toBe('EVENT_CANCELLED');
  });
});
