import { posix } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { SaxesParser } from 'saxes';
import yauzl, { Entry, ZipFile } from 'yauzl';
import { DomainError } from '../errors';
import { damagedFile, unreadableFile, UploadBudget } from './upload-limits';

export interface Sheet {
  /** The sheet's name as its tab shows it; "" for a CSV. */
  name: string;
  /** Trimmed cell text, empty rows left out, each row as long as its last non-empty cell. */
  rows: string[][];
  /** The number the spreadsheet shows for each row (1-based), since empty rows are left out of `rows`. */
  rowNumbers: number[];
}

/** Chooses, from a workbook's sheet names in tab order, the sheets to read (in the order returned). */
export type SheetPicker = (names: string[]) => string[];

interface XmlHandlers {
  open?(name: string, attributes: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
}

/**
 * Reads the chosen sheets of an XLSX. The zip is opened from its central directory (yauzl), so only the parts needed
 * are inflated, in the order needed: the workbook (sheet names, at most UPLOAD_MAX_SHEETS), its relationships, the
 * shared strings, the sheets. Each part is inflated by node's zlib (off the main thread) a chunk at a time and fed
 * to a streaming XML parser (saxes); the budget counts the bytes actually inflated, rows, columns, cells and text
 * as they come, so the read stops at the first limit passed.
 */
export async function readXlsx(file: Buffer, budget: UploadBudget, pick: SheetPicker): Promise<Sheet[]> {
  let zip: ZipFile;
  try {
    // Sizes are not validated against what each entry declares: the budget bounds what is actually inflated.
    zip = await yauzl.fromBufferPromise(file, { validateEntrySizes: false });
  } catch (error) {
    throw damagedFile('XLSX', error);
  }
  try {
    const entries = await listEntries(zip, budget);
    const { worksheets, sharedStringsPath } = await sheetsOf(zip, entries, budget);
    const chosen = pick(worksheets.map((s) => s.name)).flatMap((name) => worksheets.filter((s) => s.name === name));
    const stringsEntry = chosen.length > 0 ? entries.get(sharedStringsPath) : undefined;
    const strings = stringsEntry ? await sharedStrings(zip, stringsEntry, budget) : [];
    const read: Sheet[] = [];
    for (const sheet of chosen) {
      const entry = entries.get(sheet.path);
      read.push({
        name: sheet.name,
        ...(entry ? await rowsOf(zip, entry, budget, strings) : { rows: [], rowNumbers: [] }),
      });
    }
    return read;
  } catch (error) {
    throw error instanceof DomainError ? error : damagedFile('XLSX', error);
  } finally {
    zip.close();
  }
}

/** The entries by name. What they declare they inflate to answers a plain zip bomb before anything is inflated. */
async function listEntries(zip: ZipFile, budget: UploadBudget): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  let declared = 0;
  for await (const entry of zip.eachEntry()) {
    declared += entry.uncompressedSize;
    if (declared > budget.limits.UPLOAD_MAX_UNZIPPED_BYTES) budget.exceeded('UPLOAD_MAX_UNZIPPED_BYTES');
    entries.set(entry.fileName, entry);
  }
  return entries;
}

/** The worksheets in tab order with the part each is stored in, and the part of the shared strings. */
async function sheetsOf(zip: ZipFile, entries: Map<string, Entry>, budget: UploadBudget) {
  const workbook = entries.get('xl/workbook.xml');
  if (!workbook) throw unreadableFile('The file is a zip archive but not an XLSX workbook');
  const declared: { name: string; relationship: string }[] = [];
  await readXml(zip, workbook, budget, {
    open(name, attributes) {
      if (name !== 'sheet') return;
      if (declared.length === budget.limits.UPLOAD_MAX_SHEETS) budget.exceeded('UPLOAD_MAX_SHEETS');
      const relationship = Object.entries(attributes).find(([key]) => key.endsWith(':id'))?.[1] ?? '';
      declared.push({ name: attributes.name ?? '', relationship });
    },
  });
  const targets = new Map<string, { type: string; path: string }>();
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (rels) {
    await readXml(zip, rels, budget, {
      open(name, { Id, Type, Target }) {
        if (name !== 'Relationship' || !Id || !Target) return;
        const path = Target.startsWith('/') ? Target.slice(1) : posix.normalize(posix.join('xl', Target));
        targets.set(Id, { type: Type ?? '', path });
      },
    });
  }
  const worksheets = declared.flatMap(({ name, relationship }) => {
    const target = targets.get(relationship);
    return target?.type.endsWith('/worksheet') ? [{ name, path: target.path }] : [];
  });
  const strings = [...targets.values()].find((t) => t.type.endsWith('/sharedStrings'));
  return { worksheets, sharedStringsPath: strings?.path ?? 'xl/sharedStrings.xml' };
}

