import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { DomainError } from '../errors';
import { readSheets, readTable } from './read-table';
import { UploadLimits } from './upload-limits';

const limits: UploadLimits = {
  UPLOAD_MAX_BYTES: 10 * 1024 * 1024,
  UPLOAD_MAX_UNZIPPED_BYTES: 64 * 1024 * 1024,
  UPLOAD_MAX_SHEETS: 32,
  UPLOAD_MAX_ROWS: 20_001,
  UPLOAD_MAX_COLUMNS: 64,
  UPLOAD_MAX_CELLS: 400_000,
  UPLOAD_MAX_LINE_LENGTH: 16_384,
};

/** The error a read fails with, as the API would show it. */
async function failure(
  read: Promise<unknown>,
): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return { code: error.code, message: error.message, details: error.details };
}

async function workbook(
  sheets: Record<string, unknown[][]>,
  options: Partial<ExcelJS.XlsxWriteOptions> = {},
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) book.addWorksheet(name).addRows(rows);
  return Buffer.from(await book.xlsx.writeBuffer(options));
}

describe('readTable: CSV', () => {
  it('reads UTF-8 with or without BOM and GB18030, trimmed, blank lines skipped, trailing empty cells dropped', async () => {
    const text = '姓名, 邮箱 ,单位,,\r\n\r\n王芳,wang@example.org,河北省社会组织总会,,\r\n,,\r\n';
    const expected = [['姓名', '邮箱', '单位'], ['王芳', 'wang@example.org', '河北省社会组织总会'], []];
    expect(await readTable(Buffer.from(text), limits)).toEqual(expected);
    expect(await readTable(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), limits)).toEqual(
      expected,
    );
    expect(await readTable(iconv.encode(text, 'gb18030'), limits)).toEqual(expected);
  });

  it('reads characters split across the 64 KiB slices it decodes, in UTF-8 and GB18030', async () => {
    // 5 bytes of header, then rows of 30,003 (UTF-8) or 20,003 (GB18030) bytes: slice ends fall inside a character.
    const name = '中'.repeat(10_000);
    const text = `ab,c\n${`${name},x\n`.repeat(5)}`;
    const expected = [['ab', 'c'], ...Array.from({ length: 5 }, () => [name, 'x'])];
    expect(await readTable(Buffer.from(text), limits)).toEqual(expected);
    expect(await readTable(iconv.encode(text, 'gb18030'), limits)).toEqual(expected);
  });

  it('refuses binary and undecodable bytes as UNREADABLE_FILE, a damaged CSV as VALIDATION_FAILED', async () => {
    expect(await failure(readTable(Buffer.from('a,b\n1,\u0000\n'), limits))).toMatchObject({ code: 'UNREADABLE_FILE' });
    expect(await failure(readTable(Buffer.from([0x61, 0x2c, 0xff, 0xff, 0x0a]), limits))).toMatchObject({
      code: 'UNREADABLE_FILE',
    });
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00]);
    expect(await failure(readTable(xls, limits))).toMatchObject({
      code: 'UNREADABLE_FILE',
      message: expect.stringContaining('.xls'),
    });
    expect(await failure(readTable(Buffer.from('a,b\n"unclosed,x\n'), limits))).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('stops at the row limit while reading: what follows is never parsed', async () => {
    const csv = `name\n${'x\n'.repeat(10)}"never closed\n`;
    const small = { ...limits, UPLOAD_MAX_ROWS: 5 };
    expect(await failure(readTable(Buffer.from(csv), small))).toEqual({
      code: 'UPLOAD_LIMIT_EXCEEDED',
      message: 'A sheet of the file has more than 5 rows, header included (UPLOAD_MAX_ROWS)',
      details: { limit: 'UPLOAD_MAX_ROWS', max: 5 },
    });
  });

  it('counts rows per sheet: two sheets under the limit are read, one over it is refused', async () => {
    const small = { ...limits, UPLOAD_MAX_ROWS: 5 };
    const four = Array.from({ length: 4 }, (_, i) => [`p${i}`]);
    const both = await readSheets(await workbook({ 概况: four, 明细: four }), small, (names) => names);
    expect(both.map((sheet) => sheet.rows.length)).toEqual([4, 4]);
    const six = Array.from({ length: 6 }, (_, i) => [`p${i}`]);
    const over = readSheets(await workbook({ 概况: four, 明细: six }), small, (names) => names);
    expect((await failure(over)).details).toEqual({ limit: 'UPLOAD_MAX_ROWS', max: 5 });
  });

  it('names each limit it passes: bytes, columns, cells, line length', async () => {
    const tiny = { ...limits, UPLOAD_MAX_BYTES: 1024 };
    expect((await failure(readTable(Buffer.alloc(1025, 'a'), tiny))).details).toEqual({
      limit: 'UPLOAD_MAX_BYTES',
      max: 1024,
    });
    const wide = `${Array.from({ length: 65 }, (_, i) => `c${i}`).join(',')}\n`;
    expect((await failure(readTable(Buffer.from(wide), limits))).details).toEqual({
      limit: 'UPLOAD_MAX_COLUMNS',
      max: 64,
    });
    // Empty cells past the last value are not columns.
    expect(await readTable(Buffer.from(`a,b${','.repeat(200)}\n`), limits)).toEqual([['a', 'b']]);
    const cells = 'a,b,c\n'.repeat(4);
    expect((await failure(readTable(Buffer.from(cells), { ...limits, UPLOAD_MAX_CELLS: 10 }))).details).toEqual({
      limit: 'UPLOAD_MAX_CELLS',
      max: 10,
    });
    const long = `a,b\n${'x'.repeat(200)}\n`;
    expect(await failure(readTable(Buffer.from(long), { ...limits, UPLOAD_MAX_LINE_LENGTH: 100 }))).toMatchObject({
      message: expect.stringContaining('(UPLOAD_MAX_LINE_LENGTH)'),
      details: { limit: 'UPLOAD_MAX_LINE_LENGTH', max: 100 },
    });
    // Old Mac line ends (CR only) are lines too.
    expect(
      await readTable(Buffer.from(`a,b\r${'x,y\r'.repeat(100)}`), { ...limits, UPLOAD_MAX_LINE_LENGTH: 100 }),
    ).toHaveLength(101);
  });
});

