import { Controller, Get, HttpCode, Param, ParseBoolPipe, Post, Query, UploadedFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { AttendanceFiguresService, AttendanceImportService } from '@tongxin/attendance';
import { ApiErrorDto, uuidPipe } from '@tongxin/common';
import { SpreadsheetUpload } from '../common/spreadsheet-upload.interceptor';
import { AttendanceFiguresDto, AttendanceImportReportDto } from './dto/attendance-import.dto';

@ApiTags('attendance')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND (not on the team)' })
@Controller('events/:id/attendance')
export class AttendanceImportController {
  constructor(
    private readonly imports: AttendanceImportService,
    private readonly figures: AttendanceFiguresService,
  ) {}

  @Post('import')
  @HttpCode(200)
  @SpreadsheetUpload()
  @ApiOperation({
    summary:
      'Import a meeting platform’s participant export (Tencent Meeting, Zoom, or a plain table); owners, managers',
    description:
      'Tencent Meeting .xlsx (成员参会概况 / 成员参会明细 sheets, or the older flat table), Zoom participants or webinar ' +
      'report .csv (with or without meeting data), or a CSV/XLSX with 姓名/name, 邮箱/email, 手机/phone, 入会时间/join, ' +
      '退会时间/leave, 时长(分钟)/minutes. The header is found in the first 30 rows; times without an offset are in the ' +
      'event’s time zone. Rows match registrations by email, then mainland mobile, then a name unique in the event; a ' +
      'person’s sessions are united; importing the same file again changes nothing.',
  })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean, description: 'Report only; write nothing' })
  @ApiOkResponse({ type: AttendanceImportReportDto })
  @ApiBadRequestResponse({
    type: ApiErrorDto,
    description: 'UNREADABLE_FILE (not CSV text or a workbook); VALIDATION_FAILED (no participant header found)',
  })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'FORBIDDEN_ROLE: the checkin role' })
  async import(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @UploadedFile() file: Express.Multer.File,
    @Query('dryRun', new ParseBoolPipe({ optional: true })) dryRun = false,
  ): Promise<AttendanceImportReportDto> {
    return this.imports.import(actor, id, file.buffer, dryRun);
  }

  @Get()
  @ApiOperation({
    summary:
      'Live attendance figures: registered, confirmed, checked in, joined online, attended; by organization and region',
  })
  @ApiOkResponse({ type: AttendanceFiguresDto })
  async figuresOf(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<AttendanceFiguresDto> {
    return AttendanceFiguresDto.from(await this.figures.figures(actor, id));
  }
}
