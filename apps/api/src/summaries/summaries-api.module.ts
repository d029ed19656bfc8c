import { Module } from '@nestjs/common';
import { SummariesModule } from '@tongxin/summaries';
import { IntentionsController } from './intentions.controller';
import { SeriesSummaryController } from './series-summary.controller';
import { SummariesController } from './summaries.controller';

/** The summaries' routes: cooperation intentions, the event summary and its files, the series summary. */
@Module({
  imports: [SummariesModule],
  controllers: [IntentionsController, SummariesController, SeriesSummaryController],
})
export class SummariesApiModule {}
