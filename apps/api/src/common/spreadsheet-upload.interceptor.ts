import { CallHandler, ExecutionContext, Injectable, NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FileInterceptor } from '@nestjs/platform-express';
import { uploadLimitExceeded } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import type { Observable } from 'rxjs';

/**
 * Receives the multipart field "file" into memory, at most UPLOAD_MAX_BYTES: multer counts the bytes as they
 * arrive and stops at the limit, which answers 413 UPLOAD_LIMIT_EXCEEDED naming it. Other parts are bounded too
 * (a few short text fields), so no request holds more than about the file limit.
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
    try {
      return (await this.multer.intercept(context, next)) as Observable<unknown>;
    } catch (error) {
      // multer's LIMIT_FILE_SIZE is the one error Nest turns into PayloadTooLargeException.
      if (error instanceof PayloadTooLargeException) throw uploadLimitExceeded('UPLOAD_MAX_BYTES', this.maxBytes);
      throw error;
    }
  }
}
