import type { ConfigService } from '@nestjs/config';
import type { Env } from '@tongxin/config';
import { DomainError, ErrorCode } from '../errors';

/** The limits an uploaded spreadsheet must keep, named as the variables that set them. */
export type UploadLimits = Pick<
  Env,
  | 'UPLOAD_MAX_BYTES'
  | 'UPLOAD_MAX_UNZIPPED_BYTES'
  | 'UPLOAD_MAX_SHEETS'
  | 'UPLOAD_MAX_ROWS'
  | 'UPLOAD_MAX_COLUMNS'
  | 'UPLOAD_MAX_CELLS'
  | 'UPLOAD_MAX_LINE_LENGTH'
>;
export type UploadLimit = keyof UploadLimits;

export function uploadLimits(config: ConfigService<Env, true>): UploadLimits {
  return {
    UPLOAD_MAX_BYTES: config.get('UPLOAD_MAX_BYTES', { infer: true }),
    UPLOAD_MAX_UNZIPPED_BYTES: config.get('UPLOAD_MAX_UNZIPPED_BYTES', { infer: true }),
    UPLOAD_MAX_SHEETS: config.get('UPLOAD_MAX_SHEETS', { infer: true }),
    UPLOAD_MAX_ROWS: config.get('UPLOAD_MAX_ROWS', { infer: true }),
    UPLOAD_MAX_COLUMNS: config.get('UPLOAD_MAX_COLUMNS', { infer: true }),
    UPLOAD_MAX_CELLS: config.get('UPLOAD_MAX_CELLS', { infer: true }),
    UPLOAD_MAX_LINE_LENGTH: config.get('UPLOAD_MAX_LINE_LENGTH', { infer: true }),
  };
}

const exceeded: Record<UploadLimit, (max: number) => string> = {
  UPLOAD_MAX_BYTES: (max) => `The file is larger than ${max} bytes`,
  UPLOAD_MAX_UNZIPPED_BYTES: (max) => `The workbook unzips to more than ${max} bytes`,
  UPLOAD_MAX_SHEETS: (max) => `The workbook has more than ${max} sheets`,
  UPLOAD_MAX_ROWS: (max) => `A sheet of the file has more than ${max} rows, header included`,
  UPLOAD_MAX_COLUMNS: (max) => `The file has more than ${max} columns`,
  UPLOAD_MAX_CELLS: (max) => `The file has more than ${max} non-empty cells`,
  UPLOAD_MAX_LINE_LENGTH: (max) => `The file has a line or cell longer than ${max} characters`,
};

/** 413 UPLOAD_LIMIT_EXCEEDED, naming the limit in the message and giving it as `{ limit, max }`. */
export function uploadLimitExceeded(limit: UploadLimit, max: number): DomainError {
  return new DomainError(ErrorCode.UPLOAD_LIMIT_EXCEEDED, `${exceeded[limit](max)} (${limit})`, { limit, max });
}

/**
 * What one read of an upload has used so far. The readers report as they go (a row, a cell, bytes inflated) and
 * this throws the moment a limit is passed, so nothing is read past it.
 */
export class UploadBudget {
  private rows = 0;
  private cells = 0;
  private inflated = 0;

  constructor(readonly limits: UploadLimits) {}

  /** A new sheet begins: the row limit is per sheet (a meeting export has a sheet per view of the same people). */
  sheet(): void {
    this.rows = 0;
  }

  /** A row read (a CSV record, or a sheet row with something in it). */
  row(): void {
    if (++this.rows > this.limits.UPLOAD_MAX_ROWS) this.exceeded('UPLOAD_MAX_ROWS');
  }

  /** A cell in column `index` (1-based) that holds something. */
  column(index: number): void {
    if (index > this.limits.UPLOAD_MAX_COLUMNS) this.exceeded('UPLOAD_MAX_COLUMNS');
  }

  /** Non-empty cells read. */
  cell(count = 1): void {
    this.cells += count;
    if (this.cells > this.limits.UPLOAD_MAX_CELLS) this.exceeded('UPLOAD_MAX_CELLS');
  }

  /** A line of a CSV or the text of a cell, in characters. */
  text(length: number): void {
    if (length > this.limits.UPLOAD_MAX_LINE_LENGTH) this.exceeded('UPLOAD_MAX_LINE_LENGTH');
  }

  /** Bytes a zip entry has actually inflated to (not what it declares). */
  inflate(bytes: number): void {
    this.inflated += bytes;
    if (this.inflated > this.limits.UPLOAD_MAX_UNZIPPED_BYTES) this.exceeded('UPLOAD_MAX_UNZIPPED_BYTES');
  }

  exceeded(limit: UploadLimit): never {
    throw uploadLimitExceeded(limit, this.limits[limit]);
  }
}

/** 400 UNREADABLE_FILE: the bytes are not a kind of file the readers take. */
export function unreadableFile(
  reason = 'The file is neither CSV text (UTF-8 or GB18030) nor an XLSX workbook',
): DomainError {
  return new DomainError(ErrorCode.UNREADABLE_FILE, reason);
}

/** 400 VALIDATION_FAILED: the right kind of file, damaged (a truncated zip, broken XML, an unclosed quote). */
export function damagedFile(kind: 'CSV' | 'XLSX', error: unknown): DomainError {
  const why = error instanceof Error ? error.message : String(error);
  return new DomainError(ErrorCode.VALIDATION_FAILED, `The ${kind} file cannot be read: ${why}`);
}
