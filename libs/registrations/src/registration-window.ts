import { DomainError, ErrorCode } from '@tongxin/common';
import { registrationWindow, type RegistrationWindow } from '@tongxin/events';
import type { EntityManager } from 'typeorm';

/** Why registration is closed, and the time that applies: before it opens, after it closed, after the event ended. */
export type ClosedReason = 'not_open_yet' | 'closed_at' | 'ended';

export function registrationClosedReason(
  event: Pick<RegistrationWindow, 'registrationOpensAt' | 'registrationClosesAt' | 'endsAt'>,
  now = Date.now(),
): { reason: ClosedReason; at: Date } | null {
  if (event.registrationOpensAt && event.registrationOpensAt.getTime() > now) {
    return { reason: 'not_open_yet', at: event.registrationOpensAt };
  }
  if (event.endsAt.getTime() <= now) return { reason: 'ended', at: event.endsAt };
  if (event.registrationClosesAt && event.registrationClosesAt.getTime() <= now) {
    return { reason: 'closed_at', at: event.registrationClosesAt };
  }
  return null;
}

const CLOSED_MESSAGES: Record<ClosedReason, string> = {
  not_open_yet: 'Registration for this event is not open yet',
  closed_at: 'Registration for this event has closed',
  ended: 'This event has ended',
};

/** 409 REGISTRATION_CLOSED with the reason and its time (`at`), and the window as it stands. */
export function registrationClosed(
  event: Pick<RegistrationWindow, 'registrationOpensAt' | 'registrationClosesAt' | 'endsAt'>,
  closed: { reason: ClosedReason; at: Date },
): DomainError {
  return new DomainError(ErrorCode.REGISTRATION_CLOSED, CLOSED_MESSAGES[closed.reason], {
    reason: closed.reason,
    at: closed.at,
    opensAt: event.registrationOpensAt,
    closesAt: event.registrationClosesAt,
    endsAt: event.endsAt,
  });
}

/** 404, EVENT_CANCELLED or REGISTRATION_CLOSED (with its reason) unless registration is open now. */
export function assertOpen(event: RegistrationWindow | undefined): asserts event is RegistrationWindow {
  if (!event) throw new DomainError(ErrorCode.EVENT_NOT_FOUND, 'Event not found');
  if (event.status === 'cancelled') throw new DomainError(ErrorCode.EVENT_CANCELLED, 'This event has been cancelled');
  const closed = registrationClosedReason(event);
  if (closed) throw registrationClosed(event, closed);
}

/** How long public registration trusts an event it read: every fact that counts is checked again under its lock. */
const WINDOW_TTL_MS = 1_000;
const MAX_WINDOWS = 1_000;

/**
 * The events public registration read lately, by slug, for a second: in a burst every request but the first in a
 * second skips the read (register_and_claim then checks, under the event row's lock, that the event is still open,
 * not cancelled, its questions the version the answers were checked against and its approval setting as read).
 * Only events found are kept, so a slug published a moment after a miss is found at once.
 */
export class RecentWindows {
  private readonly bySlug = new Map<string, { window: RegistrationWindow; until: number }>();

  /** The published event behind the slug, open for registration now; `fresh` reads it from the database. */
  async open(db: EntityManager, slug: string, fresh = false): Promise<RegistrationWindow> {
    const now = Date.now();
    const kept = this.bySlug.get(slug);
    if (!fresh && kept && kept.until > now) {
      assertOpen(kept.window);
      return kept.window;
    }
    const window = await registrationWindow(db, slug);
    if (window) {
      if (this.bySlug.size >= MAX_WINDOWS) this.bySlug.clear();
      this.bySlug.set(slug, { window, until: now + WINDOW_TTL_MS });
    }
    assertOpen(window);
    return window;
  }
}
