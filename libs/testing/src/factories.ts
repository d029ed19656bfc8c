import { randomBytes } from 'node:crypto';
import type { TestApp } from './test-app';

const unique = () => randomBytes(4).toString('hex');

export interface Organizer {
  id: string;
  email: string;
  token: string;
  auth: { Authorization: string };
}

/** Signs an organizer up through the API. */
export async function signUp(t: TestApp, overrides: Partial<{ email: string; name: string; password: string }> = {}) {
  const body = { email: `organizer-${unique()}@example.org`, name: '组织者', password: 'correct horse 1', ...overrides };
  const res = await t.http().post('/api/auth/signup').send(body).expect(201);
  const token = res.body.accessToken as string;
  return { id: res.body.user.id, email: res.body.user.email, token, auth: { Authorization: `Bearer ${token}` } } as Organizer;
}

export function organizationBody(overrides: Record<string, unknown> = {}) {
  return { name: `社会组织${unique()}`, type: 'social_group', regionCode: '110000', ...overrides };
}

export async function createOrganization(t: TestApp, who: Organizer, overrides: Record<string, unknown> = {}) {
  const res = await t.http().post('/api/organizations').set(who.auth).send(organizationBody(overrides)).expect(201);
  return res.body as { id: string; name: string };
}

/** A one-day in-person workshop in Beijing, a week from now, unless overridden. */
export function eventBody(overrides: Record<string, unknown> = {}) {
  const start = new Date(Date.now() + 7 * 24 * 3600_000);
  start.setUTCHours(1, 0, 0, 0);
  const end = new Date(start.getTime() + 8 * 3600_000);
  return {
    title: '京津冀协同发展社会组织研讨会',
    titleEn: 'Workshop on the coordinated development of Beijing, Tianjin and Hebei',
    kind: 'in_person',
    startsAt: start.toISOString(),
    endsAt: end.toISOString(),
    venue: '北京市东城区',
    language: 'zh',
    capacity: 46,
    ...overrides,
  };
}

export async function createEvent(t: TestApp, who: Organizer, overrides: Record<string, unknown> = {}) {
  const res = await t.http().post('/api/events').set(who.auth).send(eventBody(overrides)).expect(201);
  return res.body as { id: string; slug: string; startsAt: string; endsAt: string };
}

/** An event created and published, so the public registration routes accept it. */
export async function publishEvent(t: TestApp, who: Organizer, overrides: Record<string, unknown> = {}) {
  const event = await createEvent(t, who, overrides);
  await t.http().post(`/api/events/${event.id}/publish`).set(who.auth).expect(200);
  return event;
}
