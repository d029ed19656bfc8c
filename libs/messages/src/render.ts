import Handlebars from 'handlebars';
import ical, { ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type Mail from 'nodemailer/lib/mailer';
import { COPY, LABELS, Locale, STATUS_LABELS } from './copy';
import type { MessageKind } from '@tongxin/outbox';

/** Everything a message shows, read when it is sent. */
export interface MessageView {
  messageId: string;
  resendOf: string | null;
  kind: MessageKind;
  /** The registration status when the message was owed. */
  status: string;
  locale: Locale;
  recipient: { name: string; email: string; organizationName: string | null };
  event: {
    id: string;
    title: string;
    titleEn: string | null;
    startsAt: Date;
    endsAt: Date;
    timezone: string;
    venue: string | null;
    icsSequence: number;
    cancelled: boolean;
  };
  links: { manage: string | null; join: string | null; unsubscribe: string | null };
  /** The code the door scans or types (confirmed, in person or hybrid); shown with its QR image when one is given. */
  checkInCode?: string | null;
  announcement: { subject: string; body: string } | null;
  /** Groups the recipient is the delegate of (group-link and link-request mail): their people and link. */
  groups?: GroupSection[];
  /** The event's summary as news copy (the summary mail to the team): shown after the lead, Chinese then English. */
  narrative?: { zh: string; en: string };
}

/** A file sent along (the summary mail's workbook). */
export interface MessageFile {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface GroupSection {
  organizationName: string;
  link: string;
  /** Everyone in the group, with their current registration status. */
  people: { name: string; status: string }[];
}

export interface RenderSettings {
  from: string;
  /** Domain of Message-IDs. */
  domain: string;
}

/** The settings for mail sent as `from` (MAIL_FROM): the Message-ID domain (the calendar UID's) is the address's. */
export function renderSettingsFor(from: string): RenderSettings {
  return { from, domain: /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'tongxin' };
}

/** Kinds that put the event in the attendee's calendar (METHOD:REQUEST) or take it out (METHOD:CANCEL). */
const CALENDAR_REQUEST = new Set<MessageKind>(['confirmation', 'approved', 'promoted', 'reminder', 'event_updated']);
const CALENDAR_CANCEL = new Set<MessageKind>(['event_cancelled', 'registration_cancelled']);
/** Kinds that never touch the calendar: they are not about one registration's place at the event. */
const NO_CALENDAR = new Set<MessageKind>([
  'announcement',
  'group_link',
  'link_request',
  'thank_you',
  'summary',
  'password_reset',
]);

const hbs = Handlebars.create();
const compiled = new Map<string, HandlebarsTemplateDelegate>();
/** Subjects and leads are plain text here; the HTML layout escapes them where it places them. */
function template(source: string): HandlebarsTemplateDelegate {
  let compiledTemplate = compiled.get(source);
  if (!compiledTemplate) {
    compiledTemplate = hbs.compile(source, { strict: true, noEscape: true });
    compiled.set(source, compiledTemplate);
  }
  return compiledTemplate;
}

const HTML = hbs.compile(
  `<!doctype html>
<html lang="{{lang}}"><head><meta charset="utf-8"><title>{{subject}}</title></head>
<body style="font-family: -apple-system, 'PingFang SC', 'Microsoft YaHei', Helvetica, Arial, sans-serif; color: #222; line-height: 1.6; max-width: 640px; margin: 0 auto; padding: 16px;">
{{#each paragraphs}}<p>{{this}}</p>
{{/each}}
<table style="border-collapse: collapse; margin: 16px 0;">
<tr><td style="padding: 4px 12px 4px 0; color: #666;">{{labels.time}}</td><td>{{when}}</td></tr>
{{#if venue}}<tr><td style="padding: 4px 12px 4px 0; color: #666;">{{labels.venue}}</td><td>{{venue}}</td></tr>
{{/if}}{{#if organizationName}}<tr><td style="padding: 4px 12px 4px 0; color: #666;">{{labels.organization}}</td><td>{{organizationName}}</td></tr>
{{/if}}{{#if checkIn}}<tr><td style="padding: 4px 12px 4px 0; color: #666;">{{labels.checkInCode}}</td><td style="font-family: Menlo, Consolas, monospace; font-size: 18px; font-weight: bold; letter-spacing: 2px;">{{checkIn.code}}</td></tr>
{{/if}}</table>
{{#if checkIn}}{{#if checkIn.image}}<p><img src="cid:{{checkIn.image}}" width="232" height="232" alt="{{labels.checkInCode}} {{checkIn.code}}" style="display: block;"></p>
{{/if}}<p style="color: #666;">{{labels.checkInHint}}</p>
{{/if}}{{#if links.join}}<p><a href="{{links.join}}">{{labels.join}}</a></p>
{{/if}}{{#if links.manage}}<p><a href="{{links.manage}}">{{labels.manage}}</a></p>
{{/if}}{{#each groups}}<h3 style="font-size: 16px; margin: 20px 0 4px;">{{organizationName}}</h3>
<ul style="margin: 4px 0; padding-left: 20px;">
{{#each people}}<li>{{name}} — {{status}}</li>
{{/each}}</ul>
<p><a href="{{link}}">{{heading}}</a></p>
{{/each}}<hr style="border: none; border-top: 1px solid #ddd;">
<p style="color: #888; font-size: 12px;">{{labels.footer}}{{#if links.unsubscribe}} <a href="{{links.unsubscribe}}">{{labels.unsubscribe}}</a>{{/if}}</p>
</body></html>
`,
  { strict: false },
);

const TEXT = hbs.compile(
  `{{#each paragraphs}}{{this}}

{{/each}}{{labels.time}}: {{when}}
{{#if venue}}{{labels.venue}}: {{venue}}
{{/if}}{{#if organizationName}}{{labels.organization}}: {{organizationName}}
{{/if}}{{#if checkIn}}{{labels.checkInCode}}: {{checkIn.code}}
{{labels.checkInHint}}
{{/if}}{{#if links.join}}
{{labels.join}}: {{links.join}}
{{/if}}{{#if links.manage}}
{{labels.manage}}: {{links.manage}}
{{/if}}{{#each groups}}
{{organizationName}}
{{#each people}}  - {{name}}: {{status}}
{{/each}}{{heading}}: {{link}}
{{/each}}
--
{{labels.footer}}
{{#if links.unsubscribe}}{{labels.unsubscribe}}: {{links.unsubscribe}}
{{/if}}`,
  { strict: false, noEscape: true },
);

/** The Content-ID of the check-in QR image, which the HTML part shows inline. */
const CHECK_IN_QR_CID = 'check-in-qr@tongxin';

/**
 * The nodemailer message for a view: subject, text and HTML parts in the attendee's language, and the ICS. With a
 * check-in code, the QR image (PNG: what mail clients show) goes along as an inline part (cid), which mail clients
 * show where data: URLs are blocked; the text part carries the code itself. Files given (the summary's workbook) are
 * attached.
 */
export function renderMessage(
  view: MessageView,
  settings: RenderSettings,
  parts: { checkInQr?: Buffer; files?: MessageFile[] } = {},
): Mail.Options & { messageId: string } {
  const { locale, event } = view;
  const title = oneLine(locale === 'en' && event.titleEn ? event.titleEn : event.title);
  const when = formatWhen(event.startsAt, event.endsAt, event.timezone, locale);
  const context = { name: oneLine(view.recipient.name), title, when };

  let subject: string;
  let paragraphs: string[];
  if (view.kind === 'announcement') {
    subject = `${title}｜${view.announcement!.subject}`;
    paragraphs = view
      .announcement!.body.split(/\r?\n\s*\r?\n/)
      .map((p) => p.trim())
      .filter(Boolean);
  } else {
    const variants = COPY[locale][view.kind];
    const copy = variants[view.status as keyof typeof variants] ?? variants.default ?? Object.values(variants)[0]!;
    subject = template(copy.subject)(context);
    paragraphs = [template(copy.lead)(context)];
  }
  if (view.narrative) paragraphs.push(view.narrative.zh, view.narrative.en);
  subject = oneLine(subject);

  const layout = {
    lang: locale === 'zh' ? 'zh-CN' : 'en',
    subject,
    when,
    venue: event.venue,
    organizationName: view.recipient.organizationName,
    links: view.links,
    labels: LABELS[locale],
    checkIn: view.checkInCode ? { code: view.checkInCode, image: parts.checkInQr ? CHECK_IN_QR_CID : null } : null,
    groups: (view.groups ?? []).map((group) => ({
      organizationName: oneLine(group.organizationName),
      link: group.link,
      heading: LABELS[locale].group,
      people: group.people.map((p) => ({
        name: oneLine(p.name),
        status: STATUS_LABELS[locale][p.status as keyof (typeof STATUS_LABELS)[Locale]] ?? p.status,
      })),
    })),
  };
  const attachments: Mail.Attachment[] = [
    ...(layout.checkIn?.image
      ? [
          {
            filename: `check-in-${layout.checkIn.code}.png`,
            content: parts.checkInQr,
            contentType: 'image/png',
            cid: CHECK_IN_QR_CID,
            contentDisposition: 'inline' as const,
          },
        ]
      : []),
    ...(parts.files ?? []).map((f) => ({ ...f, contentDisposition: 'attachment' as const })),
  ];
  const messageId = `<${view.messageId}@${settings.domain}>`;
  const headers: Record<string, string> = { 'X-Tongxin-Kind': view.kind };
  if (view.links.unsubscribe) {
    headers['List-Unsubscribe'] = `<${view.links.unsubscribe}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  if (view.resendOf) headers['X-Tongxin-Resend-Of'] = `<${view.resendOf}@${settings.domain}>`;

  return {
    from: settings.from,
    to: { name: context.name, address: view.recipient.email },
    subject,
    messageId,
    ...(view.resendOf ? { references: `<${view.resendOf}@${settings.domain}>` } : {}),
    headers,
    text: TEXT({ ...layout, paragraphs }),
    html: HTML({ ...layout, paragraphs }),
    ...(attachments.length > 0 ? { attachments } : {}),
    ...calendarPart(view, title, settings),
  };
}

/** What mail to an organizer's account (about no event) shows: the password reset link. */
export interface AccountMessageView {
  messageId: string;
  kind: 'password_reset';
  locale: Locale;
  recipient: { name: string; email: string };
  /** The link the mail is for. */
  link: string;
}

const ACCOUNT_HTML = hbs.compile(
  `<!doctype html>
<html lang="{{lang}}"><head><meta charset="utf-8"><title>{{subject}}</title></head>
<body style="font-family: -apple-system, 'PingFang SC', 'Microsoft YaHei', Helvetica, Arial, sans-serif; color: #222; line-height: 1.6; max-width: 640px; margin: 0 auto; padding: 16px;">
<p>{{lead}}</p>
<p><a href="{{link}}">{{label}}</a></p>
<hr style="border: none; border-top: 1px solid #ddd;">
<p style="color: #888; font-size: 12px;">{{footer}}</p>
</body></html>
`,
  { strict: true },
);

const ACCOUNT_TEXT = hbs.compile(
  `{{lead}}

{{label}}: {{link}}

--
{{footer}}
`,
  { strict: true, noEscape: true },
);

/** The nodemailer message of mail to an organizer's account: no event, no calendar, one link. */
export function renderAccountMessage(
  view: AccountMessageView,
  settings: RenderSettings,
): Mail.Options & { messageId: string } {
  const copy = COPY[view.locale][view.kind].default!;
  const name = oneLine(view.recipient.name);
  const subject = oneLine(template(copy.subject)({ name }));
  const labels = LABELS[view.locale];
  const layout = {
    lang: view.locale === 'zh' ? 'zh-CN' : 'en',
    subject,
    lead: template(copy.lead)({ name }),
    link: view.link,
    label: labels.resetPassword,
    footer: labels.accountFooter,
  };
  return {
    from: settings.from,
    to: { name, address: view.recipient.email },
    subject,
    messageId: `<${view.messageId}@${settings.domain}>`,
    headers: { 'X-Tongxin-Kind': view.kind },
    text: ACCOUNT_TEXT(layout),
    html: ACCOUNT_HTML(layout),
  };
}

function calendarPart(view: MessageView, title: string, settings: RenderSettings): Pick<Mail.Options, 'icalEvent'> {
  if (NO_CALENDAR.has(view.kind)) return {};
  const cancel = CALENDAR_CANCEL.has(view.kind) || view.event.cancelled;
  const request = !cancel && CALENDAR_REQUEST.has(view.kind) && view.status === 'confirmed';
  if (!cancel && !request) return {};
  const organizer = parseAddress(settings.from);
  const calendar = ical({
    prodId: { company: 'Tongxin', product: 'Tongxin', language: view.locale === 'zh' ? 'ZH' : 'EN' },
    method: cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: `${view.event.id}@${settings.domain}`,
    sequence: view.event.icsSequence,
    start: view.event.startsAt,
    end: view.event.endsAt,
    summary: title,
    location: view.event.venue ?? (view.links.join ? view.links.join : null),
    url: view.links.manage,
    status: cancel ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer,
    attendees: [
      {
        email: view.recipient.email,
        name: oneLine(view.recipient.name),
        status: cancel ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
      },
    ],
  });
  return {
    icalEvent: { method: cancel ? 'CANCEL' : 'REQUEST', filename: 'invite.ics', content: calendar.toString() },
  };
}

/**
 * The start (and end) in the event's time zone, with its UTC offset: "2026年12月5日周六 09:30–17:00（GMT+08:00
 * Asia/Shanghai）" or "Sat, 5 December 2026, 09:30–17:00 (GMT+08:00 Asia/Shanghai)".
 */
export function formatWhen(start: Date, end: Date, timeZone: string, locale: Locale): string {
  const { day, time, offsetOf } = formatters(timeZone, locale);
  const offset = offsetOf.formatToParts(start).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const at = (d: Date) => `${day.format(d)}${locale === 'zh' ? ' ' : ', '}${time.format(d)}`;
  const range =
    day.format(start) === day.format(end) ? `${at(start)}–${time.format(end)}` : `${at(start)} – ${at(end)}`;
  const zone = `${offset === 'GMT' ? 'GMT+00:00' : offset} ${timeZone}`;
  return locale === 'zh' ? `${range}（${zone}）` : `${range} (${zone})`;
}

const formatterCache = new Map<
  string,
  { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat; offsetOf: Intl.DateTimeFormat }
>();

/** Building an Intl.DateTimeFormat costs far more than using one: keep one set per zone and language. */
function formatters(timeZone: string, locale: Locale) {
  const key = `${timeZone}|${locale}`;
  let cached = formatterCache.get(key);
  if (!cached) {
    const tag = locale === 'zh' ? 'zh-CN' : 'en-GB';
    cached = {
      day: new Intl.DateTimeFormat(tag, { timeZone, year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }),
      time: new Intl.DateTimeFormat(tag, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
      offsetOf: new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' }),
    };
    formatterCache.set(key, cached);
  }
  return cached;
}

/** Text safe for a header or a subject: control characters (CR, LF, tab...) and line separators become spaces. */
export function oneLine(value: string): string {
  return value
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

function parseAddress(value: string): { name: string; email: string } {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(value);
  return match ? { name: match[1]!.replace(/^"|"$/g, ''), email: match[2]! } : { name: value, email: value };
}
