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
