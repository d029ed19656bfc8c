import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import { EDITORS, eventById, requireEventRole } from '@tongxin/events';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { answerCell, answerHeaders } from './answer-columns';
import { EXPORT_HEADERS, ORGANIZATION_TYPE_LABELS } from './columns';
import { exportedRegistrations } from './registration.queries';

/** Cells a spreadsheet would run as a formula get a leading apostrophe (CSV injection). */
function inert(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** A registration list as a spreadsheet: the headers, and a row of cells per registration. */
export interface RegistrationTable {
  headers: string[];
  rows: string[][];
}

/**
 * The registration list as a spreadsheet, for the event's owners and managers: the import's columns, what only the
 * platform knows, then one column per question (its label as header; a question taken off the form is marked).
 */
@Injectable()
export class RegistrationExportService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async rows(actor: Actor, eventId: string): Promise<RegistrationTable> {
    await requireEventRole(this.dataSource.manager, actor, eventId, EDITORS);
    const db = this.dataSource.manager;
    const { timezone, questions } = (await eventById(db, eventId))!;
    const time = new Intl.DateTimeFormat('sv-SE', { timeZone: timezone, dateStyle: 'short', timeStyle: 'medium' });
    const rows = (await exportedRegistrations(db, eventId)).map((r) => [
      r.name,
      r.email,
      r.phone ?? '',
      r.organizationName,
      r.creditCode ?? '',
      r.regionCode,
      ORGANIZATION_TYPE_LABELS[r.organizationType],
      r.jobTitle ?? '',
      r.regionName,
      r.status,
      r.source,
      time.format(r.createdAt),
      ...questions.map((q) => answerCell(q, r.answers[q.key])),
    ]);
    return { headers: [...EXPORT_HEADERS, ...answerHeaders(questions)], rows };
  }

  /** UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly. */
  toCsv({ headers, rows }: RegistrationTable): Buffer {
    return Buffer.from(
      stringify(
        [headers, ...rows].map((row) => row.map(inert)),
        { bom: true },
      ),
      'utf8',
    );
  }

  async toXlsx({ headers, rows }: RegistrationTable): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('报名 Registrations');
    sheet.addRow(headers).font = { bold: true };
    sheet.addRows(rows);
    sheet.columns.forEach((column) => (column.width = 18));
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
}
