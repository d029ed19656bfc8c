import {
  addTeamMember,
  createEvent,
  launchBrowser,
  Organizer,
  PageServer,
  PHONE,
  publishEvent,
  screenshot,
  signedInContext,
  signUp,
  startPageServer,
} from '../support';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Small enough that an oversized file is quick to make; every import below stays far under it. */
const UPLOAD_MAX_BYTES = 4096;

describe('console pages: the registrations and the mail of an event', () => {
  let server: PageServer;
  let browser: Browser;
  let owner: Organizer;
  let doorKeeper: Organizer;
  let event: { id: string; slug: string };
  let owned: BrowserContext;

  const register = async (name: string, email: string, organization: Record<string, unknown>) => {
    const res = await server
      .http()
      .post(`/api/public/events/${event.slug}/registrations`)
      .send({ name, email, organization });
    if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };

  const hebei = { name: '河北省社会组织促进会', type: 'social_group', regionCode: '130000' };
  const tianjin = { name: '天津市公益基金会', type: 'foundation', regionCode: '120000' };
  const beijing = { name: '北京青年志愿者协会', type: 'social_group', regionCode: '110000' };

  const statusOf = async (email: string) =>
    (
      (await server.db.query('SELECT status FROM registration WHERE event_id = $1 AND email_normalized = $2', [
        event.id,
        email,
      ])) as { status: string }[]
    )[0]?.status;

  /** The names in the registration list as shown. */
  const listedNames = (page: Page) => page.locator('#list tbody td.reg-name strong').allTextContents();
  const rowOf = (page: Page, name: string) =>
    page.locator('#list tbody tr', { has: page.locator('td.reg-name strong', { hasText: name }) });

  beforeAll(async () => {
    server = await startPageServer({ UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES) }, { worker: true });
    browser = await launchBrowser();
    owner = await signUp(server);
    doorKeeper = await signUp(server);
    event = await publishEvent(server, owner, { requiresApproval: true, capacity: 46 });
    await addTeamMember(server, owner, event.id, doorKeeper, 'checkin');
    await register('张伟', 'zhang.wei@example.org', hebei);
    await register('李娜', 'li.na@example.org', hebei);
    await register('王芳', 'wang.fang@example.org', tianjin);
    await register('刘洋', 'liu.yang@example.org', beijing);
    await register('Emily Chen', 'emily.chen@example.org', beijing);
    const group = await server
      .http()
      .post(`/api/public/events/${event.slug}/group-registrations`)
      .send({
        delegate: { name: '陈静', email: 'chen.jing@example.org', phone: '13812345678' },
        organization: tianjin,
        attendees: [
          { name: '赵磊', email: 'zhao.lei@example.org' },
          { name: '孙丽', email: 'sun.li@example.org' },
        ],
      });
    expect(group.status).toBe(201);
    owned = await signedInContext(browser, server, owner.email);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists the registrations with counts, filters by status, region, organization and text, and shows the groups', async () => {
    const page = await owned.newPage();
    await page.goto(`${server.url}/console/events/${event.id}/registrations`);
    expect(await page.locator('h1').textContent()).toContain('京津冀协同发展社会组织研讨会');
    expect(await page.locator('.tabs a[aria-current=page]').textContent()).toBe('报名');
    expect(await listedNames(page)).toEqual(['张伟', '李娜', '王芳', '刘洋', 'Emily Chen', '赵磊', '孙丽']);
    await expect(page.locator('.reg-count-pending .reg-count-n').textContent()).resolves.toBe('7');
    const zhang = rowOf(page, '张伟');
    await expect(zhang.locator('td').nth(2).textContent()).resolves.toBe('河北省');
    await expect(zhang.textContent()).resolves.toContain('zhang.wei@example.org');
    await expect(zhang.locator('.badge').textContent()).resolves.toBe('待审核');

    // The group: its delegate, organization and people with their statuses.
    const groups = page.locator('.reg-groups tbody tr');
    await expect(groups.count()).resolves.toBe(1);
    const groupText = await groups.first().textContent();
    for (const part of ['陈静', 'chen.jing@example.org', '天津市公益基金会', '赵磊', '孙丽', '待审核']) {
      expect(groupText).toContain(part);
    }

    await page.selectOption('#f-regionCode', '130000');
    await Promise.all([page.waitForURL(/regionCode=130000/), page.click('.reg-filters button[type=submit]')]);
    expect(await listedNames(page)).toEqual(['张伟', '李娜']);

    await page.selectOption('#f-regionCode', '');
    await page.fill('#f-q', 'emily');
    await Promise.all([page.waitForURL(/q=emily/), page.click('.reg-filters button[type=submit]')]);
    expect(await listedNames(page)).toEqual(['Emily Chen']);

    await page.fill('#f-q', '');
    await page.selectOption('#f-organizationId', { label: '天津市公益基金会 (3)' });
    await Promise.all([page.waitForURL(/organizationId=/), page.click('.reg-filters button[type=submit]')]);
    expect(await listedNames(page)).toEqual(['王芳', '赵磊', '孙丽']);

    // A page at a time, as the JSON list pages: the cursor of the next page keeps the filters.
    await page.goto(`${server.url}/console/events/${event.id}/registrations?limit=3`);
    expect(await listedNames(page)).toEqual(['张伟', '李娜', '王芳']);
    await Promise.all([page.waitForURL(/cursor=/), page.click('a[rel=next]')]);
    expect(await listedNames(page)).toEqual(['刘洋', 'Emily Chen', '赵磊']);
    await Promise.all([page.waitForURL(/cursor=/), page.click('a[rel=next]')]);
    expect(await listedNames(page)).toEqual(['孙丽']);
    await expect(page.locator('a[rel=next]').count()).resolves.toBe(0);

    // A filter the API refuses is shown beside its field.
    const bad = await page.goto(`${server.url}/console/events/${event.id}/registrations?regionCode=13`);
    expect(bad!.status()).toBe(400);
    await expect(page.locator('#f-regionCode-error').textContent()).resolves.toBe('格式不正确');
    await page.close();
  });

  it('approves and rejects pending registrations, and shows a refused action in Chinese and English', async () => {
    const page = await owned.newPage();
    const stale = await owned.newPage();
    await page.goto(`${server.url}/console/events/${event.id}/registrations?status=pending`);
    await stale.goto(`${server.url}/console/events/${event.id}/registrations?status=pending`);
    await screenshot(page, 'registrations-desktop');

    await Promise.all([
      page.waitForURL(/done=approved/),
      rowOf(page, '张伟').locator('button', { hasText: '批准' }).click(),
    ]);
    await expect(page.locator('.alert-ok').textContent()).resolves.toContain('已批准');
    expect(await listedNames(page)).not.toContain('张伟');
    expect(await statusOf('zhang.wei@example.org')).toBe('confirmed');

    await Promise.all([
      page.waitForURL(/done=rejected/),
      rowOf(page, '李娜').locator('button', { hasText: '拒绝' }).click(),
    ]);
    await expect(page.locator('.alert-ok').textContent()).resolves.toContain('已拒绝');
    expect(await statusOf('li.na@example.org')).toBe('rejected');
    // The filter stayed: only pending rows are listed.
    expect(await listedNames(page)).toEqual(['王芳', '刘洋', 'Emily Chen', '赵磊', '孙丽']);

    // The page opened before: approving 张伟 again is refused by the service, and the list says so.
    const [refused] = await Promise.all([
      stale.waitForResponse((r) => r.url().endsWith('/approve')),
      rowOf(stale, '张伟').locator('button', { hasText: '批准' }).click(),
    ]);
    expect(refused.status()).toBe(409);
    await expect(stale.locator('#action-error').textContent()).resolves.toBe('这条报名当前的状态不能进行此操作。');
    expect(await statusOf('zhang.wei@example.org')).toBe('confirmed');

    await stale.goto(`${server.url}/console/events/${event.id}/registrations?status=rejected&lang=en`);
    await stale.goto(`${server.url}/console/events/${event.id}/registrations?status=pending`);
    await page.goto(`${server.url}/console/events/${event.id}/registrations?status=pending`);
    await Promise.all([page.waitForURL(/done=approved/), rowOf(page, '刘洋').locator('button').first().click()]);
    await Promise.all([
      stale.waitForResponse((r) => r.url().endsWith('/approve')),
      rowOf(stale, '刘洋').locator('button', { hasText: 'Approve' }).click(),
    ]);
    await expect(stale.locator('#action-error').textContent()).resolves.toBe(
      'This cannot be done to a registration in its current state.',
    );
    await stale.goto(`${server.url}/console/events/${event.id}/registrations?lang=zh`);
    await page.close();
    await stale.close();
  });

  it('downloads the CSV and the XLSX export', async () => {
    const page = await owned.newPage();
    await page.goto(`${server.url}/console/events/${event.id}/registrations`);
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('text=导出 CSV')]);
    expect(csvDownload.suggestedFilename()).toBe(`registrations-${event.id}.csv`);
    const csv = readFileSync((await csvDownload.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toBe('姓名,邮箱,手机,单位,统一社会信用代码,地区代码,单位类型,职务,地区,状态,来源,报名时间');
    expect(lines).toHaveLength(8);
    expect(lines.find((l) => l.startsWith('张伟,'))).toContain(
      'zhang.wei@example.org,,河北省社会组织促进会,,130000,社会团体',
    );
    expect(lines.find((l) => l.startsWith('张伟,'))).toContain(',confirmed,self,');
    const head = await page.request.get(`${server.url}/console/events/${event.id}/registrations.csv`);
    expect(head.headers()['content-type']).toBe('text/csv; charset=utf-8');

    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.click('text=导出 Excel')]);
    expect(xlsxDownload.suggestedFilename()).toBe(`registrations-${event.id}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await xlsxDownload.path())!);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('姓名');
    const names = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2).getCell(1).value);
    expect(names).toEqual(['张伟', '李娜', '王芳', '刘洋', 'Emily Chen', '赵磊', '孙丽']);
    const xlsx = await page.request.get(`${server.url}/console/events/${event.id}/registrations.xlsx`);
    expect(xlsx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await page.close();
  });

  it('imports a CSV and reports the rejected rows by number and reason; refuses oversized and unreadable files in the page', async () => {
    const page = await owned.newPage();
    await page.goto(`${server.url}/console/events/${event.id}/registrations/import`);
    const csv = [
      '姓名,邮箱,单位,地区代码',
      '赵六,zhao.liu@example.org,广东省慈善联合会,440000',
      '钱七,not-an-email,广东省慈善联合会,440000',
      '孙八,sun.ba@example.org,广东省慈善联合会,999999',
      '周九,zhou.jiu@example.org,广东省慈善联合会,440000',
    ].join('\r\n');
    await page.setInputFiles('#f-file', { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.uncheck('input[name=notify]');
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('#import-form button[type=submit]'),
    ]);
    await expect(page.locator('.reg-report-created').textContent()).resolves.toBe('导入了 2 条报名');
    const rejected = await page.locator('.reg-rejected tbody tr').allTextContents();
    expect(rejected.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
      '第 3 行 邮箱格式不正确',
      '第 4 行 地区代码不是省级行政区划代码（如 110000）',
    ]);
    await screenshot(page, 'import-report-desktop');
    // notify unchecked: nobody imported was owed a confirmation.
    const owed = (await server.db.query(
      `SELECT count(*)::int AS n FROM outbox_message m JOIN registration r ON r.id = m.registration_id
        WHERE r.email_normalized IN ('zhao.liu@example.org', 'zhou.jiu@example.org')`,
    )) as { n: number }[];
    expect(owed[0]!.n).toBe(0);

    await page.goto(`${server.url}/console/events/${event.id}/registrations?organizationId=&q=%E5%B9%BF%E4%B8%9C`);
    expect(await listedNames(page)).toEqual(['赵六', '周九']);

    // Too large: multer stops at UPLOAD_MAX_BYTES, before the route, and the page says which limit.
    await page.goto(`${server.url}/console/events/${event.id}/registrations/import`);
    const big = `姓名,邮箱,单位\n${'x'.repeat(UPLOAD_MAX_BYTES + 100)}\n`;
    await page.setInputFiles('#f-file', { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(big) });
    const [tooLarge] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('#import-form button[type=submit]'),
    ]);
    expect(tooLarge.status()).toBe(413);
    await expect(page.locator('#form-error').textContent()).resolves.toContain('文件超过了 4,096 字节的大小上限。');
    await expect(page.locator('#f-file-error').textContent()).resolves.toBe('文件超出了大小或行数限制。');

    const binary = Buffer.from('a,b\n1,\u0000\n');
    await page.setInputFiles('#f-file', { name: 'photo.csv', mimeType: 'text/csv', buffer: binary });
    const [unreadable] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('#import-form button[type=submit]'),
    ]);
    expect(unreadable.status()).toBe(400);
    await expect(page.locator('#form-error').textContent()).resolves.toContain(
      '无法读取这个文件：请上传 CSV 或 XLSX。',
    );

    await page.goto(`${server.url}/console/events/${event.id}/registrations/import?lang=en`);
    await page.setInputFiles('#f-file', { name: 'photo.csv', mimeType: 'text/csv', buffer: binary });
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('#import-form button[type=submit]'),
    ]);
    await expect(page.locator('#form-error').textContent()).resolves.toContain(
      'This file cannot be read: upload a CSV or XLSX file.',
    );
    // No file chosen at all.
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('#import-form button[type=submit]'),
    ]);
    await expect(page.locator('#f-file-error').textContent()).resolves.toBe('Choose a file to upload.');
    await page.goto(`${server.url}/console/events/${event.id}/registrations/import?lang=zh`);
    await page.close();
  });

  it('sends an announcement, shows it in the delivery log with counts, and resends one', async () => {
    const page = await owned.newPage();
    await page.goto(`${server.url}/console/events/${event.id}/messages`);
    expect(await page.locator('.tabs a[aria-current=page]').textContent()).toBe('邮件');
    await page.fill('#f-subject', '会场变更提醒');
    await page.fill('#f-body', '各位好：\n\n会场改在二楼报告厅。');
    await page.check('input[name=audience][value=all]');
    await Promise.all([page.waitForURL(/done=announced/), page.click('#announce button[type=submit]')]);
    // Confirmed, waitlisted and pending: everyone but the rejected 李娜.
    const audience = (await server.db.query(
      `SELECT count(*)::int AS n FROM registration WHERE event_id = $1 AND status IN ('confirmed', 'waitlisted', 'pending')`,
      [event.id],
    )) as { n: number }[];
    const n = audience[0]!.n;
    expect(n).toBe(8);
    await expect(page.locator('.alert-ok').textContent()).resolves.toBe(`通知已排队，将发给 ${n} 位收件人。`);

    // The worker sends them; the log's counts say so once it has.
    const announcements = `${server.url}/console/events/${event.id}/messages?kind=announcement`;
    for (let tries = 0; ; tries++) {
      await page.goto(announcements);
      if ((await page.locator('.reg-count-sent .reg-count-n').textContent()) === String(n)) break;
      if (tries > 100) throw new Error('the announcements were not sent');
      await page.waitForTimeout(200);
    }
    const rows = page.locator('.msg-table tbody tr');
    await expect(rows.count()).resolves.toBe(n);
    for (const text of await rows.allTextContents()) expect(text).toContain('通知');
    await expect(page.locator('.reg-count-failed .reg-count-n').textContent()).resolves.toBe('0');
    await expect(rows.filter({ hasText: 'zhang.wei@example.org' }).locator('.badge').textContent()).resolves.toBe(
      '已发送',
    );
    await screenshot(page, 'messages-desktop');

    const zhang = rows.filter({ hasText: 'zhang.wei@example.org' });
    const firstId = await zhang.getAttribute('data-message');
    await Promise.all([page.waitForURL(/done=resent/), zhang.locator('button', { hasText: '重发' }).click()]);
    await expect(page.locator('.alert-ok').textContent()).resolves.toBe('已重新排队发送这封邮件。');
    expect(page.url()).toContain('kind=announcement');
    const resent = (await server.db.query('SELECT kind FROM outbox_message WHERE resend_of = $1', [firstId])) as {
      kind: string;
    }[];
    expect(resent).toEqual([{ kind: 'announcement' }]);
    await expect(page.locator('.msg-table tbody tr', { hasText: '(重发)' }).count()).resolves.toBe(1);

    // Filters: sent announcements only.
    await page.selectOption('#f-status', 'failed');
    await Promise.all([page.waitForURL(/status=failed/), page.click('.reg-filters button[type=submit]')]);
    await expect(page.locator('.reg-empty').textContent()).resolves.toBe('没有符合条件的邮件。');
    await page.close();
  });

  it('shows the API errors of an announcement: a missing subject beside its field, a draft event 409', async () => {
    const draft = await createEvent(server, owner, { title: '草稿活动' });
    const page = await owned.newPage();
    await page.goto(`${server.url}/console/events/${draft.id}/messages`);
    await page.fill('#f-body', '正文');
    const [invalid] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('#announce button[type=submit]'),
    ]);
    expect(invalid.status()).toBe(400);
    await expect(page.locator('#f-subject-error').textContent()).resolves.toContain('请填写此项');
    expect(await page.inputValue('#f-body')).toBe('正文');

    await page.fill('#f-subject', '通知');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('#announce button[type=submit]'),
    ]);
    expect(refused.status()).toBe(409);
    await expect(page.locator('#announce .alert-error').textContent()).resolves.toBe('活动当前的状态不能修改。');

    await page.goto(`${server.url}/console/events/${draft.id}/messages?lang=en`);
    await page.fill('#f-subject', 'Notice');
    await page.fill('#f-body', 'Body');
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('#announce button[type=submit]'),
    ]);
    await expect(page.locator('#announce .alert-error').textContent()).resolves.toBe(
      'The event cannot be changed in its current state.',
    );
    await page.goto(`${server.url}/console/events/${draft.id}/messages?lang=zh`);
    await page.close();
  });

  it('gives a checkin-role member the 403 page on every registrations and mail page', async () => {
    const context = await signedInContext(browser, server, doorKeeper.email);
    const page = await context.newPage();
    for (const path of ['registrations', 'registrations/import', 'registrations.csv', 'messages']) {
      const res = await page.goto(`${server.url}/console/events/${event.id}/${path}`);
      expect(res!.status()).toBe(403);
      await expect(page.locator('.alert-error').textContent()).resolves.toBe(
        '你在这个活动团队中的角色不能进行此操作。',
      );
    }
    await page.goto(`${server.url}/console/events/${event.id}/messages?lang=en`);
    await expect(page.locator('.alert-error').textContent()).resolves.toBe(
      "Your role on this event's team does not allow this.",
    );
    await context.close();
  });

  it('stacks the registration list on a phone', async () => {
    // The same organizer's session, on a phone.
    const context = await browser.newContext({ ...PHONE, storageState: await owned.storageState() });
    const page = await context.newPage();
    await page.goto(`${server.url}/console/events/${event.id}/registrations?status=pending`);
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(360);
    const row = rowOf(page, '王芳');
    const box = (await row.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(360);
    // Each cell carries its column's name, as the hidden header row would.
    const label = "getComputedStyle(document.querySelector('#list tbody td:nth-child(2)'), '::before').content";
    await expect(page.evaluate(label)).resolves.toBe('"单位"');
    await expect(row.locator('button', { hasText: '批准' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'registrations-phone');
    await context.close();
  });
});
