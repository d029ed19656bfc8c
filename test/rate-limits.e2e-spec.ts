import { registrationByEmail } from '@tongxin/registrations';
import { ApiProcess, createTestApp, Organizer, publishEvent, signUp, startApiProcess, TestApp } from './support';

const organization = { name: '天津市志愿服务联合会', type: 'social_group', regionCode: '120000' };
const tokenOf = (url: string) => url.split('/').pop()!;
/** Messages owed to the event's registrations, as the organizer's delivery log counts them. */
const messagesOwed = async (t: TestApp, who: Organizer, eventId: string) => {
  const log = await t.http().get(`/api/events/${eventId}/messages`).set(who.auth).expect(200);
  return Object.values(log.body.counts as Record<string, number>).reduce((sum, n) => sum + n, 0);
};

describe('limits on public routes that write or send', () => {
  let t: TestApp;
  beforeAll(async () => {
    // One proxy in front (TRUST_PROXY=1), so X-Forwarded-For gives each request its client address.
    t = await createTestApp({
      TRUST_PROXY: '1',
      LINK_RATE_LIMIT_PER_MINUTE: '5',
      PUBLIC_MAIL_PER_HOUR: '8',
      ACCOUNT_LOOKUPS_PER_HOUR: '3',
    });
  });
  afterAll(() => t.close());

  it('stops a group link used as a mail relay: swaps past the per-link limit answer 429 and owe nothing', async () => {
    const owner = await signUp(t);
    const event = await publishEvent(t, owner);
    const created = await t
      .http()
      .post(`/api/public/events/${event.slug}/group-registrations`)
      .set('X-Forwarded-For', '10.0.0.1')
      .send({
        delegate: { name: '带队人', email: 'delegate@example.org' },
        organization,
        attendees: [{ name: '甲', email: 'a@example.org' }],
      })
      .expect(201);
    const link = `/api/public/group-registrations/${tokenOf(created.body.manageUrl)}`;
    const rid = created.body.attendees[0].id as string;
    const before = await messagesOwed(t, owner, event.id);

    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await t
        .http()
        .put(`${link}/attendees/${rid}`)
        .send({ name: `陌生人${i}`, email: `stranger-${i}@example.org` });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', limit: 'LINK_RATE_LIMIT_PER_MINUTE' });
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    // Only the five accepted swaps owe a confirmation (to the person handed the place); the refused ones owe nothing.
    expect((await messagesOwed(t, owner, event.id)) - before).toBeLessThanOrEqual(5);
    expect((await t.http().get(link)).status).toBe(429);
  });

  it('caps the mail public actions cause per client address per hour, counting a group as its people plus one', async () => {
    const owner = await signUp(t);
    const event = await publishEvent(t, owner);
    const from = (address: string) => ({ 'X-Forwarded-For': address });
    // A group of five costs six of the eight messages this address may cause in an hour.
    await t
      .http()
      .post(`/api/public/events/${event.slug}/group-registrations`)
      .set(from('10.0.0.2'))
      .send({
        delegate: { name: '带队人', email: 'lead@example.org' },
        organization,
        attendees: Array.from({ length: 5 }, (_, i) => ({ name: `成员${i}`, email: `member-${i}@example.org` })),
      })
      .expect(201);
    const register = (address: string, i: number) =>
      t
        .http()
        .post(`/api/public/events/${event.slug}/registrations`)
        .set(from(address))
        .send({ name: `个人${i}`, email: `person-${i}@example.org`, organization });
    expect((await register('10.0.0.2', 1)).status).toBe(201);
    expect((await register('10.0.0.2', 2)).status).toBe(201);
    const refused = await register('10.0.0.2', 3);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', limit: 'PUBLIC_MAIL_PER_HOUR' });
    expect(await registrationByEmail(t.db.manager, event.id, 'person-3@example.org')).toBeUndefined();
    // Another address is not affected.
    expect((await register('10.0.0.3', 4)).status).toBe(201);
  });

  it('limits lookups that tell whether an account exists, per organizer', async () => {
    const owner = await signUp(t);
    const other = await signUp(t);
    const event = await publishEvent(t, owner);
    const add = (who: typeof owner, i: number) =>
      t
        .http()
        .post(`/api/events/${event.id}/team`)
        .set(who.auth)
        .send({ email: `nobody-${i}@example.org`, role: 'manager' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await add(owner, i)).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    // The limit is the organizer's own: another organizer (not on this team) still gets the usual 404.
    expect((await add(other, 9)).status).toBe(404);
  });
});

describe('limits shared by every api process', () => {
  let t: TestApp;
  const apis: ApiProcess[] = [];
  beforeAll(async () => {
    t = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '10' });
    for (let i = 0; i < 2; i++)
      apis.push(await startApiProcess({ ...t.env, MIGRATIONS_RUN: 'false', LOG_LEVEL: 'warn' }));
  });
  afterAll(async () => {
    await Promise.all(apis.map((api) => api.kill()));
    await t.close();
  });

  it('counts wrong logins from one address over both apis against one limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const res = await fetch(`${apis[i % 2]!.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'guess@example.org', password: `guess number ${i}` }),
      });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
  });
});

describe('"send me my links again" limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1', LINK_REQUESTS_PER_EMAIL_PER_HOUR: '2' });
  });
  afterAll(() => t.close());

  it('limits requests for one mailbox, whatever address they come from, with the same answer for every address', async () => {
    const owner = await signUp(t);
    const event = await publishEvent(t, owner);
    const ask = (email: string, from: string) =>
      t.http().post(`/api/public/events/${event.slug}/link-requests`).set('X-Forwarded-For', from).send({ email });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await ask('Someone@Example.org', `10.1.0.${i}`)).status);
    expect(statuses).toEqual([202, 202, 429]);
    const refused = await ask('someone@example.org', '10.1.0.9');
    expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', limit: 'LINK_REQUESTS_PER_EMAIL_PER_HOUR' });
    // Another mailbox is not affected.
    expect((await ask('other@example.org', '10.1.0.9')).status).toBe(202);
  });
});
