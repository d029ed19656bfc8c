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

const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A timestamp sort key at PostgreSQL's full precision (microseconds, UTC): rows written by one statement share a
 * now() that a JS Date (milliseconds) cannot tell apart, so keys must not pass through Date.
 */
export const timeKey = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A cursor whose key is a timeKey and whose id is a uuid; anything else is a 400. */
export function decodeTimeCursor(cursor: string): { key: string; id: string } {
  const decoded = decodeCursor(cursor);
  if (!ISO_MICROS.test(decoded.key) || !UUID.test(decoded.id)) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'cursor is not a cursor this API returned');
  }
  return decoded;
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