/** The shared string table: each entry's text runs joined, phonetic guides (rPh) left out. */
async function sharedStrings(zip: ZipFile, entry: Entry, budget: UploadBudget): Promise<string[]> {
  const strings: string[] = [];
  let text = '';
  let collecting = false;
  let phonetic = false;
  await readXml(zip, entry, budget, {
    open(name) {
      if (name === 'si') text = '';
      else if (name === 'rPh') phonetic = true;
      else if (name === 't') collecting = !phonetic;
    },
    text(value) {
      if (!collecting) return;
      text += value;
      budget.text(text.length);
    },
    close(name) {
      if (name === 't') collecting = false;
      else if (name === 'rPh') phonetic = false;
      else if (name === 'si') {
        // Each entry is the text of at least one cell, so the table can be no longer than the cell limit.
        if (strings.length === budget.limits.UPLOAD_MAX_CELLS) budget.exceeded('UPLOAD_MAX_CELLS');
        strings.push(text);
      }
    },
  });
  return strings;
}

/** The rows of a worksheet; a cell counts towards the limits only when it holds something. */
async function rowsOf(
  zip: ZipFile,
  entry: Entry,
  budget: UploadBudget,
  strings: string[],
): Promise<Pick<Sheet, 'rows' | 'rowNumbers'>> {
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  budget.sheet();
  let row: string[] = [];
  let rowNumber = 0;
  let column = 0;
  let cell: { type: string; text: string } | undefined;
  let collecting = false;
  let inline = false;
  let phonetic = false;
  await readXml(zip, entry, budget, {
    open(name, attributes) {
      switch (name) {
        case 'row':
          row = [];
          column = 0;
          rowNumber = Number(attributes.r) || rowNumber + 1;
          break;
        case 'c':
          column = columnOf(attributes.r) ?? column + 1;
          cell = { type: attributes.t ?? 'n', text: '' };
          break;
        case 'v':
          collecting = cell !== undefined;
          break;
        case 'is':
          inline = true;
          break;
        case 'rPh':
          phonetic = true;
          break;
        case 't':
          collecting = cell !== undefined && inline && !phonetic;
          break;
      }
    },
    text(value) {
      if (!collecting || !cell) return;
      cell.text += value;
      budget.text(cell.text.length);
    },
    close(name) {
      switch (name) {
        case 'v':
        case 't':
          collecting = false;
          break;
        case 'is':
          inline = false;
          break;
        case 'rPh':
          phonetic = false;
          break;
        case 'c': {
          const value = cell ? textOf(cell, strings).trim() : '';
          cell = undefined;
          if (!value) break;
          budget.column(column);
          budget.cell();
          budget.text(value.length);
          row[column - 1] = value;
          break;
        }
        case 'row':
          if (row.length === 0) break;
          budget.row();
          rows.push(Array.from(row, (value) => value ?? ''));
          rowNumbers.push(rowNumber);
          break;
      }
    },
  });
  return { rows, rowNumbers };
}

/** What the cell shows: shared or inline text, a formula's cached result, a number, TRUE/FALSE as true/false. */
function textOf({ type, text }: { type: string; text: string }, strings: string[]): string {
  switch (type) {
    case 's':
      return strings[Number(text)] ?? '';
    case 'b':
      return text === '1' ? 'true' : text === '0' ? 'false' : text;
    case 'n': {
      const number = Number(text);
      return text.trim() !== '' && Number.isFinite(number) ? String(number) : text;
    }
    default: // inlineStr, str (a formula's text), e (an error such as #N/A), d (an ISO 8601 date)
      return text;
  }
}

/** The column of a cell reference: "B7" → 2, "XFD1" → 16384; undefined without one (then it follows the last). */
function columnOf(reference: string | undefined): number | undefined {
  let column = 0;
  for (const char of reference ?? '') {
    const letter = char.charCodeAt(0) - 64;
    if (letter < 1 || letter > 26) break;
    column = column * 26 + letter;
  }
  return column || undefined;
}

/**
 * Streams one part of the zip through the XML parser. The bytes are counted as they are inflated; the loop gives
 * the event loop a turn after every chunk (at most 64 KiB read, 16 KiB inflated), so other requests go on.
 */
async function readXml(zip: ZipFile, entry: Entry, budget: UploadBudget, on: XmlHandlers): Promise<void> {
  const parser = new SaxesParser();
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  parser.on('doctype', () => {
    throw new Error(`${entry.fileName} has a DOCTYPE, which no workbook part has`);
  });
  parser.on('opentag', (tag) => on.open?.(local(tag.name), tag.attributes));
  parser.on('text', (text) => on.text?.(text));
  parser.on('cdata', (text) => on.text?.(text));
  parser.on('closetag', (tag) => on.close?.(local(tag.name)));
  const decoder = new TextDecoder('utf-8');
  const stream = await zip.openReadStreamPromise(entry);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    budget.inflate(chunk.length);
    parser.write(decoder.decode(chunk, { stream: true }));
    await nextTurn();
  }
  parser.write(decoder.decode()).close();
}
