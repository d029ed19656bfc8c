import ExcelJS from 'exceljs';
import { addTeamMember, createTestApp, Organizer, publishEvent, signUp, TestApp } from './support';

/** Chinese characters, which the English copy must not print. */
const CJK = /[\u3400-\u9fff]/;

/** The class's questions: every countable type, one without English labels throughout, and free text. */
const QUESTIONS = [
  { key: 'first_time', type: 'yes_no', labelZh: '是否首次参加', labelEn: 'Is this your first time?' },
  {
    key: 'field',
    type: 'organization_field',
    labelZh: '机构服务领域',
    labelEn: 'Field of work',
    options: [
      { key: 'community', labelZh: '社区服务', labelEn: 'Community services' },
      { key: 'charity', labelZh: '慈善救助', labelEn: 'Charity and relief' },
    ],
  },
  {
    key: 'topics',
    type: 'multi_choice',
    labelZh: '关注议题',
    labelEn: 'Topics',
    options: [
      { key: 'elderly', labelZh: '养老', labelEn: 'Elderly care' },
      { key: 'education', labelZh: '教育' },
      { key: 'environment', labelZh: '环保', labelEn: 'Environment' },
    ],
  },
  {
    key: 'diet',
    type: 'choice',
    labelZh: '饮食要求',
    labelEn: 'Dietary needs',
    options: [
      { key: 'none', labelZh: '无', labelEn: 'None' },
      { key: 'vegetarian', labelZh: '素食', labelEn: 'Vegetarian' },
      { key: 'halal', labelZh: '清真', labelEn: 'Halal' },
    ],
  },
  { key: 'notes', type: 'text', labelZh: '其他说明' },
];

const SECRET = '不应出现在总结里的自由文本';

/**
 * Who registered and what they answered; who was checked in at the door; one cancelled (not counted). Every
 * expected figure below is read off this table.
 */
const PEOPLE: { org: string; answers: Record<string, unknown>; came?: true; cancelled?: true }[] = [
  {
    org: 'A',
    answers: { first_time: true, field: 'community', topics: ['elderly', 'education'], diet: 'none', notes: SECRET },
    came: true,
  },
  { org: 'A', answers: { first_time: true, field: 'community', topics: ['elderly'], diet: 'halal' }, came: true },
  { org: 'B', answers: { first_time: false, field: 'charity', topics: ['education'], diet: 'none' }, came: true },
  { org: 'B', answers: { first_time: true, field: 'community', diet: 'vegetarian' } },
  { org: 'C', answers: { first_time: false, field: 'charity', topics: ['elderly', 'environment'] } },
  { org: 'C', answers: { field: 'community' }, came: true },
  {
    org: 'D',
    answers: { first_time: true, field: 'charity', topics: ['environment'], diet: 'none' },
    cancelled: true,
  },
];

interface Option {
  key: string;
  registered: number;
  attended: number;
  organizations?: { registered: number; attended: number };
}
interface SummaryQuestion {
  key: string;
  removed: boolean;
  answered: Option;
  options: Option[];
}

