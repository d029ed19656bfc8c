import { PageQuery } from '../../common/page-query.dto';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Trim } from '@tongxin/common';
import type { Answers } from '@tongxin/events';
import { IsCreditCode, ORGANIZATION_TYPES, OrganizationType } from '@tongxin/organizations';
import {
  DoorRegistration,
  IsMainlandMobile,
  ManageView,
  REGISTRATION_STATUSES,
  RegistrationStatus,
  RegistrationView,
} from '@tongxin/registrations';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

/** Either an existing organization's id, or what identifies one: name, type, region (and credit code). */
export class RegistrationOrganizationDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4', { message: 'organization.id must be a UUID' })
  id?: string;

  @ApiPropertyOptional({ example: '河北省社会组织促进会', description: 'Required without id' })
  @ValidateIf((o: RegistrationOrganizationDto) => !o.id)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ enum: ORGANIZATION_TYPES, description: 'Required without id' })
  @ValidateIf((o: RegistrationOrganizationDto) => !o.id)
  @IsIn(ORGANIZATION_TYPES)
  type?: OrganizationType;

  @ApiPropertyOptional({ example: '130000', description: 'Required without id' })
  @ValidateIf((o: RegistrationOrganizationDto) => !o.id)
  @Matches(/^\d{6}$/, { message: 'regionCode must be a six-digit GB/T 2260 code such as 130000' })
  regionCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsCreditCode()
  creditCode?: string;
}

/** One person: who registers, or one attendee of a group. */
export class PersonDto {
  @ApiProperty({ example: '张伟' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: 'zhang.wei@example.org' })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: '+86 138 1234 5678' })
  @IsOptional()
  @IsMainlandMobile()
  phone?: string;

  @ApiPropertyOptional({ example: '秘书长' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  jobTitle?: string;
}

/** How the OpenAPI document describes a set of answers (checked against the event's questions by the service). */
export const ANSWERS_SCHEMA: { type: 'object'; additionalProperties: SchemaObject; example: object } = {
  type: 'object',
  additionalProperties: {
    oneOf: [
      { type: 'string' },
      { type: 'number' },
      { type: 'boolean' },
      { type: 'array', items: { type: 'string' } },
      {
        type: 'object',
        properties: { accepted: { type: 'boolean' }, version: { type: 'integer' } },
        required: ['accepted'],
      },
    ],
  },
  example: { case_study: '京津冀社会组织协同发展调研', accommodation: true, diet: 'halal' },
};

const ANSWERS_DESCRIPTION =
  "Answers to the event's questions by question key: text, long_text and date (YYYY-MM-DD) as strings, number as a " +
  'number, choice and organization_field as the option key, multi_choice as a list of option keys, yes_no as a ' +
  'boolean, consent as true (stored as { accepted, version }). Unknown keys are refused.';

export class CreateRegistrationDto extends PersonDto {
  @ApiProperty({ type: RegistrationOrganizationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RegistrationOrganizationDto)
  organization: RegistrationOrganizationDto;

  @ApiPropertyOptional({ enum: ['zh', 'en'], description: 'Default: the event language' })
  @IsOptional()
  @IsIn(['zh', 'en'])
  locale?: 'zh' | 'en';

  @ApiPropertyOptional({ ...ANSWERS_SCHEMA, description: ANSWERS_DESCRIPTION })
  @IsOptional()
  @IsObject({ message: 'answers must be an object of answers by question key' })
  answers?: Record<string, unknown>;
}

export class UpdateOwnRegistrationDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsMainlandMobile()
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(1, 100)
  jobTitle?: string | null;

  @ApiPropertyOptional({ enum: ['zh', 'en'] })
  @IsOptional()
  @IsIn(['zh', 'en'])
  locale?: 'zh' | 'en';

  @ApiPropertyOptional({
    ...ANSWERS_SCHEMA,
    description:
      'Changes to answers of questions the organizer left editable, by key: a key left out keeps its answer, null ' +
      'clears an optional one. Refused once registration has closed.',
  })
  @IsOptional()
  @IsObject({ message: 'answers must be an object of answers by question key' })
  answers?: Record<string, unknown>;
}

export class ListRegistrationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES })
  @IsOptional()
  @IsIn(REGISTRATION_STATUSES)
  status?: RegistrationStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4')
  organizationId?: string;

  @ApiPropertyOptional({ example: '130000' })
  @IsOptional()
  @Matches(/^\d{6}$/)
  regionCode?: string;

  @ApiPropertyOptional({ description: 'Name, email or organization name' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({
    example: 'first_time:yes',
    description:
      'By an answer: <question key>:<option key> for choice, multi_choice and organization_field questions, ' +
      '<key>:yes or <key>:no for yes_no, <key>:- for no answer',
  })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,39}:([a-z][a-z0-9_]{0,39}|-)$/, {
    message: 'answer must be <question key>:<option key> (or :- for no answer)',
  })
  answer?: string;
}

