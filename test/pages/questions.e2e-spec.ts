import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  addTeamMember,
  createOrganization,
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

/** The workshop's questions: one of each type, as an organizer writes them (the form asks them in this order). */
const QUESTIONS = [
  { key: 'case_study', type: 'text', labelZh: '您将介绍的案例', labelEn: 'Case study you will present', maxLength: 40 },
  { key: 'notes', type: 'long_text', labelZh: '其他说明', helpZh: '如有特殊需要请写在这里。' },
  {
    key: 'staff',
    type: 'number',
    labelZh: '机构专职人员数',
    labelEn: 'Full-time staff',
    min: 0,
    max: 500,
    integer: true,
  },
  {
    key: 'diet',
    type: 'choice',
    labelZh: '饮食要求',
    labelEn: 'Dietary needs',
    required: true,
    editable: true,
    options: [
      { key: 'none', labelZh: '无', labelEn: 'None' },
      { key: 'vegetarian', labelZh: '素食', labelEn: 'Vegetarian' },
      { key: 'halal', labelZh: '清真', labelEn: 'Halal' },
    ],
  },
  {
    key: 'topics',
    type: 'multi_choice',
    labelZh: '关注议题',
    labelEn: 'Topics',
    min: 1,
    max: 2,
    options: [
      { key: 'elderly', labelZh: '养老', labelEn: 'Elderly care' },
      { key: 'education', labelZh: '教育', labelEn: 'Education' },
      { key: 'environment', labelZh: '环保', labelEn: 'Environment' },
    ],
  },
  { key: 'lodging', type: 'yes_no', labelZh: '是否需要住宿', labelEn: 'Do you need accommodation?' },
  { key: 'arrival', type: 'date', labelZh: '到达日期', labelEn: 'Arrival date', editable: false },
  {
    key: 'photo_ok',
    type: 'consent',
    labelZh: '同意主办方在活动报道中使用本人照片',
    labelEn: 'I agree that my photo may be used in reports of the event',
    required: true,
  },
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
];

/** A group's questions: the organization's field once for the group (its default), the rest of each person. */
const GROUP_QUESTIONS = [
  { ...QUESTIONS[8], required: true },
  { ...QUESTIONS[3], perPerson: true },
  { ...QUESTIONS[5], perPerson: true },
];

/**
 * Registration questions on the pages: the public form asks them with the right controls on a phone, without
 * JavaScript, and says beside each question what is wrong, in Chinese and English; the group form asks the group's
 * once and each person's in every row; the manage page shows and changes answers; the console edits questions, deletes
 * removed answers, copies an event, and filters registrations by an answer. Through the real app and a real browser.
 */
