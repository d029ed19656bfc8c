import { Controller, Get, Header, Param, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { ApiErrorDto, uuidPipe } from '@tongxin/common';
import { SummaryDownloadsService, SummaryService } from '@tongxin/summaries';
import { ApiFileResponse } from '../openapi';
import { EventSummaryDto } from './dto/summary.dto';

const file = (body: string | Buffer, type: string, name: string) =>
  new StreamableFile(typeof body === 'string' ? Buffer.from(body, 'utf8') : body, {
    type,
    disposition: `attachment; filename="${name}"`,
  });

@ApiTags('summaries')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND: no such event, or you are not on its team' })
@ApiForbiddenResponse({ type: ApiErrorDto, description: 'FORBIDDEN_ROLE: the checkin role' })
@Controller('events/:id')
export class SummariesController {
  constructor(
    private readonly summaries: SummaryService,
    private readonly downloads: SummaryDownloadsService,
  ) {}

  @Get('summary')
  @ApiOperation({
    summary: 'The post-event summary: figures, regions, hosts, intentions, and the narrative in Chinese and English',
    description: 'Owners and managers. Attended figures once anyone attended; registered figures before.',
  })
  @ApiOkResponse({ type: EventSummaryDto })
  async summary(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<EventSummaryDto> {
    return EventSummaryDto.from(await this.summaries.eventSummary(actor, id));
  }

  @Get('summary.md')
  @ApiOperation({ summary: 'The summary as Markdown' })
  @ApiFileResponse('Markdown file (summary-<id>.md)', 'text/markdown')
  async markdown(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<StreamableFile> {
    return file(await this.downloads.markdown(actor, id), 'text/markdown; charset=utf-8', `summary-${id}.md`);
  }

  @Get('summary.xlsx')
  @ApiOperation({ summary: 'The summary as a workbook: summary, regions, organizations, attendees, intentions' })
  @ApiFileResponse('XLSX file (summary-<id>.xlsx)', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async xlsx(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<StreamableFile> {
    return file(
      await this.downloads.xlsx(actor, id),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      `summary-${id}.xlsx`,
    );
  }

  @Get('summary.html')
  @ApiOperation({ summary: 'The summary as a printable page with inline SVG charts (no script, nothing external)' })
  @ApiFileResponse('HTML file (summary-<id>.html)', 'text/html')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
  async html(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<StreamableFile> {
    return file(await this.downloads.html(actor, id), 'text/html; charset=utf-8', `summary-${id}.html`);
  }
}
