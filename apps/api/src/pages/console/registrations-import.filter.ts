import { ArgumentsHost, Catch, HttpException, Injectable } from '@nestjs/common';
import type { Actor } from '@tongxin/accounts';
import { DomainError, ErrorCode, httpStatusOf } from '@tongxin/common';
import { EventsService } from '@tongxin/events';
import { RegistrationsService } from '@tongxin/registrations';
import { isUUID } from 'class-validator';
import type { Request, Response } from 'express';
import { localsOf } from '../page-context';
import { PageExceptionFilter } from '../page-exception.filter';
import type { PageLocals } from '../view-engine';
import { renderImportPage } from './registrations-page-parts';

/** What went wrong with the file, as the import page shows it: a message key, and the service's words when useful. */
function importErrorOf(
  code: ErrorCode,
  error: unknown,
  hasFile: boolean,
  lang: string,
): Pick<PageLocals, 'formError' | 'fieldErrors'> & { errorDetail?: string } {
  if (!hasFile && code === ErrorCode.VALIDATION_FAILED) {
    return {
      formError: { key: 'registrations.import.noFile' },
      fieldErrors: { file: ['registrations.import.noFile'] },
    };
  }
  const details = error instanceof DomainError ? error.details : undefined;
  if (code === ErrorCode.UPLOAD_LIMIT_EXCEEDED && typeof details?.limit === 'string') {
    const max = typeof details.max === 'number' ? details.max : 0;
    return {
      formError: {
        key: `registrations.import.limit.${details.limit}`,
        vars: { max: new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'zh-CN').format(max) },
      },
      fieldErrors: { file: [`errors.${code}`] },
    };
  }
  if (code === ErrorCode.VALIDATION_FAILED) {
    // A header without the needed columns, or a damaged file: the service's message names what is wrong.
    return {
      formError: { key: 'registrations.import.invalidFile' },
      fieldErrors: { file: ['registrations.import.invalidFile'] },
      errorDetail: error instanceof Error ? error.message : undefined,
    };
  }
  return { formError: { key: `errors.${code}` }, fieldErrors: { file: [`errors.${code}`] } };
}

/** The errors an upload can meet that the import page shows beside its form (any other goes to the error page). */
const SHOWN: ErrorCode[] = [
  ErrorCode.UPLOAD_LIMIT_EXCEEDED,
  ErrorCode.UNREADABLE_FILE,
  ErrorCode.VALIDATION_FAILED,
  ErrorCode.MALFORMED_REQUEST,
  ErrorCode.PAYLOAD_TOO_LARGE,
  ErrorCode.EVENT_NOT_EDITABLE,
];

function codeOf(exception: unknown): ErrorCode | undefined {
  if (exception instanceof DomainError) return exception.code;
  if (exception instanceof HttpException) {
    if (exception.getStatus() === 413) return ErrorCode.PAYLOAD_TOO_LARGE;
    if (exception.getStatus() === 400) return ErrorCode.MALFORMED_REQUEST;
  }
  return undefined;
}

/**
 * The import's upload errors as the import page, with the message beside the file field and the right status (413
 * UPLOAD_LIMIT_EXCEEDED, 400 UNREADABLE_FILE, …). Multer's byte limit is met in the interceptor, before the route
 * runs, so this is a filter on the route rather than a catch in it. Everything else (no session, a stale form token,
 * a role or event refused) is the pages' usual error page.
 */
@Catch()
@Injectable()
export class RegistrationImportPageFilter extends PageExceptionFilter {
  constructor(
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
  ) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const res = host.switchToHttp().getResponse<Response>();
    const code = codeOf(exception);
    const eventId = req.params.id;
    if (!req.actor || !code || !SHOWN.includes(code) || typeof eventId !== 'string' || !isUUID(eventId)) {
      return super.catch(exception, host);
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = { notify: body.notify === 'on' || body.notify === 'true', dryRun: body.dryRun === 'on' };
    renderImportPage(res, { events: this.events, registrations: this.registrations }, req.actor, eventId, {
      status: httpStatusOf(code),
      values: req.file ? values : { notify: true, dryRun: false },
      ...importErrorOf(code, exception, Boolean(req.file), localsOf(res).lang),
    }).catch((error: unknown) => super.catch(error, host));
  }
}