describe('registration questions on the pages', () => {
  let server: PageServer;
  let browser: Browser;
  let owner: Organizer;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startPageServer(), launchBrowser()]);
    owner = await signUp(server);
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
  const text = async (page: Page, selector: string) =>
    ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  const answersOf = async (eventId: string) =>
    (
      (await server.db.query(
        'SELECT email_normalized AS email, answers FROM registration WHERE event_id = $1 ORDER BY created_at',
        [eventId],
      )) as { email: string; answers: Record<string, unknown> }[]
    ).map((r) => ({ email: r.email, answers: r.answers }));
  /** The person and a new organization, typed (no script needed). */
  const fillPerson = async (page: Page, name: string, email: string) => {
    await page.fill('#f-name', name);
    await page.fill('#f-email', email);
    await page.fill('#f-org-name', '石家庄市社区发展促进会');
    await page.selectOption('#f-org-type', 'social_group');
    await page.selectOption('#f-org-region', '130000');
  };
  const submit = (page: Page) => page.click('#register button[type=submit]:not(.visually-hidden)');
  const keysIn = (page: Page, selector: string) =>
    page.locator(`${selector} [data-question]`).evaluateAll((e) => e.map((q) => q.getAttribute('data-question')));
  /** Registers someone through the JSON API, with answers; returns the path of their manage page. */
  const registerWith = async (slug: string, name: string, email: string, answers: Record<string, unknown>) => {
    const organization = await createOrganization(server, owner);
    const res = await server
      .http()
      .post(`/api/public/events/${slug}/registrations`)
      .send({ name, email, organization: { id: organization.id }, answers })
      .expect(201);
    return new URL(res.body.manageUrl as string).pathname;
  };
  const questionsOf = async (eventId: string) =>
    (
      (await server.db.query('SELECT questions FROM event WHERE id = $1', [eventId])) as {
        questions: { key: string; removedAt: string | null; options: { key: string }[] }[];
      }[]
    )[0]!.questions;
  /** A desktop page of the console, signed in as the event's owner. */
  const consolePage = async (who: Organizer = owner): Promise<Page> => {
    const context = await signedInContext(browser, server, who.email);
    contexts.push(context);
    return context.newPage();
  };
  const save = (page: Page) => page.locator('form.event-form > button[type=submit]').click();

  it('asks every type on a 360 px phone without JavaScript, says what is wrong in Chinese and English, and lands on the manage page', async () => {
    const event = await publishEvent(server, owner, { questions: QUESTIONS });
    const page = await open({ ...PHONE, javaScriptEnabled: false });
    await page.goto(`${server.url}/e/${event.slug}`);

    // Every control type, labelled in Chinese, required ones marked.
    expect(await page.locator('#f-q-case_study').getAttribute('maxlength')).toBe('40');
    expect(await page.locator('#f-q-notes').evaluate((e) => e.tagName)).toBe('TEXTAREA');
    expect(await page.locator('#f-q-staff').getAttribute('type')).toBe('number');
    expect(await page.locator('#f-q-staff').getAttribute('max')).toBe('500');
    expect(await page.locator('#f-q-diet input[type=radio]').count()).toBe(3);
    expect(await page.locator('#f-q-topics input[type=checkbox]').count()).toBe(3);
    expect(await page.locator('#f-q-lodging input[type=radio]').count()).toBe(2);
    expect(await page.locator('#f-q-arrival').getAttribute('type')).toBe('date');
    expect(await page.locator('#f-q-photo_ok').getAttribute('type')).toBe('checkbox');
    expect(await page.locator('#f-q-field input[type=radio]').count()).toBe(2);
    expect(await text(page, '#f-q-diet legend')).toBe('饮食要求 *');
    expect(await text(page, '#f-q-topics-hint')).toBe('选择 1 到 2 项');
    expect(await text(page, '#f-q-notes-help')).toBe('如有特殊需要请写在这里。');
    // Nothing is wider than the phone.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);

    // Wrong answers first: a required choice left out, a fraction, three picks of at most two, consent not given.
    await fillPerson(page, '赵敏', 'zhao.min@example.org');
    await page.fill('#f-q-case_study', '社区养老互助');
    await page.fill('#f-q-staff', '12.5');
    for (const topic of ['elderly', 'education', 'environment']) await page.check(`#f-q-topics-${topic}`);
    await page.check('#f-q-lodging-yes');
    await page.fill('#f-q-arrival', '2026-12-04');
    await submit(page);
    expect(await text(page, '#form-error')).toBe('有些内容需要更正。');
    expect(await text(page, '#f-q-diet-error')).toBe('请回答这一题。');
    expect(await text(page, '#f-q-staff-error')).toBe('请填写整数。');
    expect(await text(page, '#f-q-topics-error')).toBe('最多只能选择 2 项。');
    expect(await text(page, '#f-q-photo_ok-error')).toBe('请勾选同意后再提交。');
    await expect(page.locator('.field-error').count()).resolves.toBe(4);
    // What was typed and ticked is still there.
    expect(await page.inputValue('#f-q-case_study')).toBe('社区养老互助');
    expect(await page.inputValue('#f-q-staff')).toBe('12.5');
    expect(await page.isChecked('#f-q-topics-environment')).toBe(true);
    expect(await page.isChecked('#f-q-lodging-yes')).toBe(true);
    expect(await page.inputValue('#f-q-arrival')).toBe('2026-12-04');
    expect(await page.inputValue('#f-name')).toBe('赵敏');
    expect(await answersOf(event.id)).toEqual([]);
    await screenshot(page, 'register-questions-phone');

    // The same in English: the switch, then other wrong answers.
    await page.click('.lang-switch');
    expect(await text(page, '#f-q-diet legend')).toBe('Dietary needs *');
    expect(await text(page, '#f-q-diet')).toContain('Vegetarian');
    await fillPerson(page, 'Zhao Min', 'zhao.min@example.org');
    await page.fill('#f-q-staff', '600');
    for (const topic of ['elderly', 'education', 'environment']) await page.check(`#f-q-topics-${topic}`);
    await page.check('#f-q-lodging-no');
    await submit(page);
    expect(await text(page, '#f-q-diet-error')).toBe('Please answer this question.');
    expect(await text(page, '#f-q-staff-error')).toBe('Enter 500 or less.');
    expect(await text(page, '#f-q-topics-error')).toBe('Choose at most 2.');
    expect(await text(page, '#f-q-photo_ok-error')).toBe('Tick the box to agree before you submit.');

    // Corrected: the manage page shows the answers, by their labels.
    await page.fill('#f-q-staff', '12');
    await page.check('#f-q-diet-halal');
    await page.uncheck('#f-q-topics-environment');
    await page.check('#f-q-photo_ok');
    await page.check('#f-q-field-community');
    await Promise.all([page.waitForURL(/\/r\/[\w-]{43}\?registered=1#registered$/), submit(page)]);
    const [row] = await answersOf(event.id);
    expect(row!.answers).toEqual({
      staff: 12,
      diet: 'halal',
      topics: ['elderly', 'education'],
      lodging: false,
      photo_ok: { accepted: true, version: 1 },
      field: 'community',
    });
    expect(await text(page, '[data-answer=diet]')).toBe('Halal can be changed');
    expect(await text(page, '[data-answer=topics]')).toBe('Elderly care, Education can be changed');
    expect(await text(page, '[data-answer=lodging]')).toBe('No can be changed');
    expect(await text(page, '[data-answer=photo_ok]')).toBe('Agreed can be changed');
    expect(await text(page, '[data-answer=arrival]')).toBe('Not answered');
    expect(await text(page, '[data-answer=case_study]')).toBe('Not answered can be changed');
  });

  it('asks the group’s questions once at the top and each person’s in every row, all or nothing, without JavaScript', async () => {
    const event = await publishEvent(server, owner, { questions: GROUP_QUESTIONS });
    const page = await open({ ...PHONE, javaScriptEnabled: false });
    await page.goto(`${server.url}/e/${event.slug}/group`);
    expect(await keysIn(page, '#group-questions')).toEqual(['field']);
    expect(await keysIn(page, '[data-row]:first-of-type')).toEqual(['diet', 'lodging']);
    expect(await page.locator('[data-row] [data-question=diet]').count()).toBe(3);

    await page.fill('[name="delegate.name"]', '刘带队');
    await page.fill('[name="delegate.email"]', 'liu.lead@example.org');
    await page.fill('#f-org-name', '保定市青年志愿者协会');
    await page.selectOption('#f-org-type', 'social_group');
    await page.selectOption('#f-org-region', '130000');
    await page.check('#f-q-field-charity');
    await page.fill('#a-0-name', '成员甲');
    await page.fill('#a-0-email', 'member-a@example.org');
    await page.check('#a-0-q-diet-halal');
    await page.check('#a-0-q-lodging-yes');
    await page.fill('#a-1-name', '成员乙');
    await page.fill('#a-1-email', 'member-b@example.org');
    // "Three more rows" posts the form back: every answer stays where it was.
    await page.click('#add-rows');
    expect(await page.locator('[data-row]').count()).toBe(6);
    expect(await page.isChecked('#f-q-field-charity')).toBe(true);
    expect(await page.isChecked('#a-0-q-diet-halal')).toBe(true);
    expect(await page.isChecked('#a-0-q-lodging-yes')).toBe(true);

    // The second person's required answer is missing: nobody is registered, the message is beside their row.
    await page.click('#register button.btn-block[type=submit]');
    expect(await text(page, '#a-1-q-diet-error')).toBe('请回答这一题。');
    await expect(page.locator('.field-error').count()).resolves.toBe(1);
    expect(await answersOf(event.id)).toEqual([]);

    await page.check('#a-1-q-diet-none');
    await Promise.all([
      page.waitForURL(/\/g\/[\w-]{43}\?done=created#done$/),
      page.click('#register button.btn-block[type=submit]'),
    ]);
    expect(await answersOf(event.id)).toEqual([
      { email: 'member-a@example.org', answers: { field: 'charity', diet: 'halal', lodging: true } },
      { email: 'member-b@example.org', answers: { field: 'charity', diet: 'none' } },
    ]);
    // The group page: the group's answer once, each person's under their name.
    expect(await text(page, '#group-answers [data-answer=field]')).toBe('慈善救助');
    expect(await text(page, '[data-email="member-a@example.org"] [data-answer=diet]')).toBe('清真');
    expect(await text(page, '[data-email="member-b@example.org"] [data-answer=lodging]')).toBe('未回答');

    // Someone added later answers the questions asked of each person.
    await page.fill('#f-name', '成员丙');
    await page.fill('#f-email', 'member-c@example.org');
    await page.click('#add button[type=submit]');
    expect(await text(page, '#f-q-diet-error')).toBe('请回答这一题。');
    await page.check('#f-q-diet-vegetarian');
    await Promise.all([page.waitForURL(/done=added/), page.click('#add button[type=submit]')]);
    expect((await answersOf(event.id))[2]).toEqual({
      email: 'member-c@example.org',
      answers: { field: 'charity', diet: 'vegetarian' },
    });

    // With JavaScript, "add an attendee" adds a row in place, its questions named for its own row.
    const scripted = await open();
    await scripted.goto(`${server.url}/e/${event.slug}/group`);
    await scripted.click('#add-row');
    expect(await scripted.getAttribute('#a-3-q-diet-halal', 'name')).toBe('a.3.q.diet');
    expect(await scripted.getAttribute('#a-3-q-lodging-no', 'name')).toBe('a.3.q.lodging');
  });

  it('changes the editable answers on the manage page until registration closes, then shows them read-only', async () => {
    const event = await publishEvent(server, owner, { questions: QUESTIONS });
    const manage = await registerWith(event.slug, '钱进', 'qian.jin@example.org', {
      diet: 'none',
      photo_ok: true,
      arrival: '2026-12-04',
    });
    const page = await open();
    await page.goto(`${server.url}${manage}`);
    expect(await text(page, '[data-answer=diet]')).toBe('无 可修改');
    expect(await text(page, '[data-answer=arrival]')).toBe('2026-12-04');
    expect(await text(page, '[data-answer=staff]')).toBe('未回答 可修改');
    // Only the editable questions are in the form (the arrival date is not).
    expect(await keysIn(page, '#answer-changes')).not.toContain('arrival');
    expect(await page.isChecked('#f-q-diet-none')).toBe(true);

    await page.check('#f-q-diet-vegetarian');
    await page.fill('#f-q-staff', '700');
    await page.click('#details button[type=submit]');
    expect(await text(page, '#f-q-staff-error')).toBe('不能大于 500。');
    expect(await page.isChecked('#f-q-diet-vegetarian')).toBe(true);
    await page.fill('#f-q-staff', '30');
    await Promise.all([page.waitForURL(/\?saved=1/), page.click('#details button[type=submit]')]);
    expect(await text(page, '[data-answer=diet]')).toBe('素食 可修改');
    expect(await text(page, '[data-answer=staff]')).toBe('30 可修改');
    expect((await answersOf(event.id))[0]!.answers).toMatchObject({
      diet: 'vegetarian',
      staff: 30,
      arrival: '2026-12-04',
    });
    await screenshot(page, 'manage-answers-phone');

    // Registration closes: the answers are shown, no longer changed; the person's details still can be.
    await server
      .http()
      .patch(`/api/events/${event.id}`)
      .set(owner.auth)
      .send({ registrationClosesAt: new Date(Date.now() - 60_000).toISOString() })
      .expect(200);
    await page.goto(`${server.url}${manage}`);
    expect(await text(page, '#answers-closed')).toBe('报名已经截止，回答不能再修改。');
    await expect(page.locator('#answer-changes').count()).resolves.toBe(0);
    await page.fill('#f-jobTitle', '理事');
    await Promise.all([page.waitForURL(/\?saved=1/), page.click('#details button[type=submit]')]);
  });

  it('edits the questions in the console: adds and orders them, says what a change would break, deletes kept answers', async () => {
    const event = await publishEvent(server, owner);
    const page = await consolePage();
    await page.goto(`${server.url}/console/events/${event.id}`);
    expect(await page.locator('.q-editor').count()).toBe(2);
    const row = (i: number, field: string) => `[name="questions.${i}.${field}"]`;
    await page.fill(row(0, 'key'), 'diet');
    await page.selectOption(row(0, 'type'), 'choice');
    await page.fill(row(0, 'labelZh'), '饮食要求');
    await page.fill(row(0, 'labelEn'), 'Dietary needs');
    await page.fill(row(0, 'options'), 'none|无|None\nhalal|清真|Halal\nvegetarian 素食');
    await page.check(row(0, 'required'));
    await page.fill(row(1, 'key'), 'first_time');
    await page.selectOption(row(1, 'type'), 'yes_no');
    await page.fill(row(1, 'labelZh'), '是否首次参加');
    await page.fill(row(1, 'position'), '0');
    await save(page);
    expect(await text(page, '[id="f-questions.0.options-error"]')).toBe(
      '每行一个选项，写成“键名|中文|English”（英文可省略）。',
    );
    expect(await page.inputValue(row(1, 'key'))).toBe('first_time');
    expect(await questionsOf(event.id)).toEqual([]);

    await page.fill(row(0, 'options'), 'none|无|None\nhalal|清真|Halal\nvegetarian|素食|Vegetarian');
    await Promise.all([page.waitForURL(/\?saved=1$/), save(page)]);
    // Saved in the order of the positions: first_time first.
    expect((await questionsOf(event.id)).map((q) => q.key)).toEqual(['first_time', 'diet']);
    expect(await page.inputValue(row(1, 'options'))).toBe('none|无|None\nhalal|清真|Halal\nvegetarian|素食|Vegetarian');

    // Someone answers; then an option they chose cannot go: 409, said beside the question with how many answers.
    await registerWith(event.slug, '孙丽', 'sun.li@example.org', { diet: 'halal', first_time: true });
    await page.fill(row(1, 'options'), 'none|无|None\nvegetarian|素食|Vegetarian');
    await save(page);
    expect(await text(page, '#form-error')).toBe('已有报名者的回答用到这个问题或选项，不能这样修改。');
    expect(await text(page, '[id="f-questions.1.options-error"]')).toBe(
      '已有 1 条回答选了 halal：这些选项不能删除或改键名。',
    );
    await screenshot(page, 'event-questions-desktop');
    expect((await questionsOf(event.id))[1]!.options.map((o) => o.key)).toEqual(['none', 'halal', 'vegetarian']);

    // Taken off the form, a question keeps its answers until they are deleted on purpose (asked first).
    await page.goto(`${server.url}/console/events/${event.id}`);
    await page.check(row(0, 'remove'));
    await Promise.all([page.waitForURL(/\?saved=1$/), save(page)]);
    expect(await text(page, '#removed-questions [data-question=first_time]')).toContain('是否首次参加');
    await page.click('#removed-questions a');
    expect(await text(page, 'h2')).toBe('删除已移除问题的回答');
    expect((await answersOf(event.id))[0]!.answers).toEqual({ diet: 'halal', first_time: true });
    await Promise.all([page.waitForURL(/\?answersDeleted=1$/), page.click('button.btn-danger')]);
    expect(await text(page, '.alert-ok')).toBe('已删除这一题的回答。');
    await expect(page.locator('#removed-questions').count()).resolves.toBe(0);
    expect((await answersOf(event.id))[0]!.answers).toEqual({ diet: 'halal' });
    expect((await questionsOf(event.id)).map((q) => q.key)).toEqual(['diet']);
  });

  it('copies an event into a new draft a week later, with its questions', async () => {
    const event = await publishEvent(server, owner, { title: '公益大讲堂第22期', questions: GROUP_QUESTIONS });
    const page = await consolePage();
    await page.goto(`${server.url}/console/events/${event.id}`);
    const weekLater = new Date(new Date(event.startsAt).getTime() + 7 * 24 * 3600_000);
    expect(await page.inputValue('#copy-startsAt')).toBe(
      weekLater.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16).replace(' ', 'T'),
    );
    await page.fill('#copy-title', '公益大讲堂第23期');
    await Promise.all([
      page.waitForURL((url) => url.pathname !== `/console/events/${event.id}` && url.search === '?copied=1'),
      page.click('#copy-form button[type=submit]'),
    ]);
    expect(await text(page, '.alert-ok')).toBe('已复制为新的草稿活动：请检查时间和内容，然后发布。');
    const copyId = new URL(page.url()).pathname.split('/').pop()!;
    const [copy] = (await server.db.query('SELECT title, status, starts_at FROM event WHERE id = $1', [copyId])) as {
      title: string;
      status: string;
      starts_at: Date;
    }[];
    expect(copy).toEqual({ title: '公益大讲堂第23期', status: 'draft', starts_at: weekLater });
    expect((await questionsOf(copyId)).map((q) => q.key)).toEqual(['field', 'diet', 'lodging']);
    expect(await page.inputValue('[name="questions.0.key"]')).toBe('field');
  });

  it('filters registrations by an answer, lists the answers, and shows door staff only the answers meant for the door', async () => {
    const questions = [
      { ...QUESTIONS[3], visibleToCheckin: true },
      QUESTIONS[8],
      { key: 'access', type: 'text', labelZh: '无障碍需求' },
    ];
    const event = await publishEvent(server, owner, { questions });
    await registerWith(event.slug, '周一', 'zhou.yi@example.org', { diet: 'halal', field: 'community' });
    await registerWith(event.slug, '吴二', 'wu.er@example.org', { diet: 'none' });
    await registerWith(event.slug, '郑三', 'zheng.san@example.org', { diet: 'halal', access: '需要轮椅' });
    const page = await consolePage();
    await page.goto(`${server.url}/console/events/${event.id}/registrations`);
    expect(await page.locator('#f-answer option').allTextContents()).toEqual([
      '全部',
      '无',
      '素食',
      '清真',
      '饮食要求：未回答',
      '社区服务',
      '慈善救助',
      '机构服务领域：未回答',
    ]);
    await page.selectOption('#f-answer', 'diet:halal');
    await Promise.all([page.waitForURL(/answer=diet%3Ahalal/), page.click('.reg-filters button[type=submit]')]);
    expect(await page.locator('tr[data-registration] .reg-name strong').allTextContents()).toEqual(['周一', '郑三']);
    expect(await page.locator('tr[data-registration]:first-child .reg-answers li').allTextContents()).toEqual([
      '饮食要求：清真',
      '机构服务领域：社区服务',
    ]);
    expect(await text(page, 'tr[data-registration]:nth-child(2) [data-answer=access]')).toBe('无障碍需求：需要轮椅');
    await screenshot(page, 'registrations-answers-desktop');

    // At the door, the checkin role sees the diet (shown at the door), not the access needs or the field.
    const doorman = await signUp(server);
    await addTeamMember(server, owner, event.id, doorman, 'checkin');
    const door = await consolePage(doorman);
    await door.goto(`${server.url}/console/events/${event.id}/door?q=${encodeURIComponent('郑三')}`);
    expect(await door.locator('.door-person [data-answer]').allTextContents()).toEqual(['饮食要求：清真']);
  });
});
