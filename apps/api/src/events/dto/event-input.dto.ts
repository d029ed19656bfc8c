import { PageQuery } from '../../common/page-query.dto';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsDateTimeWithOffset } from '@tongxin/common';
import { EVENT_KINDS, EVENT_LANGUAGES, EventKind, EventLanguage, HOST_ROLES, HostRole } from '@tongxin/events';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class HostInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'organizationId must be a UUID' })
  organizationId: string;

  @ApiProperty({
    enum: HOST_ROLES,
    description: 'guiding (指导单位), host (主办), organizer (承办), co_organizer (协办)',
  })
  @IsIn(HOST_ROLES)
  role: HostRole;
}

export class AgendaItemInputDto {
  @ApiProperty({ example: '2026-12-05T09:30:00+08:00' })
  @IsDateTimeWithOffset()
  startsAt: string;

  @ApiProperty({ example: '京津冀社会组织协同发展调研报告' })
  @IsString()
  @Length(1, 300)
  title: string;

  @ApiProperty({ example: '王芳' })
  @IsString()
  @Length(1, 100)
  speaker: string;

  @ApiPropertyOptional({ example: '河北省社会组织总会' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  speakerAffiliation?: string;
}

const nullable = (_: object, value: unknown) => value !== null;

export class CreateEventDto {
  @ApiProperty({ example: '京津冀协同发展社会组织研讨会' })
  @IsString()
  @Length(1, 300)
  title: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Workshop on the coordinated development of Beijing, Tianjin and Hebei',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @Length(1, 300)
  titleEn?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(20_000)
  description?: string | null;

  @ApiProperty({ enum: EVENT_KINDS })
  @IsIn(EVENT_KINDS)
  kind: EventKind;

  @ApiProperty({ example: '2026-12-05T09:00:00+08:00' })
  @IsDateTimeWithOffset()
  startsAt: string;

  @ApiProperty({ example: '2026-12-05T17:00:00+08:00', description: 'Must be after startsAt' })
  @IsDateTimeWithOffset()
  endsAt: string;

  @ApiPropertyOptional({ default: 'Asia/Shanghai', description: 'IANA time zone' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  timezone?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Required unless the event is online',
    example: '北京市东城区某会议中心',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @Length(1, 500)
  venue?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'https link; required unless the event is in person',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'joinUrl must be an https:// URL' })
  @MaxLength(2_000)
  joinUrl?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Absent or null: unlimited', minimum: 1 })
  @IsOptional()
  @ValidateIf(nullable)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  capacity?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Most confirmed seats one organization may hold',
    minimum: 1,
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  perOrganizationLimit?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsDateTimeWithOffset()
  registrationOpensAt?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsDateTimeWithOffset()
  registrationClosesAt?: string | null;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  requiresApproval?: boolean;

  @ApiProperty({ enum: EVENT_LANGUAGES })
  @IsIn(EVENT_LANGUAGES)
  language: EventLanguage;

  @ApiPropertyOptional({ type: [String], default: ['P1D', 'PT1H'], description: 'ISO 8601 durations before startsAt' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  reminderOffsets?: string[];

  @ApiPropertyOptional({
    default: 30,
    minimum: 0,
    maximum: 1440,
    description: 'Minutes online (in an imported meeting export) that count as attending',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1440)
  attendedMinMinutes?: number;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4', { message: 'seriesId must be a UUID' })
  seriesId?: string;

  @ApiPropertyOptional({ description: 'Session number in the series; default: the next one', example: 23 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  sequenceNo?: number;

  @ApiPropertyOptional({ type: [HostInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => HostInputDto)
  hosts?: HostInputDto[];

  @ApiPropertyOptional({ type: [AgendaItemInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemInputDto)
  agenda?: AgendaItemInputDto[];
}

/** Every field optional; null clears an optional field. The series of an event does not change. */
export class UpdateEventDto extends PartialType(OmitType(CreateEventDto, ['seriesId', 'sequenceNo'] as const)) {}

export class ListEventsQuery extends PageQuery {}
