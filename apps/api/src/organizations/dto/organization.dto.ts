import { PageQuery } from '../../common/page-query.dto';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsCreditCode,
  ORGANIZATION_TYPES,
  OrganizationForActor,
  OrganizationType,
  RegionView,
} from '@tongxin/organizations';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

export class CreateOrganizationDto {
  @ApiProperty({ example: '北京市海淀区社会组织发展促进会' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'Haidian Social Organization Development Association' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  nameEn?: string;

  @ApiProperty({ enum: ORGANIZATION_TYPES })
  @IsIn(ORGANIZATION_TYPES)
  type: OrganizationType;

  @ApiProperty({ example: '110000', description: 'GB/T 2260 code of a provincial-level division' })
  @Matches(/^\d{6}$/, { message: 'regionCode must be a six-digit GB/T 2260 code such as 110000' })
  regionCode: string;

  @ApiPropertyOptional({ example: '北京市' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  city?: string;

  @ApiPropertyOptional({ example: '91350100M000100Y43', description: 'Unified social credit code' })
  @IsOptional()
  @IsCreditCode()
  creditCode?: string;
}

export class UpdateOrganizationDto extends PartialType(CreateOrganizationDto) {}

export class ListOrganizationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Matches the Chinese or English name, or an exact credit code' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ example: '130000' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'regionCode must be a six-digit GB/T 2260 code' })
  regionCode?: string;

  @ApiPropertyOptional({ enum: ORGANIZATION_TYPES })
  @IsOptional()
  @IsIn(ORGANIZATION_TYPES)
  type?: OrganizationType;
}

export class RegionDto {
  @ApiProperty({ example: '110000' }) code: string;
  @ApiProperty({ example: '北京市' }) nameZh: string;
  @ApiProperty({ example: 'Beijing' }) nameEn: string;

  static from(r: RegionView): RegionDto {
    return { code: r.code, nameZh: r.nameZh, nameEn: r.nameEn };
  }
}

export class OrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) nameEn: string | null;
  @ApiProperty({ enum: ORGANIZATION_TYPES }) type: OrganizationType;
  @ApiProperty({ type: RegionDto }) region: RegionDto;
  @ApiProperty({ nullable: true, type: String }) city: string | null;
  @ApiProperty({ nullable: true, type: String }) creditCode: string | null;
  @ApiProperty({ description: 'Checked by platform staff; organizations added at registration start unverified' })
  verified: boolean;
  @ApiProperty({
    description:
      'Whether you may edit it now: you added it, it is not verified, and no event you cannot edit uses it ' +
      '(as a host or through registrations). Otherwise changes go through a platform administrator.',
  })
  editable: boolean;
  @ApiProperty() createdAt: Date;

  static from({ organization: o, editable }: OrganizationForActor): OrganizationDto {
    return {
      id: o.id,
      name: o.name,
      nameEn: o.nameEn,
      type: o.type,
      region: RegionDto.from(o.region),
      city: o.city,
      creditCode: o.creditCode,
      verified: o.verified,
      editable,
      createdAt: o.createdAt,
    };
  }
}

export class OrganizationPageDto {
  @ApiProperty({ type: [OrganizationDto] })
  @Type(() => OrganizationDto)
  items: OrganizationDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor to get the next page' })
  nextCursor: string | null;
}