describe('summary: registration questions counted', () => {
  let t: TestApp;
  let owner: Organizer;
  let event: { id: string; slug: string };
  let seriesId: string;
  const ids: string[] = [];

  const summary = async () => (await t.http().get(`/api/events/${event.id}/summary`).set(owner.auth).expect(200)).body;
  const question = (body: { questions: SummaryQuestion[] }, key: string) => body.questions.find((q) => q.key === key)!;
  /** Per option: [key, registered, attended]. */
  const counts = (q: SummaryQuestion) => q.options.map((o) => [o.key, o.registered, o.attended]);
  const choose = (narrativeQuestion: string) =>
    t.http().patch(`/api/events/${event.id}`).set(owner.auth).send({ narrativeQuestion }).expect(200);

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t);
    seriesId = (
      await t.http().post('/api/series').set(owner.auth).send({ title: '公益大讲堂', titleEn: 'Philanthropy Class' })
    ).body.id;
    event = await publishEvent(t, owner, {
      capacity: 100,
      questions: QUESTIONS,
      narrativeQuestion: 'first_time',
      seriesId,
      sequenceNo: 1,
    });
    for (const [i, p] of PEOPLE.entries()) {
      const res = await t
        .http()
        .post(`/api/public/events/${event.slug}/registrations`)
        .send({
          name: `代表${i}`,
          email: `questions-${i}@example.org`,
          organization: { name: `问卷测试机构${p.org}`, type: 'social_group', regionCode: '110000' },
          answers: p.answers,
        })
        .expect(201);
      ids.push(res.body.id);
    }
    for (const [i, p] of PEOPLE.entries()) {
      if (p.cancelled) {
        await t.http().post(`/api/events/${event.id}/registrations/${ids[i]}/cancel`).set(owner.auth).expect(200);
      }
    }
  });
  afterAll(() => t.close());

  it('counts registered people per option before anyone attended, and says so in both languages', async () => {
    const body = await summary();
    expect(body.basis).toBe('registered');
    expect(counts(question(body, 'first_time'))).toEqual([
      ['yes', 3, 0],
      ['no', 2, 0],
    ]);
    expect(body.narrative.zh).toContain('。对于“是否首次参加”，3人选择“是”，2人选择“否”。');
    expect(body.narrative.en).toContain('Asked “Is this your first time?”, 3 people answered “Yes” and 2 “No”.');
  });

  it('counts registered and attended people per option exactly, organizations for the organization field', async () => {
    for (const [i, p] of PEOPLE.entries()) {
      if (p.came) {
        await t
          .http()
          .post(`/api/events/${event.id}/check-ins`)
          .set(owner.auth)
          .send({ registrationId: ids[i] })
          .expect(201);
      }
    }
    const body = await summary();
    expect(body.basis).toBe('attended');
    expect(body.questions.map((q: SummaryQuestion) => q.key)).toEqual(['first_time', 'field', 'topics', 'diet']);

    const firstTime = question(body, 'first_time');
    expect(firstTime).toMatchObject({
      type: 'yes_no',
      labelZh: '是否首次参加',
      labelEn: 'Is this your first time?',
      removed: false,
      answered: { registered: 5, attended: 3 },
    });
    expect(firstTime.options).toEqual([
      { key: 'yes', labelZh: '是', labelEn: 'Yes', registered: 3, attended: 2 },
      { key: 'no', labelZh: '否', labelEn: 'No', registered: 2, attended: 1 },
    ]);

    const field = question(body, 'field');
    expect(field.answered).toEqual({ registered: 6, attended: 4, organizations: { registered: 3, attended: 3 } });
    expect(field.options).toEqual([
      {
        key: 'community',
        labelZh: '社区服务',
        labelEn: 'Community services',
        registered: 4,
        attended: 3,
        organizations: { registered: 3, attended: 2 },
      },
      {
        key: 'charity',
        labelZh: '慈善救助',
        labelEn: 'Charity and relief',
        registered: 2,
        attended: 1,
        organizations: { registered: 2, attended: 1 },
      },
    ]);

    // Several picks a person: the options add up to more than the people who answered.
    const topics = question(body, 'topics');
    expect(topics.answered).toEqual({ registered: 4, attended: 3 });
    expect(counts(topics)).toEqual([
      ['elderly', 3, 2],
      ['education', 2, 2],
      ['environment', 1, 0],
    ]);
    expect(topics.options[1]).toMatchObject({ labelZh: '教育', labelEn: null });
    expect(JSON.stringify(body)).not.toContain(SECRET);
  });

  it('writes the chosen breakdown into the narrative on attended figures; English only with English labels', async () => {
    const firstTime = (await summary()).narrative;
    expect(firstTime.zh).toContain('。对于“是否首次参加”，2人选择“是”，1人选择“否”。');
    expect(firstTime.en).toContain('Asked “Is this your first time?”, 2 people answered “Yes” and 1 “No”.');

    await choose('field');
    const field = (await summary()).narrative;
    expect(field.zh).toContain('对于“机构服务领域”，2家机构选择“社区服务”，1家机构选择“慈善救助”。');
    expect(field.en).toContain(
      'Asked about “Field of work”, 2 organizations chose “Community services” and 1 “Charity and relief”.',
    );

    // “教育” has no English label and two people who came chose it: the English copy leaves the breakdown out.
    await choose('topics');
    const topics = (await summary()).narrative;
    expect(topics.zh).toContain('对于“关注议题”，2人选择“养老”，2人选择“教育”。');
    expect(topics.en).not.toContain('Asked');
    expect(topics.en).not.toMatch(CJK);
    for (const text of [firstTime.zh, firstTime.en, field.zh, topics.zh]) expect(text).not.toContain(SECRET);

    // Free text cannot be chosen.
    await t.http().patch(`/api/events/${event.id}`).set(owner.auth).send({ narrativeQuestion: 'notes' }).expect(400);
    await choose('first_time');
  });

  it('shows a question taken off the form while its answers are kept, marked removed', async () => {
    await t
      .http()
      .patch(`/api/events/${event.id}`)
      .set(owner.auth)
      .send({ questions: QUESTIONS.filter((q) => q.key !== 'diet') })
      .expect(200);
    const diet = question(await summary(), 'diet');
    expect(diet).toMatchObject({ removed: true, answered: { registered: 4, attended: 3 } });
    expect(counts(diet)).toEqual([
      ['none', 2, 2],
      ['vegetarian', 1, 0],
      ['halal', 1, 1],
    ]);
  });

  it('puts a sheet per question in summary.xlsx and the breakdown tables in summary.md and summary.html', async () => {
    const xlsx = await t
      .http()
      .get(`/api/events/${event.id}/summary.xlsx`)
      .set(owner.auth)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('问题1 是否首次参加')!;
    expect(sheet).toBeDefined();
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows.map((r) => r.slice(1))).toEqual([
      ['报名问题：是否首次参加 Question: Is this your first time?'],
      ['选项 Option', '报名 Registered', '参加 Attended'],
      ['是 Yes', 3, 2],
      ['否 No', 2, 1],
      ['作答人数 Answered', 5, 3],
    ]);
    const field = book.getWorksheet('问题2 机构服务领域')!.getRow(3).values as unknown[];
    expect(field.slice(1)).toEqual(['社区服务 Community services', 4, 3, 3, 2]);
    expect(book.getWorksheet('问题4 饮食要求')!.getRow(1).values).toContain(
      '报名问题：饮食要求（已移除） Question: Dietary needs (removed)',
    );

    const md = (await t.http().get(`/api/events/${event.id}/summary.md`).set(owner.auth).expect(200)).text;
    expect(md).toContain('## 报名问题：是否首次参加 Question: Is this your first time?');
    expect(md).toContain('| 是 Yes | 3 | 2 |');
    expect(md).toContain('| 社区服务 Community services | 4 | 3 | 3 | 2 |');
    expect(md).toContain('| 教育 | 2 | 2 |');

    const html = (await t.http().get(`/api/events/${event.id}/summary.html`).set(owner.auth).expect(200)).text;
    const section = html.slice(html.indexOf('<h2>报名问题：是否首次参加'));
    expect(section).toMatch(/^<h2>[^<]+<\/h2><figure aria-hidden="true"><svg [^>]*role="img"/);
    expect(section).toContain('<td>是 Yes</td><td class="n">3</td><td class="n">2</td>');
    for (const text of [md, html]) expect(text).not.toContain(SECRET);
  });

  it('counts a question across the sessions of a series by its key (a copy keeps the keys)', async () => {
    const copy = (await t.http().post(`/api/events/${event.id}/copy`).set(owner.auth).send({}).expect(201)).body;
    await t.http().post(`/api/events/${copy.id}/publish`).set(owner.auth).expect(200);
    for (const [i, field] of ['community', 'charity', 'charity'].entries()) {
      await t
        .http()
        .post(`/api/public/events/${copy.slug}/registrations`)
        .send({
          name: `回访代表${i}`,
          email: `questions-${i}@example.org`,
          organization: { name: `问卷测试机构${i === 0 ? 'A' : 'E'}`, type: 'social_group', regionCode: '110000' },
          answers: { first_time: false, field },
        })
        .expect(201);
    }
    const series = (await t.http().get(`/api/series/${seriesId}/summary`).set(owner.auth).expect(200)).body;
    const firstTime = series.questions.find((q: { key: string }) => q.key === 'first_time');
    expect(firstTime).toMatchObject({ labelZh: '是否首次参加', answered: { registered: 8, attended: 3 } });
    expect(counts(firstTime)).toEqual([
      ['yes', 3, 2],
      ['no', 5, 1],
    ]);
    expect(
      firstTime.sessions.map((s: { sequenceNo: number; options: Option[] }) => [
        s.sequenceNo,
        s.options.map((o) => o.registered),
      ]),
    ).toEqual([
      [1, [3, 2]],
      [2, [0, 3]],
    ]);
    // Organizations across the sessions once each: A, B, C in the first; A again and E in the second.
    const field = series.questions.find((q: { key: string }) => q.key === 'field');
    expect(field.options.map((o: Option) => [o.key, o.registered, o.organizations!.registered])).toEqual([
      ['community', 5, 3],
      ['charity', 4, 3],
    ]);
    // The removed question: only the first session has it (the copy was made after it was taken off the form).
    const diet = series.questions.find((q: { key: string }) => q.key === 'diet');
    expect(diet.sessions.map((s: { sequenceNo: number }) => s.sequenceNo)).toEqual([1]);

    // Answers are for owners and managers: door staff of a session see the series, not its answers.
    const door = await signUp(t);
    await addTeamMember(t, owner, event.id, door, 'checkin');
    const seen = (await t.http().get(`/api/series/${seriesId}/summary`).set(door.auth).expect(200)).body;
    expect(seen.sessions).toHaveLength(2);
    expect(seen.questions).toEqual([]);
  });
});
