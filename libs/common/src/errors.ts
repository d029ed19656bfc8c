/** The closed catalogue of error codes a client can see. The filter maps each to one HTTP status. */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  MALFORMED_REQUEST = 'MALFORMED_REQUEST',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** An upload past one of the UPLOAD_MAX_* limits (size, unzipped size, sheets, rows, columns, cells, line length). */
  UPLOAD_LIMIT_EXCEEDED = 'UPLOAD_LIMIT_EXCEEDED',
  /** An upload that is neither a readable CSV (UTF-8/GB18030 text) nor an XLSX workbook. */
  UNREADABLE_FILE = 'UNREADABLE_FILE',
  UNAUTHORIZED = 'UNAUTHORIZED',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  FORBIDDEN_ROLE = 'FORBIDDEN_ROLE',
  /** A page form posted without the token of the browser that was shown the form (CSRF protection). */
  FORM_EXPIRED = 'FORM_EXPIRED',
  NOT_FOUND = 'NOT_FOUND',
  EVENT_NOT_FOUND = 'EVENT_NOT_FOUND',
  ORGANIZATION_NOT_FOUND = 'ORGANIZATION_NOT_FOUND',
  SERIES_NOT_FOUND = 'SERIES_NOT_FOUND',
  ORGANIZER_NOT_FOUND = 'ORGANIZER_NOT_FOUND',
  REGISTRATION_NOT_FOUND = 'REGISTRATION_NOT_FOUND',
  MESSAGE_NOT_FOUND = 'MESSAGE_NOT_FOUND',
  REGISTRATION_CLOSED = 'REGISTRATION_CLOSED',
  EVENT_CANCELLED = 'EVENT_CANCELLED',
  REGISTRATION_NOT_ACTIONABLE = 'REGISTRATION_NOT_ACTIONABLE',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  GROUP_DOES_NOT_FIT = 'GROUP_DOES_NOT_FIT',
  /** No seat for a walk-in: the event's capacity or the organization's quota is reached (overCapacity not asked). */
  EVENT_FULL = 'EVENT_FULL',
  ALREADY_REGISTERED = 'ALREADY_REGISTERED',
  /** Answers checked against an event's questions that changed before they were stored: check them again. */
  QUESTIONS_CHANGED = 'QUESTIONS_CHANGED',
  /** A change to an event's questions that answers already given depend on (a type, an option in use). */
  QUESTION_HAS_ANSWERS = 'QUESTION_HAS_ANSWERS',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  ORGANIZATION_EXISTS = 'ORGANIZATION_EXISTS',
  SEQUENCE_TAKEN = 'SEQUENCE_TAKEN',
  EVENT_NOT_EDITABLE = 'EVENT_NOT_EDITABLE',
  CAPACITY_BELOW_CONFIRMED = 'CAPACITY_BELOW_CONFIRMED',
  LAST_OWNER = 'LAST_OWNER',
  CONFLICT = 'CONFLICT',
  /** A shared organization (used by another organizer's event) can no longer be edited by its creator. */
  ORGANIZATION_SHARED = 'ORGANIZATION_SHARED',
  /** A link that worked once and has expired: its event ended more than LINK_TTL_DAYS ago (an unknown link is a 404). */
  LINK_EXPIRED = 'LINK_EXPIRED',
  RATE_LIMITED = 'RATE_LIMITED',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_ERROR = 'INTERNAL_ERROR',
}

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.VALIDATION_FAILED:
    case ErrorCode.MALFORMED_REQUEST:
    case ErrorCode.UNREADABLE_FILE:
      return 400;
    case ErrorCode.UNAUTHORIZED:
    case ErrorCode.INVALID_CREDENTIALS:
      return 401;
    case ErrorCode.FORBIDDEN_ROLE:
    case ErrorCode.FORM_EXPIRED:
      return 403;
    case ErrorCode.NOT_FOUND:
    case ErrorCode.EVENT_NOT_FOUND:
    case ErrorCode.ORGANIZATION_NOT_FOUND:
    case ErrorCode.SERIES_NOT_FOUND:
    case ErrorCode.ORGANIZER_NOT_FOUND:
    case ErrorCode.REGISTRATION_NOT_FOUND:
    case ErrorCode.MESSAGE_NOT_FOUND:
      return 404;
    case ErrorCode.EMAIL_TAKEN:
    case ErrorCode.ORGANIZATION_EXISTS:
    case ErrorCode.SEQUENCE_TAKEN:
    case ErrorCode.EVENT_NOT_EDITABLE:
    case ErrorCode.CAPACITY_BELOW_CONFIRMED:
    case ErrorCode.LAST_OWNER:
    case ErrorCode.CONFLICT:
    case ErrorCode.ORGANIZATION_SHARED:
    case ErrorCode.REGISTRATION_CLOSED:
    case ErrorCode.EVENT_CANCELLED:
    case ErrorCode.REGISTRATION_NOT_ACTIONABLE:
    case ErrorCode.IDEMPOTENCY_KEY_REUSED:
    case ErrorCode.GROUP_DOES_NOT_FIT:
    case ErrorCode.EVENT_FULL:
    case ErrorCode.ALREADY_REGISTERED:
    case ErrorCode.QUESTIONS_CHANGED:
    case ErrorCode.QUESTION_HAS_ANSWERS:
      return 409;
    case ErrorCode.LINK_EXPIRED:
      return 410;
    case ErrorCode.PAYLOAD_TOO_LARGE:
    case ErrorCode.UPLOAD_LIMIT_EXCEEDED:
      return 413;
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.INTERNAL_ERROR:
      return 500;
    case ErrorCode.SERVICE_UNAVAILABLE:
      return 503;
    default: {
      const unreachable: never = code;
      throw new Error(`unmapped error code ${String(unreachable)}`);
    }
  }
}

/** An error a domain service raises on purpose; the filter turns it into the JSON error body. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** PostgreSQL error codes the services react to. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_CHECK_VIOLATION = '23514';
export const PG_FOREIGN_KEY_VIOLATION = '23503';

export function pgErrorCode(error: unknown): string | undefined {
  const code =
    (error as { driverError?: { code?: unknown }; code?: unknown } | null)?.driverError?.code ??
    (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function pgConstraint(error: unknown): string | undefined {
  const e = error as { driverError?: { constraint?: unknown }; constraint?: unknown } | null;
  const constraint = e?.driverError?.constraint ?? e?.constraint;
  return typeof constraint === 'string' ? constraint : undefined;
}

/** A PATCH may clear optional fields with null, never required ones. */
export function rejectNullFields<T extends object>(patch: T, required: readonly (keyof T & string)[]): void {
  const cleared = required.filter((field) => patch[field] === null);
  if (cleared.length > 0) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `${cleared.join(', ')} cannot be null`, {
      fields: cleared.map((field) => ({ field, errors: [`${field} is required and cannot be cleared`] })),
    });
  }
}
