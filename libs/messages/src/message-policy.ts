import { isUnreachableEmail } from '@tongxin/common';
import type {
  ClaimedLinkMessage,
  ClaimedMessage,
  ClaimedTeamMessage,
  MessageEvent,
  MessageKind,
} from '@tongxin/outbox';
import type { Locale } from './copy';
import type { GroupSection, MessageView } from './render';

/**
 * The sender's rules, as pure functions over what a claim read: which claimed messages are no longer worth sending,
 * what a message shows (its view), and what a failed send leads to. MailSender and LinkMessages apply them.
 */

/** What the obsolescence rules look at. */
export type ObsolescenceFacts = Pick<
  ClaimedMessage,
  'kind' | 'payload' | 'registrationStatus' | 'eventStatus' | 'startsAt' | 'optedOut'
> &
  Partial<Pick<ClaimedMessage, 'email'>>;

/** Why a claimed message should no longer go out, if it should not. */
export function obsoleteBecause(message: ObsolescenceFacts, now = Date.now()): string | undefined {
  const status = message.registrationStatus;
  // A walk-in who gave no email is owed nothing; should a row reach the sender anyway, it is not sent.
  if (message.email && isUnreachableEmail(message.email)) return 'no email address';
  switch (message.kind) {
    case 'reminder':
      if (message.eventStatus !== 'published') return `event ${message.eventStatus}`;
      // Owed for the start it was fired for: a reschedule since then retires it (its new timer sends the new one).
      if (message.payload.startsAt && new Date(message.payload.startsAt).getTime() !== message.startsAt.getTime()) {
        return 'event rescheduled';
      }
      if (status !== 'confirmed') return `registration ${status}`;
      if (message.startsAt.getTime() <= now) return 'event already started';
      return undefined;
    case 'confirmation':
    case 'approved':
    case 'promoted':
    case 'event_updated':
      // Sent late (after retries, or behind a cancellation), these would put an event back into the calendar of
      // someone no longer coming, or of an event no longer happening.
      if (status === 'cancelled' || status === 'rejected') return `registration ${status}`;
      if (message.eventStatus === 'cancelled') return 'event cancelled';
      return undefined;
    case 'announcement':
      return message.optedOut ? 'recipient opted out' : undefined;
    case 'thank_you':
      if (message.eventStatus === 'cancelled') return 'event cancelled';
      if (status === 'cancelled' || status === 'rejected') return `registration ${status}`;
      return undefined;
    default:
      return undefined;
  }
}

/** Team roles the summary goes to: who may read it (owners and managers). */
export const SUMMARY_ROLES = ['owner', 'manager'] as const;

/**
 * Why a claimed message to an organizer (the summary) should no longer go out: the event was cancelled after the
 * timer fired, or the recipient is no longer an owner or manager (the mail carries the attendees' personal data).
 */
export function teamMessageObsoleteBecause(
  message: Pick<ClaimedTeamMessage, 'eventStatus' | 'role'>,
): string | undefined {
  if (message.eventStatus === 'cancelled') return 'event cancelled';
  if (!(SUMMARY_ROLES as readonly (string | null)[]).includes(message.role))
    return 'recipient no longer an owner or manager';
  return undefined;
}

/** The view of the summary mail to an organizer: the lead, then the narrative (Chinese, then English). */
export function teamMessageViewOf(message: ClaimedTeamMessage, narrative: { zh: string; en: string }): MessageView {
  return {
    messageId: message.id,
    resendOf: message.resendOf,
    kind: message.kind,
    status: 'default',
    locale: localeOf(message.language),
    recipient: { name: message.name, email: message.email, organizationName: null },
    event: eventOf(message),
    links: { manage: null, join: null, unsubscribe: null },
    announcement: null,
    narrative,
  };
}

/** What a message to a registration's view is built from (what the claim reads, less what only decides). */
export type MessageSource = Pick<
  ClaimedMessage,
  | 'id'
  | 'kind'
  | 'payload'
  | 'resendOf'
  | 'name'
  | 'email'
  | 'locale'
  | 'registrationStatus'
  | 'organizationName'
  | keyof MessageEvent
