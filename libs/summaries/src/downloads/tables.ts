import type { MessageKind } from '@tongxin/outbox';
import { REGISTRATION_STATUSES } from '@tongxin/registrations';
import { INTENTION_FIELDS, INTENTION_STATUSES } from '../intention.types';
import { calendarDay, enDate, enNumber, zhDate } from '../reporter-style';
import type { PeopleFigures, QuestionFigures } from '../question-figures';
import type { EventSummary } from '../summary.types';
import {
  both,
  Bilingual,
  FIELD_LABELS,
  isFigure,
  INTENTION_STATUS_LABELS,
  MESSAGE_KIND_LABELS,
  percent,
  ROLE_LABELS,
  STATUS_LABELS,
  typeLabel,
} from './labels';

/**
 * The summary's tables, defined once and printed three ways (Markdown, HTML, the workbook's summary sheet): a
 * bilingual title, bilingual headers, rows of text and numbers.
 */
export interface Table {
  title: Bilingual;
  headers: string[];
  rows: (string | number)[][];
}

/** Which columns hold figures (every cell a figure), to align them right. */
export function figureColumns(table: Table): boolean[] {
  return table.headers.map((_, i) => table.rows.every((row) => isFigure(row[i] ?? '')));
}

/** A cell as printed: numbers with thousands separators. */
export const printed = (cell: string | number) => (typeof cell === 'number' ? enNumber(cell) : cell);

/** 2026年12月5日 · December 5, 2026 (the first day, in the event's zone). */
export function eventDateLine(summary: EventSummary): Bilingual {
  const day = calendarDay(summary.event.startsAt, summary.event.timezone);
  return [zhDate(day), enDate(day)];
}

/** 2026-12-05 09:30 in the event's zone. */
export function localTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(at);
}

export function keyFigures(s: EventSummary): Table {
  const a = s.attendance;
  const rows: [Bilingual, string | number][] = [
    [['报名人数', 'People registered'], s.people.registered],
    [['已确认', 'Confirmed'], a.confirmed],
    [['参加人数', 'People attended'], s.people.attended],
    [['出席率', 'Attendance rate'], percent(a.attendanceRate)],
    [['现场签到', 'Checked in'], a.checkedIn],
    [['线上参会', 'Joined online'], a.joinedOnline],
    [
      [`在线${s.event.attendedMinMinutes}分钟以上`, `Online ${s.event.attendedMinMinutes}+ minutes`],
      a.attendedByImport,
    ],
    [['未报名参会者', 'Unregistered participants'], a.unregisteredParticipants],
    [['报名机构', 'Organizations registered'], s.organizations.registered],
    [['参加机构', 'Organizations attended'], s.organizations.attended],
    [['覆盖地区', 'Regions'], s.regions.length],
    ...REGISTRATION_STATUSES.map((st): [Bilingual, number] => [
      [`报名状态：${STATUS_LABELS[st][0]}`, `Status: ${STATUS_LABELS[st][1]}`],
      s.registrations[st],
    ]),
    [['合作意向', 'Cooperation intentions'], s.intentions.total],
    [['签约项目', 'Projects signed'], s.intentions.signed],
    [['现场签约', 'Signed on site'], s.intentions.signedOnSite],
  ];
  if (s.series) {
    rows.unshift(
      [['期数', 'Session'], `第${s.series.sequenceNo}期 · No. ${s.series.sequenceNo}`],
      [['新参与机构', 'Organizations new to the series'], s.series.newOrganizations],
      [['再次参与机构', 'Returning organizations'], s.series.returningOrganizations],
    );
  }
  return {
    title: ['主要数据', 'Key figures'],
    headers: ['项目 Item', '数值 Value'],
    rows: rows.map(([label, value]) => [both(label), value]),
  };
}

export const REGIONS_TITLE: Bilingual = ['地区分布', 'Regions'];

export function regionTable(s: EventSummary): Table {
  return {
    title: REGIONS_TITLE,
    headers: ['地区 Region', '代码 Code', '机构 Organizations', '报名 Registered', '参加 Attended'],
    rows: s.regions.map((r) => [`${r.nameZh} ${r.nameEn}`, r.code, r.organizations, r.registered, r.attended]),
  };
}

