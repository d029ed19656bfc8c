import { readCsv } from './read-csv';
import { readXlsx, Sheet, SheetPicker } from './read-xlsx';
import { unreadableFile, UploadBudget, UploadLimits } from './upload-limits';

/*
 * How an upload is kept from costing more than its limits.
 *
 * It is streamed on the main thread, not parsed in a worker thread. Streaming lets every limit be checked while
 * reading (a row with a cell in column XFD is refused at that cell, a zip bomb when it has inflated one chunk past
 * the limit), and each step is short: zlib inflates in libuv's thread pool, and the XML or CSV parser takes one
 * chunk of at most 64 KiB before the loop gives the event loop a turn. A worker thread would only move the cost:
 * the same limits would still be needed inside it, one slow upload would hold a core (there are two), and the rows
 * would be copied back across threads. The parsers themselves are exceljs-free on purpose: ExcelJS's in-memory
 * reader has no limits (its columnCount walks every row on each call), and its streaming reader inflates entries
 * in zip order without a hook to count the bytes, spills sheets to temporary files when the shared strings come
 * later (as Excel writes them) and reads sheets in storage order rather than tab order.
 */

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** OLE2 compound file: an Excel 97-2003 .xls, or an encrypted (password-protected) .xlsx. */
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export const firstSheet: SheetPicker = (names) => names.slice(0, 1);

/**
 * Reads an uploaded spreadsheet: an XLSX (recognized by its zip signature) or CSV text. Of a workbook, `pick`
 * chooses the sheets by name (the first, unless told otherwise); a CSV is one sheet named "". All limits count
 * across everything read. Throws DomainError: 413 UPLOAD_LIMIT_EXCEEDED naming the limit, 400 UNREADABLE_FILE for
 * anything else than CSV text or a workbook, 400 VALIDATION_FAILED for a damaged one.
 */
export async function readSheets(file: Buffer, limits: UploadLimits, pick: SheetPicker = firstSheet): Promise<Sheet[]> {
  const budget = new UploadBudget(limits);
  if (file.length > limits.UPLOAD_MAX_BYTES) budget.exceeded('UPLOAD_MAX_BYTES');
  if (startsWith(file, ZIP)) return readXlsx(file, budget, pick);
  if (startsWith(file, OLE))
    throw unreadableFile('The file is an Excel 97-2003 (.xls) or password-protected workbook: save it as .xlsx or CSV');
  return [{ name: '', ...(await readCsv(file, budget)) }];
}

/** The rows of the first sheet of an XLSX, or of a CSV. */
export async function readTable(file: Buffer, limits: UploadLimits): Promise<string[][]> {
  const [sheet] = await readSheets(file, limits);
  return sheet?.rows ?? [];
}

function startsWith(file: Buffer, signature: Buffer): boolean {
  return file.subarray(0, signature.length).equals(signature);
}
