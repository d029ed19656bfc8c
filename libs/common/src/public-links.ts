/**
 * Every kind of link an attendee or delegate is sent, and the page it opens (apps/api/src/pages/public). The one place
 * links are spelled. The JSON API answers the same tokens under /api/public (registrations, group-registrations,
 * join, unsubscribe), unchanged.
 */
const PATHS = {
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

/** Builds the absolute links put in mail and responses, from PUBLIC_URL (no trailing slash). */
export class PublicLinks {
  constructor(private readonly publicUrl: string) {}

  to(kind: PublicLinkKind, token: string): string {
    return `${this.publicUrl}${PATHS[kind]}${token}`;
  }
}
