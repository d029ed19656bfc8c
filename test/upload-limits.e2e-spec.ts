import { createEvent, createTestApp, Organizer, registrationCounts, signUp, TestApp } from './support';
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';

/** Lowered so the zip bomb stays quick to build; every other limit keeps its default. */
const UNZIPPED_LIMIT = 2 * 1024 * 1024;
const HEADER = '姓名,邮箱,单位,地区代码\n';

async function workbook(
  fill: (book: ExcelJS.Workbook) => void,
  options: Partial<ExcelJS.XlsxWriteOptions> = {},
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  fill(book);
  return Buffer.from(await book.xlsx.writeBuffer(options));
}

/** A copy of a zip with each record of its central directory (where readers learn names and sizes) patched. */
function patchCentralDirectory(zip: Buffer, patch: (copy: Buffer, record: number, name: string) => void): Buffer {
  const copy = Buffer.from(zip);
  const end = copy.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let record = copy.readUInt32LE(end + 16);
  for (let left = copy.readUInt16LE(end + 10); left > 0; left--) {
    const nameLength = copy.readUInt16LE(record + 28);
    patch(copy, record, copy.toString('latin1', record + 46, record + 46 + nameLength));
    record += 46 + nameLength + copy.readUInt16LE(record + 30) + copy.readUInt16LE(record + 32);
  }
  return copy;
}

