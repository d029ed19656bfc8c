import { DomainError, ErrorCode } from './errors';

/** Opaque keyset cursors: base64url JSON of the last row's sort key and id. */
export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { key: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return { key: value[0] as string, id: value[1] as string };
    }
  } catch {
    // fall through to the error below
  }
  throw new DomainError(ErrorCode.VALIDATION_FAILED, 'cursor is not a cursor this API returned');
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Builds a page from rows fetched with limit + 1. */
export function toPage<R, T>(rows: R[], limit: number, cursorOf: (row: R) => string, map: (row: R) => T): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last ? cursorOf(last) : null };
}
