import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from './errors';

/** One invalid field of a VALIDATION_FAILED answer (a dotted path, e.g. `organization.name`) and why. */
export class FieldErrorDto {
  @ApiProperty({ example: 'organization.regionCode' })
  field: string;

  @ApiProperty({ type: [String], example: ['regionCode must be a six-digit GB/T 2260 code such as 130000'] })
  errors: string[];
}

export class ApiErrorDto {
  @ApiProperty({ example: 404 })
  statusCode: number;

  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode', example: ErrorCode.EVENT_NOT_FOUND })
  code: ErrorCode;

  @ApiProperty({ example: 'Event not found' })
  message: string;

  @ApiPropertyOptional({
    type: [FieldErrorDto],
    description: 'Present on VALIDATION_FAILED: each invalid field and why',
  })
  fields?: FieldErrorDto[];
}
