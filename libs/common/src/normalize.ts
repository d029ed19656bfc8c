/**
 * Normalizes names for matching: NFKC (full-width letters, digits and the ideographic space become half-width),
 * trimmed, inner whitespace collapsed, Latin letters case-folded.
 */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase();
}

/** Emails compare trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A LIKE pattern (default escape character) that finds the normalized text anywhere, its % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${normalizeName(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Where walk-ins who gave no email are filed: registration.email_normalized is required and unique within an event,
 * so such a person gets `walk-in+<uuid>@walk-in.invalid` (the .invalid top-level domain never resolves, RFC 2606).
 * Nothing is ever owed to one (the outbox's owing statements leave them out) and the sender refuses to send to one.
 */
export const UNREACHABLE_EMAIL_DOMAIN = 'walk-in.invalid';

export function unreachableEmail(id: string): string {
  return `walk-in+${id}@${UNREACHABLE_EMAIL_DOMAIN}`;
}

export function isUnreachableEmail(email: string): boolean {
  return email.endsWith(`@${UNREACHABLE_EMAIL_DOMAIN}`);
}
