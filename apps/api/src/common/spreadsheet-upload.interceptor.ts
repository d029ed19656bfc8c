import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  PayloadTooLargeException,
  UseInterceptors,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiPayloadTooLargeResponse } from '@nestjs/swagger';
import { ApiErrorDto, DomainError, ErrorCode, uploadLimitExceeded } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

/**
 * Receives the multipart field "file" into memory, at most UPLOAD_MAX_BYTES: multer counts the bytes as they
 * arrive and stops at the limit, which answers 413 UPLOAD_LIMIT_EXCEEDED naming it. Other parts are bounded too
 * (a few short text fields), so no request holds more than about the file limit. A request without the file
 * answers 400 before the route runs.
 */
@Injectable()
export class SpreadsheetUploadInterceptor implements NestInterceptor {
  private readonly multer: NestInterceptor;
  private readonly maxBytes: number;

  constructor(config: ConfigService<Env, true>) {
    this.maxBytes = config.get('UPLOAD_MAX_BYTES', { infer: true });
    const Multer = FileInterceptor('file', {
      limits: { fileSize: this.maxBytes, files: 1, fields: 8, fieldSize: 1024, parts: 9 },
    });
    this.multer = new Multer();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<Request>();
    const withFile: CallHandler = {
      handle: () => {
        if (!request.file) {
          throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Send the file as multipart field "file"');
        }
        return next.handle();
      },
    };
    try {
      return (await this.multer.intercept(context, withFile)) as Observable<unknown>;
    } catch (error) {
      // multer's LIMIT_FILE_SIZE is the one error Nest turns into PayloadTooLargeException.
      if (error instanceof PayloadTooLargeException) throw uploadLimitExceeded('UPLOAD_MAX_BYTES', this.maxBytes);
      throw error;
    }
  }
}

/** A route that takes one spreadsheet upload: the bounded interceptor and how OpenAPI describes the request. */
export function SpreadsheetUpload(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseInterceptors(SpreadsheetUploadInterceptor),
    ApiConsumes('multipart/form-data'),
    ApiBody({
      schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
    }),
    ApiPayloadTooLargeResponse({
      type: ApiErrorDto,
      description:
        'UPLOAD_LIMIT_EXCEEDED: the message and `limit` name the UPLOAD_MAX_* setting passed, `max` its value',
    }),
  );
}
