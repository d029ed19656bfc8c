import ExcelJS from 'exceljs';
import type { IntentionView } from '../intention.types';
import type { AttendeeRow } from '../summary.queries';
import type { EventSummary } from '../summary.types';
import { both, FIELD_LABELS, INTENTION_STATUS_LABELS, STATUS_LABELS, typeLabel } from './labels';
import { eventDateLine, localTime, questionTables, regionTable, REGIONS_TITLE, summaryTables, Table } from './tables';

/** Sheet names: Chinese and English, as the registration export names its sheet. */
export const SHEETS = {
  summary: '概况 Summary',
  regions: '地区 Regions',
  organizations: '机构 Organizations',
  attendees: '人员 Attendees',
  intentions: '合作意向 Intentions',
} as const;

function addTable(sheet: ExcelJS.Worksheet, table: Table, withTitle: boolean): void {
  if (withTitle) sheet.addRow([both(table.title)]).font = { bold: true, size: 12 };
  sheet.addRow(table.headers).font = { bold: true };
  sheet.addRows(table.rows);
}

/**
 * A question's sheet: 问题1 饮食要求, numbered so names stay unique; Excel allows 31 characters and none of : \ / ? * [ ].
 */
export function questionSheetName(index: number, labelZh: string): string {
  const name = `问题${index + 1} ${labelZh.replace(/[:\\/?*[\]]/g, ' ')}`.replace(/\s+/g, ' ').trim();
  return [...name]
    .slice(0, 31)
    .join('')
    .replace(/^'+|'+$/g, '');
}

function sheetOf(workbook: ExcelJS.Workbook, name: string, widths: number[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name);
  sheet.columns = widths.map((width) => ({ width }));
  return sheet;
}

/**
 * The summary workbook: the summary (narrative and every table), regions, organizations, attendees (personal data:
 * owners and managers only), intentions with their parties, and a sheet per registration question. Values are typed
 * cells, never formulas.
 */
export async function summaryWorkbook(
  summary: EventSummary,
  attendees: AttendeeRow[],
  intentions: IntentionView[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const zone = summary.event.timezone;
  const time = (at: Date | null) => (at ? localTime(at, zone) : '');

  const first = sheetOf(workbook, SHEETS.summary, [44, 60, 16, 16, 16]);
  first.addRow([summary.event.title]).font = { bold: true, size: 14 };
  if (summary.event.titleEn) first.addRow([summary.event.titleEn]);
  first.addRow([eventDateLine(summary).join(' · ')]);
  first.addRow([]);
  for (const text of [summary.narrative.zh, summary.narrative.en]) {
    const row = first.addRow([text]);
    first.mergeCells(row.number, 1, row.number, 5);
    row.alignment = { wrapText: true, vertical: 'top' };
    row.height = 90;
  }
  for (const table of summaryTables(summary).filter((t) => t.title !== REGIONS_TITLE)) {
    first.addRow([]);
    addTable(first, table, true);
  }

  const regions = sheetOf(workbook, SHEETS.regions, [28, 10, 16, 14, 14]);
  addTable(regions, regionTable(summary), false);

  const orgs = sheetOf(workbook, SHEETS.organizations, [36, 30, 22, 18, 12, 12, 10, 10, 10, 10, 10, 14]);
  orgs.addRow([
    '机构 Organization',
    '英文名 English name',
    '类型 Type',
    '地区 Region',
    '报名 Registered',
    '参加 Attended',
    ...(['confirmed', 'waitlisted', 'pending', 'cancelled', 'rejected'] as const).map((s) => both(STATUS_LABELS[s])),
    '往期参与 In an earlier session',
  ]).font = { bold: true };
  orgs.addRows(
    summary.organizationList.map((o) => [
      o.name,
      o.nameEn ?? '',
      both(typeLabel(o.type)),
      o.region.nameZh,
      o.registered,
      o.attended,
      o.byStatus.confirmed,
      o.byStatus.waitlisted,
      o.byStatus.pending,
      o.byStatus.cancelled,
      o.byStatus.rejected,
      summary.series ? (o.inEarlierSession ? '是 Yes' : '否 No') : '',
    ]),
  );

  const people = sheetOf(workbook, SHEETS.attendees, [14, 28, 16, 16, 32, 14, 14, 18, 18, 12, 10]);
  people.addRow([
    '姓名 Name',
    '邮箱 Email',
    '手机 Phone',
    '职务 Job title',
    '机构 Organization',
    '地区 Region',
    '状态 Status',
    '签到 Checked in',
    '首次入会 First joined',
    '在线分钟 Minutes',
    '参加 Attended',
  ]).font = { bold: true };
  people.addRows(
    attendees.map((a) => [
      a.name,
      a.email,
      a.phone ?? '',
      a.jobTitle ?? '',
      a.organization,
      a.region,
      both(STATUS_LABELS[a.status]),
      time(a.checkedInAt),
      time(a.firstJoinAt),
      a.importedMinutes ?? '',
      a.attended ? '是 Yes' : '否 No',
    ]),
  );

  const deals = sheetOf(workbook, SHEETS.intentions, [36, 22, 14, 18, 60]);
  deals.addRow(['项目 Project', '领域 Field', '状态 Status', '签约时间 Signed at', '合作方 Parties']).font = {
    bold: true,
  };
  deals.addRows(
    intentions.map((i) => [
      i.title,
      both(FIELD_LABELS[i.field]),
      both(INTENTION_STATUS_LABELS[i.status]),
      time(i.signedAt),
      i.parties.map((p) => p.name).join('、'),
    ]),
  );

  // A sheet per registration question (choice, multi_choice, yes_no, organization_field), in the summary's order.
  questionTables(summary).forEach((table, i) => {
    addTable(sheetOf(workbook, questionSheetName(i, summary.questions[i]!.labelZh), [36, 16, 16, 22, 26]), table, true);
  });

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
