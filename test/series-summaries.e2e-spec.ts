import { createEvent, createTestApp, eventBody, Organizer, signUp, TestApp } from './support';
import { importListedPeople } from '../libs/testing/src/attendance-factories';

/**
 * A class in two sessions: a large one rounded as a reporter would, organizations new to the series or returning,
 * and the series summary across both.
 */
describe('series summaries', () => {
  let t: TestApp;
  let owner: Organizer;
  let checker: Organizer;
  let stranger: Organizer;
  const REGIONS: [code: string, zh: string, en: string][] = [
    ['110000', '北京', 'Beijing'],
    ['120000', '天津', 'Tianjin'],
    ['130000', '河北', 'Hebei'],
    ['150000', '内蒙古', 'Inner Mongolia'],
    ['310000', '上海', 'Shanghai'],
    ['440000', '广东', 'Guangdong'],
    ['410000', '河南', 'Henan'],
    ['340000', '安徽', 'Anhui'],
    ['430000', '湖南', 'Hunan'],
    ['510000', '四川', 'Sichuan'],
    ['610000', '陕西', 'Shaanxi'],
  ];
  const org = (j: number) => ({ org: `讲堂机构-${j}`, region: REGIONS[j % REGIONS.length]![0] });
  // Session 1: 30 people of the first 10 organizations, 5 of whom come back to session 2 (same email).
  const first = Array.from({ length: 30 }, (_, i) => ({
    name: `学员${i}`,
    email: i < 5 ? `class-${i}@example.org` : `first-${i}@example.org`,
    ...org(i % 10),
  }));
  // Session 2: 1,234 people of 105 organizations in 11 regions.
  const second = Array.from({ length: 1234 }, (_, i) => ({
    name: `学员${i}`,
    email: `class-${i}@example.org`,
    ...org(i % 105),
  }));
  let seriesId: string;
  let sessions: { id: string }[];
  afterAll(() => t.close());

  const summaryOf = async (eventId: string) =>
    (await t.http().get(`/api/events/${eventId}/summary`).set(owner.auth).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    [owner, checker, stranger] = [await signUp(t), await signUp(t), await signUp(t)];
    const series = await t
      .http()
      .post('/api/series')
      .set(owner.auth)
      .send({ title: '公益大讲堂', titleEn: 'Philanthropy Class' })
      .expect(201);
    seriesId = series.body.id;
    sessions = [];
    for (const [i, people] of [first, second].entries()) {
      const startsAt = new Date(Date.now() + (10 + i * 7) * 24 * 3600_000);
      const event = await createEvent(t, owner, {
        ...eventBody({
          seriesId,
          kind: 'online',
          venue: null,
          joinUrl: 'https://meeting.example.org/class',
          capacity: 2000,
        }),
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString(),
      });
      await t.http().post(`/api/events/${event.id}/publish`).set(owner.auth).expect(200);
      await importListedPeople(t, owner, event.id, people);
      sessions.push(event);
    }
    await t
      .http()
      .post(`/api/events/${sessions[0]!.id}/team`)
      .set(owner.auth)
      .send({ email: checker.email, role: 'checkin' })
      .expect(201);
  });

  it('rounds a large session as a reporter would, and counts organizations new to the series', async () => {
    const s = await summaryOf(sessions[1]!.id);
    expect(s.people.registered).toBe(1234);
    expect(s.organizations.registered).toBe(105);
    expect(s.series).toMatchObject({ id: seriesId, sequenceNo: 2, returningOrganizations: 10, newOrganizations: 95 });
    const perRegion = second.reduce<Record<string, number>>(
      (acc, p) => ({ ...acc, [p.region]: (acc[p.region] ?? 0) + 1 }),
      {},
    );
    // Most people first, then by code: what the test expects the summary to name, computed from its own list.
    const codes = Object.keys(perRegion).sort((a, b) => perRegion[b]! - perRegion[a]! || (a < b ? -1 : 1));
    expect(s.regions.map((r: { code: string }) => r.code)).toEqual(codes);
    const order = codes.map((code) => REGIONS.find(([c]) => c === code)!.slice(1) as [string, string]);
    const nine = order.slice(0, 9);
    expect(s.narrative.zh).toContain(
      `第2期公益大讲堂在线上举行，来自${nine.map(([zh]) => zh).join('、')}等地区100余家机构的1200余人报名参加。`,
    );
    expect(s.narrative.en).toContain('the 2nd Philanthropy Class was held online.');
    expect(s.narrative.en).toContain(
      `In all, more than 1,200 people from more than 100 organizations in ${nine.map(([, en]) => en).join(', ')} and other regions registered.`,
    );
  });

  it('sums the series up: sessions, distinct people and organizations, returning organizations', async () => {
    const res = await t.http().get(`/api/series/${seriesId}/summary`).set(owner.auth).expect(200);
    const s = res.body;
    expect(
      s.sessions.map((x: { sequenceNo: number; registered: number; attended: number }) => [
        x.sequenceNo,
        x.registered,
        x.attended,
      ]),
    ).toEqual([
      [1, 30, 0],
      [2, 1234, 0],
    ]);
    const emails = new Set([...first, ...second].map((p) => p.email));
    expect(s.totals).toMatchObject({ sessionsHeld: 2, people: emails.size, registrations: 1264, organizations: 105 });
    expect(s.returningOrganizations).toHaveLength(10);
    expect(s.returningOrganizations[0]).toMatchObject({ sessions: 2 });
    expect(s.narrative.zh).toContain('公益大讲堂共举办2期，来自');
    expect(s.narrative.zh).toContain('100余家机构的1200余人报名参加，累计1200余人次。其中10家机构报名了两期及以上。');
    expect(s.narrative.en).toContain('2 sessions of Philanthropy Class were held.');
    expect(s.narrative.en).toContain('Of these, 10 organizations registered for more than one session.');
  });

  it('shows the series summary to anyone on a session team, and to nobody else', async () => {
    expect((await t.http().get(`/api/series/${seriesId}/summary`).set(checker.auth)).status).toBe(200);
    const res = await t.http().get(`/api/series/${seriesId}/summary`).set(stranger.auth);
    expect([res.status, res.body.code]).toEqual([404, 'SERIES_NOT_FOUND']);
  });
});
