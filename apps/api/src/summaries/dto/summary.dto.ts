import { ApiProperty } from '@nestjs/swagger';
import {
  COUNTABLE_TYPES,
  EVENT_KINDS,
  EVENT_STATUSES,
  EventKind,
  EventStatus,
  HOST_ROLES,
  HostRole,
  QuestionType,
} from '@tongxin/events';
import { ORGANIZATION_TYPES, OrganizationType } from '@tongxin/organizations';
import type { RegistrationStatus } from '@tongxin/registrations';
import { Basis, EventSummary, IntentionField, IntentionStatus } from '@tongxin/summaries';
import { AgendaItemDto } from '../../events/dto/event.dto';

const BASES = ['attended', 'registered'];

export class NarrativeDto {
  @ApiProperty({ example: '8月12日，第23期老牛公益课在线上举行，来自…等地区467家机构的12000余人参加。' }) zh: string;
  @ApiProperty({ example: 'On August 12, the 23rd Lao Niu Philanthropy Class was held online. …' }) en: string;
}

export class SummaryEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) titleEn: string | null;
  @ApiProperty({ enum: EVENT_KINDS }) kind: EventKind;
  @ApiProperty({ enum: EVENT_STATUSES }) status: EventStatus;
  @ApiProperty() startsAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty() timezone: string;
  @ApiProperty({ nullable: true, type: String }) venue: string | null;
  @ApiProperty({ description: 'Minutes online (by import) that count as attending' }) attendedMinMinutes: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The question whose breakdown the narrative mentions (a key of questions), if one was chosen',
  })
  narrativeQuestion: string | null;
}

export class SummarySeriesDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) titleEn: string | null;
  @ApiProperty({ example: 23 }) sequenceNo: number;
  @ApiProperty({ description: 'Organizations (of the basis) not registered for an earlier session' })
  newOrganizations: number;
  @ApiProperty({ description: 'Organizations (of the basis) registered for an earlier session' })
  returningOrganizations: number;
}

export class RegistrationCountsDto {
  @ApiProperty() total: number;
  @ApiProperty() confirmed: number;
  @ApiProperty() waitlisted: number;
  @ApiProperty() pending: number;
  @ApiProperty() cancelled: number;
  @ApiProperty() rejected: number;
}

/** Who attended, as the summary counts it (GET …/attendance answers its own AttendanceFiguresDto). */
export class SummaryAttendanceDto {
  @ApiProperty() confirmed: number;
  @ApiProperty({
    description: 'Registrations (not cancelled or rejected) checked in, joined online, or online long enough',
  })
  attended: number;
  @ApiProperty({ description: 'Confirmed people who attended / confirmed (three decimals), as GET …/attendance' })
  attendanceRate: number;
  @ApiProperty() checkedIn: number;
  @ApiProperty() joinedOnline: number;
  @ApiProperty() attendedByImport: number;
  @ApiProperty() unregisteredParticipants: number;
  @ApiProperty() unregisteredAttended: number;
}

export class RegisteredAttendedDto {
  @ApiProperty({ description: 'Confirmed, waitlisted or pending' }) registered: number;
  @ApiProperty() attended: number;
}

export class RegionFiguresDto {
  @ApiProperty({ example: '110000' }) code: string;
  @ApiProperty({ example: '北京市' }) nameZh: string;
  @ApiProperty({ example: 'Beijing' }) nameEn: string;
  @ApiProperty() organizations: number;
  @ApiProperty() organizationsAttended: number;
  @ApiProperty() registered: number;
  @ApiProperty() attended: number;
}

export class TypeFiguresDto {
  @ApiProperty({ enum: ORGANIZATION_TYPES }) type: OrganizationType;
  @ApiProperty() organizations: number;
  @ApiProperty() organizationsAttended: number;
  @ApiProperty() registered: number;
  @ApiProperty() attended: number;
}

export class HostUnitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) nameEn: string | null;
}

export class HostsByRoleDto {
  @ApiProperty({ enum: HOST_ROLES }) role: HostRole;
  @ApiProperty({ type: [HostUnitDto] }) organizations: HostUnitDto[];
}

export class SpeakerDto {
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) affiliation: string | null;
}

export class MessageFiguresDto {
  @ApiProperty({ example: 'confirmation' }) kind: string;
  @ApiProperty() sent: number;
  @ApiProperty() failed: number;
}

export class IntentionFiguresDto {
  @ApiProperty() total: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { charity: 3, training: 1 } })
  byField: Record<IntentionField, number>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { intent: 2, negotiating: 1, signed: 1 },
  })
  byStatus: Record<IntentionStatus, number>;
  @ApiProperty() signed: number;
  @ApiProperty({ description: 'Signed on one of the event days (in its time zone)' }) signedOnSite: number;
}

