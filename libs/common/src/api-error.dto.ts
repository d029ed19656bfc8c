import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from './errors';

export class ApiErrorDto {
  @ApiProperty({ example: 404 })
  statusCode: number;

  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode', example: ErrorCode.EVENT_NOT_FOUND })
  code: ErrorCode;

  @ApiProperty({ example: 'Event not found' })
  message: string;

  @ApiPropertyOptional({ description: 'Present on VALIDATION_FAILED: each invalid field and why' })
  fields?: { field: string; errors: string[] }[];
}