export class RegistrationCreatedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiPropertyOptional({
    description: 'Only when the registration is created: the personal link to view, edit or cancel it',
  })
  manageUrl?: string;
}

/** The organization a registration counts against, as a registration shows it. */
export class RegisteredOrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '130000', description: 'GB/T 2260 region code' }) regionCode: string;
}

/** What an attendee sees of their own registration (through their manage link). */
export class OwnRegistrationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) jobTitle: string | null;
  @ApiProperty({ enum: ['zh', 'en'] }) locale: 'zh' | 'en';
  @ApiProperty({ type: RegisteredOrganizationDto }) organization: RegisteredOrganizationDto;
  @ApiProperty({
    ...ANSWERS_SCHEMA,
    description: "Answers to the event's questions by key; a question not answered has no key",
  })
  answers: Answers;
  @ApiProperty() createdAt: Date;

  static from(r: RegistrationView): OwnRegistrationDto {
    return {
      id: r.id,
      status: r.status,
      name: r.name,
      email: r.email,
      phone: r.phone,
      jobTitle: r.jobTitle,
      locale: r.locale,
      organization: { id: r.organization.id, name: r.organization.name, regionCode: r.organization.regionCode },
      answers: r.answers,
      createdAt: r.createdAt,
    };
  }
}

/** An attendee's own registration with what they bring to the event: the check-in code and their join link. */
export class ManagedRegistrationDto extends OwnRegistrationDto {
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'K7MZ2QXA',
    description: 'While confirmed: the code the door scans (qr.svg draws it) or types',
  })
  checkInCode: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'While confirmed for an online or hybrid event: the personal link that opens the meeting',
  })
  joinUrl: string | null;

  static fromView(view: ManageView, joinUrl: (token: string) => string): ManagedRegistrationDto {
    return {
      ...OwnRegistrationDto.from(view.registration),
      checkInCode: view.checkInCode,
      joinUrl: view.joinToken ? joinUrl(view.joinToken) : null,
    };
  }
}

/** A registration as the event's team sees it: personal data, for organizers only. */
export class RegistrationDto extends OwnRegistrationDto {
  @ApiProperty() source: string;
  @ApiProperty({ nullable: true, type: Date }) confirmedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) cancelledAt: Date | null;

  static override from(r: RegistrationView): RegistrationDto {
    return { ...OwnRegistrationDto.from(r), source: r.source, confirmedAt: r.confirmedAt, cancelledAt: r.cancelledAt };
  }
}

/** A registration as the checkin role sees it at the door: no email, no full phone. */
export class DoorRegistrationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiProperty() name: string;
  @ApiProperty({ type: RegisteredOrganizationDto }) organization: RegisteredOrganizationDto;
  @ApiProperty({ nullable: true, type: String, description: 'Last four digits of the phone, to tell namesakes apart' })
  phoneLast4: string | null;
  @ApiProperty({
    ...ANSWERS_SCHEMA,
    description: 'Answers to the questions the organizers show at the door (visibleToCheckin); none by default',
  })
  answers: Answers;

  static from(r: DoorRegistration): DoorRegistrationDto {
    return {
      id: r.id,
      status: r.status,
      name: r.name,
      organization: { id: r.organizationId, name: r.organizationName, regionCode: r.regionCode },
      phoneLast4: r.phoneLast4,
      answers: r.answers,
    };
  }
}

@ApiExtraModels(RegistrationDto, DoorRegistrationDto)
export class RegistrationPageDto {
  @ApiProperty({
    description: 'Owners and managers get full registrations; the checkin role gets door views (DoorRegistrationDto)',
    type: 'array',
    items: { oneOf: [{ $ref: getSchemaPath(RegistrationDto) }, { $ref: getSchemaPath(DoorRegistrationDto) }] },
  })
  items: (RegistrationDto | DoorRegistrationDto)[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class RejectedRowDto {
  @ApiProperty({ description: 'Row number as the spreadsheet shows it (header = 1)' }) row: number;
  @ApiProperty({ example: 'INVALID_EMAIL' }) code: string;
  @ApiProperty() message: string;
}

export class ImportReportDto {
  @ApiProperty() dryRun: boolean;
  @ApiProperty() created: number;
  @ApiProperty() confirmed: number;
  @ApiProperty() waitlisted: number;
  @ApiProperty() pending: number;
  @ApiProperty({ description: 'Already registered for this event: left unchanged' }) duplicates: number;
  @ApiProperty({ type: [RejectedRowDto] }) rejected: RejectedRowDto[];
}
