import type { OrganizationType, RegionView } from '@tongxin/organizations';
import type { Question } from './questions/question.types';

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

/** What an organizer sets on an event (the rest is kept by the platform). */
export interface EventFields {
  title: string;
  titleEn: string | null;
  description: string | null;
  kind: EventKind;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  venue: string | null;
  joinUrl: string | null;
  capacity: number | null;
  perOrganizationLimit: number | null;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  requiresApproval: boolean;
  language: EventLanguage;
  reminderOffsets: string[];
  /** Minutes online (in an imported meeting export) that count as attending: 0..1440, default 30. */
  attendedMinMinutes: number;
}

/** An event row as the library hands it out (event.queries.ts). */
export interface EventView extends EventFields {
  id: string;
  slug: string;
  seriesId: string | null;
  sequenceNo: number | null;
  confirmedCount: number;
  scheduleVersion: number;
  /** The iCalendar SEQUENCE of the event: bumped when its title, time, place, link or status changes. */
  icsSequence: number;
  status: EventStatus;
  /** The registration questions, in order; removed ones (removedAt set) keep their answers until deleted. */
  questions: Question[];
  /** Moves with every change to the questions (answers are stored only against the version they were checked by). */
  questionsVersion: number;
  /** The countable question whose breakdown the summary's narrative mentions. */
  narrativeQuestion: string | null;
  publishedAt: Date | null;
  cancelledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SeriesView {
  id: string;
  title: string;
  titleEn: string | null;
  createdBy: string;
  createdAt: Date;
}

/** An organization as it appears among an event's hosts: public facts only. */
export interface HostOrganizationView {
  id: string;
  name: string;
  nameEn: string | null;
  type: OrganizationType;
  region: RegionView;
}

export interface HostView {
  role: HostRole;
  organization: HostOrganizationView;
}

export interface AgendaItemView {
  startsAt: Date;
  title: string;
  speaker: string | null;
  speakerAffiliation: string | null;
}

/** An event with what its page shows: its series, hosts and agenda, in their order. */
export interface EventDetail extends EventView {
  series: SeriesView | null;
  hosts: HostView[];
  agenda: AgendaItemView[];
}
