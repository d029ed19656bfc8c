import { Get, Param, Res } from '@nestjs/common';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { uuidPipe } from '@tongxin/common';
import { SeriesSummaryService } from '@tongxin/summaries';
import type { Response } from 'express';
import { translate } from '../i18n';
import { localsOf } from '../page-context';
import { ConsoleController } from '../page-controller';

/**
 * A series: its sessions in order with their figures, the totals across the sessions held, the regions, the
 * returning organizations and the narrative, as GET /api/series/:id/summary gives them (the series' creator and
 * anyone on the team of one of its sessions; 404 otherwise).
 */
@ConsoleController('console/series')
export class SeriesPagesController {
  constructor(private readonly summaries: SeriesSummaryService) {}

  @Get(':id')
  async page(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Res() res: Response): Promise<void> {
    const summary = await this.summaries.seriesSummary(actor, id);
    res.render('console/series', {
      pageTitle: `${translate(localsOf(res).lang, 'seriesPage.title')} · ${summary.series.title}`,
      wide: true,
      summary,
      attended: summary.basis === 'attended',
      sessions: summary.sessions.map((s) => ({ ...s, statusKey: `summary.eventStatus.${s.status}` })),
    });
  }
}
