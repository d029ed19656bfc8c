import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError, ErrorCode } from './errors';

/** Path ids must be UUIDs; anything else is a 400 that names the parameter. */
export function uuidPipe(name = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new DomainError(ErrorCode.VALIDATION_FAILED, `${name} must be a UUID`),
  });
}
