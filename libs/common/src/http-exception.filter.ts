import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ErrorCode, httpStatusOf, pgErrorCode } from './errors';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  [extra: string]: unknown;
}

const codeForStatus: Record<number, ErrorCode> = {
  [HttpStatus.BAD_REQUEST]: ErrorCode.MALFORMED_REQUEST,
  [HttpStatus.UNAUTHORIZED]: ErrorCode.UNAUTHORIZED,
  [HttpStatus.FORBIDDEN]: ErrorCode.FORBIDDEN_ROLE,
  [HttpStatus.NOT_FOUND]: ErrorCode.NOT_FOUND,
  [HttpStatus.CONFLICT]: ErrorCode.CONFLICT,
  [HttpStatus.PAYLOAD_TOO_LARGE]: ErrorCode.PAYLOAD_TOO_LARGE,
  [HttpStatus.TOO_MANY_REQUESTS]: ErrorCode.RATE_LIMITED,
  [HttpStatus.SERVICE_UNAVAILABLE]: ErrorCode.SERVICE_UNAVAILABLE,
};

/** PostgreSQL errors that can only come from input the validation layer let through. */
const badInputPgCodes = new Set(['22P02', '22001', '22003', '22007', '22008', '22009', '22021']);

/** The one place that turns any thrown value into {statusCode, code, message}. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    if (response.headersSent) return;
    // Explicitly: a handler's @Header('Content-Type', …) (an image, a download) must not label the error body.
    response.status(body.statusCode).type('application/json').json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    // What express middleware throws (the json parser's depth check) reaches the filter wrapped by the adapter.
    if (exception instanceof HttpException && exception.cause instanceof DomainError) {
      return this.toBody(exception.cause);
    }
    if (exception instanceof DomainError) {
      return {
        statusCode: httpStatusOf(exception.code),
        code: exception.code,
        message: exception.message,
        ...exception.details,
      };
    }
    if (exception instanceof HttpException) {
      return this.fromHttpException(exception);
    }
    const bodyParserError = exception as { type?: unknown; status?: unknown; message?: unknown };
    if (typeof bodyParserError?.type === 'string' && typeof bodyParserError.status === 'number') {
      // Errors raised by express body parsers before Nest sees the request.
      const status = bodyParserError.status;
      if (status === 413) {
        return { statusCode: 413, code: ErrorCode.PAYLOAD_TOO_LARGE, message: 'Request body is too large' };
      }
      if (status >= 400 && status < 500) {
        return { statusCode: 400, code: ErrorCode.MALFORMED_REQUEST, message: 'Request body is not valid JSON' };
      }
    }
    const pgCode = pgErrorCode(exception);
    if (pgCode && badInputPgCodes.has(pgCode)) {
      return {
        statusCode: 400,
        code: ErrorCode.VALIDATION_FAILED,
        message: 'A value in the request is out of range or malformed',
      };
    }
    return { statusCode: 500, code: ErrorCode.INTERNAL_ERROR, message: 'Internal server error' };
  }

  private fromHttpException(exception: HttpException): ErrorBody {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null && 'code' in response) {
      return { ...(response as Omit<ErrorBody, 'statusCode'>), statusCode } as ErrorBody;
    }
    const message =
      typeof response === 'string'
        ? response
        : String((response as { message?: unknown }).message ?? exception.message);
    const code =
      codeForStatus[statusCode] ?? (statusCode >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.MALFORMED_REQUEST);
    return {
      statusCode,
      code,
      message: statusCode === 404 && message.startsWith('Cannot ') ? 'Route not found' : message,
    };
  }
}
