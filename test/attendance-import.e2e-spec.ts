import { importedAttendanceOf, unregisteredParticipantsOf } from '@tongxin/attendance';
import { createEvent, createTestApp, Organizer, signUp, TestApp } from './support';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/*
 * Meeting-platform exports through the real HTTP stack: files built here the way Tencent Meeting, Zoom and
 * spreadsheet users write them, people registered through the registration import, and every expected figure
 * computed from the tables below, not read back from the api.
 */

interface Person {
  name: string;
  email: string;
  phone: string;
  organization: string;
  region: string;
  /** Minutes the Tencent file below gives them once their sessions are united (undefined: not in the file). */
  minutes?: number;
  /** Checked in at the door as well (online and at the venue: a hybrid class). */
  checkedIn?: boolean;
  cancelled?: boolean;
}

const REGION_NAMES: Record<string, string> = { '110000': '北京市', '120000': '天津市', '130000': '河北省' };

/** A person registered for the class: name, email, phone, organization, region, and what the files say of them. */
const person = (row: string, extra: Partial<Person> = {}): Person => {
  const [name, email, phone, organization, region] = row.split(',') as [string, string, string, string, string];
  return { name, email, phone, organization, region, ...extra };
};

const PEOPLE: Person[] = [
  person('张三,zhang.san@example.org,13800001111,京华公益协会,110000'),
  person('张三,zhang.san.tj@example.org,13900002222,津门社工中心,120000'),
  person('李四,li.si@example.org,13700003333,京华公益协会,110000', { minutes: 80, checkedIn: true }),
  person('王五,wang.wu@example.org,13600004444,燕赵志愿者联合会,130000', { minutes: 115 }),
  person('赵六,zhao.liu@example.org,13500005555,燕赵志愿者联合会,130000', { minutes: 30 }),
  person('钱七,qian.qi@example.org,13400006666,津门社工中心,120000', { minutes: 29 }),
  person('孙八,sun.ba@example.org,13300007777,京华公益协会,110000', { checkedIn: true }),
  person('周九,zhou.jiu@example.org,13200008888,京华公益协会,110000', { cancelled: true }),
];

/** A Beijing wall-clock time on the class day, as an XLSX date cell holds it (ExcelJS writes a Date's UTC fields). */
const cell = (hhmm: string) => new Date(`2030-03-14T${hhmm}:00Z`);
const beijing = (hhmm: string) => new Date(`2030-03-14T${hhmm}:00+08:00`);