describe('readSheets: row numbers', () => {
  it('numbers each row as a spreadsheet shows it, the empty rows left out counted', async () => {
    const csv = 'a,b\r\n\r\n,,\r\n"x\ny",z\r\n\r\nq\r\n';
    expect(await readSheets(Buffer.from(csv), limits)).toEqual([
      { name: '', rows: [['a', 'b'], [], ['x\ny', 'z'], ['q']], rowNumbers: [1, 3, 4, 6] },
    ]);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('s');
    sheet.getCell('A1').value = 'title';
    sheet.getCell('B9').value = 'header';
    sheet.getCell('A12').value = 'last';
    const [read] = await readSheets(Buffer.from(await book.xlsx.writeBuffer()), limits);
    expect(read).toEqual({ name: 's', rows: [['title'], ['', 'header'], ['last']], rowNumbers: [1, 9, 12] });
  });
});

describe('readTable: XLSX', () => {
  it('reads the first sheet as text: shared and inline strings, numbers, booleans, formulas, rich text', async () => {
    const rows = [
      ['name', 'phone', 'member', 'sum'],
      [' 王芳 ', 13800000001, true, { formula: 'B2+1', result: 13800000002 }],
      [],
      [{ richText: [{ text: '李' }, { font: { bold: true }, text: '雷' }] }, null, false],
    ];
    const expected = [
      ['name', 'phone', 'member', 'sum'],
      ['王芳', '13800000001', 'true', '13800000002'],
      ['李雷', '', 'false'],
    ];
    expect(await readTable(await workbook({ 名单: rows, other: [['x']] }), limits)).toEqual(expected);
    expect(await readTable(await workbook({ 名单: rows }, { useSharedStrings: false }), limits)).toEqual(expected);
  });

  it('reads the sheets a caller picks by name, in the order picked', async () => {
    const file = await workbook({ 报名: [['a']], 签到: [['b']], 腾讯会议: [['c']] });
    const sheets = await readSheets(file, limits, (names) => names.filter((n) => n !== '报名').reverse());
    expect(sheets).toEqual([
      { name: '腾讯会议', rows: [['c']], rowNumbers: [1] },
      { name: '签到', rows: [['b']], rowNumbers: [1] },
    ]);
    expect(await readSheets(file, limits, (names) => names)).toHaveLength(3);
  });

  it('refuses a cell past the column limit at that cell, and too many sheets, rows or cells', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('wide');
    sheet.addRow(['name', 'email']);
    for (let r = 2; r <= 5; r++) sheet.getCell(`XFD${r}`).value = 'x';
    const wide = Buffer.from(await book.xlsx.writeBuffer());
    expect(await failure(readTable(wide, limits))).toMatchObject({
      code: 'UPLOAD_LIMIT_EXCEEDED',
      message: 'The file has more than 64 columns (UPLOAD_MAX_COLUMNS)',
    });
    const many = await workbook(Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`s${i}`, [['x']]])));
    expect((await failure(readTable(many, { ...limits, UPLOAD_MAX_SHEETS: 3 }))).details).toEqual({
      limit: 'UPLOAD_MAX_SHEETS',
      max: 3,
    });
    const long = await workbook({ s: Array.from({ length: 10 }, (_, i) => [`r${i}`, i]) });
    expect((await failure(readTable(long, { ...limits, UPLOAD_MAX_ROWS: 9 }))).details).toEqual({
      limit: 'UPLOAD_MAX_ROWS',
      max: 9,
    });
    expect((await failure(readTable(long, { ...limits, UPLOAD_MAX_CELLS: 19 }))).details).toEqual({
      limit: 'UPLOAD_MAX_CELLS',
      max: 19,
    });
    const text = await workbook({ s: [['x'.repeat(101)]] });
    expect((await failure(readTable(text, { ...limits, UPLOAD_MAX_LINE_LENGTH: 100 }))).details).toEqual({
      limit: 'UPLOAD_MAX_LINE_LENGTH',
      max: 100,
    });
  });

  it('answers a damaged zip with VALIDATION_FAILED', async () => {
    const file = await workbook({ s: [['x']] });
    expect(await failure(readTable(file.subarray(0, file.length - 30), limits))).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
