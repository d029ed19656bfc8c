import { normalizeName } from '@tongxin/common';
import { eventById, EventFields, EventView, insertEvent, seatCounters } from '@tongxin/events';
import { insertUnverifiedOrganizations, markOrganizationVerified, matchOrganizations } from '@tongxin/organizations';
import { confirmedByOrganization, groupCount, registrationStatusCounts } from '@tongxin/registrations';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AppHandle } from './app-handle';

const unique = () => randomBytes(4).toString('hex');

export interface Organizer {
  id: string;
  email: string;
  token: string;
  auth: { Authorization: string };
}

/** The password signUp gives an organizer unless told otherwise (browser.ts's signIn types it by default). */
export const ORGANIZER_PASSWORD = 'correct horse 1';

/** Signs an organizer up through the API. */
export async function signUp(t: AppHandle, overrides: Partial<{ email: string; name: string; password: string }> = {}) {
  const body = {
    email: `organizer-${unique()}@example.org`,
    name: '组织者',
    password: ORGANIZER_PASSWORD,
    ...overrides,
  };
  const res = await t.http().post('/api/auth/signup').send(body).expect(201);
  const token = res.body.accessToken as string;
  return {
    id: res.body.user.id,
    email: res.body.user.email,
    token,
    auth: { Authorization: `Bearer ${token}` },
  } as Organizer;
}

export function organizationBody(overrides: Record<string, unknown> = {}) {
  return { name: `社会组织${unique()}`, type: 'social_group', regionCode: '110000', ...overrides };
}

export async function createOrganization(t: AppHandle, who: Organizer, overrides: Record<string, unknown> = {}) {
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

export async function createEvent(t: AppHandle, who: Organizer, overrides: Record<string, unknown> = {}) {
  const res = await t.http().post('/api/events').set(who.auth).send(eventBody(overrides)).expect(201);
  return res.body as { id: string; slug: string; startsAt: string; endsAt: string };
}

/** An event created and published, so the public registration routes accept it. */
export async function publishEvent(t: AppHandle, who: Organizer, overrides: Record<string, unknown> = {}) {
  const event = await createEvent(t, who, overrides);
  await t.http().post(`/api/events/${event.id}/publish`).set(who.auth).expect(200);
  return event;
}

/** Puts an organizer on the event's team with a role, through the API (as its owner does). */
export async function addTeamMember(t: AppHandle, owner: Organizer, eventId: string, member: Organizer, role: string) {
  await t.http().post(`/api/events/${eventId}/team`).set(owner.auth).send({ email: member.email, role }).expect(201);
}

/**
 * Imports `count` people into an event through the API (CSV, no mail), each of a fresh organization unless one is
 * named: seats are then claimed as any import claims them.
 */
export async function importPeople(
  t: AppHandle,
  who: Organizer,
  eventId: string,
  count: number,
  organization?: string,
) {
  const tag = unique();
  const rows = Array.from(
    { length: count },
    (_, i) => `导入${i},import-${tag}-${i}@example.org,${organization ?? `导入组织${tag}-${i}`},110000`,
  );
  const csv = ['姓名,邮箱,单位,地区代码', ...rows].join('\r\n');
  const res = await t
    .http()
    .post(`/api/events/${eventId}/registrations/import?notify=false`)
    .set(who.auth)
    .attach('file', Buffer.from(csv), 'people.csv');
  if (res.status !== 200 || res.body.created !== count)
    throw new Error(`import failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { created: number; confirmed: number; waitlisted: number; pending: number };
}

/** The organizations an organizer finds by this exact name (search is by name, so this is what anyone can see). */
export async function organizationsNamed(t: AppHandle, who: Organizer, name: string) {
  const res = await t.http().get('/api/organizations').query({ q: name, limit: 100 }).set(who.auth).expect(200);
  return (res.body.items as { id: string; name: string; verified: boolean }[]).filter((o) => o.name === name);
}

/**
 * What a platform administrator does once they checked an organization's registration certificate
 * (docs/organizations.md): no route does it yet, so tests do it as the operator would, through the query module.
 */
export async function verifyOrganization(t: AppHandle, id: string): Promise<void> {
  await markOrganizationVerified(t.db.manager, id);
}

/**
 * An event's registrations by status (and in all), its groups, and its seat counter (`counter`: event.confirmed_count),
 * which must equal `confirmed`.
 */
export async function registrationCounts(t: AppHandle, eventId: string) {
  const db = t.db.manager;
  const event = await eventById(db, eventId);
  if (!event) throw new Error(`no event ${eventId}`);
  return {
    counter: event.confirmedCount,
    ...(await registrationStatusCounts(db, eventId)),
    groups: await groupCount(db, eventId),
  };
}

/** Per organization with a seat counter row: confirmed registrations, the counter (which must equal them), the quota. */
export async function seatsByOrganization(t: AppHandle, eventId: string) {
  const confirmed = await confirmedByOrganization(t.db.manager, eventId);
  return (await seatCounters(t.db.manager, eventId)).map((c) => ({
    organizationId: c.organizationId,
    confirmed: confirmed.get(c.organizationId) ?? 0,
    counter: c.confirmed,
    limit: c.limit,
  }));
}

/* Database-tier factories (db specs): rows made through the query modules, no app. */

/** A draft online event a week from now (capacity 100 unless overridden), straight into the database. */
export async function seedEvent(db: EntityManager, overrides: Partial<EventFields> = {}): Promise<EventView> {
  const startsAt = new Date(Date.now() + 7 * 24 * 3600_000);
  const id = await insertEvent(db, {
    slug: `seeded-${unique()}`,
    seriesId: null,
    sequenceNo: null,
    title: '数据库层测试活动',
    titleEn: null,
    description: null,
    kind: 'online',
    startsAt,
    endsAt: new Date(startsAt.getTime() + 2 * 3600_000),
    timezone: 'Asia/Shanghai',
    venue: null,
    joinUrl: 'https://meeting.example.org/seeded',
    capacity: 100,
    perOrganizationLimit: null,
    registrationOpensAt: null,
    registrationClosesAt: null,
    requiresApproval: false,
    language: 'zh',
    reminderOffsets: [],
    attendedMinMinutes: 30,
    ...overrides,
  });
  return (await eventById(db, id))!;
}

/** `count` organizations (unverified, as registrants add them), returned in id order. */
export async function seedOrganizations(db: EntityManager, count: number): Promise<string[]> {
  const tag = unique();
  const keys = Array.from({ length: count }, (_, i) => ({
    name: `种子组织${tag}-${i}`,
    regionCode: '110000',
    creditCode: null,
  }));
  await insertUnverifiedOrganizations(
    db,
    keys.map((k) => ({ ...k, nameNormalized: normalizeName(k.name), type: 'other' })),
  );
  const ids = await matchOrganizations(
    db,
    keys.map((k) => ({ ...k, nameNormalized: normalizeName(k.name) })),
  );
  return (ids as string[]).sort();
}
