import type { AgendaItemView, EventKind, EventLanguage, EventStatus, HostRole } from '@tongxin/events';
import type { OrganizationType, RegionView } from '@tongxin/organizations';
import type { RegistrationStatus } from '@tongxin/registrations';
import type { IntentionCounts } from './intention.types';
import type { Basis, Narrative } from './narrative';
import type { QuestionFigures } from './question-figures';

/** What summary.queries.ts reads, per organization with registrations for the event (one aggregate). */
export interface OrganizationFigures {
  id: string;
  name: string;
  nameEn: string | null;
  type: OrganizationType;
  region: RegionView;
  byStatus: Record<RegistrationStatus, number>;
  /** Registrations confirmed, waitlisted or pending (not cancelled or rejected). */
  registered: number;
  /** Registrations still standing that were checked in, joined online, or had enough imported minutes. */
  attended: number;
  /** Of them, confirmed ones: the attendance rate's numerator. */
  confirmedAttended: number;
  checkedIn: number;
  joinedOnline: number;
  attendedByImport: number;
  /** Had a registration (not cancelled or rejected) in an earlier session of the event's series. */
  inEarlierSession: boolean;
}

export interface RegionFigures extends RegionView {
  /** Organizations with people registered / attended. */
  organizations: number;
  organizationsAttended: number;
  registered: number;
  attended: number;
}

export interface TypeFigures {
  type: OrganizationType;
  organizations: number;
  organizationsAttended: number;
  registered: number;
  attended: number;
}

export interface MessageFigures {
  kind: string;
  sent: number;
  failed: number;
}

export interface EventSummary {
  event: {
    id: string;
    title: string;
    titleEn: string | null;
    kind: EventKind;
    status: EventStatus;
    startsAt: Date;
    endsAt: Date;
    timezone: string;
    venue: string | null;
    language: EventLanguage;
    attendedMinMinutes: number;
    /** The question whose breakdown the narrative mentions (a key of `questions`), if the organizer chose one. */
    narrativeQuestion: string | null;
  };
  /** For a session of a series: its number, and its organizations (the basis's) new to the series or returning. */
  series: {
    id: string;
    title: string;
    titleEn: string | null;
    sequenceNo: number;
    newOrganizations: number;
    returningOrganizations: number;
  } | null;
  /** Which figures the narrative and the "new versus returning" counts use. */
  basis: Basis;
  registrations: Record<RegistrationStatus | 'total', number>;
  attendance: {
    confirmed: number;
    attended: number;
    /** Confirmed people who attended / confirmed, three decimals; 0 without confirmed people (as GET …/attendance). */
    attendanceRate: number;
    checkedIn: number;
    joinedOnline: number;
    attendedByImport: number;
    unregisteredParticipants: number;
    /** Unregistered participants online for at least the event's attendedMinMinutes. */
    unregisteredAttended: number;
  };
  people: { registered: number; attended: number };
  organizations: { registered: number; attended: number };
  /** Most people (of the basis) first. */
  regions: RegionFigures[];
  organizationTypes: TypeFigures[];
  hosts: { role: HostRole; organizations: { id: string; name: string; nameEn: string | null }[] }[];
  agenda: AgendaItemView[];
  /** Each speaker once, in agenda order. */
  speakers: { name: string; affiliation: string | null }[];
  messages: MessageFigures[];
  intentions: IntentionCounts & { signed: number; signedOnSite: number };
  /** Each countable registration question, counted per option (removed ones while answers are kept). */
  questions: QuestionFigures[];
  narrative: Narrative;
  /** Every organization's figures, most people first (the downloads list them; the JSON summary does not). */
  organizationList: OrganizationFigures[];
}
