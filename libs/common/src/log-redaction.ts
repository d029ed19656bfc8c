import { createHash } from 'node:crypto';

/**
 * A path segment or query value that looks like a link token: 32 or more base64url characters with a capital
 * letter among them (ours are 43 random characters, which lack one with odds of about 1 in 5·10⁹). Ids (lower-case
 * uuids) and slugs (lower-case words with a random tail) stay readable; a keyset cursor is fingerprinted too, harmlessly.
 */
const SECRET_LIKE = /^[A-Za-z0-9_-]{32,}$/;
const HAS_CAPITAL = /[A-Z]/;

/** A short, stable stand-in for a secret: enough to correlate log lines, useless to open the link. */
export function fingerprint(secret: string): string {
  return `~${createHash('sha256').update(secret).digest('hex').slice(0, 8)}`;
}

function redactPart(part: string): string {
  let decoded = part;
  try {
    decoded = decodeURIComponent(part);
  } catch {
    // a malformed escape is logged as it came, after the same test
  }
  return SECRET_LIKE.test(decoded) && HAS_CAPITAL.test(decoded) ? fingerprint(decoded) : part;
}

/** The request target as it may be logged: every token-like path segment and query value replaced by its fingerprint. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q === -1 ? url : url.slice(0, q)).split('/').map(redactPart).join('/');
  if (q === -1) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq === -1 ? redactPart(pair) : `${pair.slice(0, eq)}=${redactPart(pair.slice(eq + 1))}`;
    })
    .join('&');
  return `${path}?${query}`;
}
