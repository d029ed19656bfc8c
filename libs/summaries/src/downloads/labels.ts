import type { HostRole } from '@tongxin/events';
import type { OrganizationType } from '@tongxin/organizations';
import type { MessageKind } from '@tongxin/outbox';
import { ORGANIZATION_TYPE_LABELS, RegistrationStatus } from '@tongxin/registrations';
import type { IntentionField, IntentionStatus } from '../intention.types';

/** The words the downloads print for the summary's codes, Chinese and English. */

export type Bilingual = [zh: string, en: string];

export const STATUS_LABELS: Record<RegistrationStatus, Bilingual> = {
  confirmed: ['已确认', 'Confirmed'],
  waitlisted: ['候补', 'Waitlisted'],
  pending: ['待审核', 'Pending'],
  cancelled: ['已取消', 'Cancelled'],
  rejected: ['未通过', 'Rejected'],
};

const TYPE_EN: Record<OrganizationType, string> = {
  social_group: 'Social group',
  foundation: 'Foundation',
  social_service_agency: 'Social service agency',
  industry_association: 'Industry association',
  other: 'Other',
};

export const typeLabel = (type: OrganizationType): Bilingual => [ORGANIZATION_TYPE_LABELS[type], TYPE_EN[type]];

export const ROLE_LABELS: Record<HostRole, Bilingual> = {
  guiding: ['指导单位', 'Guided by'],
  host: ['主办单位', 'Hosted by'],
  organizer: ['承办单位', 'Organized by'],
  co_organizer: ['协办单位', 'Co-organized by'],
};

export const FIELD_LABELS: Record<IntentionField, Bilingual> = {
  tech_innovation: ['科技创新', 'Technology and innovation'],
  industrial_collaboration: ['产业协作', 'Industrial collaboration'],
  charity: ['公益慈善', 'Charity'],
  forum: ['论坛活动', 'Forums'],
  competition: ['赛事活动', 'Competitions'],
  group_standard: ['团体标准', 'Group standards'],
  training: ['培训', 'Training'],
  research: ['调查研究', 'Research'],
  other: ['其他', 'Other'],
};

export const INTENTION_STATUS_LABELS: Record<IntentionStatus, Bilingual> = {
  intent: ['意向', 'Intent'],
  negotiating: ['洽谈中', 'Negotiating'],
  signed: ['已签约', 'Signed'],
};

export const MESSAGE_KIND_LABELS: Record<MessageKind, Bilingual> = {
  confirmation: ['报名确认', 'Confirmation'],
  approved: ['审核通过', 'Approved'],
  rejected: ['审核未通过', 'Rejected'],
  promoted: ['候补转正', 'Promoted from the waitlist'],
  reminder: ['活动提醒', 'Reminder'],
  event_updated: ['活动变更', 'Event updated'],
  event_cancelled: ['活动取消', 'Event cancelled'],
  registration_cancelled: ['报名取消', 'Registration cancelled'],
  announcement: ['通知', 'Announcement'],
  group_link: ['团体报名链接', 'Group link'],
  link_request: ['链接补发', 'Links sent again'],
  thank_you: ['参会致谢', 'Thank-you'],
  summary: ['活动总结', 'Summary'],
  password_reset: ['重设密码', 'Password reset'],
};

/** "中文 English" in one cell or heading. */
export const both = ([zh, en]: Bilingual) => `${zh} ${en}`;

/** A cell that reads as a figure (a count, a share): right-aligned in tables. */
export const isFigure = (cell: string | number) => typeof cell === 'number' || /^\d[\d,.]*%?$/.test(cell);

/** 0.873 → "87.3%". */
export const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
