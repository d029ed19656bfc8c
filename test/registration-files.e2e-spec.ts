import {
  createEvent,
  createOrganization,
  createTestApp,
  Organizer,
  organizationsNamed,
  registrationCounts,
  seatsByOrganization,
  signUp,
  TestApp,
  verifyOrganization,
} from './support';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

describe('registration import and export', () => {
  let t: TestApp;
  let owner: Organizer;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t);
  });
  afterAll(() => t.close());

  const upload = (eventId: string, content: Buffer, name = 'list.csv', query = '') =>
    t.http().post(`/api/events/${eventId}/registrations/import${query}`).set(owner.auth).attach('file', content, name);
  const counts = async (eventId: string) => {
    const { counter, total, confirmed } = await registrationCounts(t, eventId);
    return { counter, total, confirmed };
  };

  it('imports the good rows of a CSV and reports each bad row with its reason', async () => {
    const event = await createEvent(t, owner, { capacity: 100 });
    const known = await createOrganization(t, owner, {
      name: '河北省社会组织总会',
      regionCode: '130000',
      creditCode: '91350100M000100Y43',
    });
    // A row with only a credit code matches a verified organization (docs/organizations.md).
    await verifyOrganization(t, known.id);
    const csv = [
      '姓名,邮箱,手机,单位,统一社会信用代码,地区代码,单位类型,职务,备注',
      '王芳,wang.fang@example.org,13800000001,河北省社会组织总会,,130000,社会团体,秘书长,',
      '李雷,li.lei@example.org,,随便写的名字,91350100M000100Y43,,,,按信用代码匹配',
      '韩梅梅,not-an-email,,天津公益中心,,120000,,,',
      '赵敏,zhao.min@example.org,,火星公益,,990000,,,',
      '钱多,qian.duo@example.org,,假代码组织,91350100M000100Y44,110000,,,',
      '王芳2,WANG.FANG@example.org,,河北省社会组织总会,,130000,,,',
      '孙悟空,sun@example.org,12345,花果山,,510000,,,',
      ',,,,,,,,',
      '周杰,zhou.jie@example.org,+86 139 0000 0002,天津新建社工机构,,120000,社会服务机构,,',
    ].join('\r\n');
    const res = await upload(event.id, Buffer.from(csv, 'utf8'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: false, created: 3, confirmed: 3, waitlisted: 0, duplicates: 0 });
    expect(res.body.rejected).toEqual([
      { row: 4, code: 'INVALID_EMAIL', message: expect.any(String) },
      { row: 5, code: 'UNKNOWN_REGION', message: expect.any(String) },
      { row: 6, code: 'INVALID_CREDIT_CODE', message: expect.any(String) },
      { row: 7, code: 'DUPLICATE_IN_FILE', message: expect.stringContaining('row 2') },
      { row: 8, code: 'INVALID_PHONE', message: expect.any(String) },
    ]);
    const list = await t.http().get(`/api/events/${event.id}/registrations`).set(owner.auth).expect(200);
    expect(
      list.body.items.map((r: { name: string; organization: { name: string }; phone: string | null }) => [
        r.name,
        r.organization.name,
        r.phone,
      ]),
    ).toEqual([
      ['王芳', '河北省社会组织总会', '13800000001'],
      ['李雷', '河北省社会组织总会', null],
      ['周杰', '天津新建社工机构', '13900000002'],
    ]);
    expect(await counts(event.id)).toEqual({ counter: 3, total: 3, confirmed: 3 });

    const again = await upload(event.id, Buffer.from(csv, 'utf8'));
    expect(again.body).toMatchObject({ created: 0, duplicates: 3 });
    expect(await counts(event.id)).toEqual({ counter: 3, total: 3, confirmed: 3 });
  });

  it('reads a GB18030 file as Excel on Chinese Windows saves it', async () => {
    const event = await createEvent(t, owner);
    const text = '姓名,邮箱,单位,地区代码\r\n欧阳娜娜,ouyang@example.org,安徽省青年志愿者协会,340000\r\n';
    const res = await upload(event.id, iconv.encode(text, 'gb18030'));
    expect(res.body).toMatchObject({ created: 1, rejected: [] });
    const list = await t.http().get(`/api/events/${event.id}/registrations`).set(owner.auth).expect(200);
    expect(list.body.items[0]).toMatchObject({
      name: '欧阳娜娜',
      organization: { name: '安徽省青年志愿者协会', regionCode: '340000' },
    });
  });

  it('imports XLSX, keeps capacity and quotas, and waitlists the rest', async () => {
    const event = await createEvent(t, owner, { capacity: 5, perOrganizationLimit: 2 });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['name', 'email', 'organization', 'regionCode']);
    for (let i = 0; i < 12; i++) sheet.addRow([`学员${i}`, `student${i}@example.org`, `组织${i % 4}`, '310000']);
    const res = await upload(event.id, Buffer.from(await workbook.xlsx.writeBuffer()), 'list.xlsx');
    expect(res.body).toMatchObject({ created: 12, confirmed: 5, waitlisted: 7, rejected: [] });
    expect(await counts(event.id)).toEqual({ counter: 5, total: 12, confirmed: 5 });
    const perOrg = await seatsByOrganization(t, event.id);
    expect(perOrg).toHaveLength(4);
    expect(Math.max(...perOrg.map((row) => row.confirmed))).toBeLessThanOrEqual(2);
    expect(perOrg.every((row) => row.counter === row.confirmed)).toBe(true);
  });

  it('validates without writing on a dry run', async () => {
    const event = await createEvent(t, owner, { capacity: 1 });
    const csv =
      '姓名,邮箱,单位,地区代码\n甲,a@example.org,试运行组织,110000\n乙,b@example.org,试运行组织,110000\n丙,bad,试运行组织,110000\n';
    const res = await upload(event.id, Buffer.from(csv), 'list.csv', '?dryRun=true');
    expect(res.body).toMatchObject({
      dryRun: true,
      created: 2,
      confirmed: 1,
      waitlisted: 1,
      rejected: [{ row: 4, code: 'INVALID_EMAIL' }],
    });
    expect(await counts(event.id)).toEqual({ counter: 0, total: 0, confirmed: 0 });
    expect(await organizationsNamed(t, owner, '试运行组织')).toEqual([]);
  });

  it('refuses files it cannot use with a 400 that says why', async () => {
    const event = await createEvent(t, owner);
    const noHeader = await upload(event.id, Buffer.from('foo,bar\n1,2\n'));
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.message).toMatch(/name, email, organization/);
    const noFile = await t.http().post(`/api/events/${event.id}/registrations/import`).set(owner.auth);
    expect(noFile.status).toBe(400);
    const badFlag = await upload(
      event.id,
      Buffer.from('姓名,邮箱,单位\n甲,a@example.org,某组织\n'),
      'list.csv',
      '?dryRun=perhaps',
    );
    expect(badFlag.status).toBe(400);
    const binary = await upload(event.id, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01, 0x02]), 'broken.xlsx');
    expect(binary.status).toBe(400);
    expect(binary.body.code).toBe('VALIDATION_FAILED');
    const stranger = await signUp(t);
    const foreign = await t
      .http()
      .post(`/api/events/${event.id}/registrations/import`)
      .set(stranger.auth)
      .attach('file', Buffer.from('姓名,邮箱,单位\n'), 'a.csv');
    expect(foreign.status).toBe(404);
  });

  it('exports CSV with a BOM and XLSX, only to owners and managers, and the CSV imports back', async () => {
    const event = await createEvent(t, owner);
    await t.http().post(`/api/events/${event.id}/publish`).set(owner.auth).expect(200);
    const org = await createOrganization(t, owner, {
      name: '广东省公益组织联合会',
      regionCode: '440000',
      type: 'industry_association',
    });
    for (const [name, email] of [
      ['林小华', 'lin@example.org'],
      ['=HYPERLINK("http://x")', 'formula@example.org'],
    ]) {
      await t
        .http()
        .post(`/api/public/events/${event.slug}/registrations`)
        .send({ name, email, organization: { id: org.id } })
        .expect(201);
    }
    const csv = await t
      .http()
      .get(`/api/events/${event.id}/registrations.csv`)
      .set(owner.auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('姓名,邮箱,手机,单位');
    expect(text).toContain('林小华,lin@example.org,,广东省公益组织联合会,,440000,行业协会');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);

    const xlsx = await t
      .http()
      .get(`/api/events/${event.id}/registrations.xlsx`)
      .set(owner.auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(2).getCell(1).text).toBe('林小华');
    expect(sheet.getRow(2).getCell(4).text).toBe('广东省公益组织联合会');

    const checker = await signUp(t);
    await t
      .http()
      .post(`/api/events/${event.id}/team`)
      .set(owner.auth)
      .send({ email: checker.email, role: 'checkin' })
      .expect(201);
    await t.http().get(`/api/events/${event.id}/registrations.csv`).set(checker.auth).expect(403);
    const stranger = await signUp(t);
    await t.http().get(`/api/events/${event.id}/registrations.xlsx`).set(stranger.auth).expect(404);

    const copy = await createEvent(t, owner);
    const reimport = await upload(copy.id, bytes);
    expect(reimport.body).toMatchObject({ created: 2, rejected: [] });
  });
});
