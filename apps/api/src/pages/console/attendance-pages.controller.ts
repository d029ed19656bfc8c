import { Body, Get, HttpCode, Param, Post, Res, UploadedFile } from '@nestjs/common';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { AttendanceFiguresService, AttendanceImportReport, AttendanceImportService } from '@tongxin/attendance';
import { DomainError, ErrorCode, httpStatusOf, uuidPipe } from '@tongxin/common';
import { EDITORS, EventsService } from '@tongxin/events';
import type { Response } from 'express';
import { SpreadsheetUpload } from '../../common/spreadsheet-upload.interceptor';
import { formErrorOf, ticked } from '../forms';
import { translate } from '../i18n';
import { localsOf } from '../page-context';
import type { PageLocals } from '../view-engine';
import { ConsoleController } from '../page-controller';
import { eventHeading } from './event-heading';

/**
 * Who came: the live figures and the import of a meeting platform's export (as GET /api/events/:id/attendance and
 * POST /api/events/:id/attendance/import), with its report. A page for owners and managers: door staff (checkin)
 * have the door page and nothing else.
 */
@ConsoleController('console/events/:id/attendance')
export class AttendancePagesController {
  constructor(
    private readonly events: EventsService,
    private readonly figures: AttendanceFiguresService,
    private readonly imports: AttendanceImportService,
  ) {}

  @Get()
  async page(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Res() res: Response): Promise<void> {
    await this.render(res, actor, id, {});
  }

  /** Multipart: the form's action carries ?_csrf=, since the CSRF guard runs before multer reads the body. */
  @Post('import')
  @HttpCode(200)
  @SpreadsheetUpload()
  async import(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @UploadedFile() file: Express.Multer.File,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const dryRun = ticked(body, 'dryRun');
    let report: AttendanceImportReport | undefined;
    let failure: Partial<PageLocals> = {};
    try {
      report = await this.imports.import(actor, id, file.buffer, dryRun);
    } catch (error) {
      failure = formErrorOf(error, { UNREADABLE_FILE: 'file', VALIDATION_FAILED: 'file' });
      res.status(httpStatusOf((error as DomainError).code));
    }
    // multer reads the part's filename as latin1; browsers send UTF-8 (成员参会情况.xlsx).
    const fileName = Buffer.from(file.originalname, 'latin1').toString('utf8');
    await this.render(res, actor, id, { report, fileName, values: { dryRun }, ...failure });
  }

  private async render(res: Response, actor: Actor, id: string, data: Record<string, unknown>): Promise<void> {
    const { event, role } = await this.events.get(actor, id);
    if (!EDITORS.includes(role)) {
      throw new DomainError(ErrorCode.FORBIDDEN_ROLE, 'Door staff have the door page, not the attendance report');
    }
    const figures = await this.figures.figures(actor, id);
    res.render('console/attendance', {
      pageTitle: `${translate(localsOf(res).lang, 'attendance.title')} · ${event.title}`,
      wide: true,
      event: eventHeading(event),
      figures: { ...figures, ratePercent: Math.round(figures.attendanceRate * 1000) / 10 },
      ...data,
    });
  }
}
