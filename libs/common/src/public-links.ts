/** Every kind of link an attendee or delegate is sent, and the path it opens. The one place links are spelled. */
const PATHS = {
  /** An attendee's own registration: view, correct, cancel. */
  manage: '/api/public/registrations/',
  /** A delegate's group: view, add, hand a place on, cancel. */
  group: '/api/public/group-registrations/',
  /** Redirects a confirmed attendee to the online meeting. */
  join: '/api/public/join/',
  /** Stops an event's announcements to one address. */
  unsubscribe: '/api/public/unsubscribe/',
} as const;

export type PublicLinkKind = keyof typeof PATHS;

/** Builds the absolute links put in mail and responses, from PUBLIC_URL (no trailing slash). */
export class PublicLinks {
  constructor(private readonly publicUrl: string) {}

  to(kind: PublicLinkKind, token: string): string {
    return `${this.publicUrl}${PATHS[kind]}${token}`;
  }
}