> &
  Partial<Pick<ClaimedMessage, 'announcementSubject' | 'announcementBody' | 'checkInCode' | 'eventKind'>>;

/** Kinds that tell someone they have a place: with a door to come through, they carry the check-in code. */
const CHECK_IN_KINDS = new Set<MessageKind>(['confirmation', 'approved', 'promoted', 'reminder']);

/** The check-in code a message carries: a confirmed place at an event with a door (in person or hybrid). */
export function checkInCodeOf(message: MessageSource): string | null {
  const status = message.payload.status ?? message.registrationStatus;
  const door = message.eventKind === 'in_person' || message.eventKind === 'hybrid';
  return CHECK_IN_KINDS.has(message.kind) && status === 'confirmed' && door ? (message.checkInCode ?? null) : null;
}

/** The view of a message to a registration, with the links it carries. */
export function messageViewOf(message: MessageSource, links: MessageView['links']): MessageView {
  return {
    messageId: message.id,
    resendOf: message.resendOf,
    kind: message.kind,
    checkInCode: checkInCodeOf(message),
    status: message.payload.status ?? message.registrationStatus,
    locale: localeOf(message.locale),
    recipient: { name: message.name, email: message.email, organizationName: message.organizationName },
    event: eventOf(message),
    links,
    announcement: message.announcementSubject
      ? { subject: message.announcementSubject, body: message.announcementBody ?? '' }
      : null,
  };
}

/** Who a group link or link request goes to, resolved when it is sent. */
export interface LinkRecipient {
  /** The address's registration for the event (a link request), with its fresh links. */
  registration?: { name: string; locale: string; status: string; organizationName: string };
  /** The first group the address is the delegate of, when there is no registration to name the recipient. */
  delegate?: { name: string; email: string; locale: string };
  /** The address asked for (a link request); a group link goes to its delegate's. */
  email?: string;
  links: MessageView['links'];
  groups: GroupSection[];
}

/** The view of a group link or a link request. Needs a registration or a delegate. */
export function linkMessageViewOf(message: ClaimedLinkMessage, to: LinkRecipient): MessageView {
  const { registration, delegate } = to;
  return {
    messageId: message.id,
    resendOf: message.resendOf,
    kind: message.kind,
    status: registration?.status ?? 'default',
    locale: localeOf(registration?.locale ?? delegate!.locale),
    recipient: {
      name: registration?.name ?? delegate!.name,
      email: to.email ?? delegate!.email,
      organizationName: registration?.organizationName ?? null,
    },
    event: eventOf(message),
    links: to.links,
    announcement: null,
    groups: to.groups,
  };
}

function eventOf(event: MessageEvent): MessageView['event'] {
  return {
    id: event.eventId,
    title: event.title,
    titleEn: event.titleEn,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timezone: event.timezone,
    venue: event.venue,
    icsSequence: event.icsSequence,
    cancelled: event.eventStatus === 'cancelled',
  };
}

function localeOf(locale: string): Locale {
  return locale === 'en' ? 'en' : 'zh';
}

/** What a failed send leads to: the row fails for good, or is tried again after a delay. */
export type FailedSend =
  { outcome: 'failed'; reason: string } | { outcome: 'retrying'; reason: string; delayMs: number };

const MAX_RETRY_DELAY_MS = 3_600_000;

/**
 * A permanent refusal (an SMTP 5xx) or the last attempt fails the message; anything else (a refused connection, a
 * 4xx) retries it after MAIL_RETRY_DELAY_MS · 2^(attempt - 1), at most an hour.
 */
export function afterFailedSend(
  error: unknown,
  attempt: number,
  rules: { maxAttempts: number; retryDelayMs: number },
): FailedSend {
  const reason = describeError(error);
  if (isPermanent(error) || attempt >= rules.maxAttempts) return { outcome: 'failed', reason };
  return {
    outcome: 'retrying',
    reason,
    delayMs: Math.min(rules.retryDelayMs * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS),
  };
}

/** An SMTP 5xx reply means the server will never take this message: no point retrying. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function describeError(error: unknown): string {
  const e = error as { code?: string; responseCode?: number; message?: string };
  return [e.responseCode, e.code, e.message].filter(Boolean).join(' ').slice(0, 500) || String(error);
}
