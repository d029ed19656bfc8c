import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateTimeWithOffset } from '@tongxin/common';
import {
  INTENTION_FIELDS,
  INTENTION_STATUSES,
  IntentionField,
  IntentionList,
  IntentionStatus,
  IntentionView,
} from '@tongxin/summaries';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateIf,
} from 'class-validator';

const FIELD_DESCRIPTION =
  'tech_innovation (科技创新), industrial_collaboration (产业协作), charity (公益慈善), forum (论坛), competition (赛事), ' +
  'group_standard (团体标准), training (培训), research (调研), other';

export class CreateIntentionDto {
  @ApiProperty({ example: '京津冀社区养老服务合作' })
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Two or more distinct organizations', minItems: 2 })
  @IsArray()
  @ArrayMinSize(2, { message: 'organizationIds must name two or more organizations' })
  @ArrayMaxSize(50)
  @IsUUID('4', { each: true, message: 'each of organizationIds must be a UUID' })
  organizationIds: string[];

  @ApiProperty({ enum: INTENTION_FIELDS, description: FIELD_DESCRIPTION })
  @IsIn(INTENTION_FIELDS)
  field: IntentionField;

  @ApiProperty({ enum: INTENTION_STATUSES })
  @IsIn(INTENTION_STATUSES)
  status: IntentionStatus;

  @ApiPropertyOptional({
    example: '2026-12-05T15:30:00+08:00',
    description: 'Required when status is signed, else absent',
  })
  @IsOptional()
  @IsDateTimeWithOffset()
  signedAt?: string;
}

export class UpdateIntentionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ enum: INTENTION_FIELDS })
  @IsOptional()
  @IsIn(INTENTION_FIELDS)
  field?: IntentionField;

  @ApiPropertyOptional({ enum: INTENTION_STATUSES, description: 'Leaving signed drops signedAt' })
  @IsOptional()
  @IsIn(INTENTION_STATUSES)
  status?: IntentionStatus;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Required when moving to signed' })
  @IsOptional()
  @ValidateIf((_: object, value: unknown) => value !== null)
  @IsDateTimeWithOffset()
  signedAt?: string | null;
}

export class IntentionPartyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) nameEn: string | null;
  @ApiProperty({ example: '110000' }) regionCode: string;
}

export class IntentionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: INTENTION_FIELDS }) field: IntentionField;
  @ApiProperty({ enum: INTENTION_STATUSES }) status: IntentionStatus;
  @ApiProperty({ nullable: true, type: Date }) signedAt: Date | null;
  @ApiProperty({ type: [IntentionPartyDto] }) parties: IntentionPartyDto[];
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(i: IntentionView): IntentionDto {
    return {
      id: i.id,
      title: i.title,
      field: i.field,
      status: i.status,
      signedAt: i.signedAt,
      parties: i.parties.map((p) => ({ id: p.id, name: p.name, nameEn: p.nameEn, regionCode: p.regionCode })),
      createdAt: i.createdAt,
      updatedAt: i.updatedAt,
    };
  }
}

export class IntentionListDto {
  @ApiProperty({ type: [IntentionDto] }) items: IntentionDto[];
  @ApiProperty() total: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Count per field, every field present',
    example: { charity: 3, training: 0 },
  })
  byField: Record<IntentionField, number>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Count per status, every status present',
    example: { intent: 2, negotiating: 0, signed: 1 },
  })
  byStatus: Record<IntentionStatus, number>;

  static from(list: IntentionList): IntentionListDto {
    return {
      items: list.items.map(IntentionDto.from),
      total: list.total,
      byField: list.byField,
      byStatus: list.byStatus,
    };
  }
}
