import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import type { CheckInResult, DoorPerson, WalkInResult } from '@tongxin/attendance';
import { Trim } from '@tongxin/common';
import { REGISTRATION_STATUSES, RegistrationStatus } from '@tongxin/registrations';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';
import { PersonDto, RegistrationOrganizationDto } from '../../registrations/dto/registration.dto';

/** Exactly one of code and registrationId. */
const OneWayToFindThePerson = () =>
  ValidateBy({
    name: 'oneWayToFindThePerson',
    validator: {
      validate: (_: unknown, args?: ValidationArguments) => {
        const dto = args?.object as CheckInRequestDto;
        return (dto.code === undefined) !== (dto.registrationId === undefined);
      },
      defaultMessage: () => 'send exactly one of code and registrationId',
    },
  });

export class CheckInRequestDto {
  @ApiPropertyOptional({
    example: 'K7MZ-2QXA',
    description: 'The check-in code, in any case, spaces and dashes ignored; or else registrationId',
  })
  @ValidateIf((o: CheckInRequestDto) => o.registrationId === undefined || o.code !== undefined)
  @IsString()
  @Length(1, 32)
  @OneWayToFindThePerson()
  code?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'For someone found by search, without their code' })
  @ValidateIf((o: CheckInRequestDto) => o.code === undefined)
  @IsUUID('4', { message: 'registrationId must be a UUID' })
  registrationId?: string;
}

export class DoorSearchQuery {
  @ApiProperty({
    description:
      'Part of a name or an organization name; a whole email address; a whole mobile number or its last 4 digits',
    minLength: 1,
    maxLength: 100,
  })
  @Trim()
  @IsString()
  @Length(1, 100)
  q: string;
}

export class DoorOrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '110000' }) regionCode: string;
}

/** A person as the door sees them: no email, no full phone, no job title. */
export class DoorPersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: DoorOrganizationDto }) organization: DoorOrganizationDto;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiProperty({ nullable: true, type: String, description: 'Last four digits of the phone, to tell namesakes apart' })
  phoneLast4: string | null;
  @ApiProperty({ nullable: true, type: Date }) checkedInAt: Date | null;

  static from(p: DoorPerson): DoorPersonDto {
    return {
      id: p.id,
      name: p.name,
      organization: { id: p.organization.id, name: p.organization.name, regionCode: p.organization.regionCode },
      status: p.status,
      phoneLast4: p.phoneLast4,
      checkedInAt: p.checkedInAt,
    };
  }
}

export class DoorSearchResultDto {
  @ApiProperty({ type: [DoorPersonDto], maxItems: 20 }) items: DoorPersonDto[];
}

export class CheckInResultDto {
  @ApiProperty({ description: 'true (200) when the person was already checked in; false (201) when checked in now' })
  alreadyCheckedIn: boolean;
  @ApiProperty({ description: 'When the person was checked in (the first time)' }) checkedInAt: Date;
  @ApiProperty({ type: DoorPersonDto }) registration: DoorPersonDto;

  static from(r: CheckInResult): CheckInResultDto {
    return {
      alreadyCheckedIn: !r.created,
      checkedInAt: r.checkedInAt,
      registration: DoorPersonDto.from(r.registration),
    };
  }
}

/** Whoever walks in: as a registrant, except that the email is optional (nothing is mailed to a walk-in). */
export class WalkInPersonDto extends OmitType(PersonDto, ['email'] as const) {
  @ApiPropertyOptional({ example: 'zhang.wei@example.org' })
  @IsOptional()
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;
}

export class WalkInRequestDto {
  @ApiProperty({ type: WalkInPersonDto })
  @IsObject()
  @ValidateNested()
  @Type(() => WalkInPersonDto)
  person: WalkInPersonDto;

  @ApiProperty({ type: RegistrationOrganizationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RegistrationOrganizationDto)
  organization: RegistrationOrganizationDto;

  @ApiPropertyOptional({
    default: false,
    description:
      'Let the person in although the event (or their organization’s quota) is full: the capacity (or quota) is raised by one',
  })
  @IsOptional()
  @IsBoolean()
  overCapacity?: boolean;
}

export class WalkInResultDto extends CheckInResultDto {
  @ApiProperty({ example: 'K7MZ2QXA' }) checkInCode: string;
  @ApiProperty({ description: 'The capacity or the organization’s quota was raised by one to seat this person' })
  admittedOverCapacity: boolean;

  static fromWalkIn(r: WalkInResult): WalkInResultDto {
    return { ...CheckInResultDto.from(r), checkInCode: r.checkInCode, admittedOverCapacity: r.admittedOverCapacity };
  }
}
