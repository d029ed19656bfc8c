/** Cooperation intentions: projects two or more organizations intend, negotiate or sign at an event. */

export const INTENTION_FIELDS = [
  'tech_innovation',
  'industrial_collaboration',
  'charity',
  'forum',
  'competition',
  'group_standard',
  'training',
  'research',
  'other',
] as const;
export type IntentionField = (typeof INTENTION_FIELDS)[number];

export const INTENTION_STATUSES = ['intent', 'negotiating', 'signed'] as const;
export type IntentionStatus = (typeof INTENTION_STATUSES)[number];

export interface IntentionParty {
  id: string;
  name: string;
  nameEn: string | null;
  regionCode: string;
}

/** An intention as the library hands it out (intention.queries.ts maps the row). */
export interface IntentionView {
  id: string;
  title: string;
  field: IntentionField;
  status: IntentionStatus;
  signedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** By name. */
  parties: IntentionParty[];
}

export interface IntentionCounts {
  total: number;
  byField: Record<IntentionField, number>;
  byStatus: Record<IntentionStatus, number>;
}

/** Counts by field and by status, every field and status present (zero when none). */
export function countIntentions(
  rows: { field: IntentionField; status: IntentionStatus; count: number }[],
): IntentionCounts {
  const byField = Object.fromEntries(INTENTION_FIELDS.map((f) => [f, 0])) as Record<IntentionField, number>;
  const byStatus = Object.fromEntries(INTENTION_STATUSES.map((s) => [s, 0])) as Record<IntentionStatus, number>;
  let total = 0;
  for (const { field, status, count } of rows) {
    byField[field] += count;
    byStatus[status] += count;
    total += count;
  }
  return { total, byField, byStatus };
}
