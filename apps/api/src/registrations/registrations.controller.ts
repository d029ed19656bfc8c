import {
  Controller,
  Get,
  HttpCode,
  Param,
  ParseBoolPipe,
  Post,
  Query,
  StreamableFile,
  UploadedFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { ApiErrorDto, uuidPipe } from '@tongxin/common';
import { RegistrationExportService, RegistrationImportService, RegistrationsService } from '@tongxin/registrations';
import { download, XLSX_TYPE } from '../common/download';
import { SpreadsheetUpload } from '../common/spreadsheet-upload.interceptor';
import { ApiFileResponse } from '../openapi';
import {
  DoorRegistrationDto,
  ImportReportDto,
  ListRegistrationsQuery,
  RegistrationDto,
  RegistrationPageDto,
} from './dto/registration.dto';

@ApiTags('registrations')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND (not on the team), REGISTRATION_NOT_FOUND' })
@Controller('events/:id')
export class RegistrationsController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly exports: RegistrationExportService,
    private readonly imports: RegistrationImportService,
  ) {}

  @Post('registrations/import')
  @HttpCode(200)
  @SpreadsheetUpload()
  @ApiOperation({
    summary: 'Import registrations from CSV (UTF-8 or GB18030) or XLSX; bad rows are reported, good rows go in',
    description:
      'Columns: 姓名/name, 邮箱/email, 手机/phone, 单位/organization, 统一社会信用代码/creditCode, 地区代码/regionCode, 单位类型/orgType, 职务/jobTitle. ' +
      'The file is bounded by the UPLOAD_MAX_* settings (bytes, unzipped bytes, sheets, rows, columns, cells, line length).',
  })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean })
  @ApiOkResponse({ type: ImportReportDto })
  @ApiQuery({
    name: 'notify',
    required: false,
    type: Boolean,
    description: 'Email each imported person a confirmation (default true)',
  })
  async import(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @UploadedFile() file: Express.Multer.File,
    @Query('dryRun', new ParseBoolPipe({ optional: true })) dryRun = false,
    @Query('notify', new ParseBoolPipe({ optional: true })) notify = true,
  ): Promise<ImportReportDto> {
    return this.imports.import(actor, id, file.buffer, dryRun, notify);
  }

  @Get('registrations.csv')
  @ApiOperation({ summary: 'All registrations as CSV (UTF-8 with BOM, opens in Excel); owners and managers' })
  @ApiFileResponse('CSV file (registrations-<id>.csv)', 'text/csv')
  async exportCsv(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<StreamableFile> {
    const csv = this.exports.toCsv(await this.exports.rows(actor, id));
    return download(csv, 'text/csv; charset=utf-8', `registrations-${id}.csv`);
  }

  @Get('registrations.xlsx')
  @ApiOperation({ summary: 'All registrations as an Excel workbook; owners and managers' })
  @ApiFileResponse('XLSX file (registrations-<id>.xlsx)', XLSX_TYPE)
  async exportXlsx(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<StreamableFile> {
    const xlsx = await this.exports.toXlsx(await this.exports.rows(actor, id));
    return download(xlsx, XLSX_TYPE, `registrations-${id}.xlsx`);
  }

  @Get('registrations')
  @ApiOperation({
    summary: 'Registrations of an event, oldest first, a page at a time (team only)',
    description:
      'Owners and managers see every field; the checkin role sees name, organization, status and the last four digits of the phone, and searches by name or organization only.',
  })
  @ApiOkResponse({ type: RegistrationPageDto })
  async list(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Query() query: ListRegistrationsQuery,
  ): Promise<RegistrationPageDto> {
    const page = await this.registrations.list(actor, id, query);
    const items =
      page.view === 'door' ? page.items.map(DoorRegistrationDto.from) : page.items.map(RegistrationDto.from);
    return { items, nextCursor: page.nextCursor };
  }

  @Post('registrations/:rid/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a pending registration: confirmed when a seat is free, otherwise waitlisted' })
  @ApiOkResponse({ type: RegistrationDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'REGISTRATION_NOT_ACTIONABLE' })
  async approve(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('rid', uuidPipe('rid')) rid: string,
  ): Promise<RegistrationDto> {
    return RegistrationDto.from(await this.registrations.approve(actor, id, rid));
  }

  @Post('registrations/:rid/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a pending or waitlisted registration; the attendee is told by mail' })
  @ApiOkResponse({ type: RegistrationDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'REGISTRATION_NOT_ACTIONABLE' })
  async reject(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('rid', uuidPipe('rid')) rid: string,
  ): Promise<RegistrationDto> {
    return RegistrationDto.from(await this.registrations.reject(actor, id, rid));
  }

  @Post('registrations/:rid/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a registration; the seat goes to the first waitlisted person who fits' })
  @ApiOkResponse({ type: RegistrationDto })
  async cancel(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('rid', uuidPipe('rid')) rid: string,
  ): Promise<RegistrationDto> {
    return RegistrationDto.from(await this.registrations.cancelByOrganizer(actor, id, rid));
  }
}
