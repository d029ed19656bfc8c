import { ApiProperty } from '@nestjs/swagger';
import { COUNTABLE_TYPES, EVENT_STATUSES, EventStatus, QuestionType } from '@tongxin/events';
import { Basis, SeriesSummary } from '@tongxin/summaries';
import { NarrativeDto, SummaryAnswerFiguresDto, SummaryQuestionOptionDto } from './summary.dto';

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

export class SeriesQuestionSessionOptionDto extends SummaryAnswerFiguresDto {
  @ApiProperty({ example: 'yes' }) key: string;
}

export class SeriesQuestionSessionDto {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ example: 23 }) sequenceNo: number;
  @ApiProperty({ type: SummaryAnswerFiguresDto, description: 'People of the session who answered' })
  answered: SummaryAnswerFiguresDto;
  @ApiProperty({ type: [SeriesQuestionSessionOptionDto], description: 'In the order of the totals' })
  options: SeriesQuestionSessionOptionDto[];
}

export class SeriesQuestionDto {
  @ApiProperty({ example: 'first_time' }) key: string;
  @ApiProperty({ enum: COUNTABLE_TYPES }) type: QuestionType;
  @ApiProperty({ description: 'As the latest session asking it says' }) labelZh: string;
  @ApiProperty({ nullable: true, type: String }) labelEn: string | null;
  @ApiProperty({
    type: SummaryAnswerFiguresDto,
    description: 'Across the sessions: people counted once a session (人次), organizations once across them',
  })
  answered: SummaryAnswerFiguresDto;
  @ApiProperty({
    type: [SummaryQuestionOptionDto],
    description: "The latest session's options, then options only earlier sessions had; totals across the sessions",
  })
  options: SummaryQuestionOptionDto[];
  @ApiProperty({ type: [SeriesQuestionSessionDto], description: 'Each session held that asks it' })
  sessions: SeriesQuestionSessionDto[];
}

export class SeriesSummaryDto {
  @ApiProperty({ type: SeriesRefDto }) series: SeriesRefDto;
  @ApiProperty({ enum: ['attended', 'registered'] }) basis: Basis;
  @ApiProperty({ type: [SeriesSessionDto] }) sessions: SeriesSessionDto[];
  @ApiProperty({ type: SeriesTotalsDto }) totals: SeriesTotalsDto;
  @ApiProperty({ type: [SeriesRegionDto] }) regions: SeriesRegionDto[];
  @ApiProperty({ type: [ReturningOrganizationDto], description: 'In more than one session held' })
  returningOrganizations: ReturningOrganizationDto[];
  @ApiProperty({
    type: [SeriesQuestionDto],
    description:
      'Each countable registration question of the sessions held that the caller owns or manages, by key (copies keep keys)',
  })
  questions: SeriesQuestionDto[];
  @ApiProperty({ type: NarrativeDto }) narrative: NarrativeDto;

  static from(s: SeriesSummary): SeriesSummaryDto {
    return {
      series: s.series,
      basis: s.basis,
      sessions: s.sessions,
      totals: s.totals,
      regions: s.regions,
      returningOrganizations: s.returningOrganizations,
      questions: s.questions,
      narrative: s.narrative,
    };
  }
}
