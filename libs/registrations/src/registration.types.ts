import type { Answers } from '@tongxin/events';
import type { OrganizationType } from '@tongxin/organizations';

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'pending', 'cancelled', 'rejected'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
/** The statuses a registration is created with. */
export type InitialStatus = Extract<RegistrationStatus, 'confirmed' | 'waitlisted' | 'pending'>;
export type RegistrationSource = 'self' | 'group' | 'import' | 'walk_in';
export type Locale = 'zh' | 'en';

export type OrganizationRef =
  { id: string } | { name: string; type: OrganizationType; regionCode: string; creditCode?: string | null };

/** A registration as the library hands it out (registration.queries.ts maps the row). */
export interface RegistrationView {
  id: string;
  eventId: string;
  organization: { id: string; name: string; regionCode: string };
  name: string;
  /** Normalized (trimmed, lower case). */
  email: string;
  phone: string | null;
  jobTitle: string | null;
  locale: Locale;
  status: RegistrationStatus;
  source: RegistrationSource;
  /** 8 characters of an unambiguous alphabet, unique within the event: what the door scans or types. */
  checkInCode: string;
  /** Answers to the event's questions by key (personal data: owners and managers, and the person themself). */
  answers: Answers;
  createdAt: Date;
  confirmedAt: Date | null;
  cancelledAt: Date | null;
}

/** A person as every registration path writes them: normalized email, trimmed text, a fresh manage-token hash. */
export interface NewPerson {
  name: string;
  email: string;
  phone: string | null;
  jobTitle: string | null;
  locale: Locale;
  /** SHA-256 of the manage token; the token itself is kept nowhere. */
  tokenHash: Buffer;
  /** Answers to the event's questions, checked (libs/events questions/answers.ts) and keyed by question key. */
  answers: Answers;
}
