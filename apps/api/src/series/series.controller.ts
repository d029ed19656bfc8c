import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { ApiErrorDto, uuidPipe } from '@tongxin/common';
import { EVENT_STATUSES, EventStatus, SeriesService, SeriesWithEvents } from '@tongxin/events';
import { IsOptional, IsString, Length } from 'class-validator';

export class CreateSeriesDto {
  @ApiProperty({ example: '公益大讲堂' })
  @IsString()
  @Length(1, 300)
  title: string;

  @ApiPropertyOptional({ example: 'Philanthropy Class' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  titleEn?: string;
}

export class SeriesEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty({ example: 23 }) sequenceNo: number;
  @ApiProperty() title: string;
  @ApiProperty() startsAt: Date;
  @ApiProperty({ enum: EVENT_STATUSES }) status: EventStatus;
}

export class SeriesDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) titleEn: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: [SeriesEventDto], description: 'Sessions you are on the team of, and published ones' })
  events: SeriesEventDto[];

  static from({ series, events }: SeriesWithEvents): SeriesDto {
    return {
      id: series.id,
      title: series.title,
      titleEn: series.titleEn,
      createdAt: series.createdAt,
      events: events.map((e) => ({
        id: e.id,
        slug: e.slug,
        sequenceNo: e.sequenceNo ?? 0,
        title: e.title,
        startsAt: e.startsAt,
        status: e.status,
      })),
    };
  }
}

@ApiTags('events')
@ApiBearerAuth()
@Controller('series')
export class SeriesController {
  constructor(private readonly series: SeriesService) {}

  @Post()
  @ApiOperation({ summary: 'Create a series of recurring sessions (a class, a yearly meeting)' })
  @ApiCreatedResponse({ type: SeriesDto })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateSeriesDto): Promise<SeriesDto> {
    return SeriesDto.from(await this.series.create(actor, dto));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A series with its sessions' })
  @ApiOkResponse({ type: SeriesDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<SeriesDto> {
    return SeriesDto.from(await this.series.get(actor, id));
  }
}
