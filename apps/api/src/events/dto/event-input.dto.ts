import { PageQuery } from '../../common/page-query.dto';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import type { PipeTransform } from '@nestjs/common';
import { DomainError, ErrorCode, IsDateTimeWithOffset } from '@tongxin/common';
import {
  EVENT_KINDS,
  EVENT_LANGUAGES,
  EventKind,
  EventLanguage,
  HOST_ROLES,
  HostRole,
  QUESTION_KEY_PATTERN,
  QUESTION_TYPES,
  QuestionType,
} from '@tongxin/events';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
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

/** A question key in a path: 400 VALIDATION_FAILED unless it has a key's shape. */
export const QuestionKeyPipe: PipeTransform<string, string> = {
  transform(value: string) {
    if (!QUESTION_KEY_PATTERN.test(value)) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'key must be a question key (lower-case letters, digits, _)');
    }
    return value;
  },
};

export class QuestionOptionInputDto {
  @ApiProperty({ example: 'first_time', description: 'Stable key: lower-case letters, digits and _' })
  @IsString()
  @Matches(QUESTION_KEY_PATTERN, {
    message: 'key must be 1-40 lower-case letters, digits or _, starting with a letter',
  })
  key: string;

  @ApiProperty({ example: '首次参加' })
  @IsString()
  @Length(1, 200)
  labelZh: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'First time' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @Length(1, 200)
  labelEn?: string | null;
}

/** A registration question as an organizer writes it: questions/question-rules.ts holds the rules across fields. */
export class QuestionInputDto {
  @ApiProperty({
    example: 'first_time',
    description: 'Stable key (lower-case letters, digits and _): answers are stored under it, copies keep it',
  })
  @IsString()
  @Matches(QUESTION_KEY_PATTERN, {
    message: 'key must be 1-40 lower-case letters, digits or _, starting with a letter',
  })
  key: string;

  @ApiProperty({ enum: QUESTION_TYPES })
  @IsIn(QUESTION_TYPES)
  type: QuestionType;

  @ApiProperty({ example: '是否首次参加公益大讲堂？', description: 'For consent: the statement to accept' })
  @IsString()
  @Length(1, 500)
  labelZh: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Is this your first philanthropy class?' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @Length(1, 500)
  labelEn?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(2_000)
  helpZh?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(2_000)
  helpEn?: string | null;

  @ApiPropertyOptional({ default: false, description: 'For consent: the statement must be accepted' })
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ type: [QuestionOptionInputDto], description: 'choice, multi_choice, organization_field' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => QuestionOptionInputDto)
  options?: QuestionOptionInputDto[];

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'number: smallest value; multi_choice: fewest picks',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-1_000_000_000)
  @Max(1_000_000_000)
  min?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'number: largest value; multi_choice: most picks' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-1_000_000_000)
  @Max(1_000_000_000)
  max?: number | null;

  @ApiPropertyOptional({ default: false, description: 'number: whole numbers only' })
  @IsOptional()
  @IsBoolean()
  integer?: boolean;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'text (≤ 1000, default 200), long_text (≤ 5000, default 2000)',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsInt()
  @Min(1)
  @Max(5_000)
  maxLength?: number | null;

  @ApiPropertyOptional({
    description:
      'In a group registration: asked of each person (true) or once, of the delegate, for the whole group (false). ' +
      'Default: true, except organization_field',
  })
  @IsOptional()
  @IsBoolean()
  perPerson?: boolean;

  @ApiPropertyOptional({ default: true, description: 'The attendee may change the answer until registration closes' })
  @IsOptional()
  @IsBoolean()
  editable?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'The checkin role sees the answers at the door (answers may be personal data: off by default)',
  })
  @IsOptional()
  @IsBoolean()
  visibleToCheckin?: boolean;
}

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
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => HostInputDto)
  hosts?: HostInputDto[];

  @ApiPropertyOptional({ type: [AgendaItemInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AgendaItemInputDto)
  agenda?: AgendaItemInputDto[];

  @ApiPropertyOptional({
    type: [QuestionInputDto],
    description:
      'The registration questions, in order (the whole list: a question left out is taken off the form; its answers ' +
      'stay until deleted). Changing a type or removing an option that answers use is refused with 409.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => QuestionInputDto)
  questions?: QuestionInputDto[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'Key of a choice, multi_choice, yes_no or organization_field question whose breakdown the narrative mentions',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @Matches(QUESTION_KEY_PATTERN, { message: 'narrativeQuestion must be a question key' })
  narrativeQuestion?: string | null;
}

/** Copying an event into the next session: a new draft, everything but the registrations. */
export class CopyEventDto {
  @ApiPropertyOptional({
    example: '2026-12-12T19:00:00+08:00',
    description: 'When the copy starts; its other times move by as much. Default: one week after the original',
  })
  @IsOptional()
  @IsDateTimeWithOffset()
  startsAt?: string;

  @ApiPropertyOptional({
    example: '公益大讲堂第24期',
    description: 'Default: the original title (with 第N期 moved on)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  title?: string;
}

/** Every field optional; null clears an optional field. The series of an event does not change. */
export class UpdateEventDto extends PartialType(OmitType(CreateEventDto, ['seriesId', 'sequenceNo'] as const)) {}

export class ListEventsQuery extends PageQuery {}
