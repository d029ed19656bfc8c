import { OrganizationEntity } from '@tongxin/organizations';
import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const EVENT_KINDS = ['in_person', 'online', 'hybrid'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const EVENT_LANGUAGES = ['zh', 'en'] as const;
export type EventLanguage = (typeof EVENT_LANGUAGES)[number];
export const TEAM_ROLES = ['owner', 'manager', 'checkin'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
export const HOST_ROLES = ['guiding', 'host', 'organizer', 'co_organizer'] as const;
export type HostRole = (typeof HOST_ROLES)[number];

@Entity('series')
export class SeriesEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'title_en', type: 'text', nullable: true })
  titleEn: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('event')
export class EventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  slug: string;

  @Column({ name: 'series_id', type: 'uuid', nullable: true })
  seriesId: string | null;

  @ManyToOne(() => SeriesEntity, { nullable: true })
  @JoinColumn({ name: 'series_id' })
  series: SeriesEntity | null;

  @Column({ name: 'sequence_no', type: 'integer', nullable: true })
  sequenceNo: number | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'title_en', type: 'text', nullable: true })
  titleEn: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text' })
  kind: EventKind;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'text' })
  timezone: string;

  @Column({ type: 'text', nullable: true })
  venue: string | null;

  @Column({ name: 'join_url', type: 'text', nullable: true })
  joinUrl: string | null;

  @Column({ type: 'integer', nullable: true })
  capacity: number | null;

  @Column({ name: 'per_organization_limit', type: 'integer', nullable: true })
  perOrganizationLimit: number | null;

  @Column({ name: 'confirmed_count', type: 'integer', default: 0 })
  confirmedCount: number;

  @Column({ name: 'registration_opens_at', type: 'timestamptz', nullable: true })
  registrationOpensAt: Date | null;

  @Column({ name: 'registration_closes_at', type: 'timestamptz', nullable: true })
  registrationClosesAt: Date | null;

  @Column({ name: 'requires_approval', type: 'boolean', default: false })
  requiresApproval: boolean;

  @Column({ type: 'text' })
  language: EventLanguage;

  @Column({ name: 'reminder_offsets', type: 'text', array: true })
  reminderOffsets: string[];

  @Column({ name: 'schedule_version', type: 'integer', default: 1 })
  scheduleVersion: number;

  /** The iCalendar SEQUENCE of the event: bumped when its title, time, place, link or status changes. */
  @Column({ name: 'ics_sequence', type: 'integer', default: 0 })
  icsSequence: number;

  @Column({ type: 'text', default: 'draft' })
  status: EventStatus;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @OneToMany(() => EventHostEntity, (host) => host.event)
  hosts: EventHostEntity[];

  @OneToMany(() => AgendaItemEntity, (item) => item.event)
  agenda: AgendaItemEntity[];
}

@Entity('event_member')
export class EventMemberEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @PrimaryColumn({ name: 'organizer_id', type: 'uuid' })
  organizerId: string;

  @Column({ type: 'text' })
  role: TeamRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('event_host')
export class EventHostEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => EventEntity, (event) => event.hosts, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event: EventEntity;

  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { eager: true })
  @JoinColumn({ name: 'organization_id' })
  organization: OrganizationEntity;

  @PrimaryColumn({ type: 'text' })
  role: HostRole;

  @Column({ type: 'integer' })
  position: number;
}

@Entity('agenda_item')
export class AgendaItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => EventEntity, (event) => event.agenda, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event: EventEntity;

  @Column({ type: 'integer' })
  position: number;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  speaker: string | null;

  @Column({ name: 'speaker_affiliation', type: 'text', nullable: true })
  speakerAffiliation: string | null;
}
