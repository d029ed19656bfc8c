import type { OrganizationType } from '@tongxin/organizations';

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'pending', 'cancelled', 'rejected'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export type Locale = 'zh' | 'en';

export type OrganizationRef =
  | { id: string }
  | { name: string; type: OrganizationType; regionCode: string; creditCode?: string | null };