describe('upload limits: the registration import reads no more than its limits, and the api keeps answering', () => {
  let t: TestApp;
  let owner: Organizer;
  let eventId: string;
  beforeAll(async () => {
    t = await createTestApp({ UPLOAD_MAX_UNZIPPED_BYTES: String(UNZIPPED_LIMIT) });
    owner = await signUp(t);
    eventId = (await createEvent(t, owner, { capacity: 100_000 })).id;
  });
  afterAll(() => t.close());

  const registrations = async () => (await registrationCounts(t, eventId)).total;

  /**
   * Uploads the file and, at the same time, asks for /api/health, which must answer 200 (a parse that held the
   * event loop would keep it waiting); returns the upload's answer after checking that nothing was written.
   */
  async function refused(content: Buffer, filename: string) {
    const before = await registrations();
    const [upload, health] = await Promise.all([
      t.http().post(`/api/events/${eventId}/registrations/import`).set(owner.auth).attach('file', content, filename),
      t.http().get('/api/health'),
    ]);
    expect(health.status).toBe(200);
    expect(await registrations()).toBe(before);
    return upload;
  }

  function expectLimit(res: { status: number; body: Record<string, unknown> }, limit: string, max: number) {
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      statusCode: 413,
      code: 'UPLOAD_LIMIT_EXCEEDED',
      message: expect.stringContaining(`(${limit})`),
      limit,
      max,
    });
  }

  it('answers 400 to an import request without the file, on both imports', async () => {
    for (const route of ['registrations/import', 'attendance/import']) {
      const res = await t.http().post(`/api/events/${eventId}/${route}`).set(owner.auth).field('note', 'no file');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: 'Send the file as multipart field "file"' });
    }
  });

  it('refuses a workbook whose rows have a cell in column XFD, at that cell', async () => {
    const file = await workbook((book) => {
      const sheet = book.addWorksheet('名单');
      sheet.addRow(['姓名', '邮箱', '单位', '地区代码']);
      for (let row = 2; row <= 21; row++) sheet.getCell(`XFD${row}`).value = 'x';
    });
    const res = await refused(file, 'wide.xlsx');
    expectLimit(res, 'UPLOAD_MAX_COLUMNS', 64);
    expect(res.body.message).toBe('The file has more than 64 columns (UPLOAD_MAX_COLUMNS)');
  });

  it('refuses a zip bomb: a sheet inflating past UPLOAD_MAX_UNZIPPED_BYTES, whether its sizes are declared or hidden', async () => {
    // About 20 MB of sheet XML that deflates to a few kilobytes.
    const bomb = await workbook(
      (book) => {
        const sheet = book.addWorksheet('名单');
        sheet.addRow(['姓名', '邮箱', '单位', '地区代码']);
        sheet.addRow(['a'.repeat(20 * 1024 * 1024), 'a@example.org', '某组织', '110000']);
      },
      { useSharedStrings: false },
    );
    expect(bomb.length).toBeLessThan(UNZIPPED_LIMIT / 10);
    expectLimit(await refused(bomb, 'bomb.xlsx'), 'UPLOAD_MAX_UNZIPPED_BYTES', UNZIPPED_LIMIT);

    // The same archive declaring every entry small: only the bytes actually inflated can tell.
    const lying = patchCentralDirectory(bomb, (copy, record) =>
      copy.writeUInt32LE(Math.min(copy.readUInt32LE(record + 24), 1000), record + 24),
    );
    expectLimit(await refused(lying, 'bomb.xlsx'), 'UPLOAD_MAX_UNZIPPED_BYTES', UNZIPPED_LIMIT);
  });

  it('refuses a 1,000,000-row CSV by its size, as it arrives', async () => {
    const rows = Array.from({ length: 1_000_000 }, (_, i) => `参会者${i},person${i}@example.org,某公益组织,110000\n`);
    const file = Buffer.from(HEADER + rows.join(''));
    expect(file.length).toBeGreaterThan(30 * 1024 * 1024);
    const res = await refused(file, 'huge.csv');
    expectLimit(res, 'UPLOAD_MAX_BYTES', 10 * 1024 * 1024);
  });

  it('refuses a CSV with more rows than UPLOAD_MAX_ROWS while reading it: what follows the limit is never parsed', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `参会者${i},person${i}@example.org,某公益组织,110000\n`);
    // Past the row limit: a line over the line limit, which would be the answer if the whole file were parsed first.
    const file = Buffer.from(`${HEADER}${rows.join('')}${'x'.repeat(20_000)}\n`);
    expect(file.length).toBeLessThan(10 * 1024 * 1024);
    const res = await refused(file, 'long.csv');
    expectLimit(res, 'UPLOAD_MAX_ROWS', 50_001);
  });

  it('refuses a workbook of 300 sheets', async () => {
    const file = await workbook((book) => {
      for (let i = 1; i <= 300; i++) book.addWorksheet(`表${i}`).addRow(['姓名', '邮箱', '单位']);
    });
    expectLimit(await refused(file, 'sheets.xlsx'), 'UPLOAD_MAX_SHEETS', 32);
  });

  it('refuses a CSV line longer than UPLOAD_MAX_LINE_LENGTH', async () => {
    const file = Buffer.from(`${HEADER}${'王'.repeat(16_385)},a@example.org,某组织,110000\n`);
    expectLimit(await refused(file, 'line.csv'), 'UPLOAD_MAX_LINE_LENGTH', 16_384);
  });

  it('answers 400 UNREADABLE_FILE to a binary file named .csv and to a zip that is no workbook', async () => {
    const binary = randomBytes(64 * 1024);
    binary[0] = 0x89;
    binary[100] = 0x00;
    const res = await refused(binary, 'list.csv');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, code: 'UNREADABLE_FILE', message: expect.any(String) });

    const valid = await workbook((book) => book.addWorksheet('名单').addRow(['姓名', '邮箱', '单位']));
    const noWorkbook = patchCentralDirectory(valid, (copy, record, name) => {
      if (name === 'xl/workbook.xml') copy.write('xl/notebook.xml', record + 46, 'latin1');
    });
    const zip = await refused(noWorkbook, 'list.xlsx');
    expect(zip.status).toBe(400);
    expect(zip.body).toMatchObject({
      statusCode: 400,
      code: 'UNREADABLE_FILE',
      message: expect.stringContaining('not an XLSX workbook'),
    });
  });

  it('still imports a file within the limits', async () => {
    const file = Buffer.from(`${HEADER}王芳,wang.fang@example.org,河北省社会组织总会,130000\n`);
    const res = await t
      .http()
      .post(`/api/events/${eventId}/registrations/import`)
      .set(owner.auth)
      .attach('file', file, 'list.csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, rejected: [] });
  });
});
