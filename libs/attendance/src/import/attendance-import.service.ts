import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import { readSheets, SheetPicker, uploadLimits, UploadLimits } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import { EDITORS, eventById, requireEventRole } from '@tongxin/events';
import { DataSource, EntityManager } from 'typeorm';
import { matchCandidates, writeImportedAttendance, writeUnregisteredParticipants } from './attendance-import.queries';
import { AttendanceImportReport, planImport } from './import-plan';
import { RegistrationMatcher } from './matcher';
import { closeOpenEnds, readParticipants } from './read-participants';
import { inTransaction } from '@tongxin/database';

/** Tencent Meeting's sheets: one row a person, one row a session (成员观看明细 in 2025 files). */
const TENCENT_SHEETS = ['成员参会概况', '成员参会明细', '成员观看明细'];

/** Of a workbook, Tencent's participant sheets when it has them, else every sheet (the first with a header counts). */
export const participantSheets: SheetPicker = (names) => {
  const tencent = names.filter((name) => TENCENT_SHEETS.some((known) => name.trim().startsWith(known)));
  return tencent.length > 0 ? tencent : names;
};

@Injectable()
export class AttendanceImportService {
  private readonly limits: UploadLimits;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: ConfigService<Env, true>,
  ) {
    this.limits = uploadLimits(config);
  }

  /**
   * Imports a meeting platform's participant export (Tencent Meeting, Zoom, or a plain table): matches each row to
   * a registration, merges each person's rows and sets their imported minutes, first join and last leave to what
   * the file says (so the same file twice changes nothing); keeps the people matching no registration as
   * unregistered participants; reports the ambiguous ones without writing them. One transaction, two set-based
   * statements; a dry run reads and reports only.
   */
  async import(actor: Actor, eventId: string, file: Buffer, dryRun: boolean): Promise<AttendanceImportReport> {
    await requireEventRole(this.dataSource.manager, actor, eventId, EDITORS);
    const event = (await eventById(this.dataSource.manager, eventId))!;
    const table = readParticipants(await readSheets(file, this.limits, participantSheets), event.timezone);
    closeOpenEnds(table.rows, event.endsAt.getTime());

    const run = async (db: EntityManager): Promise<AttendanceImportReport> => {
      const matcher = new RegistrationMatcher(await matchCandidates(db, eventId));
      const plan = planImport(table, matcher, event.attendedMinMinutes);
      if (!dryRun) {
        await writeImportedAttendance(db, eventId, plan.attendance);
        await writeUnregisteredParticipants(db, eventId, table.format, plan.unregistered);
      }
      return { dryRun, ...plan.report };
    };
    return dryRun ? run(this.dataSource.manager) : inTransaction(this.dataSource, run);
  }
}
