import { DomainError, ErrorCode } from '@tongxin/common';
import type { EventFields } from './event.types';
import { durationSeconds } from './iso-duration';

/** Longest reminder offset accepted: reminders further ahead than this are a typo. */
const MAX_REMINDER_SECONDS = 60 * 24 * 3600;

interface FieldProblem {
  field: string;
  message: string;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Rules that involve more than one field, checked on the event as it will be saved
 * (so a PATCH of one field is checked against the others).
 */
export function assertEventRules(
  event: Pick<
    EventFields,
    | 'kind'
    | 'startsAt'
    | 'endsAt'
    | 'timezone'
    | 'venue'
    | 'joinUrl'
    | 'registrationOpensAt'
    | 'registrationClosesAt'
    | 'reminderOffsets'
  >,
  agenda: { startsAt: Date }[] = [],
): void {
  const problems: FieldProblem[] = [];
  if (event.endsAt.getTime() <= event.startsAt.getTime()) {
    problems.push({ field: 'endsAt', message: 'endsAt must be after startsAt' });
  }
  if (!isValidTimeZone(event.timezone)) {
    problems.push({ field: 'timezone', message: 'timezone must be an IANA time zone such as Asia/Shanghai' });
  }
  if (event.kind !== 'online' && !event.venue) {
    problems.push({ field: 'venue', message: 'venue is required for in-person and hybrid events' });
  }
  if (event.kind !== 'in_person' && !event.joinUrl) {
    problems.push({ field: 'joinUrl', message: 'joinUrl is required for online and hybrid events' });
  }
  if (
    event.registrationOpensAt &&
    event.registrationClosesAt &&
    event.registrationClosesAt.getTime() <= event.registrationOpensAt.getTime()
  ) {
    problems.push({ field: 'registrationClosesAt', message: 'registrationClosesAt must be after registrationOpensAt' });
  }
  if (event.registrationOpensAt && event.registrationOpensAt.getTime() >= event.endsAt.getTime()) {
    problems.push({ field: 'registrationOpensAt', message: 'registration must open before the event ends' });
  }
  event.reminderOffsets.forEach((offset, i) => {
    const seconds = durationSeconds(offset);
    if (seconds === undefined || seconds <= 0 || seconds > MAX_REMINDER_SECONDS) {
      problems.push({
        field: `reminderOffsets.${i}`,
        message: 'each reminder offset must be an ISO 8601 duration between PT1S and P60D, such as P1D or PT1H',
      });
    }
  });
  if (new Set(event.reminderOffsets.map((o) => durationSeconds(o))).size !== event.reminderOffsets.length) {
    problems.push({ field: 'reminderOffsets', message: 'reminder offsets must differ from each other' });
  }
  agenda.forEach((item, i) => {
    const t = item.startsAt.getTime();
    if (t < event.startsAt.getTime() || t > event.endsAt.getTime()) {
      problems.push({
        field: `agenda.${i}.startsAt`,
        message: 'an agenda item must start between startsAt and endsAt',
      });
    }
  });
  if (problems.length > 0) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, problems.map((p) => p.message).join('; '), {
      fields: problems.map((p) => ({ field: p.field, errors: [p.message] })),
    });
  }
}

/** 409: capacity may not go below the registrations already confirmed. */
export function capacityBelowConfirmed(confirmed: number): DomainError {
  return new DomainError(
    ErrorCode.CAPACITY_BELOW_CONFIRMED,
    `Capacity cannot be lower than the ${confirmed} registrations already confirmed`,
    { confirmedCount: confirmed },
  );
}
