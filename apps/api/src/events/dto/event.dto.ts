import { ApiProperty } from '@nestjs/swagger';
import {
  AgendaItemView,
  EVENT_KINDS,
  EVENT_LANGUAGES,
  EVENT_STATUSES,
  EventDetail,
  EventKind,
  EventLanguage,
  EventStatus,
  EventView,
  HOST_ROLES,
  HostOrganizationView,
  HostRole,
  HostView,
  isActive,
  TEAM_ROLES,
  TeamRole,
} from '@tongxin/events';
import { ORGANIZATION_TYPES, OrganizationType } from '@tongxin/organizations';
import { RegionDto } from '../../organizations/dto/organization.dto';
import { QuestionDto, RemovedQuestionDto } from './question.dto';

/** An organization as it appears on an event page: public facts only. */
export class HostOrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) nameEn: string | null;
  @ApiProperty({ enum: ORGANIZATION_TYPES }) type: OrganizationType;
  @ApiProperty({ type: RegionDto }) region: RegionDto;

  static from(o: HostOrganizationView): HostOrganizationDto {
    return { id: o.id, name: o.name, nameEn: o.nameEn, type: o.type, region: RegionDto.from(o.region) };
  }
}

export class HostDto {
  @ApiProperty({ enum: HOST_ROLES }) role: HostRole;
  @ApiProperty({ type: HostOrganizationDto }) organization: HostOrganizationDto;

  static from(h: HostView): HostDto {
    return { role: h.role, organization: HostOrganizationDto.from(h.organization) };
  }
}

export class AgendaItemDto {
  @ApiProperty() startsAt: Date;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) speaker: string | null;
  @ApiProperty({ nullable: true, type: String }) speakerAffiliation: string | null;

  static from(a: AgendaItemView): AgendaItemDto {
    return { startsAt: a.startsAt, title: a.title, speaker: a.speaker, speakerAffiliation: a.speakerAffiliation };
  }
}

export class EventSeriesRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) titleEn: string | null;
  @ApiProperty({ example: 23 }) sequenceNo: number;

  static from(e: EventDetail): EventSeriesRefDto | null {
    return e.series && e.sequenceNo
      ? { id: e.series.id, title: e.series.title, titleEn: e.series.titleEn, sequenceNo: e.sequenceNo }
      : null;
  }
}

function seatsLeft(e: EventView): number | null {
  return e.capacity === null ? null : Math.max(0, e.capacity - e.confirmedCount);
}

/** What anyone may see of a published event: no join link, no personal data. */
export class PublicEventDto {
  @ApiProperty() slug: string;
  @ApiProperty({ enum: EVENT_STATUSES }) status: EventStatus;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) titleEn: string | null;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: EVENT_KINDS }) kind: EventKind;
  @ApiProperty() startsAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty({ example: 'Asia/Shanghai' }) timezone: string;
  @ApiProperty({ nullable: true, type: String }) venue: string | null;
  @ApiProperty({ enum: EVENT_LANGUAGES }) language: EventLanguage;
  @ApiProperty({ nullable: true, type: Number, description: 'null: unlimited' }) capacity: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'null: unlimited' }) seatsLeft: number | null;
  @ApiProperty({ nullable: true, type: Date }) registrationOpensAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) registrationClosesAt: Date | null;
  @ApiProperty({ description: 'Published, not cancelled, and now inside the registration window' })
  registrationOpen: boolean;
  @ApiProperty() requiresApproval: boolean;
  @ApiProperty({ type: EventSeriesRefDto, nullable: true }) series: EventSeriesRefDto | null;
  @ApiProperty({ type: [HostDto] }) hosts: HostDto[];
  @ApiProperty({ type: [AgendaItemDto] }) agenda: AgendaItemDto[];
  @ApiProperty({ type: [QuestionDto], description: 'What the registration form asks, in order' })
  questions: QuestionDto[];

  static from(e: EventDetail, now = new Date()): PublicEventDto {
    const open =
      e.status === 'published' &&
      (!e.registrationOpensAt || e.registrationOpensAt <= now) &&
      (!e.registrationClosesAt || e.registrationClosesAt > now) &&
      e.endsAt > now;
    return {
      slug: e.slug,
      status: e.status,
      title: e.title,
      titleEn: e.titleEn,
      description: e.description,
      kind: e.kind,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      timezone: e.timezone,
      venue: e.venue,
      language: e.language,
      capacity: e.capacity,
      seatsLeft: seatsLeft(e),
      registrationOpensAt: e.registrationOpensAt,
      registrationClosesAt: e.registrationClosesAt,
      registrationOpen: open,
      requiresApproval: e.requiresApproval,
      series: EventSeriesRefDto.from(e),
      hosts: e.hosts.map(HostDto.from),
      agenda: e.agenda.map(AgendaItemDto.from),
      questions: e.questions.filter(isActive).map(QuestionDto.from),
    };
  }
}

