import {
  createEvent,
  createOrganization,
  DESKTOP,
  launchBrowser,
  Organizer,
  PageServer,
  PHONE,
  screenshot,
  signedInContext,
  signUp,
  SmtpSink,
  startPageServer,
  startSmtpSink,
} from '../support';
import type { Browser, Page } from 'playwright-core';

const PASSWORD = 'correct horse 1';

describe('console pages: accounts, events and the team', () => {
  let server: PageServer;
  let browser: Browser;
  let sink: SmtpSink;
  let helper: Organizer;

  beforeAll(async () => {
    sink = await startSmtpSink({ keepRaw: true });
    [server, browser] = await Promise.all([startPageServer({ SMTP_URL: sink.url }, { worker: true }), launchBrowser()]);
    helper = await signUp(server);
    await createOrganization(server, helper, { name: '河北省社会组织促进会', regionCode: '130000' });
    await createOrganization(server, helper, { name: '天津市公益基金会', type: 'foundation', regionCode: '120000' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await sink?.stop();
  });

  /** A signed-in desktop browser, through the login page. */
  const logIn = (email: string, password = PASSWORD) => signedInContext(browser, server, email, password);

  const submit = (page: Page, label: RegExp | string) => page.getByRole('button', { name: label }).click();
  const errorOf = (page: Page, field: string) => page.locator(`[id="f-${field}-error"]`).textContent();
  const eventRow = async (id: string) =>
    (
      (await server.db.query(
        `SELECT status, starts_at, ends_at, timezone, capacity, per_organization_limit, reminder_offsets, requires_approval
           FROM event WHERE id = $1`,
        [id],
      )) as {
        status: string;
        starts_at: Date;
        ends_at: Date;
        timezone: string;
        capacity: number;
        per_organization_limit: number;
        reminder_offsets: string[];
        requires_approval: boolean;
      }[]
    )[0]!;

  /** Fills the event form's times and the fields a bad form leaves as they are. */
  async function fillTimes(page: Page, start: string, end: string) {
    await page.fill('#f-startsAt', start);
    await page.fill('#f-endsAt', end);
  }

  it('signs up on a phone, creates an event with hosts, agenda and a reminder, publishes it and cancels it', async () => {
    // Sign up (phone).
    const phone = await browser.newContext(PHONE);
    const signup = await phone.newPage();
    await signup.goto(`${server.url}/console/login`);
    await signup.click('a[href="/console/signup"]');
    await signup.fill('#f-name', '李明');
    await signup.fill('#f-email', 'li.ming@example.org');
    await signup.fill('#f-password', 'short');
    await submit(signup, '注册并登录');
    expect(await errorOf(signup, 'password')).toContain('长度不符合要求');
    expect(await signup.inputValue('#f-email')).toBe('li.ming@example.org');
    await screenshot(signup, 'signup-phone');
    await signup.fill('#f-password', PASSWORD);
    await Promise.all([signup.waitForURL(/\/console\?welcome=1$/), submit(signup, '注册并登录')]);
    await expect(signup.locator('.alert-ok').textContent()).resolves.toContain('账号已创建');
    // Signed in already: the login page sends the browser on.
    await signup.goto(`${server.url}/console/login`);
    expect(new URL(signup.url()).pathname).toBe('/console');
    await phone.close();
    // The same address again is refused beside the field.
    const again = await server
      .http()
      .post('/api/auth/signup')
      .send({ email: 'Li.Ming@example.org', password: PASSWORD, name: '李' });
    expect(again.body.code).toBe('EMAIL_TAKEN');

    const desk = await logIn('li.ming@example.org');
    const page = await desk.newPage();
    await page.goto(`${server.url}/console`);
    await expect(page.locator('h1').textContent()).resolves.toBe('我的活动');
    await page.click('text=新建活动');
    expect(new URL(page.url()).pathname).toBe('/console/events/new');

    // A bad form: no title, and (once the title is there) the end before the start.
    await page.fill('#f-venue', '石家庄市长安区');
    await fillTimes(page, '2027-03-14T17:00', '2027-03-14T09:00');
    await submit(page, '创建活动');
    expect(await errorOf(page, 'title')).toBe('请填写此项');
    expect(await page.getAttribute('#f-title', 'aria-describedby')).toBe('f-title-error');
    await page.fill('#f-title', '社会组织数字化能力建设工作坊');
    await submit(page, '创建活动');
    expect(await errorOf(page, 'endsAt')).toBe('结束时间必须晚于开始时间');
    await expect(page.locator('#form-error').textContent()).resolves.toContain('有些内容需要更正');
    expect(await page.inputValue('#f-title')).toBe('社会组织数字化能力建设工作坊');
    await screenshot(page, 'event-edit-errors-desktop');

    // The same in English.
    await page.click('a.lang-switch');
    await page.fill('#f-venue', 'Shijiazhuang');
    await fillTimes(page, '2027-03-14T17:00', '2027-03-14T09:00');
    await submit(page, 'Create the event');
    expect(await errorOf(page, 'title')).toBe('Please fill this in');
    await page.fill('#f-title', '社会组织数字化能力建设工作坊');
    await submit(page, 'Create the event');
    expect(await errorOf(page, 'endsAt')).toBe('The end must be after the start');
    await page.click('a.lang-switch');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

    // A good one: hosts by name and role, an agenda item, one reminder.
    await page.fill('#f-title', '社会组织数字化能力建设工作坊');
    await page.fill('#f-titleEn', 'Digital skills workshop for social organizations');
    await page.fill('#f-description', '面向河北、天津社会组织的一天工作坊。');
    await fillTimes(page, '2027-03-14T09:00', '2027-03-14T17:00');
    await page.fill('#f-venue', '石家庄市长安区');
    await page.fill('#f-capacity', '40');
    await page.fill('#f-perOrganizationLimit', '3');
    await page.uncheck('input[name=reminderOffsets][value=P1D]');
    await page.uncheck('input[name=reminderOffsets][value=PT1H]');
    await page.check('input[name=reminderOffsets][value=PT15M]');
    await page.fill('[name="hosts.0.name"]', '河北省社会组织促进会');
    await page.selectOption('[name="hosts.0.role"]', 'host');
    await page.fill('[name="hosts.1.name"]', '天津市公益基金会');
    await page.selectOption('[name="hosts.1.role"]', 'co_organizer');
    await page.fill('[name="agenda.0.startsAt"]', '2027-03-14T09:30');
    await page.fill('[name="agenda.0.title"]', '数字化工具入门');
    await page.fill('[name="agenda.0.speaker"]', '王芳');
    await Promise.all([page.waitForURL(/\/console\/events\/[0-9a-f-]{36}\?created=1$/), submit(page, '创建活动')]);
    const eventId = /events\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await expect(page.locator('.alert-ok').textContent()).resolves.toContain('活动已创建');

    const stored = await eventRow(eventId);
    // 09:00 in Asia/Shanghai (GMT+08:00) is 01:00 UTC.
    expect(stored.starts_at.toISOString()).toBe('2027-03-14T01:00:00.000Z');
    expect(stored.ends_at.toISOString()).toBe('2027-03-14T09:00:00.000Z');
    expect(stored).toMatchObject({
      status: 'draft',
      timezone: 'Asia/Shanghai',
      capacity: 40,
      per_organization_limit: 3,
      reminder_offsets: ['PT15M'],
    });
    const hosts = (await server.db.query(
      `SELECT o.name, h.role FROM event_host h JOIN organization o ON o.id = h.organization_id WHERE h.event_id = $1 ORDER BY o.name`,
      [eventId],
    )) as { name: string; role: string }[];
    expect(hosts).toEqual([
      { name: '天津市公益基金会', role: 'co_organizer' },
      { name: '河北省社会组织促进会', role: 'host' },
    ]);
    const agenda = (await server.db.query(`SELECT title, speaker, starts_at FROM agenda_item WHERE event_id = $1`, [
      eventId,
    ])) as { title: string; speaker: string; starts_at: Date }[];
    expect(agenda).toEqual([{ title: '数字化工具入门', speaker: '王芳', starts_at: new Date('2027-03-14T01:30:00Z') }]);

    // The form shows the event in its zone, and saves a change.
    expect(await page.inputValue('#f-startsAt')).toBe('2027-03-14T09:00');
    expect(await page.inputValue('[name="hosts.0.name"]')).toBe('河北省社会组织促进会');
    expect(await page.isChecked('input[name=reminderOffsets][value=PT15M]')).toBe(true);
    expect(await page.isChecked('input[name=reminderOffsets][value=P1D]')).toBe(false);
    await page.fill('#f-capacity', '50');
    await page.check('input[name=requiresApproval]');
    await Promise.all([page.waitForURL(/\?saved=1$/), submit(page, '保存')]);
    expect(await eventRow(eventId)).toMatchObject({ capacity: 50, requires_approval: true });
    await expect(page.locator('dl.facts').textContent()).resolves.toContain('0 / 50');
    // An edit that breaks a rule of the event is shown beside its field.
    await page.fill('[name="agenda.0.startsAt"]', '2027-03-14T20:00');
    await submit(page, '保存');
    expect(await errorOf(page, 'agenda.0.startsAt')).toBe('议程时间必须在活动开始和结束之间');
    await page.goto(`${server.url}/console/events/${eventId}`);
    await screenshot(page, 'event-edit-desktop');

    // Publish, then open the public page from its link.
    await Promise.all([page.waitForURL(/\?published=1$/), submit(page, '发布活动')]);
    const slug = ((await server.db.query('SELECT slug FROM event WHERE id = $1', [eventId])) as { slug: string }[])[0]!
      .slug;
    const link = await page.inputValue('#public-link');
    expect(link).toBe(`${server.url}/e/${slug}`);
    const publicPage = await desk.newPage();
    const opened = await publicPage.goto(link);
    expect(opened!.status()).toBe(200);
    await expect(publicPage.locator('h1').textContent()).resolves.toContain('社会组织数字化能力建设工作坊');
    await publicPage.close();

    // My events: status, dates, registrations and my role.
    await createEvent(server, helper); // someone else's event is not listed
    await page.goto(`${server.url}/console`);
    const rows = page.locator('table.console-events tbody tr');
    await expect(rows.count()).resolves.toBe(1);
    const row = await rows.first().textContent();
    expect(row).toContain('社会组织数字化能力建设工作坊');
    expect(row).toContain('已发布');
    expect(row).toContain('0 / 50');
    expect(row).toContain('负责人');
    expect(row).toContain('2027年3月14日');
    await screenshot(page, 'console-events-desktop');

    // Cancel, through the confirmation step.
    await page.click(`a[href="/console/events/${eventId}"]`);
    await page.click('text=取消活动…');
    expect(new URL(page.url()).pathname).toBe(`/console/events/${eventId}/cancel`);
    expect((await eventRow(eventId)).status).toBe('published');
    await Promise.all([page.waitForURL(/\?cancelled=1$/), submit(page, '确认取消活动')]);
    expect((await eventRow(eventId)).status).toBe('cancelled');
    await expect(page.locator('.alert-warn').textContent()).resolves.toContain('活动已取消');
    await desk.close();
  });

  it('resets a forgotten password from the login page by mail, once, and ends the old sessions', async () => {
    const who = await signUp(server, { password: 'old password 1', name: '赵敏' });
    const old = await logIn(who.email, 'old password 1');

    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    await page.goto(`${server.url}/console/login`);
    await page.click('text=忘记密码？');
    await page.fill('#f-email', who.email);
    await Promise.all([page.waitForURL(/sent=1$/), submit(page, '发送重设链接')]);
    await expect(page.locator('.alert-ok').textContent()).resolves.toContain('重设密码的链接已经发出');

    const mail = (await sink.mailTo(who.email)).parsed;
    expect(mail.subject).toBe('重设同心组织者账号的密码');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/console\/reset-password\/[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]!;

    await page.goto(link);
    await page.fill('#f-password', 'new password 2');
    await page.fill('#f-passwordAgain', 'new password 3');
    await submit(page, '保存新密码');
    expect(await errorOf(page, 'passwordAgain')).toBe('两次输入的密码不一致');
    await page.fill('#f-password', 'new password 2');
    await page.fill('#f-passwordAgain', 'new password 2');
    await Promise.all([page.waitForURL(/\/console\/login\?reset=1$/), submit(page, '保存新密码')]);
    await expect(page.locator('.alert-ok').textContent()).resolves.toContain('密码已更新');
    await page.fill('#f-email', who.email);
    await page.fill('#f-password', 'new password 2');
    await Promise.all([page.waitForURL((url) => url.pathname === '/console'), submit(page, '登录')]);

    // The session from before the change is gone.
    const oldPage = await old.newPage();
    await oldPage.goto(`${server.url}/console`);
    expect(new URL(oldPage.url()).pathname).toBe('/console/login');
    await old.close();

    // The link worked once.
    const twice = await page.goto(link);
    expect(twice!.status()).toBe(410);
    await expect(page.locator('.alert-error').textContent()).resolves.toContain('重设链接已失效');
    await context.close();
  });

  it('adds a check-in member, who sees only the door link and is refused the event pages', async () => {
    const owner = await signUp(server, { password: PASSWORD, name: '周杰' });
    const member = await signUp(server, { password: PASSWORD, name: '吴桐' });
    const event = await createEvent(server, owner, { title: '签到演练' });
    const desk = await logIn(owner.email);
    const page = await desk.newPage();
    await page.goto(`${server.url}/console/events/${event.id}/team`);
    await expect(page.locator('nav.tabs a[aria-current=page]').textContent()).resolves.toBe('团队');

    await page.fill('#f-email', 'no-account@example.org');
    await submit(page, '添加');
    expect(await errorOf(page, 'email')).toBe('没有使用这个邮箱的组织者账号。');

    await page.fill('#f-email', member.email);
    await page.selectOption('#f-role', 'checkin');
    await Promise.all([page.waitForURL(/added=1$/), submit(page, '添加')]);
    const team = page.locator('table tbody tr');
    await expect(team.count()).resolves.toBe(2);
    expect(await team.nth(1).textContent()).toContain(member.email);

    // The last owner cannot step down.
    await page.selectOption(`#role-${owner.id}`, 'manager');
    await page.locator('form.team-role').first().getByRole('button', { name: '更改角色' }).click();
    await expect(page.locator('#form-error').textContent()).resolves.toBe('活动至少要有一位负责人。');

    const door = await logIn(member.email);
    const memberPage = await door.newPage();
    await memberPage.goto(`${server.url}/console`);
    const row = memberPage.locator('table.console-events tbody tr');
    await expect(row.count()).resolves.toBe(1);
    await expect(row.locator('a').count()).resolves.toBe(1);
    expect(await row.locator('a').getAttribute('href')).toBe(`/console/events/${event.id}/door`);
    expect(await row.textContent()).toContain('签到员');
    for (const path of [`/console/events/${event.id}`, `/console/events/${event.id}/team`]) {
      const refused = await memberPage.goto(`${server.url}${path}`);
      expect(refused!.status()).toBe(403);
      await expect(memberPage.locator('.alert-error').textContent()).resolves.toContain(
        '你在这个活动团队中的角色不能进行此操作',
      );
    }
    const edit = await memberPage.request.post(`${server.url}/console/events/${event.id}/publish`, {
      form: { _csrf: await memberPage.locator('input[name=_csrf]').first().inputValue() },
      maxRedirects: 0,
    });
    expect(edit.status()).toBe(403);
    await door.close();
    await desk.close();
  });
});