/** People who gave an answer (registered: not cancelled or rejected), and for organization_field their organizations. */
export class SummaryAnswerFiguresDto {
  @ApiProperty({ description: 'People registered (not cancelled or rejected)' }) registered: number;
  @ApiProperty({ description: 'Of them, people who attended' }) attended: number;
  @ApiProperty({
    type: RegisteredAttendedDto,
    required: false,
    description: 'organization_field only: distinct organizations of those people (registered, attended)',
  })
  organizations?: RegisteredAttendedDto;
}

export class SummaryQuestionOptionDto extends SummaryAnswerFiguresDto {
  @ApiProperty({ example: 'yes' }) key: string;
  @ApiProperty({ example: '是' }) labelZh: string;
  @ApiProperty({ nullable: true, type: String, example: 'Yes' }) labelEn: string | null;
}

export class SummaryQuestionDto {
  @ApiProperty({ example: 'first_time' }) key: string;
  @ApiProperty({ enum: COUNTABLE_TYPES }) type: QuestionType;
  @ApiProperty({ example: '是否首次参加' }) labelZh: string;
  @ApiProperty({ nullable: true, type: String, example: 'Is this your first time?' }) labelEn: string | null;
  @ApiProperty({ description: 'Taken off the form: listed while its answers are kept' }) removed: boolean;
  @ApiProperty({ type: SummaryAnswerFiguresDto, description: 'People who answered' }) answered: SummaryAnswerFiguresDto;
  @ApiProperty({
    type: [SummaryQuestionOptionDto],
    description: "In the question's order (yes_no: yes, no); a multi_choice answer counts under each option picked",
  })
  options: SummaryQuestionOptionDto[];
}

export class EventSummaryDto {
  @ApiProperty({ type: SummaryEventDto }) event: SummaryEventDto;
  @ApiProperty({ type: SummarySeriesDto, nullable: true }) series: SummarySeriesDto | null;
  @ApiProperty({ enum: BASES, description: 'attended once anyone attended; the narrative says 参加 or 报名 by it' })
  basis: Basis;
  @ApiProperty({ type: RegistrationCountsDto }) registrations: Record<RegistrationStatus | 'total', number>;
  @ApiProperty({ type: SummaryAttendanceDto }) attendance: SummaryAttendanceDto;
  @ApiProperty({ type: RegisteredAttendedDto }) people: RegisteredAttendedDto;
  @ApiProperty({ type: RegisteredAttendedDto }) organizations: RegisteredAttendedDto;
  @ApiProperty({ type: [RegionFiguresDto], description: 'Most people first' }) regions: RegionFiguresDto[];
  @ApiProperty({ type: [TypeFiguresDto] }) organizationTypes: TypeFiguresDto[];
  @ApiProperty({ type: [HostsByRoleDto] }) hosts: HostsByRoleDto[];
  @ApiProperty({ type: [AgendaItemDto] }) agenda: AgendaItemDto[];
  @ApiProperty({ type: [SpeakerDto] }) speakers: SpeakerDto[];
  @ApiProperty({ type: [MessageFiguresDto] }) messages: MessageFiguresDto[];
  @ApiProperty({ type: IntentionFiguresDto }) intentions: IntentionFiguresDto;
  @ApiProperty({
    type: [SummaryQuestionDto],
    description: 'Each choice, multi_choice, yes_no and organization_field registration question, counted per option',
  })
  questions: SummaryQuestionDto[];
  @ApiProperty({ type: NarrativeDto }) narrative: NarrativeDto;

  /** Everything but the per-organization list, which only the downloads carry. */
  static from(s: EventSummary): EventSummaryDto {
    return {
      event: {
        id: s.event.id,
        title: s.event.title,
        titleEn: s.event.titleEn,
        kind: s.event.kind,
        status: s.event.status,
        startsAt: s.event.startsAt,
        endsAt: s.event.endsAt,
        timezone: s.event.timezone,
        venue: s.event.venue,
        attendedMinMinutes: s.event.attendedMinMinutes,
        narrativeQuestion: s.event.narrativeQuestion,
      },
      series: s.series,
      basis: s.basis,
      registrations: s.registrations,
      attendance: s.attendance,
      people: s.people,
      organizations: s.organizations,
      regions: s.regions,
      organizationTypes: s.organizationTypes,
      hosts: s.hosts,
      agenda: s.agenda.map(AgendaItemDto.from),
      speakers: s.speakers,
      messages: s.messages,
      intentions: s.intentions,
      questions: s.questions,
      narrative: s.narrative,
    };
  }
}