/** An event as its own team sees it. */
export class EventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty({ enum: EVENT_STATUSES }) status: EventStatus;
  @ApiProperty({ enum: TEAM_ROLES, description: 'Your role on this event' }) myRole: TeamRole;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) titleEn: string | null;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: EVENT_KINDS }) kind: EventKind;
  @ApiProperty() startsAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty() timezone: string;
  @ApiProperty({ nullable: true, type: String }) venue: string | null;
  @ApiProperty({ nullable: true, type: String }) joinUrl: string | null;
  @ApiProperty({ nullable: true, type: Number }) capacity: number | null;
  @ApiProperty({ nullable: true, type: Number }) perOrganizationLimit: number | null;
  @ApiProperty() confirmedCount: number;
  @ApiProperty({ nullable: true, type: Number }) seatsLeft: number | null;
  @ApiProperty({ nullable: true, type: Date }) registrationOpensAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) registrationClosesAt: Date | null;
  @ApiProperty() requiresApproval: boolean;
  @ApiProperty({ enum: EVENT_LANGUAGES }) language: EventLanguage;
  @ApiProperty({ type: [String], example: ['P1D', 'PT1H'] }) reminderOffsets: string[];
  @ApiProperty({ example: 30, description: 'Minutes online (in an imported meeting export) that count as attending' })
  attendedMinMinutes: number;
  @ApiProperty({
    description: 'Goes up each time the start time or the reminder offsets change (pending reminders move with it)',
  })
  scheduleVersion: number;
  @ApiProperty({ type: EventSeriesRefDto, nullable: true }) series: EventSeriesRefDto | null;
  @ApiProperty({ type: [HostDto] }) hosts: HostDto[];
  @ApiProperty({ type: [AgendaItemDto] }) agenda: AgendaItemDto[];
  @ApiProperty({ type: [QuestionDto], description: 'The registration questions, in order' })
  questions: QuestionDto[];
  @ApiProperty({
    type: [RemovedQuestionDto],
    description: 'Questions taken off the form whose answers are kept until deleted (DELETE …/questions/{key}/answers)',
  })
  removedQuestions: RemovedQuestionDto[];
  @ApiProperty({ nullable: true, type: String, description: 'The question whose breakdown the narrative mentions' })
  narrativeQuestion: string | null;
  @ApiProperty({ nullable: true, type: Date }) publishedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) cancelledAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(e: EventDetail, myRole: TeamRole): EventDto {
    return {
      id: e.id,
      slug: e.slug,
      status: e.status,
      myRole,
      title: e.title,
      titleEn: e.titleEn,
      description: e.description,
      kind: e.kind,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      timezone: e.timezone,
      venue: e.venue,
      joinUrl: e.joinUrl,
      capacity: e.capacity,
      perOrganizationLimit: e.perOrganizationLimit,
      confirmedCount: e.confirmedCount,
      seatsLeft: seatsLeft(e),
      registrationOpensAt: e.registrationOpensAt,
      registrationClosesAt: e.registrationClosesAt,
      requiresApproval: e.requiresApproval,
      language: e.language,
      reminderOffsets: e.reminderOffsets,
      attendedMinMinutes: e.attendedMinMinutes,
      scheduleVersion: e.scheduleVersion,
      series: EventSeriesRefDto.from(e),
      hosts: e.hosts.map(HostDto.from),
      agenda: e.agenda.map(AgendaItemDto.from),
      questions: e.questions.filter(isActive).map(QuestionDto.from),
      removedQuestions: e.questions.filter((q) => !isActive(q)).map(RemovedQuestionDto.from),
      narrativeQuestion: e.narrativeQuestion,
      publishedAt: e.publishedAt,
      cancelledAt: e.cancelledAt,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    };
  }
}

/** An event as GET /api/events lists it (not the event's summary: that is EventSummaryDto). */
export class EventListItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty({ enum: EVENT_STATUSES }) status: EventStatus;
  @ApiProperty({ enum: TEAM_ROLES }) myRole: TeamRole;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) titleEn: string | null;
  @ApiProperty({ enum: EVENT_KINDS }) kind: EventKind;
  @ApiProperty() startsAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty() timezone: string;
  @ApiProperty({ nullable: true, type: Number }) capacity: number | null;
  @ApiProperty() confirmedCount: number;
  @ApiProperty({ nullable: true, type: Number }) sequenceNo: number | null;

  static from(e: EventView, myRole: TeamRole): EventListItemDto {
    return {
      id: e.id,
      slug: e.slug,
      status: e.status,
      myRole,
      title: e.title,
      titleEn: e.titleEn,
      kind: e.kind,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      timezone: e.timezone,
      capacity: e.capacity,
      confirmedCount: e.confirmedCount,
      sequenceNo: e.sequenceNo,
    };
  }
}

export class EventPageDto {
  @ApiProperty({ type: [EventListItemDto] }) items: EventListItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
