import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { OrganizerView } from '@tongxin/accounts';
import { Trim } from '@tongxin/common';
import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export class SignupDto {
  @ApiProperty({ example: 'li.ming@example.org' })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 8, maxLength: 128 })
  @IsString()
  @Length(8, 128, { message: 'password must be 8 to 128 characters' })
  password: string;

  @ApiProperty({ example: '李明' })
  @IsString()
  @Length(1, 100)
  name: string;
}

export class LoginDto {
  @ApiProperty({ example: 'li.ming@example.org' })
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @Length(1, 128)
  password: string;
}

export class OrganizerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty() createdAt: Date;

  static from(o: OrganizerView): OrganizerDto {
    return { id: o.id, email: o.email, name: o.name, createdAt: o.createdAt };
  }
}

export class TokenDto {
  @ApiProperty({ description: 'JWT bearer token' }) accessToken: string;
}

export class SignupResponseDto extends TokenDto {
  @ApiProperty({ type: OrganizerDto }) user: OrganizerDto;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'li.ming@example.org' })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ enum: ['zh', 'en'], default: 'zh', description: 'The language of the mail' })
  @IsOptional()
  @IsIn(['zh', 'en'])
  locale?: 'zh' | 'en';
}

export class NewPasswordDto {
  @ApiProperty({ minLength: 8, maxLength: 128 })
  @IsString()
  @Length(8, 128, { message: 'password must be 8 to 128 characters' })
  password: string;
}
