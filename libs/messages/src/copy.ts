import type { MessageKind } from '@tongxin/outbox';

export type Locale = 'zh' | 'en';

/**
 * What each message says, in Chinese and English. Subjects and leads are Handlebars templates over the message's
 * view (name, title, when). A variant picks the wording for the registration status the message was owed with.
 */
export interface Copy {
  subject: string;
  lead: string;
}

type Variants = Partial<Record<'confirmed' | 'waitlisted' | 'pending' | 'default', Copy>>;

export const COPY: Record<Locale, Record<Exclude<MessageKind, 'announcement'>, Variants>> = {
  zh: {
    confirmation: {
      confirmed: { subject: '报名成功：{{title}}', lead: '{{name}}，您好！您已成功报名“{{title}}”，期待与您相见。' },
      waitlisted: {
        subject: '已进入候补名单：{{title}}',
        lead: '{{name}}，您好！“{{title}}”的名额已满，您已进入候补名单。一旦有名额空出，我们会立即发邮件通知您。',
      },
      pending: {
        subject: '报名待审核：{{title}}',
        lead: '{{name}}，您好！您对“{{title}}”的报名已提交，主办方审核后会邮件通知您结果。',
      },
    },
    approved: {
      confirmed: {
        subject: '报名审核通过：{{title}}',
        lead: '{{name}}，您好！您对“{{title}}”的报名已通过审核，期待与您相见。',
      },
      waitlisted: {
        subject: '审核通过，已进入候补名单：{{title}}',
        lead: '{{name}}，您好！您的报名已通过审核，但“{{title}}”的名额已满，您已进入候补名单。有名额空出时我们会通知您。',
      },
    },
    rejected: {
      default: {
        subject: '报名未通过审核：{{title}}',
        lead: '{{name}}，您好！很抱歉，您对“{{title}}”的报名未能通过审核。',
      },
    },
    promoted: {
      default: {
        subject: '候补成功，报名已确认：{{title}}',
        lead: '{{name}}，您好！“{{title}}”有名额空出，您已从候补名单转为正式参会。',
      },
    },
    reminder: {
      default: {
        subject: '活动提醒：{{title}}（{{when}}）',
        lead: '{{name}}，您好！您报名的“{{title}}”即将开始，请留意时间。',
      },
    },
    event_updated: {
      default: {
        subject: '活动信息有变更：{{title}}',
        lead: '{{name}}，您好！“{{title}}”的时间、地点或参会方式有变更，请以下面的最新信息为准。',
      },
    },
    event_cancelled: {
      default: { subject: '活动已取消：{{title}}', lead: '{{name}}，您好！很抱歉地通知您，“{{title}}”已取消。' },
    },
    registration_cancelled: {
      default: { subject: '报名已取消：{{title}}', lead: '{{name}}，您好！您对“{{title}}”的报名已取消。' },
    },
    group_link: {
      default: {
        subject: '团体报名已提交：{{title}}',
        lead: '{{name}}，您好！您为本单位提交的“{{title}}”团体报名已收到。以下是报名人员及其状态；通过下面的团体管理链接，您可以添加、更换或取消人员。请妥善保管此链接，不要转发。',
      },
    },
    link_request: {
      default: {
        subject: '您的报名链接：{{title}}',
        lead: '{{name}}，您好！您申请重新获取“{{title}}”的报名链接，请使用下面的链接。以前收到的链接仍然有效。如果这不是您本人的操作，请忽略本邮件。',
      },
    },
    thank_you: {
      default: {
        subject: '感谢参加：{{title}}',
        lead: '{{name}}，您好！感谢您参加“{{title}}”。您的到来让这次活动更有意义，期待下次再会。',
      },
    },
    summary: {
      default: {
        subject: '活动总结：{{title}}',
        lead: '{{name}}，您好！“{{title}}”已经结束。以下是平台根据报名和签到数据写成的活动总结（先中文，后英文），各项数据见附件 summary.xlsx。',
      },
    },
    password_reset: {
      default: {
        subject: '重设同心组织者账号的密码',
        lead: '{{name}}，您好！有人（可能是您本人）申请重设您在同心平台的组织者账号密码。请在一小时内打开下面的链接设置新密码；链接只能使用一次。如果这不是您本人的操作，请忽略本邮件，您的密码不会改变。',
      },
    },
  },
  en: {
    confirmation: {
      confirmed: {
        subject: 'You are registered: {{title}}',
        lead: 'Dear {{name}}, you are registered for “{{title}}”. We look forward to seeing you.',
      },
      waitlisted: {
        subject: 'You are on the waiting list: {{title}}',
        lead: 'Dear {{name}}, “{{title}}” is full, so you are on the waiting list. We will email you as soon as a place opens.',
      },
      pending: {
        subject: 'Registration received, awaiting approval: {{title}}',
        lead: 'Dear {{name}}, your registration for “{{title}}” was received. The organizers will email you once they have reviewed it.',
      },
    },
    approved: {
      confirmed: {
        subject: 'Registration approved: {{title}}',
        lead: 'Dear {{name}}, your registration for “{{title}}” has been approved.',
      },
      waitlisted: {
        subject: 'Approved and on the waiting list: {{title}}',
        lead: 'Dear {{name}}, your registration was approved, but “{{title}}” is full, so you are on the waiting list.',
      },
    },
    rejected: {
      default: {
        subject: 'Registration not approved: {{title}}',
        lead: 'Dear {{name}}, we are sorry: your registration for “{{title}}” was not approved.',
      },
    },
    promoted: {
      default: {
        subject: 'A place opened up, you are confirmed: {{title}}',
        lead: 'Dear {{name}}, a place opened up for “{{title}}” and your registration is now confirmed.',
      },
    },
    reminder: {
      default: {
        subject: 'Reminder: {{title}} ({{when}})',
        lead: 'Dear {{name}}, “{{title}}”, which you registered for, is coming up soon.',
      },
    },
    event_updated: {
      default: {
        subject: 'Event details changed: {{title}}',
        lead: 'Dear {{name}}, the time, place or joining details of “{{title}}” have changed. The details below are current.',
      },
    },
    event_cancelled: {
      default: {
        subject: 'Event cancelled: {{title}}',
        lead: 'Dear {{name}}, we are sorry to tell you that “{{title}}” has been cancelled.',
      },
    },
    registration_cancelled: {
      default: {
        subject: 'Registration cancelled: {{title}}',
        lead: 'Dear {{name}}, your registration for “{{title}}” has been cancelled.',
      },
    },
    group_link: {
      default: {
        subject: 'Your group registration: {{title}}',
        lead: 'Dear {{name}}, the group registration you made for “{{title}}” has been received. Below are the people in it and their status; with the group link you can add, replace or cancel people. Keep the link to yourself.',
      },
    },
    link_request: {
      default: {
        subject: 'Your links for {{title}}',
        lead: 'Dear {{name}}, you asked for your links for “{{title}}” again: here they are. Links you received before still work. If you did not ask for this, you can ignore this email.',
      },
    },
    thank_you: {
      default: {
        subject: 'Thank you for coming: {{title}}',
        lead: 'Dear {{name}}, thank you for taking part in “{{title}}”. We hope to see you again.',
      },
    },
    summary: {
      default: {
        subject: 'Event summary: {{title}}',
        lead: 'Dear {{name}}, “{{title}}” has ended. Below is its summary, written from the registrations and attendance (Chinese first, then English); the figures are in the attached summary.xlsx.',
      },
    },
    password_reset: {
      default: {
        subject: 'Reset the password of your Tongxin organizer account',
        lead: 'Dear {{name}}, someone (probably you) asked to reset the password of your Tongxin organizer account. Open the link below within an hour to choose a new password; it works once. If you did not ask for this, ignore this email: your password stays as it is.',
      },
    },
  },
};

