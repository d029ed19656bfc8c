import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { GroupView } from '@tongxin/registrations';
import { Type } from 'class-transformer';
import type { Answers } from '@tongxin/events';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  ValidateNested,
} from 'class-validator';
import { ANSWERS_SCHEMA, OwnRegistrationDto, PersonDto, RegistrationOrganizationDto } from './registration.dto';

export class DelegateDto extends PersonDto {}

/** One person of a group, with their answers to the questions asked of each person. */
export class GroupAttendeeDto extends PersonDto {
  @ApiPropertyOptional({
    ...ANSWERS_SCHEMA,
    description: 'Answers to the questions asked of each person (perPerson), by key',
  })
  @IsOptional()
  @IsObject({ message: 'answers must be an object of answers by question key' })
  answers?: Record<string, unknown>;
}

export class CreateGroupRegistrationDto {
  @ApiProperty({ type: DelegateDto, description: 'Who registers the group and receives its manage link' })
  @IsObject()
  @ValidateNested()
  @Type(() => DelegateDto)
  delegate: DelegateDto;

  @ApiProperty({ type: RegistrationOrganizationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RegistrationOrganizationDto)
  organization: RegistrationOrganizationDto;

  @ApiProperty({ type: [GroupAttendeeDto], minItems: 1, maxItems: 200 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => GroupAttendeeDto)
  attendees: GroupAttendeeDto[];

  @ApiPropertyOptional({
    ...ANSWERS_SCHEMA,
    description: 'Answers to the questions asked once for the whole group (perPerson false), by key',
  })
  @IsOptional()
  @IsObject({ message: 'answers must be an object of answers by question key' })
  answers?: Record<string, unknown>;

  @ApiPropertyOptional({
    default: false,
    description: 'Waitlist whoever does not fit instead of refusing the whole group',
  })
  @IsOptional()
  @IsBoolean()
  allowWaitlist?: boolean;

  @ApiPropertyOptional({ enum: ['zh', 'en'] })
  @IsOptional()
  @IsIn(['zh', 'en'])
  locale?: 'zh' | 'en';
}

export class GroupOrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class GroupDelegateDto {
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
}

export class GroupDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: GroupOrganizationDto }) organization: GroupOrganizationDto;
  @ApiProperty({ type: GroupDelegateDto }) delegate: GroupDelegateDto;
  @ApiProperty({ type: [OwnRegistrationDto] }) attendees: OwnRegistrationDto[];
  @ApiProperty({ ...ANSWERS_SCHEMA, description: 'Answers given once for the whole group' }) answers: Answers;
  @ApiPropertyOptional({ description: 'Only when the group is created: the delegate’s link to manage it' })
  manageUrl?: string;

  static from(group: GroupView, manageUrl?: string): GroupDto {
    return {
      id: group.id,
      organization: group.organization,
      delegate: group.delegate,
      attendees: group.attendees.map(OwnRegistrationDto.from),
      answers: group.answers,
      ...(manageUrl ? { manageUrl } : {}),
    };
  }
}
