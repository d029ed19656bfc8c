import ExcelJS from 'exceljs';
import { beijingText, minutes } from './context';
import type { OrganizationType, Person, Random } from './generate';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const TYPE_LABELS: Record<OrganizationType, string> = {
  social_group: '社会团体',
  foundation: '基金会',
  social_service_agency: '社会服务机构',
  industry_association: '行业协会',
};

/** A column of answers to one of the event's questions: its label as the header, each person's answer as a cell. */
export interface AnswerColumn {
  header: string;
  cell: (p: Person) => string;
}

/**
 * A registration list as organizers keep it (the columns the import reads: 姓名, 邮箱, 手机, 单位, …), and a column
 * per question answered, headed by the question's label as the export writes it.
 */
export async function registrationWorkbook(people: readonly Person[], answers: AnswerColumn[] = []): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('报名名单');
  sheet.addRow(['姓名', '邮箱', '手机', '单位', '地区代码', '单位类型', '职务', ...answers.map((a) => a.header)]);
  for (const p of people) {
    const o = p.organization;
    sheet.addRow([
      p.name,
      p.email,
      p.phone,
      o.name,
      o.regionCode,
      TYPE_LABELS[o.type],
      p.jobTitle,
      ...answers.map((a) => a.cell(p)),
    ]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** How a person was in the meeting: from join to leave, in that many sessions. */
export interface Participation {
  nickname: string;
  join: Date;
  leave: Date;
  sessions: number;
  /** Minutes in the meeting (less than leave - join when they dropped out and came back). */
  minutes: number;
}

const duration = (min: number) =>
  `${Math.floor(min / 60)}:${String(Math.floor(min % 60)).padStart(2, '0')}:${String(Math.round((min % 1) * 60)).padStart(2, '0')}`;

/**
 * Tencent Meeting's participant export (STACK-NOTES, last section): seven labelled lines and a blank row, the
 * header on row 9, one row a person in 成员参会概况, the host first. Only that sheet: with 成员参会明细 too, a class of
 * 12,000 has more rows than the platform's default UPLOAD_MAX_ROWS (20,001) takes in one file.
 */
export async function tencentExport(
  meeting: { title: string; startsAt: Date; endsAt: Date; host: string },
  rows: readonly Participation[],
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('成员参会概况');
  const span = (meeting.endsAt.getTime() - meeting.startsAt.getTime()) / 60_000;
  sheet.addRows([
    ['会议主题:', meeting.title],
    ['会议号:', '628 351 947'],
    ['会议创建者:', meeting.host],
    ['预定开始时间:', beijingText(meeting.startsAt)],
    ['预定结束时间:', beijingText(meeting.endsAt)],
    ['累计会议时长:', duration(span + 10)],
    ['参会用户总数:', String(rows.length + 1)],
    [],
    ['用户昵称（入会昵称）', '首次入会时间', '最后退会时间', '入会次数', '累计参会时长', '身份'],
    [
      `${meeting.host}(主持人)`,
      beijingText(minutes(meeting.startsAt, -10)),
      beijingText(meeting.endsAt),
      1,
      duration(span + 10),
      '主持人',
    ],
  ]);
  for (const r of rows) {
    sheet.addRow([
      r.nickname,
      beijingText(r.join),
      beijingText(r.leave),
      r.sessions,
      duration(r.minutes),
      '普通参会者',
    ]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * A participation in a class from `startsAt` to `endsAt`: `stayed` people watch most of it (some drop out and come
 * back), the others leave within half an hour.
 */
export function participation(
  random: Random,
  nickname: string,
  startsAt: Date,
  endsAt: Date,
  stayed: boolean,
): Participation {
  const span = (endsAt.getTime() - startsAt.getTime()) / 60_000;
  const join = minutes(startsAt, random.int(-5, 15));
  if (!stayed) {
    const min = random.int(3, 25);
    return { nickname, join, leave: minutes(join, min), sessions: 1, minutes: min };
  }
  const leave = minutes(endsAt, -random.int(0, Math.floor(span / 4)));
  const whole = (leave.getTime() - join.getTime()) / 60_000;
  const sessions = random.chance(0.15) ? random.int(2, 3) : 1;
  const away = sessions > 1 ? random.int(2, 12) : 0;
  return { nickname, join, leave, sessions, minutes: whole - away };
}

/**
 * The same export's session sheet, 成员参会明细 (one row a session: a person who dropped out and came back has a row
 * for each time they were in), under the same seven labelled lines; sessions are spread over join..leave with the
 * time away between them.
 */
export async function tencentSessionsExport(
  meeting: { title: string; startsAt: Date; endsAt: Date; host: string },
  rows: readonly Participation[],
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('成员参会明细');
  const span = (meeting.endsAt.getTime() - meeting.startsAt.getTime()) / 60_000;
  sheet.addRows([
    ['会议主题:', meeting.title],
    ['会议号:', '628 351 947'],
    ['会议创建者:', meeting.host],
    ['预定开始时间:', beijingText(meeting.startsAt)],
    ['预定结束时间:', beijingText(meeting.endsAt)],
    ['累计会议时长:', duration(span + 10)],
    ['参会用户总数:', String(rows.length + 1)],
    [],
    ['用户昵称（入会昵称）', '入会时间', '退会时间', '单次参会时长', '房间类型'],
  ]);
  for (const r of rows) {
    const whole = (r.leave.getTime() - r.join.getTime()) / 60_000;
    const piece = r.minutes / r.sessions;
    const gap = r.sessions > 1 ? (whole - r.minutes) / (r.sessions - 1) : 0;
    for (let k = 0; k < r.sessions; k++) {
      const join = minutes(r.join, k * (piece + gap));
      sheet.addRow([r.nickname, beijingText(join), beijingText(minutes(join, piece)), duration(piece), '主会场']);
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