export function typeTable(s: EventSummary): Table {
  return {
    title: ['机构类型', 'Organization types'],
    headers: ['类型 Type', '机构 Organizations', '报名 Registered', '参加 Attended'],
    rows: s.organizationTypes.map((t) => [both(typeLabel(t.type)), t.organizations, t.registered, t.attended]),
  };
}

export function hostTable(s: EventSummary): Table {
  return {
    title: ['主办及承办单位', 'Host units'],
    headers: ['角色 Role', '单位 Organization'],
    rows: s.hosts.flatMap((h) =>
      h.organizations.map((o) => [both(ROLE_LABELS[h.role]), o.nameEn ? `${o.name} (${o.nameEn})` : o.name]),
    ),
  };
}

export function agendaTable(s: EventSummary): Table {
  return {
    title: ['议程', 'Agenda'],
    headers: ['时间 Time', '议题 Topic', '嘉宾 Speaker'],
    rows: s.agenda.map((a) => [
      localTime(a.startsAt, s.event.timezone),
      a.title,
      [a.speaker, a.speakerAffiliation].filter(Boolean).join('，'),
    ]),
  };
}

export function intentionTable(s: EventSummary): Table {
  return {
    title: ['合作意向', 'Cooperation intentions'],
    headers: ['分类 Category', '数量 Count'],
    rows: [
      ...INTENTION_FIELDS.filter((f) => s.intentions.byField[f] > 0).map((f) => [
        both(FIELD_LABELS[f]),
        s.intentions.byField[f],
      ]),
      ...INTENTION_STATUSES.map((st) => [both(INTENTION_STATUS_LABELS[st]), s.intentions.byStatus[st]]),
      ['合计 Total', s.intentions.total],
    ],
  };
}

export function messageTable(s: EventSummary): Table {
  return {
    title: ['邮件发送', 'Messages'],
    headers: ['类型 Kind', '已发送 Sent', '失败 Failed'],
    rows: s.messages.map((m) => [
      m.kind in MESSAGE_KIND_LABELS ? both(MESSAGE_KIND_LABELS[m.kind as MessageKind]) : m.kind,
      m.sent,
      m.failed,
    ]),
  };
}

/** "饮食要求 Dietary needs": an option or question in both languages, or in Chinese only when it has no English. */
const bilingualLabel = (zh: string, en: string | null) => (en ? `${zh} ${en}` : zh);

/**
 * One countable registration question: per option, the people registered and attended who picked it (and, for an
 * organization field, their organizations), then the people who answered. Free-text questions have no table.
 */
export function questionTable(q: QuestionFigures): Table {
  const byOrganization = q.type === 'organization_field';
  const cells = (f: PeopleFigures) => [
    f.registered,
    f.attended,
    ...(byOrganization ? [f.organizations?.registered ?? 0, f.organizations?.attended ?? 0] : []),
  ];
  return {
    title: [
      `报名问题：${q.labelZh}${q.removed ? '（已移除）' : ''}`,
      `Question${q.labelEn ? `: ${q.labelEn}` : ''}${q.removed ? ' (removed)' : ''}`,
    ],
    headers: [
      '选项 Option',
      '报名 Registered',
      '参加 Attended',
      ...(byOrganization ? ['报名机构 Organizations', '参加机构 Organizations attended'] : []),
    ],
    rows: [
      ...q.options.map((o) => [bilingualLabel(o.labelZh, o.labelEn), ...cells(o)]),
      // A multi_choice answer counts under each option it picks: only this row counts people once.
      ['作答人数 Answered', ...cells(q.answered)],
    ],
  };
}

export const questionTables = (s: EventSummary): Table[] => s.questions.map(questionTable);

/** Every table of the summary, in the order the documents print them; empty ones left out. */
export function summaryTables(s: EventSummary): Table[] {
  const intentions = s.intentions.total > 0 ? [intentionTable(s)] : [];
  return [
    keyFigures(s),
    regionTable(s),
    typeTable(s),
    hostTable(s),
    agendaTable(s),
    ...intentions,
    messageTable(s),
  ].filter((t) => t.rows.length > 0);
}
