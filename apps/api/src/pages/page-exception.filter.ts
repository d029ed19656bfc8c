import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, httpStatusOf } from '@tongxin/common';
import type { Request, Response } from 'express';

const statusCodes: Record<number, ErrorCode> = {
  400: ErrorCode.MALFORMED_REQUEST,
  401: ErrorCode.UNAUTHORIZED,
  403: ErrorCode.FORBIDDEN_ROLE,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  429: ErrorCode.RATE_LIMITED,
};

/**
 * Errors on pages become pages: the message in the page's language with the right status; a console page without
 * a session redirects to the login page (and back after it).
 */
@Catch()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const code = this.codeOf(exception);
    if (code === ErrorCode.UNAUTHORIZED && req.path.startsWith('/console')) {
      const next = req.method === 'GET' ? req.originalUrl : req.path;
      res.redirect(303, `/console/login?next=${encodeURIComponent(next)}`);
      return;
    }
    const status = code === ErrorCode.INTERNAL_ERROR ? 500 : httpStatusOf(code);
    if (status >= 500) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    res.status(status).render('error', { title: `errors.${code}`, status, formError: { key: `errors.${code}` } });
  }

  private codeOf(exception: unknown): ErrorCode {
    if (exception instanceof DomainError) return exception.code;
    if (exception instanceof HttpException) {
      const body = exception.getResponse() as { code?: unknown };
      if (typeof body === 'object' && typeof body.code === 'string' && body.code in ErrorCode) {
        return body.code as ErrorCode;
      }
      return statusCodes[exception.getStatus()] ?? ErrorCode.INTERNAL_ERROR;
    }
    return ErrorCode.INTERNAL_ERROR;
  }
}
