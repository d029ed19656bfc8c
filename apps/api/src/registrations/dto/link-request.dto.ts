import { ApiProperty } from '@nestjs/swagger';
import { Trim } from '@tongxin/common';
import { IsEmail, MaxLength } from 'class-validator';

export class CreateLinkRequestDto {
  @ApiProperty({
    example: 'zhang.wei@example.org',
    description: 'The address the registration (or group) was made with',
  })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}

/** The same answer whether or not the address is registered. */
export class LinkRequestAcceptedDto {
  @ApiProperty({ example: true }) accepted: true;
}
