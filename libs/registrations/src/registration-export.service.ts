import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import { EDITORS, requireEventRole } from '@tongxin/events';
import type { OrganizationType } from '@tongxin/organizations';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { EXPORT_HEADERS, ORGANIZATION_TYPE_LABELS } from './columns';

/** Cells a spreadsheet would run as a formula get a leading apostrophe (CSV injection). */
function inert(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** The registration list as a spreadsheet, for the event's owners and managers. */
@Injectable()
export class RegistrationExportService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async rows(actor: Actor, eventId: string): Promise<string[][]> {
    await requireEventRole(this.dataSource.manager, actor, eventId, EDITORS);
    const [{ timezone }] = (await this.dataSource.query('SELECT timezone FROM event WHERE id = $1', [eventId])) as { timezone: string }[];
    const time = new Intl.DateTimeFormat('sv-SE', { timeZone: timezone, dateStyle: 'short', timeStyle: 'medium' });
    const rows = (await this.dataSource.query(
      `SELECT r.name, r.email_normalized, r.phone, o.name AS organization, o.credit_code, o.region_code, o.type,
              r.job_title, g.name_zh AS region, r.status, r.source, r.created_at
         FROM registration r JOIN organization o ON o.id = r.organization_id JOIN region g ON g.code = o.region_code
        WHERE r.event_id = $1
        ORDER BY r.created_at, r.id`,
      [eventId],
    )) as {
      name: string; email_normalized: string; phone: string | null; organization: string; credit_code: string | null;
      region_code: string; type: OrganizationType; job_title: string | null; region: string; status: string; source: string;
      created_at: Date;
    }[];
    return rows.map((r) => [
      r.name, r.email_normalized, r.phone ?? '', r.organization, r.credit_code ?? '', r.region_code,
      ORGANIZATION_TYPE_LABELS[r.type], r.job_title ?? '', r.region, r.status, r.source, time.format(r.created_at),
    ]);
  }

  /** UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly. */
  toCsv(rows: string[][]): Buffer {
    return Buffer.from(stringify([EXPORT_HEADERS, ...rows.map((row) => row.map(inert))], { bom: true }), 'utf8');
  }

  async toXlsx(rows: string[][]): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('报名 Registrations');
    sheet.addRow(EXPORT_HEADERS).font = { bold: true };
    sheet.addRows(rows);
    sheet.columns.forEach((column) => (column.width = 18));
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
}
