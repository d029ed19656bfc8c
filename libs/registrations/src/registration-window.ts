import { DomainError, ErrorCode } from '@tongxin/common';
import type { RegistrationWindow } from '@tongxin/events';

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
