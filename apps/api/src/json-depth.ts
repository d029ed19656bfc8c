import { DomainError, ErrorCode } from '@tongxin/common';
import type { IncomingMessage } from 'node:http';
import iconv from 'iconv-lite';

/**
 * The deepest a JSON body may nest (objects and arrays alike). No DTO goes past a handful of levels; without a bound,
 * 2,000 nested arrays in a 4 KB body overflow the stack of class-transformer and class-validator, which recurse.
 */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = new Set([0x5b, 0x7b]); // [ {
const CLOSE = new Set([0x5d, 0x7d]); // ] }

/**
 * Whether JSON text (UTF-8 bytes) nests deeper than limit: one pass over the bytes, following strings and their
 * escapes so that brackets inside a string do not count, and stopping at the first bracket past the limit. In UTF-8
 * these ASCII bytes never occur inside a multi-byte character. Malformed text is left to JSON.parse to refuse.
 */
export function nestsDeeperThan(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPEN.has(byte)) {
      if (++depth > limit) return true;
    } else if (CLOSE.has(byte)) {
      depth--;
    }
  }
  return false;
}

/**
 * The express json parser's `verify` hook: runs on the raw body before JSON.parse, so a body nested too deeply is
 * refused as 400 VALIDATION_FAILED (the exception filter maps the DomainError) before parsing or validation sees it.
 */
export function refuseDeepJson(_req: IncomingMessage, _res: unknown, body: Buffer, encoding: string | null): void {
  // The parser accepts any utf-* charset; only UTF-8 can be scanned byte by byte.
  const utf8 =
    !encoding || encoding === 'utf-8' || encoding === 'utf8' ? body : Buffer.from(iconv.decode(body, encoding));
  if (nestsDeeperThan(utf8, MAX_JSON_DEPTH)) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      `Request body nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays`,
    );
  }
}