/** Labels of the details block and footer. */
export const LABELS: Record<
  Locale,
  Record<
    | 'time'
    | 'venue'
    | 'join'
    | 'manage'
    | 'unsubscribe'
    | 'organization'
    | 'group'
    | 'checkInCode'
    | 'checkInHint'
    | 'resetPassword'
    | 'accountFooter'
    | 'footer',
    string
  >
> = {
  zh: {
    time: '时间',
    venue: '地点',
    join: '线上参会链接（仅限本人使用）',
    manage: '查看或修改报名',
    unsubscribe: '不再接收本活动的通知',
    organization: '所属机构',
    group: '管理团体报名',
    checkInCode: '签到码',
    checkInHint: '到场签到时请出示此二维码，或报出签到码。',
    resetPassword: '设置新密码',
    accountFooter: '此邮件由同心平台发送给组织者账号的持有人。',
    footer: '此邮件由同心平台代活动主办方发送。',
  },
  en: {
    time: 'Time',
    venue: 'Venue',
    join: 'Your personal link to join online',
    manage: 'View or change your registration',
    unsubscribe: 'Stop announcements for this event',
    organization: 'Organization',
    group: 'Manage the group',
    checkInCode: 'Check-in code',
    checkInHint: 'At the door, show this QR code or read out your check-in code.',
    resetPassword: 'Choose a new password',
    accountFooter: 'Sent by Tongxin to the holder of this organizer account.',
    footer: 'Sent by Tongxin on behalf of the event organizers.',
  },
};

/** A registration's status as a group's delegate reads it in the group-link mail. */
export const STATUS_LABELS: Record<
  Locale,
  Record<'confirmed' | 'waitlisted' | 'pending' | 'cancelled' | 'rejected', string>
> = {
  zh: { confirmed: '已确认', waitlisted: '候补', pending: '待审核', cancelled: '已取消', rejected: '未通过审核' },
  en: {
    confirmed: 'confirmed',
    waitlisted: 'waiting list',
    pending: 'awaiting approval',
    cancelled: 'cancelled',
    rejected: 'not approved',
  },
};
