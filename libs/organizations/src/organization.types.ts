export const ORGANIZATION_TYPES = [
  'social_group',
  'foundation',
  'social_service_agency',
  'industry_association',
  'other',
] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];

/** A GB/T 2260 provincial-level division, seeded by the first migration. */
export interface RegionView {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** An organization as the library hands it out (organizations.queries.ts maps the row). */
export interface OrganizationView {
  id: string;
  name: string;
  nameNormalized: string;
  nameEn: string | null;
  type: OrganizationType;
  regionCode: string;
  region: RegionView;
  city: string | null;
  creditCode: string | null;
  verified: boolean;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}
