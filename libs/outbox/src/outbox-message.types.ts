import type { LinkPurpose } from './link.queries';

/**
 * The outbox's vocabulary: what it can owe, the states a message moves through (outbox-sending.queries.ts), and the
 * values its queries take and return.
 */

export const MESSAGE_KINDS = [
  'confirmation',
  'approved',
  'rejected',
  'promoted',
  'reminder',
  'event_updated',
  'event_cancelled',
  'registration_cancelled',
  'announcement',
  'group_link',
  'link_request',
  'thank_you',
  'summary',
  'password_reset',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * Kinds addressed to a person rather than to a registration: the delegate of a group (group_link) and an address that
 * asked for its links again (link_request). Their rows carry group_id or payload.email; the sender handles them apart.
 */
export const LINK_MESSAGE_KINDS = ['group_link', 'link_request'] as const satisfies readonly MessageKind[];

/**
 * Kinds addressed to an organizer on the event's team (organizer_id): the summary mailed after the event. The sender
 * claims them apart too (`claimTeamMessagesForSending`).
 */
export const TEAM_MESSAGE_KINDS = ['summary'] as const satisfies readonly MessageKind[];

/**
 * Kinds addressed to an organizer's account and about no event (event_id is null): the password reset link. The
 * sender claims them apart (`claimAccountMessagesForSending`), issuing the link's token as it claims.
 */
export const ACCOUNT_MESSAGE_KINDS = ['password_reset'] as const satisfies readonly MessageKind[];

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Who is owed a message: some registrations, or every registration of an event in some statuses. */
export type Recipients =
  { registrationIds: string[] } | { eventId: string; statuses: string[]; skipOptedOut?: boolean };

export interface OweOptions {
  /** Appended to the dedupe key: what makes this message distinct from an earlier one of the same kind. */
  keySuffix?: string;
  payload?: Record<string, unknown>;
  announcementId?: string;
}

/** A row and the attempt its claim made: what the sender and the reconciler hand around. */
export interface MessageAttempt {
  id: string;
  attempts: number;
}

/** What a message shows of its event, as both claims read it. */
export interface MessageEvent {
  eventId: string;
  title: string;
  titleEn: string | null;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  venue: string | null;
  icsSequence: number;
  eventStatus: string;
}

/** A claimed message to a registration, with everything it shows. */
export interface ClaimedMessage extends MessageAttempt, MessageEvent {
  kind: MessageKind;
  /** What it was owed with: the registration's status then and, for a reminder, the start it was fired for. */
  payload: { status?: string; scheduleVersion?: number; startsAt?: string };
  resendOf: string | null;
  name: string;
  email: string;
  locale: string;
  registrationStatus: string;
  organizationName: string;
  /** The registration's check-in code, and whether the event has a door (in_person, hybrid) or not (online). */
  checkInCode: string;
  eventKind: 'in_person' | 'online' | 'hybrid';
  announcementSubject: string | null;
  announcementBody: string | null;
  /** The address opted out of this event's announcements. */
  optedOut: boolean;
  /** Which of the links offered to the claim were issued (the manage link always is). */
  hasJoin: boolean;
  hasUnsubscribe: boolean;
}

/** A link token offered to the claim of a message; issued only when the message carries that link. */
export interface OfferedLink {
  messageId: string;
  purpose: LinkPurpose;
  hash: Buffer;
}

/** A claimed group_link or link_request row, with the event it is about. */
export interface ClaimedLinkMessage extends MessageAttempt, MessageEvent {
  kind: MessageKind;
  groupId: string | null;
  payload: { email?: string };
  resendOf: string | null;
}

/** A claimed message to an organizer of the event's team, with their role on the team now (none: no longer on it). */
export interface ClaimedTeamMessage extends MessageAttempt, MessageEvent {
  kind: MessageKind;
  resendOf: string | null;
  organizerId: string;
  name: string;
  email: string;
  role: string | null;
  /** The event's language: what the organizer reads (organizers keep no language of their own). */
  language: string;
}

/** A claimed message to an organizer's account (a password reset), with whether its link could be issued. */
export interface ClaimedAccountMessage extends MessageAttempt {
  kind: MessageKind;
  resendOf: string | null;
  organizerId: string;
  name: string;
  email: string;
  /** The language of the page (or API call) that asked for it. */
  locale: string;
  /** False when the reset it carries is used, superseded or expired: nothing to send. */
  issued: boolean;
}

/** A message to a registration as the organizer's log shows it. */
export interface MessageLogEntry {
  id: string;
  kind: MessageKind;
  status: MessageStatus;
  registrationId: string;
  name: string;
  /** The address it went to, or the registration's address while unsent. */
  email: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  resendOf: string | null;
}

export interface MessageLogFilter {
  kind?: MessageKind;
  status?: MessageStatus;
  /** The keyset position to continue after: a `timeKey` of created_at, and the id. */
  after?: { key: string; id: string };
  limit: number;
}
