import { ApiProperty } from '@nestjs/swagger';
import { EVENT_STATUSES, EventStatus } from '@tongxin/events';
import { Basis, SeriesSummary } from '@tongxin/summaries';
import { NarrativeDto } from './summary.dto';

export class SeriesSessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 23 }) sequenceNo: number;
  @ApiProperty() title: string;
  @ApiProperty() startsAt: Date;
  @ApiProperty({ enum: EVENT_STATUSES }) status: EventStatus;
  @ApiProperty() registered: number;
  @ApiProperty() attended: number;
  @ApiProperty() organizations: number;
  @ApiProperty() organizationsAttended: number;
}

export class SeriesFiguresDto {
  @ApiProperty({ description: 'Distinct people (by email) registered in the sessions held' }) people: number;
  @ApiProperty() peopleAttended: number;
  @ApiProperty() organizations: number;
  @ApiProperty() organizationsAttended: number;
  @ApiProperty({ description: 'Registrations, each session counted (人次)' }) registrations: number;
  @ApiProperty() attendances: number;
}

export class SeriesTotalsDto extends SeriesFiguresDto {
  @ApiProperty({ description: 'Published sessions' }) sessionsHeld: number;
}

export class SeriesRegionDto extends SeriesFiguresDto {
  @ApiProperty({ example: '110000' }) code: string;
  @ApiProperty() nameZh: string;
  @ApiProperty() nameEn: string;
}

export class ReturningOrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) nameEn: string | null;
  @ApiProperty() regionCode: string;
  @ApiProperty() sessions: number;
  @ApiProperty() sessionsAttended: number;
}

export class SeriesRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) titleEn: string | null;
}

export class SeriesSummaryDto {
  @ApiProperty({ type: SeriesRefDto }) series: SeriesRefDto;
  @ApiProperty({ enum: ['attended', 'registered'] }) basis: Basis;
  @ApiProperty({ type: [SeriesSessionDto] }) sessions: SeriesSessionDto[];
  @ApiProperty({ type: SeriesTotalsDto }) totals: SeriesTotalsDto;
  @ApiProperty({ type: [SeriesRegionDto] }) regions: SeriesRegionDto[];
  @ApiProperty({ type: [ReturningOrganizationDto], description: 'In more than one session held' })
  returningOrganizations: ReturningOrganizationDto[];
  @ApiProperty({ type: NarrativeDto }) narrative: NarrativeDto;

  static from(s: SeriesSummary): SeriesSummaryDto {
    return {
      series: s.series,
      basis: s.basis,
      sessions: s.sessions,
      totals: s.totals,
      regions: s.regions,
      returningOrganizations: s.returningOrganizations,
      narrative: s.narrative,
    };
  }
}
