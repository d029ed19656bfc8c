import { CsvError, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { isUtf8 } from 'node:buffer';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Sheet } from './read-xlsx';
import { damagedFile, unreadableFile, UploadBudget } from './upload-limits';

/** Bytes decoded and parsed between two turns of the event loop. */
const SLICE = 64 * 1024;

/**
 * Reads CSV in UTF-8 (with or without BOM) or, when the bytes are not valid UTF-8, GB18030 (what Excel on Chinese
 * Windows saves), into trimmed rows; blank lines are skipped and trailing empty cells dropped. The text is decoded
 * and parsed a slice at a time, every line measured as it arrives and every record counted as csv-parse yields it,
 * so the first limit passed stops the read.
 */
export async function readCsv(file: Buffer, budget: UploadBudget): Promise<Pick<Sheet, 'rows' | 'rowNumbers'>> {
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  try {
    await pipeline(
      decode(file, budget),
      parse({
        bom: true,
        relax_column_count: true,
        skip_empty_lines: true,
        trim: true,
        // A record may span lines inside quotes: bound it too (in bytes, which a character takes up to 4 of).
        max_record_size: 4 * budget.limits.UPLOAD_MAX_LINE_LENGTH,
        info: true,
      }),
      async (records: AsyncIterable<{ record: string[]; info: { records: number; empty_lines: number } }>) => {
        for await (const { record, info } of records) {
          rows.push(take(record, budget));
          // As a spreadsheet opens it: one row a record, blank lines included.
          rowNumbers.push(info.records + info.empty_lines);
        }
      },
    );
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    if (error.code === 'CSV_MAX_RECORD_SIZE') budget.exceeded('UPLOAD_MAX_LINE_LENGTH');
    throw damagedFile('CSV', error);
  }
  return { rows, rowNumbers };
}

/** The text of the file a slice at a time; refuses binary (a NUL byte) and bytes that are not GB18030 either. */
async function* decode(file: Buffer, budget: UploadBudget): AsyncGenerator<string> {
  if (file.includes(0)) throw unreadableFile();
  const utf8 = isUtf8(file);
  const decoder = iconv.getDecoder(utf8 ? 'utf8' : 'gb18030');
  let line = 0;
  for (let at = 0; at < file.length; at += SLICE) {
    const text = decoder.write(file.subarray(at, at + SLICE));
    if (!utf8 && text.includes('\uFFFD')) throw unreadableFile();
    line = measureLines(text, line, budget);
    yield text;
    await nextTurn();
  }
  const rest = decoder.end() ?? '';
  if (rest.includes('\uFFFD')) throw unreadableFile();
  if (rest) yield rest;
}

/** Checks each line of `text` against the limit; `carried` is the length of the line the previous slice ended in. */
function measureLines(text: string, carried: number, budget: UploadBudget): number {
  const breaks = /[\r\n]/g;
  let start = 0;
  let length = carried;
  for (let found = breaks.exec(text); found; found = breaks.exec(text)) {
    budget.text(length + found.index - start);
    start = found.index + 1;
    length = 0;
  }
  length += text.length - start;
  budget.text(length);
  return length;
}

function take(record: string[], budget: UploadBudget): string[] {
  budget.row();
  let width = record.length;
  while (width > 0 && !record[width - 1]) width--;
  budget.column(width);
  budget.cell(record.filter((cell) => cell !== '').length);
  return width === record.length ? record : record.slice(0, width);
}
