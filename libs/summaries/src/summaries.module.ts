import { Module } from '@nestjs/common';
import { SummaryDownloadsService } from './downloads/summary-downloads.service';
import { IntentionsService } from './intentions.service';
import { SeriesSummaryService } from './series-summary.service';
import { SummaryService } from './summary.service';

/** After the event: cooperation intentions, the event and series summaries, and the summary as files. */
@Module({
  providers: [IntentionsService, SummaryService, SummaryDownloadsService, SeriesSummaryService],
  exports: [IntentionsService, SummaryService, SummaryDownloadsService, SeriesSummaryService],
})
export class SummariesModule {}
