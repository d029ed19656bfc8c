import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { ApiErrorDto, uuidPipe } from '@tongxin/common';
import { SeriesSummaryService } from '@tongxin/summaries';
import { SeriesSummaryDto } from './dto/series-summary.dto';

@ApiTags('summaries')
@ApiBearerAuth()
@Controller('series/:id/summary')
export class SeriesSummaryController {
  constructor(private readonly summaries: SeriesSummaryService) {}

  @Get()
  @ApiOperation({
    summary:
      'Every session with its figures, people and organizations across the series, returning organizations, a narrative',
    description:
      "The series' creator and anyone on the team of one of its sessions; sessions as GET /series/:id lists them.",
  })
  @ApiOkResponse({ type: SeriesSummaryDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'SERIES_NOT_FOUND' })
  async get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<SeriesSummaryDto> {
    return SeriesSummaryDto.from(await this.summaries.seriesSummary(actor, id));
  }
}
