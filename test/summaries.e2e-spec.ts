import { createEvent, createOrganization, createTestApp, Organizer, signUp, TestApp } from './support';
import ExcelJS from 'exceljs';
import {
  addUnregisteredParticipants,
  importListedPeople,
  ListedPerson,
  recordAttendance,
  settleMessages,
} from '../libs/testing/src/attendance-factories';
import { outboxMessages } from '../libs/testing/src/mail-factories';

interface Registration {
  id: string;
  status: string;
  email: string;
  organization: { id: string; regionCode: string };
}

async function registrationsOf(t: TestApp, who: Organizer, eventId: string): Promise<Registration[]> {
  const all: Registration[] = [];
  let cursor: string | undefined;
  do {
    const res = await t
      .http()
      .get(`/api/events/${eventId}/registrations`)
      .query({ limit: 100, ...(cursor ? { cursor } : {}) })
      .set(who.auth)
      .expect(200);
    all.push(...res.body.items);
    cursor = res.body.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

const dayOf = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric' })
    .formatToParts(new Date(iso))
    .filter((p) => p.type !== 'literal')
    .map((p) => Number(p.value));

/** The workshop of the news item: 50 people of 42 organizations in Beijing (20), Tianjin (12) and Hebei (10). */
const REGION_OF_ORG = (j: number) => (j < 20 ? '110000' : j < 32 ? '120000' : '130000');
const workshopPeople = (tag: string): ListedPerson[] =>
  Array.from({ length: 50 }, (_, i) => {
    const org = i < 42 ? i : i - 42;
    return {
      name: `代表${i}`,
      email: `ws-${tag}-${i}@example.org`,
      org: `研讨机构${tag}-${org}`,
      region: REGION_OF_ORG(org),
    };
  });

describe('event summaries', () => {
  let t: TestApp;
  let owner: Organizer;
  let manager: Organizer;
  let checker: Organizer;
  let stranger: Organizer;
  let workshop: { id: string; startsAt: string };
  let people: Registration[];

  beforeAll(async () => {
    t = await createTestApp();
    [owner, manager, checker, stranger] = [await signUp(t), await signUp(t), await signUp(t), await signUp(t)];
    const hosts = await Promise.all(
      ['北京市民政局', '北京市社会组织发展服务中心', '北京市社会组织联合会'].map((name) =>
        createOrganization(t, owner, { name: `${name}${Math.random().toString(36).slice(2, 6)}` }),
      ),
    );
    workshop = await createEvent(t, owner, {
      capacity: 100,
      venue: '北京市东城区某会议中心',
      hosts: [
        { organizationId: hosts[0]!.id, role: 'guiding' },
        { organizationId: hosts[1]!.id, role: 'host' },
        { organizationId: hosts[2]!.id, role: 'organizer' },
      ],
    });
    await t.http().post(`/api/events/${workshop.id}/publish`).set(owner.auth).expect(200);
    for (const [who, role] of [
      [manager, 'manager'],
      [checker, 'checkin'],
    ] as const) {
      await t
        .http()
        .post(`/api/events/${workshop.id}/team`)
        .set(owner.auth)
        .send({ email: who.email, role })
        .expect(201);
    }
    await importListedPeople(t, owner, workshop.id, workshopPeople('a'), true);
    people = await registrationsOf(t, owner, workshop.id);
    // The last person cancels: one cancelled, 49 still registered.
    const last = people.find((p) => p.email === 'ws-a-49@example.org')!;
    await t.http().post(`/api/events/${workshop.id}/registrations/${last.id}/cancel`).set(owner.auth).expect(200);
    people = await registrationsOf(t, owner, workshop.id);
  });
  afterAll(() => t.close());

  const summaryOf = async (eventId: string, who = owner) =>
    (await t.http().get(`/api/events/${eventId}/summary`).set(who.auth).expect(200)).body;

  it('uses registered figures, and says 报名, before anyone attended', async () => {
    const s = await summaryOf(workshop.id);
    const [month, day] = dayOf(workshop.startsAt);
    expect(s.basis).toBe('registered');
    expect(s.people).toEqual({ registered: 49, attended: 0 });
    expect(s.narrative.zh).toMatch(
      new RegExp(
        `^${month}月${day}日，京津冀协同发展社会组织研讨会在北京举行，来自北京、天津、河北三地40余家机构的49名代表报名参加。指导单位：`,
      ),
    );
    expect(s.narrative.en).toContain(
      'In all, 49 delegates from more than 40 organizations in Beijing, Tianjin and Hebei registered.',
    );
  });

  it('counts what the test recorded: statuses, attendance, organizations, regions, messages, intentions', async () => {
    // 46 attend (by door, join link and import), two more were online too briefly, three joined unregistered.
    const byEmail = new Map(people.map((p) => [p.email, p]));
    const reg = (i: number) => byEmail.get(`ws-a-${i}@example.org`)!;
    const start = new Date(workshop.startsAt);
    await recordAttendance(t.db.manager, [
      ...Array.from({ length: 30 }, (_, i) => ({ registrationId: reg(i).id, checkedInAt: start })),
      ...Array.from({ length: 10 }, (_, i) => ({ registrationId: reg(30 + i).id, firstJoinAt: start })),
      ...Array.from({ length: 6 }, (_, i) => ({ registrationId: reg(40 + i).id, importedMinutes: 45 })),
      ...Array.from({ length: 2 }, (_, i) => ({ registrationId: reg(46 + i).id, importedMinutes: 10 })),
    ]);
    await addUnregisteredParticipants(t.db.manager, workshop.id, [
      { name: '旁听者甲', minutes: 50 },
      { name: '旁听者乙', minutes: 40 },
      { name: '旁听者丙', minutes: 5 },
    ]);
    const confirmations = await outboxMessages(t.db.manager, { eventId: workshop.id, kind: 'confirmation' });
    await settleMessages(
      t.db.manager,
      confirmations.slice(0, 40).map((m) => m.id),
      'sent',
    );
    await settleMessages(
      t.db.manager,
      confirmations.slice(40, 43).map((m) => m.id),
      'failed',
    );
    const [a, b, c] = people.slice(0, 3).map((p) => p.organization.id);
    const signedAt = new Date(start.getTime() + 2 * 3600_000).toISOString();
    for (const body of [
      { title: '社区养老合作', organizationIds: [a, b], field: 'charity', status: 'signed', signedAt },
      { title: '联合调研', organizationIds: [b, c], field: 'research', status: 'negotiating' },
      { title: '公益培训', organizationIds: [a, c], field: 'training', status: 'intent' },
    ]) {
      await t.http().post(`/api/events/${workshop.id}/intentions`).set(owner.auth).send(body).expect(201);
    }

    const attendedIds = new Set(Array.from({ length: 46 }, (_, i) => reg(i).id));
    const active = people.filter((p) => ['confirmed', 'waitlisted', 'pending'].includes(p.status));
    const attendees = people.filter((p) => attendedIds.has(p.id));
    const orgsOf = (list: Registration[]) => new Set(list.map((p) => p.organization.id)).size;
    const countBy = <T>(list: T[], key: (x: T) => string) =>
      list.reduce<Record<string, number>>((acc, x) => ({ ...acc, [key(x)]: (acc[key(x)] ?? 0) + 1 }), {});
    const messages = await outboxMessages(t.db.manager, { eventId: workshop.id });

    const s = await summaryOf(workshop.id, manager);
    expect(s.basis).toBe('attended');
    expect(s.registrations).toEqual({
      total: people.length,
      ...countBy(people, (p) => p.status),
      waitlisted: 0,
      pending: 0,
      rejected: 0,
    });
    expect(s.people).toEqual({ registered: active.length, attended: attendees.length });
    expect(s.organizations).toEqual({ registered: orgsOf(active), attended: orgsOf(attendees) });
    expect(s.attendance).toMatchObject({
      confirmed: people.filter((p) => p.status === 'confirmed').length,
      attended: 46,
      attendanceRate: Math.round((46 / 49) * 1000) / 1000,
      checkedIn: 30,
      joinedOnline: 10,
      attendedByImport: 6,
      unregisteredParticipants: 3,
      unregisteredAttended: 2,
    });
    const attendedByRegion = countBy(attendees, (p) => p.organization.regionCode);
    expect(
      s.regions.map((r: { code: string; attended: number; registered: number }) => [r.code, r.attended, r.registered]),
    ).toEqual(
      ['110000', '120000', '130000'].map((code) => [
        code,
        attendedByRegion[code],
        active.filter((p) => p.organization.regionCode === code).length,
      ]),
    );
    expect(s.regions[0]).toMatchObject({ nameZh: '北京市', nameEn: 'Beijing', organizations: 20 });
    expect(s.organizationTypes).toEqual([
      { type: 'social_group', organizations: 42, organizationsAttended: 42, registered: 49, attended: 46 },
    ]);
    expect(s.hosts.map((h: { role: string }) => h.role)).toEqual(['guiding', 'host', 'organizer']);
    const sent = countBy(
      messages.filter((m) => m.status === 'sent'),
      (m) => m.kind,
    );
    const failed = countBy(
      messages.filter((m) => m.status === 'failed'),
      (m) => m.kind,
    );
    const kinds = [...new Set(messages.map((m) => m.kind))].sort();
    expect(s.messages).toEqual(kinds.map((kind) => ({ kind, sent: sent[kind] ?? 0, failed: failed[kind] ?? 0 })));
    expect(s.intentions).toMatchObject({ total: 3, signed: 1, signedOnSite: 1 });
    expect(s.intentions.byStatus).toEqual({ intent: 1, negotiating: 1, signed: 1 });
    expect(s.series).toBeNull();
    expect(s).not.toHaveProperty('organizationList');

    const [month, day] = dayOf(workshop.startsAt);
    expect(s.narrative.zh).toMatch(
      new RegExp(
        `^${month}月${day}日，京津冀协同发展社会组织研讨会在北京举行，来自北京、天津、河北三地40余家机构的46名代表参加。` +
          '会上达成合作意向3项，现场签约1项。指导单位：北京市民政局.*；主办单位：北京市社会组织发展服务中心.*；承办单位：北京市社会组织联合会.*。$',
      ),
    );
    expect(s.narrative.en).toContain(
      'It brought together 46 delegates from more than 40 organizations in Beijing, Tianjin and Hebei. ' +
        'A total of 3 cooperation intentions were reached and 1 project was signed on site.',
    );
  });

  it('writes the workbook: its sheets, the figures and every person', async () => {
    const res = await t
      .http()
      .get(`/api/events/${workshop.id}/summary.xlsx`)
      .set(owner.auth)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      '概况 Summary',
      '地区 Regions',
      '机构 Organizations',
      '人员 Attendees',
      '合作意向 Intentions',
    ]);
    const summary = book.getWorksheet('概况 Summary')!;
    expect(summary.getCell('A1').value).toBe('京津冀协同发展社会组织研讨会');
    expect(String(summary.getCell('A5').value)).toContain('46名代表参加');
    const regions = book.getWorksheet('地区 Regions')!;
    expect(regions.getRow(2).values).toEqual([undefined, '北京市 Beijing', '110000', 20, 27, 24]);
    expect(book.getWorksheet('机构 Organizations')!.rowCount).toBe(1 + 42);
    const attendees = book.getWorksheet('人员 Attendees')!;
    expect(attendees.rowCount).toBe(1 + people.length);
    const emails = attendees.getColumn(2).values.slice(2);
    expect(new Set(emails)).toEqual(new Set(people.map((p) => p.email)));
    expect(book.getWorksheet('合作意向 Intentions')!.rowCount).toBe(1 + 3);
  });

  it('writes Markdown and a printable page with three inline SVG charts', async () => {
    const md = await t.http().get(`/api/events/${workshop.id}/summary.md`).set(owner.auth).expect(200);
    expect(md.headers['content-type']).toContain('text/markdown');
    expect(md.text).toMatch(/^# 京津冀协同发展社会组织研讨会\n/);
    expect(md.text).toContain('46名代表参加');
    expect(md.text).toContain('| 北京市 Beijing | 110000 | 20 | 27 | 24 |');
    const html = await t.http().get(`/api/events/${workshop.id}/summary.html`).set(owner.auth).expect(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    );
    expect(html.text.match(/<svg /g)).toHaveLength(3);
    expect(html.text).toContain('报名转化 Registered → confirmed → attended');
    expect(html.text).toContain('各地区人数 People by region');
    expect(html.text).toContain('机构类型 Organizations by type');
    expect(html.text.indexOf('活动综述')).toBeLessThan(html.text.indexOf('>Summary<'));
    expect(html.text).not.toMatch(/<script|src=|href=/);
  });

  it('escapes a hostile title in every file', async () => {
    const title = '<script>alert(1)</script><img src=x onerror=alert(2)> | **研讨会**';
    const event = await createEvent(t, owner, { title, titleEn: '"><svg onload=alert(3)>' });
    const html = (await t.http().get(`/api/events/${event.id}/summary.html`).set(owner.auth).expect(200)).text;
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<svg onload');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const md = (await t.http().get(`/api/events/${event.id}/summary.md`).set(owner.auth).expect(200)).text;
    expect(md).toContain('# \\<script\\>alert\\(1\\)\\</script\\>');
    expect(md).toContain('\\| \\*\\*研讨会\\*\\*');
  });

  it('keeps summaries from strangers (404) and the checkin role (403)', async () => {
    for (const path of ['summary', 'summary.md', 'summary.xlsx', 'summary.html']) {
      const url = `/api/events/${workshop.id}/${path}`;
      expect((await t.http().get(url).set(stranger.auth)).status).toBe(404);
      const door = await t.http().get(url).set(checker.auth);
      expect([door.status, door.body.code]).toEqual([403, 'FORBIDDEN_ROLE']);
      expect((await t.http().get(url)).status).toBe(401);
    }
    expect((await t.http().get(`/api/events/${workshop.id}/summary.md`).set(manager.auth)).status).toBe(200);
  });
});
