import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  createEvent,
  createOrganization,
  DESKTOP,
  launchBrowser,
  Organizer,
  PageServer,
  PHONE,
  publishEvent,
  screenshot,
  signUp,
  startPageServer,
} from '../support';

/**
 * The public pages a delegate opens on a phone, from a link in a chat: the event page, registering (alone or for a
 * group), their own page behind the manage link, and the join link. Through the real app and a real browser.
 */
describe('public pages', () => {
  let server: PageServer;
  let browser: Browser;
  let owner: Organizer;
  let known: { id: string; name: string };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startPageServer();
    browser = await launchBrowser();
    owner = await signUp(server);
    known = await createOrganization(server, owner, { name: '河北省社会组织促进会', regionCode: '130000' });
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async (options = PHONE): Promise<Page> => {
    const context = await browser.newContext(options);
    contexts.push(context);
    return context.newPage();
  };
  const query = <T>(sql: string, params: unknown[] = []) => server.db.query(sql, params) as Promise<T[]>;
  const registrationsOf = (eventId: string) =>
    query<{
      name: string;
      email: string;
      status: string;
      phone: string | null;
      job_title: string | null;
      organization_id: string;
    }>(
      'SELECT name, email_normalized AS email, status, phone, job_title, organization_id FROM registration WHERE event_id = $1 ORDER BY created_at',
      [eventId],
    );
  const text = async (page: Page, selector: string) =>
    ((await page.locator(selector).first().textContent()) ?? '').trim();
  const start = new Date(Date.now() + 7 * 24 * 3600_000);
  start.setUTCHours(1, 0, 0, 0);
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000).toISOString();
  /** A published workshop with hosts and an agenda, as an organizer publishes one. */
  const workshop = (overrides: Record<string, unknown> = {}) =>
    publishEvent(server, owner, {
      description: '围绕京津冀社会组织协同发展，交流经验、对接资源。\n\n欢迎各地社会组织报名参加。',
      hosts: [{ organizationId: known.id, role: 'host' }],
      agenda: [
        { startsAt: at(0), title: '开幕致辞', speaker: '王芳', speakerAffiliation: '河北省社会组织总会' },
        { startsAt: at(60), title: '协同发展调研报告', speaker: '李明' },
      ],
      ...overrides,
    });
  /** Fills the person's fields of the registration form. */
  const fillPerson = async (page: Page, person: { name: string; email: string; phone?: string; jobTitle?: string }) => {
    await page.fill('#f-name', person.name);
    await page.fill('#f-email', person.email);
    if (person.phone) await page.fill('#f-phone', person.phone);
    if (person.jobTitle) await page.fill('#f-jobTitle', person.jobTitle);
  };

  it('shows the event, registers a delegate who picks their organization as they type, and lets them manage it', async () => {
    const event = await workshop({ capacity: 10 });
    const page = await open();
    await page.goto(`${server.url}/e/${event.slug}`);
    expect(await text(page, 'h1')).toBe('京津冀协同发展社会组织研讨会');
    expect(await text(page, '.pub-seats')).toBe('剩余 10 个（共 10 个）');
    expect(await page.locator('#hosts-title + dl').textContent()).toContain('主办单位');
    expect(await page.locator('.pub-agenda li').allTextContents()).toEqual([
      expect.stringMatching(/09:00\s*开幕致辞\s*王芳（河北省社会组织总会）/),
      expect.stringMatching(/10:00\s*协同发展调研报告\s*李明/),
    ]);
    // Open Graph: a link pasted in a chat shows a card.
    const og = async (property: string) => page.locator(`meta[property="og:${property}"]`).getAttribute('content');
    expect(await og('title')).toBe('京津冀协同发展社会组织研讨会');
    expect(await og('url')).toBe(`${server.url}/e/${event.slug}`);
    expect(await og('description')).toMatch(/北京市东城区 · 围绕京津冀/);
    await screenshot(page, 'event-phone');

    await fillPerson(page, { name: '张伟', email: 'Zhang.Wei@example.org', phone: '+86 138 1234 5678' });
    await page.locator('#f-org-name').pressSequentially('促进会');
    await page.getByRole('button', { name: /河北省社会组织促进会 · 河北省 · 社会团体/ }).click();
    expect(await text(page, '#org-chosen-name')).toBe('河北省社会组织促进会 · 河北省 · 社会团体');
    await expect(page.locator('#f-org-type').isVisible()).resolves.toBe(false);
    await Promise.all([
      page.waitForURL(/\/r\/[\w-]{43}\?registered=1#registered$/),
      page.click('#register button[type=submit]'),
    ]);

    expect(await text(page, '#registered')).toContain('报名成功');
    expect(await page.getAttribute('#status', 'data-status')).toBe('confirmed');
    const [row] = await registrationsOf(event.id);
    expect(row).toMatchObject({
      name: '张伟',
      email: 'zhang.wei@example.org',
      phone: '13812345678',
      status: 'confirmed',
    });
    expect(row!.organization_id).toBe(known.id);
    // The QR ticket and the check-in code of an in-person confirmed registration.
    const [{ code }] = await query<{ code: string }>(
      'SELECT check_in_code AS code FROM registration WHERE event_id = $1',
      [event.id],
    );
    expect(await text(page, '#check-in-code')).toBe(code);
    expect(
      await page.locator('img.pub-qr').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(0);
    await expect(page.locator('#join').count()).resolves.toBe(0);
    const ics = await page.request.get(`${server.url}${new URL(page.url()).pathname}/calendar.ics`);
    expect(ics.headers()['content-type']).toMatch(/^text\/calendar/);
    expect(ics.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(await ics.text()).toMatch(/BEGIN:VCALENDAR[\s\S]*SUMMARY:京津冀协同发展社会组织研讨会/);
    await screenshot(page, 'manage-phone');

    // Corrects the details.
    await page.fill('#f-jobTitle', '秘书长');
    await page.fill('#f-phone', '');
    await Promise.all([page.waitForURL(/\?saved=1/), page.click('#details button[type=submit]')]);
    expect(await text(page, '.alert-ok')).toBe('已保存。');
    expect((await registrationsOf(event.id))[0]).toMatchObject({ job_title: '秘书长', phone: null });

    // Cancels, through the confirmation step.
    await page.click('#cancel');
    expect(await text(page, 'h1')).toBe('确认取消报名');
    expect((await registrationsOf(event.id))[0]!.status).toBe('confirmed');
    await Promise.all([page.waitForURL(/\?cancelled=1$/), page.click('button.btn-danger')]);
    expect(await page.getAttribute('#status', 'data-status')).toBe('cancelled');
    expect((await registrationsOf(event.id))[0]!.status).toBe('cancelled');
    await expect(page.locator('img.pub-qr').count()).resolves.toBe(0);
  });

  it('adds a new organization with its region, and waitlists when the event is full', async () => {
    const event = await workshop({ capacity: 1 });
    await server
      .http()
      .post(`/api/public/events/${event.slug}/registrations`)
      .send({ name: '先到', email: 'first@example.org', organization: { id: known.id } })
      .expect(201);
    const page = await open();
    await page.goto(`${server.url}/e/${event.slug}`);
    expect(await text(page, '[data-state=full]')).toContain('名额已满');
    expect(await text(page, '.pub-cta')).toBe('报名候补');

    await fillPerson(page, { name: '李娜', email: 'li.na@example.org', jobTitle: '项目主管' });
    await page.fill('#f-org-name', '石家庄市志愿服务基金会');
    await page.selectOption('#f-org-type', 'foundation');
    await page.selectOption('#f-org-region', { label: '河北省' });
    await Promise.all([
      page.waitForURL(/\/r\/[\w-]{43}\?registered=1#registered$/),
      page.click('#register button[type=submit]'),
    ]);
    expect(await page.getAttribute('#status', 'data-status')).toBe('waitlisted');
    expect(await text(page, '#registered')).toContain('已进入候补名单');
    await expect(page.locator('img.pub-qr').count()).resolves.toBe(0);
    const [organization] = await query<{ type: string; region_code: string; verified: boolean }>(
      `SELECT o.type, o.region_code, o.verified FROM registration r JOIN organization o ON o.id = r.organization_id
        WHERE r.event_id = $1 AND r.email_normalized = 'li.na@example.org'`,
      [event.id],
    );
    expect(organization).toEqual({ type: 'foundation', region_code: '130000', verified: false });
  });

  it('works without JavaScript: an organization typed with the same name and region is the one already known', async () => {
    const event = await workshop();
    const page = await open({ ...PHONE, javaScriptEnabled: false });
    await page.goto(`${server.url}/e/${event.slug}`);
    await fillPerson(page, { name: '孙丽', email: 'sun.li@example.org' });
    await page.fill('#f-org-name', ' 河北省社会组织促进会 ');
    await page.selectOption('#f-org-type', 'social_group');
    await page.selectOption('#f-org-region', '130000');
    await Promise.all([
      page.waitForURL(/\/r\/[\w-]{43}\?registered=1#registered$/),
      page.click('#register button[type=submit]'),
    ]);
    expect(await text(page, 'dl.facts')).toContain('河北省社会组织促进会');
    expect((await registrationsOf(event.id))[0]!.organization_id).toBe(known.id);

    // The group form grows by posting itself back, keeping what was typed.
    await page.goto(`${server.url}/e/${event.slug}/group`);
    expect(await page.locator('[data-row]').count()).toBe(3);
    await page.fill('#a-0-name', '成员一');
    await page.click('#add-rows');
    expect(await page.locator('[data-row]').count()).toBe(6);
    expect(await page.inputValue('#a-0-name')).toBe('成员一');
    expect(await registrationsOf(event.id)).toHaveLength(1);
  });

  it('holds a registration for approval when the event asks for it, and registers once on a double submit', async () => {
    const event = await workshop({ requiresApproval: true });
    const page = await open();
    await page.goto(`${server.url}/e/${event.slug}`);
    const form = {
      _csrf: await page.inputValue('#register input[name=_csrf]'),
      idempotencyKey: await page.inputValue('input[name=idempotencyKey]'),
      locale: 'zh',
      name: '王强',
      email: 'wang.qiang@example.org',
      'organization.id': known.id,
    };
    const post = () => page.request.post(`${server.url}/e/${event.slug}/register`, { form, maxRedirects: 0 });
    const [first, second] = [await post(), await post()];
    expect(first.status()).toBe(303);
    expect(second.status()).toBe(200);
    expect(await second.text()).toContain('这个邮箱已经报过名了');
    expect(await registrationsOf(event.id)).toHaveLength(1);

    await page.goto(`${server.url}${first.headers().location}`);
    expect(await page.getAttribute('#status', 'data-status')).toBe('pending');
    expect(await text(page, '#registered')).toContain('等待主办方审核');
  });

  it('shows form errors beside the fields, in Chinese and after switching, in English', async () => {
    const event = await workshop();
    const page = await open();
    await page.goto(`${server.url}/e/${event.slug}`);
    await page.fill('#f-email', 'not-an-email');
    await page.fill('#f-phone', '12345');
    await page.click('#register button[type=submit]');
    expect(await text(page, '#form-error')).toBe('有些内容需要更正。');
    expect(await text(page, '#f-name-error')).toBe('请填写此项');
    expect(await text(page, '#f-email-error')).toBe('请输入有效的邮箱地址');
    expect(await text(page, '#f-phone-error')).toBe('请输入有效的手机号码');
    expect(await text(page, '#f-org-name-error')).toBe('请填写此项');
    expect(await text(page, '#f-org-region-error')).toBe('请填写此项');
    expect(await page.getAttribute('#f-email', 'aria-describedby')).toBe('f-email-error');
    expect(await page.inputValue('#f-email')).toBe('not-an-email');
    await screenshot(page, 'register-errors-phone');

    await page.click('a.lang-switch');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await text(page, 'h1')).toBe('Workshop on the coordinated development of Beijing, Tianjin and Hebei');
    await page.fill('#f-name', 'Ann Lee');
    await page.click('#register button[type=submit]');
    expect(await text(page, '#f-email-error')).toBe('Please fill this in');
    expect(await text(page, '#f-org-type-error')).toBe('Please fill this in');
    expect(await page.locator('#f-name-error').count()).toBe(0);
    expect(await registrationsOf(event.id)).toEqual([]);
  });

  it('registers with the keyboard alone: Tab, typing and Enter', async () => {
    const event = await workshop();
    const page = await open();
    await page.goto(`${server.url}/e/${event.slug}`);
    const focused = () => page.evaluate('document.activeElement && document.activeElement.id');
    for (let i = 0; i < 30 && (await focused()) !== 'f-name'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('f-name');
    await page.keyboard.type('赵敏');
    await page.keyboard.press('Tab');
    await page.keyboard.type('zhao.min@example.org');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('f-org-name');
    await page.keyboard.type('社会组织促进');
    await page.locator('#org-suggestions button').first().waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('org-change');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(/\/r\/[\w-]{43}\?registered=1#registered$/), page.keyboard.press('Enter')]);
    expect(await page.getAttribute('#status', 'data-status')).toBe('confirmed');
    expect(await registrationsOf(event.id)).toEqual([
      expect.objectContaining({ name: '赵敏', email: 'zhao.min@example.org', organization_id: known.id }),
    ]);
  });

  it('registers a group all or nothing: refuses one that does not fit and writes nothing, then takes the waitlist', async () => {
    const event = await workshop({ capacity: 2 });
    const page = await open();
    await page.goto(`${server.url}/e/${event.slug}`);
    await Promise.all([page.waitForURL(/\/group$/), page.click('.pub-group-link a')]);
    await page.fill('[name="delegate.name"]', '刘带队');
    await page.fill('[name="delegate.email"]', 'liu.lead@example.org');
    await page.fill('#f-org-name', '保定市青年志愿者协会');
    await page.selectOption('#f-org-type', 'social_group');
    await page.selectOption('#f-org-region', '130000');
    const people = ['甲', '乙', '丙', '丁'];
    await page.click('#add-row');
    for (const [i, who] of people.entries()) {
      await page.fill(`#a-${i}-name`, `成员${who}`);
      await page.fill(`#a-${i}-email`, `member-${i}@example.org`);
    }
    await page.click('#register button.btn-block[type=submit]');
    expect(await text(page, '#form-error')).toBe(
      '名额不足：目前只能为 2 人确认座位，而团体有 4 人。本次没有登记任何人。你可以减少人数，或勾选“允许候补”后再提交。',
    );
    expect(await registrationsOf(event.id)).toEqual([]);
    expect(await query('SELECT 1 FROM registration_group WHERE event_id = $1', [event.id])).toEqual([]);
    expect(await query(`SELECT 1 FROM organization WHERE name = '保定市青年志愿者协会'`)).toEqual([]);
    expect(await page.inputValue('#a-3-email')).toBe('member-3@example.org');

    await page.check('#f-allowWaitlist');
    await Promise.all([
      page.waitForURL(/\/g\/[\w-]{43}\?done=created#done$/),
      page.click('#register button.btn-block[type=submit]'),
    ]);
    const statuses = () =>
      page.locator('.pub-person .badge').evaluateAll((b) => b.map((e) => e.getAttribute('data-status')));
    expect(await statuses()).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
    await screenshot(page, 'group-phone');

    // Cancel one person (asked first): the first on the waitlist moves up.
    await page.locator('.pub-person').first().getByRole('link', { name: /取消/ }).click();
    expect(await text(page, 'h1')).toBe('确认取消');
    await Promise.all([page.waitForURL(/done=cancelled/), page.click('button.btn-danger')]);
    expect(await statuses()).toEqual(['cancelled', 'confirmed', 'confirmed', 'waitlisted']);
    // Hand a place on, and add someone.
    await page.locator('.pub-person').nth(1).getByRole('link', { name: /换人/ }).click();
    await page.fill('#f-name', '成员戊');
    await page.fill('#f-email', 'member-4@example.org');
    await Promise.all([page.waitForURL(/done=swapped/), page.click('button.btn-block[type=submit]')]);
    await page.fill('#f-name', '成员己');
    await page.fill('#f-email', 'member-5@example.org');
    await Promise.all([page.waitForURL(/done=added/), page.click('#add button[type=submit]')]);
    expect((await registrationsOf(event.id)).map((r) => [r.name, r.status])).toEqual([
      ['成员甲', 'cancelled'],
      ['成员戊', 'confirmed'],
      ['成员丙', 'confirmed'],
      ['成员丁', 'waitlisted'],
      ['成员己', 'waitlisted'],
    ]);
  });

  it('shows a cancelled event with its state and no form, and a draft or unknown one as not found', async () => {
    const event = await workshop();
    await server.http().post(`/api/events/${event.id}/cancel`).set(owner.auth).expect(200);
    const page = await open();
    await page.goto(`${server.url}/e/${event.slug}`);
    expect(await text(page, '#register [data-state=cancelled]')).toBe('本活动已取消，不再接受报名。');
    await expect(page.locator('#f-name').count()).resolves.toBe(0);
    await expect(page.locator('.pub-cta').count()).resolves.toBe(0);

    const draft = await createEvent(server, owner);
    for (const slug of [draft.slug, 'no-such-event']) {
      const res = await page.goto(`${server.url}/e/${slug}`);
      expect(res!.status()).toBe(404);
      expect(await text(page, '.alert-error')).toBe('找不到这个活动。');
    }
  });

  it('sends a confirmed online attendee to the meeting through their join link, and says why not once cancelled', async () => {
    const event = await workshop({ kind: 'online', venue: null, joinUrl: 'https://meeting.example.org/j/42' });
    const created = await server
      .http()
      .post(`/api/public/events/${event.slug}/registrations`)
      .send({ name: '线上', email: 'online@example.org', organization: { id: known.id } })
      .expect(201);
    const manage = created.body.manageUrl as string;
    expect(manage).toMatch(new RegExp(`^${server.url}/r/[\\w-]{43}$`));
    const page = await open();
    await page.goto(manage);
    await expect(page.locator('img.pub-qr').count()).resolves.toBe(0);
    const join = await page.getAttribute('#join', 'href');
    expect(join).toMatch(/^\/j\/[\w-]{43}$/);
    const go = await page.request.get(`${server.url}${join}`, { maxRedirects: 0 });
    expect(go.status()).toBe(302);
    expect(go.headers().location).toBe('https://meeting.example.org/j/42');

    await server
      .http()
      .delete(`/api/public/registrations/${manage.split('/').pop()}`)
      .expect(200);
    const refused = await page.goto(`${server.url}${join}`);
    expect(refused!.status()).toBe(409);
    expect(await text(page, '.alert-warn')).toContain('只有已确认的报名才能进入线上会议');
  });

  it('lays the event page out for a desktop', async () => {
    const event = await workshop();
    const page = await open(DESKTOP);
    await page.goto(`${server.url}/e/${event.slug}?lang=en`);
    expect(await text(page, 'h1')).toBe('Workshop on the coordinated development of Beijing, Tianjin and Hebei');
    expect(await text(page, '#register-title')).toBe('Register');
    const width = await page.locator('main').evaluate((m) => m.getBoundingClientRect().width);
    expect(width).toBeLessThanOrEqual(760);
    await screenshot(page, 'event-desktop');
    // Light: the page, its stylesheet and script well under 100 KB.
    const sizes = await Promise.all(
      [`/e/${event.slug}`, '/assets/site.css', '/assets/org-search.js'].map(
        async (path) => (await (await page.request.get(`${server.url}${path}`)).body()).length,
      ),
    );
    expect(sizes.reduce((a, b) => a + b)).toBeLessThan(100_000);

    // "Send me my links again".
    await page.fill('#f-link-email', 'nobody@example.org');
    await Promise.all([page.waitForURL(/\?sent=1#links$/), page.click('#links button[type=submit]')]);
    expect(await text(page, '#links .alert-ok')).toMatch(/^If this address is registered/);
  });
});
