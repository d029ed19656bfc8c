import {
  addTeamMember,
  createEvent,
  DESKTOP,
  launchBrowser,
  Organizer,
  PageServer,
  screenshot,
  signIn,
  signUp,
  startPageServer,
} from '../support';
import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';

/*
 * After the class, at a desk: the Tencent Meeting export uploaded through the attendance page, the summary with its
 * narrative, charts and downloads, and the series page. Every expected figure comes from the tables below.
 */

/** name, email, phone, organization, type, region; and what the export and the door say of them. */
const PEOPLE = [
  ['张三', 'zhang.san@example.org', '13800001111', '京华公益协会', '社会团体', '110000'],
  ['李四', 'li.si@example.org', '13700003333', '京华公益协会', '社会团体', '110000'], // 100 minutes online
  ['王五', 'wang.wu@example.org', '13600004444', '燕赵志愿者联合会', '社会服务机构', '130000'], // 115 minutes
  ['赵六', 'zhao.liu@example.org', '13500005555', '燕赵志愿者联合会', '社会服务机构', '130000'], // exactly 30
  ['钱七', 'qian.qi@example.org', '13400006666', '津门社工中心', '基金会', '120000'], // 29: one minute short
  ['孙八', 'sun.ba@example.org', '13300007777', '京华公益协会', '社会团体', '110000'], // checked in at the door
];

const cell = (hhmm: string) => new Date(`2030-03-14T${hhmm}:00Z`);

/** Tencent Meeting's per-person sheet: seven labelled lines, a blank row, the header on row 9. */
async function tencentExport(): Promise<string> {
  const book = new ExcelJS.Workbook();
  book
    .addWorksheet('成员参会概况')
    .addRows([
      ['会议主题:', '同心公益课堂第2期'],
      ['会议号:', '123 456 789'],
      ['会议创建者:', '主持人'],
      ['预定开始时间:', '2030-03-14 14:00:00'],
      ['预定结束时间:', '2030-03-14 16:00:00'],
      ['累计会议时长:', '2:15:00'],
      ['参会用户总数:', '6'],
      [],
      ['用户昵称（入会昵称）', '首次入会时间', '最后退会时间', '入会次数', '累计参会时长', '身份'],
      ['李四', cell('14:00'), cell('15:40'), 1, '1:40:00', '普通参会者'],
      ['王五(小王)', cell('14:05'), cell('16:00'), 1, '1:55:00', '普通参会者'],
      ['赵六-燕赵志愿者联合会', cell('14:00'), cell('14:30'), 1, '0:30:00', '普通参会者'],
      ['钱七', cell('14:00'), cell('14:29'), 1, '0:29:00', '普通参会者'],
      ['陌生人甲', cell('14:00'), cell('14:50'), 1, '0:50:00', '普通参会者'],
    ]);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tencent-')), '成员参会情况.xlsx');
  writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));
  return file;
}

