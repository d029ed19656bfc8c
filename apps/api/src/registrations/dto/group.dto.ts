import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { GroupView } from '@tongxin/registrations';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { OwnRegistrationDto, PersonDto, RegistrationOrganizationDto } from './registration.dto';

export class DelegateDto extends PersonDto {}

export class CreateGroupRegistrationDto {
  @ApiProperty({ type: DelegateDto, description: 'Who registers the group and receives its manage link' })
  @ValidateNested()
  @Type(() => DelegateDto)
  delegate: DelegateDto;

  @ApiProperty({ type: RegistrationOrganizationDto })
  @ValidateNested()
  @Type(() => RegistrationOrganizationDto)
  organization: RegistrationOrganizationDto;

  @ApiProperty({ type: [PersonDto], minItems: 1, maxItems: 200 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PersonDto)
  attendees: PersonDto[];

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
  @ApiPropertyOptional({ description: 'Only when the group is created: the delegate’s link to manage it' })
  manageUrl?: string;

  static from(group: GroupView, manageUrl?: string): GroupDto {
    return {
      id: group.id,
      organization: group.organization,
      delegate: group.delegate,
      attendees: group.attendees.map(OwnRegistrationDto.from),
      ...(manageUrl ? { manageUrl } : {}),
    };
  }
}
