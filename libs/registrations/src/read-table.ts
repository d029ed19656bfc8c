import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/**
 * Reads an uploaded spreadsheet into rows of strings: XLSX (by its zip signature, first sheet), or CSV in UTF-8
 * (with or without BOM) or, when the bytes are not valid UTF-8, GB18030 (what Excel on Chinese Windows saves).
 */
export async function readTable(buffer: Buffer): Promise<string[][]> {
  if (buffer.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return readXlsx(buffer);
  return parse(decodeText(buffer), { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
}

export function decodeText(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return iconv.decode(buffer, 'gb18030');
  }
}

async function readXlsx(buffer: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) cells.push(row.getCell(c).text.trim());
    rows.push(cells);
  });
  return rows;
}
