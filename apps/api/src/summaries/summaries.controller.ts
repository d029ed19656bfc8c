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
import { download, XLSX_TYPE } from '../common/download';
import { ApiFileResponse } from '../openapi';
import { EventSummaryDto } from './dto/summary.dto';

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
    return download(await this.downloads.markdown(actor, id), 'text/markdown; charset=utf-8', `summary-${id}.md`);
  }

  @Get('summary.xlsx')
  @ApiOperation({ summary: 'The summary as a workbook: summary, regions, organizations, attendees, intentions' })
  @ApiFileResponse('XLSX file (summary-<id>.xlsx)', XLSX_TYPE)
  async xlsx(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<StreamableFile> {
    return download(await this.downloads.xlsx(actor, id), XLSX_TYPE, `summary-${id}.xlsx`);
  }

  @Get('summary.html')
  @ApiOperation({ summary: 'The summary as a printable page with inline SVG charts (no script, nothing external)' })
  @ApiFileResponse('HTML file (summary-<id>.html)', 'text/html')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
  async html(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<StreamableFile> {
    return download(await this.downloads.html(actor, id), 'text/html; charset=utf-8', `summary-${id}.html`);
  }
}
