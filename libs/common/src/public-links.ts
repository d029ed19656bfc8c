/**
 * Every public page an attendee or delegate is sent to or links to, and the path it opens (apps/api/src/pages/public).
 * The one place these links are spelled: absolute in mail and responses (`PublicLinks`), relative between the pages
 * (`pagePath`). The JSON API answers the same tokens under /api/public (registrations, group-registrations, join,
 * unsubscribe), unchanged.
 */
const PATHS = {
  /** An event's page, by its slug: the event, registration, the group form, "send me my links again". */
  event: '/e/',
  /** An attendee's own registration page: view, correct, cancel, calendar file, QR ticket, join button. */
  manage: '/r/',
  /** A delegate's group page: view, add, hand a place on, cancel. */
  group: '/g/',
  /** Redirects a confirmed attendee to the online meeting; a page says why not otherwise. */
  join: '/j/',
  /** Stops an event's announcements to one address (a page that asks first; also the RFC 8058 one-click target). */
  unsubscribe: '/u/',
} as const;

export type PublicLinkKind = keyof typeof PATHS;

/**
 * The path of a page on this site (`/e/<slug>`, `/r/<token>`, …), for redirects and links between the pages; `rest`
 * follows as given (a sub-path, a query, a fragment). The key is encoded: a slug or token from a URL stays one segment.
 */
export function pagePath(kind: PublicLinkKind, key: string, rest = ''): string {
  return `${PATHS[kind]}${encodeURIComponent(key)}${rest}`;
}

/** Builds the absolute links put in mail and responses, from PUBLIC_URL (no trailing slash). */
export class PublicLinks {
  constructor(private readonly publicUrl: string) {}

  to(kind: PublicLinkKind, key: string): string {
    return `${this.publicUrl}${pagePath(kind, key)}`;
  }
}
