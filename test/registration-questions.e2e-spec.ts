import { addTeamMember, createTestApp, Organizer, publishEvent, registrationCounts, signUp, TestApp } from './support';

/** The workshop's own questions: one of each type. */
const QUESTIONS = [
  { key: 'case_study', type: 'text', labelZh: '您将介绍的案例', labelEn: 'Case study you will present', maxLength: 20 },
  { key: 'notes', type: 'long_text', labelZh: '其他说明', maxLength: 100 },
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
  { key: 'arrival', type: 'date', labelZh: '到达日期', labelEn: 'Arrival date' },
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

const GOOD = {
  case_study: '社区养老互助',
  staff: 12,
  diet: 'halal',
  topics: ['elderly'],
  lodging: true,
  arrival: '2026-12-04',
  photo_ok: true,
  field: 'community',
};

describe('registration questions', () => {
  let t: TestApp;
  let owner: Organizer;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t);
  });
  afterAll(() => t.close());

  let n = 0;
  const person = (answers: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) => ({
    name: `代表${++n}`,
    email: `delegate-${n}@example.org`,
    organization: { name: `测试社会组织${n % 5}`, type: 'social_group', regionCode: '130000' },
    ...(answers === undefined ? {} : { answers }),
    ...extra,
  });
  const register = (slug: string, body: object) => t.http().post(`/api/public/events/${slug}/registrations`).send(body);
  const workshop = (overrides: Record<string, unknown> = {}) =>
    publishEvent(t, owner, { questions: QUESTIONS, capacity: 100, ...overrides });
  const tokenOf = (manageUrl: string) => manageUrl.split('/r/')[1]!;
  const fieldsOf = (body: { fields?: { field: string; rule?: string }[] }) =>
    (body.fields ?? []).map((f) => `${f.field}:${f.rule}`).sort();

  it('shows the questions on the organizer view and the public page, with defaults filled in', async () => {
    const event = await workshop();
    const own = await t.http().get(`/api/events/${event.id}`).set(owner.auth).expect(200);
    expect(own.body.questions.map((q: { key: string }) => q.key)).toEqual(QUESTIONS.map((q) => q.key));
    expect(own.body.questions[0]).toMatchObject({
      type: 'text',
      required: false,
      maxLength: 20,
      perPerson: true,
      editable: true,
      visibleToCheckin: false,
    });
    expect(own.body.questions.find((q: { key: string }) => q.key === 'field').perPerson).toBe(false);
    expect(own.body.removedQuestions).toEqual([]);
    const page = await t.http().get(`/api/public/events/${event.slug}`).expect(200);
    expect(page.body.questions).toHaveLength(QUESTIONS.length);
  });

  it('stores answers of every type as the API shows them, consent with the version of its statement', async () => {
    const event = await workshop();
    const res = await register(event.slug, person({ ...GOOD, notes: '  需要投影  ', staff: '7' })).expect(201);
    const own = await t
      .http()
      .get(`/api/public/registrations/${tokenOf(res.body.manageUrl)}`)
      .expect(200);
    expect(own.body.answers).toEqual({
      ...GOOD,
      notes: '需要投影',
      staff: 7,
      photo_ok: { accepted: true, version: 1 },
    });
  });

  it.each([
    ['text too long', { case_study: 'x'.repeat(21) }, 'answers.case_study:maxLength'],
    ['text of the wrong type', { case_study: 5 }, 'answers.case_study:type'],
    ['long text too long', { notes: '长'.repeat(101) }, 'answers.notes:maxLength'],
    ['number below min', { staff: -1 }, 'answers.staff:min'],
    ['number above max', { staff: 501 }, 'answers.staff:max'],
    ['fraction for a whole number', { staff: 2.5 }, 'answers.staff:integer'],
    ['number as words', { staff: 'twelve' }, 'answers.staff:type'],
    ['choice not an option', { diet: 'kosher' }, 'answers.diet:option'],
    ['required choice missing', { diet: undefined }, 'answers.diet:required'],
    ['too few picks', { topics: [] }, undefined],
    ['too many picks', { topics: ['elderly', 'education', 'environment'] }, 'answers.topics:maxPicks'],
    ['pick not an option', { topics: ['sports'] }, 'answers.topics:option'],
    ['yes/no as text', { lodging: 'maybe' }, 'answers.lodging:type'],
    ['impossible date', { arrival: '2026-02-30' }, 'answers.arrival:date'],
    ['date in another format', { arrival: '12/04/2026' }, 'answers.arrival:date'],
    ['consent not given', { photo_ok: false }, 'answers.photo_ok:consent'],
    ['consent missing', { photo_ok: undefined }, 'answers.photo_ok:consent'],
    ['organization field not an option', { field: 'sports' }, 'answers.field:option'],
  ])('refuses %s with one 400 naming the key and the rule, writing nothing', async (_, change, expected) => {
    const event = await workshop();
    const res = await register(event.slug, person({ ...GOOD, ...change }));
    if (expected === undefined) {
      // An empty pick list is no answer: fine for an optional question.
      expect(res.status).toBe(201);
      return;
    }
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(fieldsOf(res.body)).toEqual([expected]);
    const error = res.body.fields[0];
    expect(error.errors[0]).toContain(expected.split(':')[0]);
    expect(error.messageZh).toMatch(/[\u4e00-\u9fff]/);
    expect((await registrationCounts(t, event.id)).confirmed).toBe(0);
  });

  it('accepts the boundaries themselves, and optional questions left out', async () => {
    const event = await workshop();
    await register(
      event.slug,
      person({
        case_study: 'x'.repeat(20),
        staff: 500,
        diet: 'none',
        topics: ['elderly', 'education'],
        lodging: false,
        arrival: '2028-02-29',
        photo_ok: true,
      }),
    ).expect(201);
    await register(event.slug, person({ diet: 'vegetarian', photo_ok: true, staff: 0 })).expect(201);
  });

  it('refuses unknown keys, answers that are not an object, and missing answers to required questions', async () => {
    const event = await workshop();
    const unknown = await register(event.slug, person({ ...GOOD, shoe_size: 42 })).expect(400);
    expect(fieldsOf(unknown.body)).toEqual(['answers.shoe_size:unknown']);
    const notObject = await register(event.slug, person(undefined, { answers: ['halal'] })).expect(400);
    expect(notObject.body.code).toBe('VALIDATION_FAILED');
    const none = await register(event.slug, person(undefined)).expect(400);
    expect(fieldsOf(none.body)).toEqual(['answers.diet:required', 'answers.photo_ok:consent']);
    expect((await registrationCounts(t, event.id)).confirmed).toBe(0);
  });

  it('answers a re-submission with the registration as it is (answers change through the manage link)', async () => {
    const event = await workshop();
    const body = person(GOOD);
    const first = await register(event.slug, body).expect(201);
    const same = await register(event.slug, body).expect(200);
    expect(same.body).toEqual({ id: first.body.id, status: 'confirmed' });
    await register(event.slug, { ...body, answers: { ...GOOD, diet: 'none' } }).expect(200);
    const own = await t
      .http()
      .get(`/api/public/registrations/${tokenOf(first.body.manageUrl)}`)
      .expect(200);
    expect(own.body.answers.diet).toBe('halal');
    expect((await registrationCounts(t, event.id)).confirmed).toBe(1);
  });

  it('sees a change to the event made a moment before (questions, approval, closing), though registration reads it from a cache', async () => {
    const event = await workshop();
    await register(event.slug, person(GOOD)).expect(201);
    const patch = (body: object) => t.http().patch(`/api/events/${event.id}`).set(owner.auth).send(body).expect(200);
    await patch({
      questions: [...QUESTIONS, { key: 'first_time', type: 'yes_no', labelZh: '是否首次参加', required: true }],
    });
    const missing = await register(event.slug, person(GOOD)).expect(400);
    expect(fieldsOf(missing.body)).toEqual(['answers.first_time:required']);
    await register(event.slug, person({ ...GOOD, first_time: true })).expect(201);
    await patch({ requiresApproval: true });
    expect((await register(event.slug, person({ ...GOOD, first_time: false })).expect(201)).body.status).toBe(
      'pending',
    );
    await patch({ registrationClosesAt: new Date(Date.now() - 1000).toISOString() });
    const closed = await register(event.slug, person({ ...GOOD, first_time: false })).expect(409);
    expect(closed.body).toMatchObject({ code: 'REGISTRATION_CLOSED', reason: 'closed_at' });
  });

  it('keeps a group all or nothing: a bad answer in row 3 writes nothing; group questions are answered once', async () => {
    const event = await workshop();
    const row = (i: number, answers: Record<string, unknown>) => ({
      name: `团体成员${i}`,
      email: `group-${i}@example.org`,
      answers,
    });
    const mine = { diet: 'none', photo_ok: true };
    const body = {
      delegate: { name: '带队人', email: 'lead@example.org' },
      organization: { name: '河北省社会组织促进会', type: 'social_group', regionCode: '130000' },
      answers: { field: 'charity' },
      attendees: [row(1, mine), row(2, mine), row(3, { ...mine, diet: 'kosher' }), row(4, { photo_ok: true })],
    };
    const bad = await t.http().post(`/api/public/events/${event.slug}/group-registrations`).send(body).expect(400);
    expect(fieldsOf(bad.body)).toEqual(['attendees.2.answers.diet:option', 'attendees.3.answers.diet:required']);
    expect((await registrationCounts(t, event.id)).confirmed).toBe(0);

    const misplaced = await t
      .http()
      .post(`/api/public/events/${event.slug}/group-registrations`)
      .send({
        ...body,
        answers: { field: 'charity', diet: 'none' },
        attendees: [row(1, { ...mine, field: 'charity' })],
      })
      .expect(400);
    expect(fieldsOf(misplaced.body)).toEqual(['answers.diet:notAsked', 'attendees.0.answers.field:notAsked']);

    const good = await t
      .http()
      .post(`/api/public/events/${event.slug}/group-registrations`)
      .send({ ...body, attendees: [row(1, mine), row(2, { ...mine, diet: 'halal' })] })
      .expect(201);
    expect(good.body.answers).toEqual({ field: 'charity' });
    expect(good.body.attendees.map((a: { answers: object }) => a.answers)).toEqual([
      { field: 'charity', diet: 'none', photo_ok: { accepted: true, version: 1 } },
      { field: 'charity', diet: 'halal', photo_ok: { accepted: true, version: 1 } },
    ]);
    // A person added later through the group link gets the group's answers too.
    const groupToken = good.body.manageUrl.split('/g/')[1];
    const added = await t
      .http()
      .post(`/api/public/group-registrations/${groupToken}/attendees`)
      .send(row(3, { diet: 'vegetarian', photo_ok: true }))
      .expect(201);
    expect(added.body.answers).toEqual({
      field: 'charity',
      diet: 'vegetarian',
      photo_ok: { accepted: true, version: 1 },
    });
  });

  describe('changing the questions after people registered', () => {
    let event: { id: string; slug: string };
    let token: string;
    const setQuestions = (questions: object[]) =>
      t.http().patch(`/api/events/${event.id}`).set(owner.auth).send({ questions });
    beforeAll(async () => {
      event = await workshop();
      token = tokenOf((await register(event.slug, person(GOOD)).expect(201)).body.manageUrl);
      await register(event.slug, person({ ...GOOD, diet: 'vegetarian', topics: ['education', 'environment'] }));
    });
    const own = async () => (await t.http().get(`/api/public/registrations/${token}`).expect(200)).body;

    it('adds a question: earlier registrations simply have no answer to it', async () => {
      await setQuestions([
        ...QUESTIONS,
        { key: 'first_time', type: 'yes_no', labelZh: '是否首次参加', required: true },
      ]).expect(200);
      expect((await own()).answers).not.toHaveProperty('first_time');
      const list = await t.http().get(`/api/events/${event.id}/registrations`).set(owner.auth).expect(200);
      expect(list.body.items).toHaveLength(2);
      const csv = await t.http().get(`/api/events/${event.id}/registrations.csv`).set(owner.auth).expect(200);
      expect(csv.text.split('\r\n')[0]).toContain('是否首次参加');
    });

    it('renames a label and keeps the answers; a consent whose statement changes moves to a new version', async () => {
      const renamed = QUESTIONS.map((q) =>
        q.key === 'diet'
          ? { ...q, labelZh: '餐饮要求' }
          : q.key === 'photo_ok'
            ? { ...q, labelZh: `${q.labelZh}。` }
            : q,
      );
      const res = await setQuestions(renamed).expect(200);
      expect(res.body.questions.find((q: { key: string }) => q.key === 'diet').labelZh).toBe('餐饮要求');
      expect(res.body.questions.find((q: { key: string }) => q.key === 'photo_ok').version).toBe(2);
      expect((await own()).answers).toMatchObject({ diet: 'halal', photo_ok: { accepted: true, version: 1 } });
    });

    it('refuses, with 409 naming how many answers, removing an option or changing a type that answers use', async () => {
      const withoutHalal = QUESTIONS.map((q) =>
        q.key === 'diet' ? { ...q, options: q.options!.filter((o) => o.key !== 'halal') } : q,
      );
      const refused = await setQuestions(withoutHalal).expect(409);
      expect(refused.body).toMatchObject({ code: 'QUESTION_HAS_ANSWERS', question: 'diet', answers: 1 });
      expect(refused.body.message).toContain('1 answer');
      const topicsGone = QUESTIONS.map((q) =>
        q.key === 'topics' ? { ...q, max: 1, options: q.options!.filter((o) => o.key === 'elderly') } : q,
      );
      expect((await setQuestions(topicsGone).expect(409)).body.answers).toBe(1);
      const retyped = QUESTIONS.map((q) =>
        q.key === 'staff' ? { ...q, type: 'text', min: undefined, max: undefined, integer: undefined } : q,
      );
      expect((await setQuestions(retyped).expect(409)).body).toMatchObject({ question: 'staff', answers: 2 });
      // An option nobody picked may go.
      const withoutNone = QUESTIONS.map((q) =>
        q.key === 'diet' ? { ...q, options: q.options!.filter((o) => o.key !== 'none') } : q,
      );
      await setQuestions(withoutNone).expect(200);
      expect((await own()).answers.diet).toBe('halal');
    });

    it('removes a question: its answers stay (exports mark it) until the organizer deletes them on purpose', async () => {
      const res = await setQuestions(QUESTIONS.filter((q) => q.key !== 'case_study' && q.key !== 'notes')).expect(200);
      expect(res.body.questions.map((q: { key: string }) => q.key)).not.toContain('case_study');
      // notes had no answer: it goes; case_study keeps its answers, marked removed.
      expect(res.body.removedQuestions.map((q: { key: string }) => q.key)).toEqual(['case_study']);
      expect((await own()).answers.case_study).toBe('社区养老互助');
      const csv = await t.http().get(`/api/events/${event.id}/registrations.csv`).set(owner.auth).expect(200);
      expect(csv.text.split('\r\n')[0]).toContain('您将介绍的案例（已删除）');
      expect(csv.text).toContain('社区养老互助');
      // Still on the form? Then its answers cannot be deleted that way.
      await t.http().delete(`/api/events/${event.id}/questions/diet/answers`).set(owner.auth).expect(409);
      await t.http().delete(`/api/events/${event.id}/questions/nope/answers`).set(owner.auth).expect(404);
      const deleted = await t
        .http()
        .delete(`/api/events/${event.id}/questions/case_study/answers`)
        .set(owner.auth)
        .expect(200);
      expect(deleted.body).toEqual({ deleted: 2 });
      expect((await own()).answers).not.toHaveProperty('case_study');
      const after = await t.http().get(`/api/events/${event.id}`).set(owner.auth).expect(200);
      expect(after.body.removedQuestions).toEqual([]);
    });

    it('refuses a malformed list of questions with 400 naming the field, changing nothing', async () => {
      const fieldsOfRefusal = async (questions: object[]) => {
        const res = await setQuestions(questions).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        return res.body.fields.map((f: { field: string }) => f.field);
      };
      expect(
        await fieldsOfRefusal([
          { key: 'a', type: 'choice', labelZh: '没有选项' },
          { key: 'a', type: 'text', labelZh: '重复的键', min: 1 },
          { key: 'b', type: 'multi_choice', labelZh: '选太多', max: 3, options: [{ key: 'x', labelZh: 'x' }] },
          { key: 'c', type: 'text', labelZh: '太长', maxLength: 2_000 },
        ]),
      ).toEqual([
        'questions.0.options',
        'questions.1.key',
        'questions.1.min',
        'questions.2.max',
        'questions.3.maxLength',
      ]);
      expect(await fieldsOfRefusal([{ key: 'Bad Key', type: 'text', labelZh: '键' }])).toEqual(['questions.0.key']);
      expect(await fieldsOfRefusal([{ key: 'ok', type: 'telepathy', labelZh: '?' }])).toEqual(['questions.0.type']);
      const still = await t.http().get(`/api/events/${event.id}`).set(owner.auth).expect(200);
      expect(still.body.questions.map((q: { key: string }) => q.key)).toContain('diet');
    });
  });

  it('lets the attendee change answers the organizer left editable, until registration closes', async () => {
    const locked = QUESTIONS.map((q) => (q.key === 'field' ? { ...q, editable: false } : q));
    const event = await workshop({ questions: locked });
    const token = tokenOf((await register(event.slug, person(GOOD)).expect(201)).body.manageUrl);
    const patch = (answers: object) => t.http().patch(`/api/public/registrations/${token}`).send({ answers });
    const changed = await patch({ diet: 'none', lodging: null }).expect(200);
    expect(changed.body.answers).toMatchObject({ diet: 'none' });
    expect(changed.body.answers).not.toHaveProperty('lodging');
    expect(fieldsOf((await patch({ field: 'charity' }).expect(400)).body)).toEqual(['answers.field:notEditable']);
    expect(fieldsOf((await patch({ diet: null }).expect(400)).body)).toEqual(['answers.diet:required']);
    expect(fieldsOf((await patch({ nope: 1 }).expect(400)).body)).toEqual(['answers.nope:unknown']);
    await t
      .http()
      .patch(`/api/events/${event.id}`)
      .set(owner.auth)
      .send({ registrationClosesAt: new Date(Date.now() - 1000).toISOString() })
      .expect(200);
    const closed = await patch({ diet: 'halal' }).expect(409);
    expect(closed.body).toMatchObject({ code: 'REGISTRATION_CLOSED', reason: 'closed_at' });
  });

  it('filters the list by an answer; the checkin role sees no answers but those shown at the door', async () => {
    const shown = QUESTIONS.map((q) => (q.key === 'diet' ? { ...q, visibleToCheckin: true } : q));
    const event = await workshop({ questions: shown });
    await register(event.slug, person({ ...GOOD, topics: ['elderly', 'education'] })).expect(201);
    await register(event.slug, person({ ...GOOD, diet: 'none', lodging: false, topics: ['education'] })).expect(201);
    await register(event.slug, person({ diet: 'none', photo_ok: true })).expect(201);
    const filter = async (answer: string) =>
      (
        await t
          .http()
          .get(`/api/events/${event.id}/registrations?answer=${encodeURIComponent(answer)}`)
          .set(owner.auth)
          .expect(200)
      ).body.items.length;
    expect(await filter('diet:halal')).toBe(1);
    expect(await filter('diet:none')).toBe(2);
    expect(await filter('topics:education')).toBe(2);
    expect(await filter('lodging:yes')).toBe(1);
    expect(await filter('lodging:no')).toBe(1);
    expect(await filter('lodging:-')).toBe(1);
    await t.http().get(`/api/events/${event.id}/registrations?answer=case_study:x`).set(owner.auth).expect(400);
    await t.http().get(`/api/events/${event.id}/registrations?answer=diet:kosher`).set(owner.auth).expect(400);

    const door = await signUp(t);
    await addTeamMember(t, owner, event.id, door, 'checkin');
    const list = await t.http().get(`/api/events/${event.id}/registrations`).set(door.auth).expect(200);
    expect(list.body.items.map((r: { answers: object }) => r.answers)).toEqual([
      { diet: 'halal' },
      { diet: 'none' },
      { diet: 'none' },
    ]);
    const text = JSON.stringify(list.body);
    for (const personal of ['社区养老互助', 'elderly', 'lodging', 'photo_ok']) expect(text).not.toContain(personal);
    await t.http().get(`/api/events/${event.id}/registrations?answer=lodging:yes`).set(door.auth).expect(400);
    await t.http().get(`/api/events/${event.id}/registrations.csv`).set(door.auth).expect(403);
  });

  it('copies the 22nd session into the 23rd: everything set, questions with their keys, the team; no registrations', async () => {
    const series = await t.http().post('/api/series').set(owner.auth).send({ title: '公益大讲堂' }).expect(201);
    const manager = await signUp(t);
    const start = new Date(Date.now() + 3 * 24 * 3600_000);
    const at = (hours: number) => new Date(start.getTime() + hours * 3600_000).toISOString();
    const host = await t
      .http()
      .post('/api/organizations')
      .set(owner.auth)
      .send({ name: '北京市社会组织发展服务中心', type: 'social_service_agency', regionCode: '110000' })
      .expect(201);
    const source = await publishEvent(t, owner, {
      title: '公益大讲堂第22期',
      titleEn: 'Philanthropy class, session 22',
      kind: 'online',
      venue: null,
      joinUrl: 'https://meeting.tencent.com/dm/abc',
      startsAt: at(0),
      endsAt: at(2),
      registrationClosesAt: at(-1),
      capacity: 15000,
      perOrganizationLimit: 50,
      reminderOffsets: ['P1D', 'PT15M'],
      seriesId: series.body.id,
      sequenceNo: 22,
      hosts: [{ organizationId: host.body.id, role: 'host' }],
      agenda: [{ startsAt: at(0.5), title: '公益项目设计', speaker: '李老师' }],
      questions: QUESTIONS.filter((q) => q.key === 'field' || q.key === 'topics'),
      narrativeQuestion: 'field',
    });
    await addTeamMember(t, owner, source.id, manager, 'manager');
    await register(source.slug, person({ field: 'charity', topics: ['education'] })).expect(201);

    const copy = await t.http().post(`/api/events/${source.id}/copy`).set(manager.auth).send({}).expect(201);
    const week = 7 * 24 * 3600_000;
    const moved = (iso: string) => new Date(new Date(iso).getTime() + week).toISOString();
    expect(copy.body).toMatchObject({
      status: 'draft',
      myRole: 'owner',
      title: '公益大讲堂第23期',
      titleEn: 'Philanthropy class, session 22',
      kind: 'online',
      joinUrl: 'https://meeting.tencent.com/dm/abc',
      capacity: 15000,
      perOrganizationLimit: 50,
      confirmedCount: 0,
      reminderOffsets: ['P1D', 'PT15M'],
      series: { id: series.body.id, sequenceNo: 23 },
      narrativeQuestion: 'field',
    });
    expect(new Date(copy.body.startsAt).toISOString()).toBe(moved(at(0)));
    expect(new Date(copy.body.registrationClosesAt).toISOString()).toBe(moved(at(-1)));
    expect(new Date(copy.body.agenda[0].startsAt).toISOString()).toBe(moved(at(0.5)));
    expect(copy.body.hosts).toEqual([expect.objectContaining({ role: 'host' })]);
    expect(copy.body.questions.map((q: { key: string }) => q.key)).toEqual(['topics', 'field']);
    expect(copy.body.slug).not.toBe(source.slug);
    const team = await t.http().get(`/api/events/${copy.body.id}/team`).set(owner.auth).expect(200);
    expect(team.body.map((m: { role: string }) => m.role).sort()).toEqual(['owner', 'owner']);
    expect((await registrationCounts(t, copy.body.id)).confirmed).toBe(0);

    const chosen = await t
      .http()
      .post(`/api/events/${source.id}/copy`)
      .set(owner.auth)
      .send({ startsAt: '2027-01-08T19:00:00+08:00', title: '公益大讲堂特别场' })
      .expect(201);
    expect(chosen.body).toMatchObject({ title: '公益大讲堂特别场', series: { sequenceNo: 24 } });
    expect(new Date(chosen.body.startsAt).toISOString()).toBe('2027-01-08T11:00:00.000Z');
    await t.http().post(`/api/events/${source.id}/copy`).set(owner.auth).send({ startsAt: 'soon' }).expect(400);
    const stranger = await signUp(t);
    await t.http().post(`/api/events/${source.id}/copy`).set(stranger.auth).send({}).expect(404);
  });

  it('exports answers as labels and imports the export into a copy unchanged; bad answers are rejected rows', async () => {
    const event = await workshop();
    const people = [
      { ...GOOD, notes: '=SUM(A1) 不是公式', topics: ['elderly', 'environment'] },
      { diet: 'none', photo_ok: true, lodging: false, field: 'charity' },
      { diet: 'vegetarian', photo_ok: true, case_study: '-负数开头', staff: 0, arrival: '2027-01-01' },
    ];
    for (const answers of people) await register(event.slug, person(answers)).expect(201);
    const csv = await t.http().get(`/api/events/${event.id}/registrations.csv`).set(owner.auth).expect(200);
    expect(csv.text).toContain('清真');
    expect(csv.text).toContain('养老；环保');
    expect(csv.text).toContain("'=SUM(A1) 不是公式");
    expect(csv.text).toContain('同意（第1版）');

    const copy = await t.http().post(`/api/events/${event.id}/copy`).set(owner.auth).send({}).expect(201);
    for (const format of ['csv', 'xlsx'] as const) {
      const target =
        format === 'csv'
          ? copy.body
          : (await t.http().post(`/api/events/${event.id}/copy`).set(owner.auth).send({}).expect(201)).body;
      const file = await t
        .http()
        .get(`/api/events/${event.id}/registrations.${format}`)
        .set(owner.auth)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const report = await t
        .http()
        .post(`/api/events/${target.id}/registrations/import?notify=false`)
        .set(owner.auth)
        .attach('file', file.body as Buffer, `people.${format}`)
        .expect(200);
      expect(report.body).toMatchObject({ created: 3, rejected: [] });
      const answersOf = async (id: string) =>
        (await t.http().get(`/api/events/${id}/registrations`).set(owner.auth).expect(200)).body.items.map(
          (r: { email: string; answers: object }) => [r.email, r.answers],
        );
      expect(await answersOf(target.id)).toEqual(await answersOf(event.id));
    }

    const bad = [
      ['姓名', '邮箱', '单位', '地区代码', '饮食要求', '关注议题', '是否需要住宿', '到达日期'].join(','),
      '张一,zhang1@example.org,测试机构,110000,清真,养老,是,2027-01-01',
      '张二,zhang2@example.org,测试机构,110000,烧烤,养老,是,2027-01-01',
      '张三,zhang3@example.org,测试机构,110000,素食,养老；教育；环保,也许,2027-02-30',
    ].join('\r\n');
    const report = await t
      .http()
      .post(`/api/events/${copy.body.id}/registrations/import?dryRun=true`)
      .set(owner.auth)
      .attach('file', Buffer.from(bad), 'bad.csv')
      .expect(200);
    expect(report.body.created).toBe(1);
    expect(report.body.rejected.map((r: { row: number; code: string }) => [r.row, r.code])).toEqual([
      [3, 'INVALID_ANSWER'],
      [4, 'INVALID_ANSWER'],
    ]);
    expect(report.body.rejected[0].message).toContain('饮食要求 (diet)');
    expect(report.body.rejected[1].message).toMatch(/topics.*lodging.*arrival|topics/);
  });
});