/** Tencent Meeting's export: seven labelled lines, a blank row, the header on row 9, two sheets. */
async function tencentWorkbook(): Promise<Buffer> {
  const preamble = [
    ['会议主题:', '同心公益课堂第23期'],
    ['会议号:', '123 456 789'],
    ['会议创建者:', '主持人'],
    ['预定开始时间:', '2030-03-14 14:00:00'],
    ['预定结束时间:', '2030-03-14 16:00:00'],
    ['累计会议时长:', '2:15:00'],
    ['参会用户总数:', '7'],
    [],
  ];
  const book = new ExcelJS.Workbook();
  book.addWorksheet('成员参会概况').addRows([
    ...preamble,
    ['用户昵称（入会昵称）', '首次入会时间', '最后退会时间', '入会次数', '累计参会时长', '身份'],
    ['主持人', cell('13:50'), cell('16:05'), 1, '2:15:00', '主持人'], // row 10: the host is not a participant
    ['李四', cell('14:00'), cell('15:40'), 3, '1:30:00', '普通参会者'], // row 11: Tencent adds the overlap
    ['王五(小王)', cell('14:05'), '--', 1, '1:55:00', '普通参会者'],
    ['赵六-燕赵志愿者联合会', cell('14:00'), cell('14:30'), 1, '0:30:00', '普通参会者'],
    ['钱七', cell('14:00'), cell('14:29'), 1, '0:29:00', '普通参会者'],
    ['张三', cell('14:00'), cell('15:00'), 1, '1:00:00', '普通参会者'], // row 15: two registrations are 张三
    ['陌生人甲', cell('14:00'), cell('14:50'), 1, '0:50:00', '普通参会者'], // row 16: registered nowhere
  ]);
  book.addWorksheet('成员参会明细').addRows([
    ...preamble,
    ['用户昵称（入会昵称）', '入会时间', '退会时间', '单次参会时长', '房间类型'],
    ['主持人', '2030-03-14 13:50:00', '2030-03-14 16:05:00', '2:15:00', '主会场'],
    ['李四', '2030-03-14 14:00:00', '2030-03-14 14:40:00', '0:40:00', '主会场'],
    ['王五(小王)', '2030-03-14 14:05:00', '--', '--', '主会场'], // still in: closed at the event's end, 16:00
    ['李四', '2030-03-14 14:30:00', '2030-03-14 15:10:00', '0:40:00', '主会场'], // a second device, overlapping
    ['赵六-燕赵志愿者联合会', cell('14:00'), cell('14:30'), '0:30:00', '主会场'], // exactly the threshold
    ['钱七', '2030-03-14 14:00:00', '2030-03-14 14:29:00', '0:29:00', '主会场'], // one minute short
    ['张三', '2030-03-14 14:00:00', '2030-03-14 15:00:00', '1:00:00', '主会场'],
    ['陌生人甲', '2030-03-14 14:00:00', '2030-03-14 14:50:00', '0:50:00', '主会场'],
    ['李四', '2030-03-14 15:30:00', '2030-03-14 15:40:00', '0:10:00', '主会场'], // rejoined after a break
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('attendance import and figures', () => {
  let t: TestApp;
  let owner: Organizer;
  let manager: Organizer;
  let door: Organizer;
  let stranger: Organizer;
  beforeAll(async () => {
    t = await createTestApp();
    [owner, manager, door, stranger] = [await signUp(t), await signUp(t), await signUp(t), await signUp(t)];
  });
  afterAll(() => t.close());

  const upload = (who: Organizer, eventId: string, file: Buffer, name: string, query = '') =>
    t.http().post(`/api/events/${eventId}/attendance/import${query}`).set(who.auth).attach('file', file, name);

  /** An online class on 2030-03-14, 14:00-16:00 in its zone, with these people registered (and some cancelled). */
  async function classWith(people: Person[], overrides: Record<string, unknown> = {}) {
    const zone = (overrides.timezone as string) ?? 'Asia/Shanghai';
    const offset = zone === 'America/New_York' ? '-04:00' : '+08:00';
    const event = await createEvent(t, owner, {
      kind: 'online',
      joinUrl: 'https://meeting.example.org/j/123456789',
      startsAt: `2030-03-14T14:00:00${offset}`,
      endsAt: `2030-03-14T16:00:00${offset}`,
      capacity: 100,
      ...overrides,
    });
    const csv = [
      '姓名,邮箱,手机,单位,地区代码',
      ...people.map((p) => [p.name, p.email, p.phone, p.organization, p.region].join(',')),
    ].join('\r\n');
    if (people.length > 0) {
      await t
        .http()
        .post(`/api/events/${event.id}/registrations/import?notify=false`)
        .set(owner.auth)
        .attach('file', Buffer.from(csv), 'people.csv')
        .expect(200);
    }
    const list = await t.http().get(`/api/events/${event.id}/registrations?limit=100`).set(owner.auth).expect(200);
    const ids = new Map<string, string>(
      list.body.items.map((r: { email: string; id: string }) => [r.email, r.id] as const),
    );
    for (const p of people.filter((p) => p.cancelled)) {
      await t
        .http()
        .post(`/api/events/${event.id}/registrations/${ids.get(p.email)}/cancel`)
        .set(owner.auth)
        .expect(200);
    }
    return { ...event, ids };
  }

  const minutesOf = async (eventId: string, ids: Map<string, string>) => {
    const emailOf = new Map([...ids].map(([email, id]) => [id, email]));
    const rows = await importedAttendanceOf(t.db.manager, eventId);
    return Object.fromEntries(rows.map((r) => [emailOf.get(r.registrationId)!, r.minutes]));
  };

  it('reads a Tencent Meeting export: preamble, both sheets, rejoins united, -- closed, namesakes reported', async () => {
    const event = await classWith(PEOPLE);
    const file = await tencentWorkbook();
    const expected = {
      format: 'tencent',
      rows: 14,
      matched: 4,
      attended: 3,
      belowThreshold: 1,
      attendedMinMinutes: 30,
      unmatched: [{ sheet: '成员参会概况', row: 16, name: '陌生人甲' }],
      ambiguous: [
        {
          sheet: '成员参会概况',
          row: 15,
          name: '张三',
          candidates: expect.arrayContaining(
            PEOPLE.filter((p) => p.name === '张三').map((p) => ({
              id: event.ids.get(p.email),
              name: '张三',
              organization: p.organization,
            })),
          ),
        },
      ],
      unregistered: 1,
      rejected: [],
    };

    // A dry run reports the same and writes nothing.
    const dry = await upload(owner, event.id, file, 'meeting.xlsx', '?dryRun=true').expect(200);
    expect(dry.body).toEqual({ dryRun: true, ...expected });
    expect(await importedAttendanceOf(t.db.manager, event.id)).toEqual([]);
    expect(await unregisteredParticipantsOf(t.db.manager, event.id)).toEqual([]);

    const res = await upload(owner, event.id, file, 'meeting.xlsx').expect(200);
    expect(res.body).toEqual({ dryRun: false, ...expected });
    expect(await minutesOf(event.id, event.ids)).toEqual(
      Object.fromEntries(PEOPLE.filter((p) => p.minutes !== undefined).map((p) => [p.email, p.minutes])),
    );
    const stored = await importedAttendanceOf(t.db.manager, event.id);
    expect(stored.find((r) => r.registrationId === event.ids.get('wang.wu@example.org'))).toMatchObject({
      firstAt: beijing('14:05'),
      lastAt: beijing('16:00'),
    });
    expect(stored.find((r) => r.registrationId === event.ids.get('li.si@example.org'))).toMatchObject({
      firstAt: beijing('14:00'),
      lastAt: beijing('15:40'),
    });
    const unregistered = await unregisteredParticipantsOf(t.db.manager, event.id);
    expect(unregistered).toEqual([
      expect.objectContaining({ name: '陌生人甲', minutes: 50, source: 'tencent', firstAt: beijing('14:00') }),
    ]);

    // The same file again changes nothing, not even updated_at.
    const again = await upload(owner, event.id, file, 'meeting.xlsx').expect(200);
    expect(again.body).toEqual(res.body);
    expect(await importedAttendanceOf(t.db.manager, event.id)).toEqual(stored);
    expect(await unregisteredParticipantsOf(t.db.manager, event.id)).toEqual(unregistered);

    // Some were at the venue too; then the live figures, each computed here from PEOPLE.
    for (const p of PEOPLE.filter((p) => p.checkedIn)) {
      await t
        .http()
        .post(`/api/events/${event.id}/check-ins`)
        .set(owner.auth)
        .send({ registrationId: event.ids.get(p.email) })
        .expect(201);
    }
    await upload(owner, event.id, file, 'meeting.xlsx').expect(200); // an import leaves check-ins alone
    const registered = PEOPLE.filter((p) => !p.cancelled);
    const online = (p: Person) => (p.minutes ?? 0) >= 30;
    const came = (p: Person) => online(p) || p.checkedIn === true;
    const figures = await t.http().get(`/api/events/${event.id}/attendance`).set(owner.auth).expect(200);
    const attended = registered.filter(came).length;
    expect(figures.body).toMatchObject({
      registered: registered.length,
      confirmed: registered.length,
      checkedIn: registered.filter((p) => p.checkedIn).length,
      joinedOnline: 0,
      attendedByImport: registered.filter(online).length,
      attended,
      unregisteredParticipants: 1,
      attendanceRate: Math.round((attended / registered.length) * 1000) / 1000,
    });
    const byOrganization = [...new Set(registered.map((p) => p.organization))].map((name) => {
      const members = registered.filter((p) => p.organization === name);
      return { name, registered: members.length, confirmed: members.length, attended: members.filter(came).length };
    });
    expect(figures.body.byOrganization).toHaveLength(byOrganization.length);
    expect(figures.body.byOrganization).toEqual(
      expect.arrayContaining(byOrganization.map((o) => expect.objectContaining(o))),
    );
    const byRegion = Object.keys(REGION_NAMES).map((regionCode) => {
      const members = registered.filter((p) => p.region === regionCode);
      return {
        regionCode,
        nameZh: REGION_NAMES[regionCode],
        organizations: new Set(members.map((p) => p.organization)).size,
        registered: members.length,
        attended: members.filter(came).length,
      };
    });
    expect(figures.body.byRegion).toHaveLength(byRegion.length);
    expect(figures.body.byRegion).toEqual(expect.arrayContaining(byRegion.map((r) => expect.objectContaining(r))));
  });

  it('reads a Zoom participants report, with and without the meeting data above it, in the event’s zone', async () => {
    const people = [
      person('Alice Chen,alice@example.org,13100001111,沪上公益,310000'),
      person('周杰,zhou.jie@example.org,13100002222,沪上公益,310000'),
    ];
    const event = await classWith(people, { timezone: 'America/New_York' });
    const participants = [
      'Alice (Alice Chen),alice@example.org,03/14/2030 02:00:00 PM,03/14/2030 02:45:00 PM,45,No,',
      '周杰,,03/14/2030 02:10:00 PM,03/14/2030 02:30:00 PM,20,Yes,',
      'Alice (Alice Chen),alice@example.org,03/14/2030 02:40:00 PM,03/14/2030 03:10:00 PM,30,No,',
      'Guest 123,,03/14/2030 02:00:00 PM,03/14/2030 03:00:00 PM,60,Yes,',
    ];
    const plain = [
      'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent',
      ...participants,
    ].join('\n');
    const withMeeting = [
      'Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,',
      '81234567890,公益课,03/14/2030 01:58:00 PM,03/14/2030 03:10:00 PM,host@example.org,72,4,',
      '',
      'Name (original name),Email,Join time,Leave time,Duration (minutes),Guest,In waiting room',
      ...participants,
    ].join('\n');

    const first = await upload(owner, event.id, Buffer.from(plain), 'participants.csv').expect(200);
    expect(first.body).toMatchObject({
      format: 'zoom',
      rows: 4,
      matched: 2,
      attended: 1,
      belowThreshold: 1,
      unmatched: [{ row: 5, name: 'Guest 123' }],
      ambiguous: [],
    });
    expect(await minutesOf(event.id, event.ids)).toEqual({ 'alice@example.org': 70, 'zhou.jie@example.org': 20 });
    const stored = await importedAttendanceOf(t.db.manager, event.id);
    expect(stored.find((r) => r.registrationId === event.ids.get('alice@example.org'))).toMatchObject({
      firstAt: new Date('2030-03-14T18:00:00Z'),
      lastAt: new Date('2030-03-14T19:10:00Z'),
    });

    // The same meeting exported with its meeting data: the header is found on row 4, and nothing changes.
    const second = await upload(owner, event.id, Buffer.from(withMeeting), 'participants.csv').expect(200);
    expect(second.body).toMatchObject({
      format: 'zoom',
      rows: 4,
      matched: 2,
      unmatched: [{ row: 8, name: 'Guest 123' }],
    });
    expect(await importedAttendanceOf(t.db.manager, event.id)).toEqual(stored);
  });

  it('reads a plain GB18030 table and an XLSX one; a later file sets the minutes, it does not add to them', async () => {
    const people = [
      person('欧阳娜娜,ouyang@example.org,13812345678,皖江青年,340000'),
      person('林一,lin.yi@example.org,13812340000,皖江青年,340000'),
    ];
    const event = await classWith(people, { attendedMinMinutes: 45 });
    const csv =
      '姓名,手机,邮箱,时长(分钟)\r\n欧阳娜娜,+86 138 1234 5678,,45\r\n林一,,LIN.YI@example.org,44\r\n未报名者,,,90\r\n';
    const res = await upload(owner, event.id, iconv.encode(csv, 'gb18030'), 'attendance.csv').expect(200);
    expect(res.body).toMatchObject({
      format: 'table',
      rows: 3,
      matched: 2,
      attended: 1,
      belowThreshold: 1,
      attendedMinMinutes: 45,
      unmatched: [{ row: 4, name: '未报名者' }],
    });
    expect(await minutesOf(event.id, event.ids)).toEqual({ 'ouyang@example.org': 45, 'lin.yi@example.org': 44 });

    const book = new ExcelJS.Workbook();
    book.addWorksheet('Sheet1').addRows([
      ['name', 'email', 'join', 'leave'],
      ['Lin Yi', 'lin.yi@example.org', cell('14:00'), cell('14:50')],
    ]);
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    const later = await upload(owner, event.id, xlsx, 'attendance.xlsx').expect(200);
    expect(later.body).toMatchObject({ format: 'table', matched: 1, attended: 1, unmatched: [] });
    expect(await minutesOf(event.id, event.ids)).toEqual({ 'ouyang@example.org': 45, 'lin.yi@example.org': 50 });
    const figures = await t.http().get(`/api/events/${event.id}/attendance`).set(owner.auth).expect(200);
    expect(figures.body).toMatchObject({
      attendedByImport: 2,
      attended: 2,
      attendanceRate: 1,
      unregisteredParticipants: 1,
    });
  });

  it('lets owners and managers import, every team role read the figures, and hides the event from strangers', async () => {
    const event = await classWith(PEOPLE.slice(0, 2));
    const addMember = (who: Organizer, role: string) =>
      t.http().post(`/api/events/${event.id}/team`).set(owner.auth).send({ email: who.email, role }).expect(201);
    await addMember(manager, 'manager');
    await addMember(door, 'checkin');
    const file = await tencentWorkbook();
    await upload(manager, event.id, file, 'meeting.xlsx', '?dryRun=true').expect(200);
    const refused = await upload(door, event.id, file, 'meeting.xlsx').expect(403);
    expect(refused.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN_ROLE' });
    await t.http().get(`/api/events/${event.id}/attendance`).set(door.auth).expect(200);
    const hidden = await upload(stranger, event.id, file, 'meeting.xlsx').expect(404);
    expect(hidden.body).toMatchObject({ code: 'EVENT_NOT_FOUND' });
    await t.http().get(`/api/events/${event.id}/attendance`).set(stranger.auth).expect(404);
    expect(await importedAttendanceOf(t.db.manager, event.id)).toEqual([]);
  });

  it('answers a file it cannot use with 400 and says what it expected', async () => {
    const event = await classWith([]);
    const binary = await upload(owner, event.id, Buffer.from([0x00, 0x01, 0x02, 0xff]), 'x.bin').expect(400);
    expect(binary.body).toMatchObject({ statusCode: 400, code: 'UNREADABLE_FILE' });
    const noHeader = await upload(owner, event.id, Buffer.from('会议主题:,公益课\na,b\n1,2\n'), 'x.csv').expect(400);
    expect(noHeader.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/Tencent.*Zoom/) });
    const missing = await t.http().post(`/api/events/${event.id}/attendance/import`).set(owner.auth).expect(400);
    expect(missing.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('"file"') });
  });
});