describe('pages: attendance, summary and series', () => {
  let server: PageServer;
  let browser: Browser;
  let owner: Organizer;
  let checker: Organizer;
  let seriesId: string;
  let first: { id: string };
  let session: { id: string };

  beforeAll(async () => {
    server = await startPageServer();
    browser = await launchBrowser();
    [owner, checker] = [await signUp(server), await signUp(server)];
    seriesId = (
      await server
        .http()
        .post('/api/series')
        .set(owner.auth)
        .send({ title: '同心公益课堂', titleEn: 'Tongxin Philanthropy Class' })
        .expect(201)
    ).body.id;
    const online = (day: string) => ({
      kind: 'online',
      joinUrl: 'https://meeting.example.org/j/123456789',
      startsAt: `2030-03-${day}T14:00:00+08:00`,
      endsAt: `2030-03-${day}T16:00:00+08:00`,
      capacity: 100,
      seriesId,
    });
    first = await createEvent(server, owner, { ...online('07'), title: '同心公益课堂：项目设计' });
    session = await createEvent(server, owner, { ...online('14'), title: '同心公益课堂：社区养老' });
    for (const e of [first, session]) await server.http().post(`/api/events/${e.id}/publish`).set(owner.auth);
    await addTeamMember(server, owner, session.id, checker, 'checkin');
    const csv = ['姓名,邮箱,手机,单位,单位类型,地区代码', ...PEOPLE.map((p) => p.join(','))].join('\r\n');
    await server
      .http()
      .post(`/api/events/${session.id}/registrations/import?notify=false`)
      .set(owner.auth)
      .attach('file', Buffer.from(csv), 'people.csv')
      .expect(200);
    const sun = (
      await server.http().get(`/api/events/${session.id}/check-ins/search`).query({ q: '孙八' }).set(owner.auth)
    ).body.items[0];
    await server.http().post(`/api/events/${session.id}/check-ins`).set(owner.auth).send({ registrationId: sun.id });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const figure = (page: Page, name: string) => page.locator(`[data-figure=${name}]`).first().textContent();
  const reported = (page: Page, name: string) => page.locator(`[data-report=${name}]`).textContent();

  it('imports a Tencent Meeting export from the attendance page and shows the report and the new figures', async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await signIn(context, server, owner.email, { next: `/console/events/${session.id}/attendance` });
    await expect(figure(page, 'checkedIn')).resolves.toBe('1');
    await expect(figure(page, 'attended')).resolves.toBe('1');

    // Not a spreadsheet: said beside the file field, nothing imported.
    await page.setInputFiles('#f-file', {
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]),
    });
    await Promise.all([page.waitForURL(/\/attendance\/import/), page.click('form[enctype] button[type=submit]')]);
    await expect(page.locator('#f-file-error').textContent()).resolves.toContain('无法读取这个文件');
    expect(await page.locator('#import-report').count()).toBe(0);

    await page.setInputFiles('#f-file', await tencentExport());
    await Promise.all([page.waitForURL(/\/attendance\/import/), page.click('form[enctype] button[type=submit]')]);
    await expect(page.locator('#import-report .alert-ok').textContent()).resolves.toContain('已导入');
    await expect(page.locator('#report-h').textContent()).resolves.toContain('成员参会情况.xlsx');
    await expect(reported(page, 'format')).resolves.toBe('腾讯会议');
    await expect(reported(page, 'rows')).resolves.toBe('5');
    await expect(reported(page, 'matched')).resolves.toBe('4');
    await expect(reported(page, 'attended')).resolves.toBe('3');
    await expect(reported(page, 'belowThreshold')).resolves.toBe('1');
    await expect(reported(page, 'unmatched')).resolves.toBe('1');
    await expect(page.locator('#import-report table').first().textContent()).resolves.toContain('陌生人甲');
    // 孙八 at the door, 李四, 王五 and 赵六 online long enough: 4 of 6 confirmed.
    await expect(figure(page, 'attended')).resolves.toBe('4');
    await expect(figure(page, 'attendedByImport')).resolves.toBe('3');
    await expect(figure(page, 'rate')).resolves.toBe('66.7%');
    await expect(figure(page, 'unregistered')).resolves.toBe('1');
    await screenshot(page, 'attendance-desktop');
    await context.close();
  });

  it('shows the summary: figures, the narrative in Chinese and English, charts, and downloads that open', async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await signIn(context, server, owner.email, { next: `/console/events/${session.id}/summary` });
    const api = (await server.http().get(`/api/events/${session.id}/summary`).set(owner.auth).expect(200)).body;
    expect(api.basis).toBe('attended');
    await expect(figure(page, 'people')).resolves.toMatch(/^4/);
    await expect(figure(page, 'organizations')).resolves.toBe('2');
    await expect(figure(page, 'regions')).resolves.toBe('2');
    const zh = await page.locator('#narrative-zh').textContent();
    const en = await page.locator('#narrative-en').textContent();
    expect(zh).toBe(api.narrative.zh);
    expect(en).toBe(api.narrative.en);
    expect(zh).toBe('3月14日，第2期同心公益课堂在线上举行，来自北京、河北两地2家机构的4名代表参加。');
    expect(en).toMatch(
      /^On March 14, the 2nd Tongxin Philanthropy Class was held online\. .*\b4 .*2 organizations in Beijing and Hebei/,
    );
    // The charts and their tables: Beijing 2 (李四, 孙八), Hebei 2 (王五, 赵六), Tianjin none (钱七 was too short);
    // social groups 2, agencies 2. The bars leave empty rows out; the table keeps them.
    const regionRows = await page.locator('figure', { hasText: '各地区人数' }).locator('tbody tr').allTextContents();
    expect(regionRows.map((r) => r.replace(/\s+/g, ''))).toEqual(['北京市21', '河北省21', '天津市00']);
    await expect(page.locator('figure', { hasText: '各地区人数' }).locator('.bars li').count()).resolves.toBe(2);
    const typeRows = await page.locator('figure', { hasText: '各类型机构人数' }).locator('tbody tr').allTextContents();
    expect(typeRows.map((r) => r.replace(/\s+/g, '')).sort()).toEqual(['社会团体2', '社会服务机构2']);

    const hrefs = await page.locator('.downloads a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    const links = hrefs.map((href) => new URL(href, server.url).toString());
    expect(links.map((l) => new URL(l).pathname.split('/').pop())).toEqual([
      'summary.xlsx',
      'summary.html',
      'summary.md',
    ]);
    const types: Record<string, RegExp> = {
      'summary.xlsx': /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/,
      'summary.html': /^text\/html; charset=utf-8/,
      'summary.md': /^text\/markdown; charset=utf-8/,
    };
    for (const link of links) {
      const res = await context.request.get(link);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toMatch(types[new URL(link).pathname.split('/').pop()!]!);
      expect(res.headers()['content-disposition']).toMatch(/^attachment; filename="summary-/);
      if (link.endsWith('.md')) expect(await res.text()).toContain(api.narrative.zh.slice(0, 20));
    }
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await (await context.request.get(links[0]!)).body()) as unknown as ArrayBuffer);
    expect(workbook.worksheets.length).toBeGreaterThan(1);
    // The series has an English title, so the English copy has its name: no note about one.
    expect(await page.locator('#summary-title-en').count()).toBe(0);
    await screenshot(page, 'summary-desktop');

    // In English: the English narrative first in the page's language, the numbers the same.
    await page.click('a.lang-switch');
    await expect(page.locator('h1').textContent()).resolves.toContain('Event summary');
    await expect(page.locator('#narrative-en').textContent()).resolves.toBe(api.narrative.en);
    await context.close();
  });

  it('says before the summary that the English one needs an English title, and leads to the field', async () => {
    const untitled = await createEvent(server, owner, {
      title: '社会组织助力京津冀协同发展十年成果展示交流会',
      titleEn: undefined,
      venue: '北京市东城区某会议中心',
    });
    const context = await browser.newContext(DESKTOP);
    const page = await signIn(context, server, owner.email, { next: `/console/events/${untitled.id}/summary` });
    const note = page.locator('#summary-title-en');
    await expect(note.textContent()).resolves.toContain('这个活动还没有英文名称');
    // Before the narrative, in document order.
    const order = await page.locator('#summary-title-en, #narrative-en').evaluateAll((els) => els.map((e) => e.id));
    expect(order).toEqual(['summary-title-en', 'narrative-en']);
    const en = await page.locator('#narrative-en').textContent();
    expect(en).toMatch(/an exchange meeting \(its title is given in Chinese only\) was held in Beijing\./);
    expect(en).not.toMatch(/[\u3400-\u9fff]/);

    // The note leads to the event form's English title, which says what it is for.
    await Promise.all([page.waitForURL(/#f-titleEn$/), note.locator('a').click()]);
    expect(new URL(page.url()).pathname).toBe(`/console/events/${untitled.id}`);
    await expect(page.locator('#f-titleEn').isVisible()).resolves.toBe(true);
    await expect(page.locator('#f-titleEn-hint').textContent()).resolves.toContain('英文总结要用到它');

    // Once the event has one, the note is gone and the English copy names the event.
    await server
      .http()
      .patch(`/api/events/${untitled.id}`)
      .set(owner.auth)
      .send({ titleEn: 'Exchange Meeting on Ten Years of Coordinated Development' })
      .expect(200);
    await page.goto(`${server.url}/console/events/${untitled.id}/summary`);
    expect(await note.count()).toBe(0);
    await expect(page.locator('#narrative-en').textContent()).resolves.toContain(
      'the Exchange Meeting on Ten Years of Coordinated Development was held in Beijing.',
    );
    await context.close();
  });

  it('shows each registration question with bars and a table, and the narrative’s question is chosen there', async () => {
    const questions = [
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
      { key: 'notes', type: 'text', labelZh: '其他说明' },
    ];
    const event = await createEvent(server, owner, {
      title: '同心公益课堂：志愿服务管理',
      titleEn: 'Tongxin Class: Managing Volunteers',
      capacity: 50,
      questions,
    });
    await server.http().post(`/api/events/${event.id}/publish`).set(owner.auth).expect(200);
    // Who answered what, and who came: every figure below is read off this list.
    const people = [
      { org: '京华公益协会', answers: { first_time: true, field: 'community' }, came: true },
      { org: '京华公益协会', answers: { first_time: true, field: 'community' }, came: true },
      { org: '燕赵志愿者联合会', answers: { first_time: false, field: 'charity' }, came: true },
      { org: '燕赵志愿者联合会', answers: { first_time: true, field: 'charity' }, came: false },
      { org: '津门社工中心', answers: { first_time: false, notes: '不会出现在页面上的说明' }, came: false },
    ];
    for (const [i, p] of people.entries()) {
      const res = await server
        .http()
        .post(`/api/public/events/${event.slug}/registrations`)
        .send({
          name: `学员${i}`,
          email: `questions-page-${i}@example.org`,
          organization: { name: p.org, type: 'social_group', regionCode: '110000' },
          answers: p.answers,
        })
        .expect(201);
      if (p.came) {
        await server
          .http()
          .post(`/api/events/${event.id}/check-ins`)
          .set(owner.auth)
          .send({ registrationId: res.body.id })
          .expect(201);
      }
    }

    const context = await browser.newContext(DESKTOP);
    const page = await signIn(context, server, owner.email, { next: `/console/events/${event.id}/summary` });
    const card = (key: string) => page.locator(`#summary-questions [data-question=${key}]`);
    const rows = async (key: string) =>
      (await card(key).locator('tbody tr').allTextContents()).map((r) => r.replace(/\s+/g, ''));
    // Bars on attended figures (3 people came); the table: registered, attended (and organizations).
    await expect(card('first_time').locator('h3').textContent()).resolves.toBe('是否首次参加');
    await expect(card('first_time').locator('figcaption p').textContent()).resolves.toBe('参加者中 3 人作答');
    await expect(card('first_time').locator('.bars .bar-value').allTextContents()).resolves.toEqual(['2', '1']);
    await expect(rows('first_time')).resolves.toEqual(['是32', '否21']);
    await expect(rows('field')).resolves.toEqual(['社区服务2211', '慈善救助2111']);
    expect(await page.locator('[data-question=notes]').count()).toBe(0);
    await expect(page.locator('#summary-questions').textContent()).resolves.not.toContain('不会出现在页面上');

    // No question chosen yet: the narrative says nothing of the answers. Choosing one is a form that works without
    // a script, and the narrative in both languages says it at once.
    await expect(page.locator('#f-narrativeQuestion').inputValue()).resolves.toBe('');
    await expect(page.locator('#narrative-zh').textContent()).resolves.not.toContain('对于');
    await page.selectOption('#f-narrativeQuestion', 'field');
    await Promise.all([
      page.waitForURL(/\/summary\?narrative=saved/),
      page.click('#narrative-question-form button[type=submit]'),
    ]);
    await expect(page.locator('#summary-questions .alert-ok').textContent()).resolves.toContain('已更新');
    await expect(page.locator('#f-narrativeQuestion').inputValue()).resolves.toBe('field');
    await expect(page.locator('#narrative-zh').textContent()).resolves.toContain(
      '对于“机构服务领域”，1家机构选择“社区服务”，1家机构选择“慈善救助”。',
    );
    await expect(page.locator('#narrative-en').textContent()).resolves.toContain(
      'Asked about “Field of work”, 1 organization chose “Community services” and 1 “Charity and relief”.',
    );
    const api = (await server.http().get(`/api/events/${event.id}`).set(owner.auth).expect(200)).body;
    expect(api.narrativeQuestion).toBe('field');
    await page.locator('#summary-questions').scrollIntoViewIfNeeded();
    await screenshot(page, 'summary-questions-desktop');

    // In English: the labels in English, the same figures; choosing none takes the sentence out again.
    await page.click('a.lang-switch');
    await expect(card('first_time').locator('h3').textContent()).resolves.toBe('Is this your first time?');
    await expect(rows('first_time')).resolves.toEqual(['Yes32', 'No21']);
    await page.selectOption('#f-narrativeQuestion', '');
    await Promise.all([
      page.waitForURL(/\/summary\?narrative=saved/),
      page.click('#narrative-question-form button[type=submit]'),
    ]);
    await expect(page.locator('#narrative-en').textContent()).resolves.not.toContain('Asked');
    await context.close();
  });

  it('lists the series’ sessions in order with their figures', async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await signIn(context, server, owner.email, { next: `/console/series/${seriesId}` });
    await expect(page.locator('h1').textContent()).resolves.toContain('同心公益课堂');
    const rows = await page.locator('#series-sessions tbody tr').allTextContents();
    expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^1 同心公益课堂：项目设计 2030-03-07 14:00 已发布 0 0 0$/),
      expect.stringMatching(/^2 同心公益课堂：社区养老 2030-03-14 14:00 已发布 6 4 2$/),
    ]);
    await page.locator('#series-sessions a', { hasText: '社区养老' }).click();
    await page.waitForURL(new RegExp(`/console/events/${session.id}/summary$`));
    await page.goBack();
    await screenshot(page, 'series-desktop');
    await context.close();
  });

  it('refuses the summary, its files and the attendance page to the checkin role (403), who still has the door', async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await signIn(context, server, checker.email, { next: `/console/events/${session.id}/door` });
    const res = await page.goto(`${server.url}/console/events/${session.id}/summary`);
    expect(res!.status()).toBe(403);
    await expect(page.locator('.alert-error').textContent()).resolves.toContain(
      '你在这个活动团队中的角色不能进行此操作',
    );
    expect((await context.request.get(`${server.url}/console/events/${session.id}/summary.xlsx`)).status()).toBe(403);
    // Attendance is an organizer's page too: door staff have the door and nothing else.
    const attendance = await page.goto(`${server.url}/console/events/${session.id}/attendance`);
    expect(attendance!.status()).toBe(403);
    expect(await page.locator('#f-file').count()).toBe(0);
    await context.close();
  });
});
