import { createHash, randomBytes } from 'node:crypto';

/** A link token: 32 random bytes (256 bits), base64url. Only its SHA-256 is stored. */
export function newToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/**
 * A link token derived from another one for another purpose (SHA-256 of purpose and token, base64url): whoever holds
 * the token can compute it, whoever holds the derived one (or its stored hash) learns nothing of the token. The manage
 * view shows a join link this way: the same manage link always shows the same join link, so reading it again issues
 * no new row.
 */
export function derivedToken(token: string, purpose: string): string {
  return createHash('sha256').update(`tongxin:${purpose}:${token}`, 'utf8').digest('base64url');
}
