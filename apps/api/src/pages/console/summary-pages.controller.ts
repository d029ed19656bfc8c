import { Body, Get, Header, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { DomainError, ErrorCode, uuidPipe } from '@tongxin/common';
import { EventsService } from '@tongxin/events';
import {
  EventSummary,
  INTENTION_FIELDS,
  INTENTION_STATUSES,
  IntentionsService,
  lacksEnglishTitle,
  SummaryDownloadsService,
  SummaryService,
} from '@tongxin/summaries';
import type { Response } from 'express';
import { download, XLSX_TYPE } from '../../common/download';
import { UpdateEventDto } from '../../events/dto/event-input.dto';
import { readForm } from '../forms';
import { translate } from '../i18n';
import { localsOf } from '../page-context';
import { ConsoleController } from '../page-controller';
import { barsOf } from './bars';
import { narrativeChoices, questionSections } from './summary-questions';

/**
 * After the event: the summary (owners and managers, as GET /api/events/:id/summary: the checkin role gets 403),
 * its charts, the narrative in both languages, the cooperation intentions, and the downloads the JSON API offers,
 * streamed here with the session's authorization (a browser link cannot send a bearer token).
 */
@ConsoleController('console/events/:id')
export class SummaryPagesController {
  constructor(
    private readonly summaries: SummaryService,
    private readonly downloads: SummaryDownloadsService,
    private readonly intentions: IntentionsService,
    private readonly events: EventsService,
  ) {}

  @Get('summary')
  async page(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Query('narrative') narrative: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const summary = await this.summaries.eventSummary(actor, id);
    const intentions = await this.intentions.list(actor, id);
    const lang = localsOf(res).lang;
    res.render('console/summary', {
      pageTitle: `${translate(lang, 'summary.title')} · ${summary.event.title}`,
      wide: true,
      event: summary.event,
      // Said above the figures, with the way to the field (the form is there unless the event is cancelled).
      titleEnNeeded:
        summary.event.status !== 'cancelled' &&
        lacksEnglishTitle({ titleEn: summary.event.titleEn, series: summary.series }),
      ...headline(summary),
      summary,
      charts: {
        byRegion: barsOf(
          summary.regions,
          (r) => (lang === 'en' ? r.nameEn : r.nameZh),
          (r) => (summary.basis === 'attended' ? r.attended : r.registered),
        ),
        byType: barsOf(
          summary.organizationTypes,
          (t) => translate(lang, `door.orgType.${t.type}`),
          (t) => (summary.basis === 'attended' ? t.attended : t.registered),
        ),
      },
      questions: questionSections(summary, lang),
      // The narrative's question is chosen here unless the event is cancelled (it can no longer be changed).
      narrativeChoices: summary.event.status === 'cancelled' ? null : narrativeChoices(summary, lang),
      narrativeSaved: narrative === 'saved',
      intentions: {
        ...intentions,
        items: intentions.items.map((i) => ({
          ...i,
          fieldKey: `summary.field.${i.field}`,
          statusKey: `summary.stage.${i.status}`,
        })),
        byStatus: INTENTION_STATUSES.map((s) => ({ key: `summary.stage.${s}`, n: intentions.byStatus[s] })),
        byField: INTENTION_FIELDS.filter((f) => intentions.byField[f] > 0).map((f) => ({
          key: `summary.field.${f}`,
          n: intentions.byField[f],
        })),
      },
    });
  }

  /** The question the narrative mentions: the change PATCH /api/events/:id { narrativeQuestion } makes. */
  @Post('summary/narrative-question')
  async chooseNarrativeQuestion(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    // The form offers the event's own questions and "none" (empty): anything else was not sent by it.
    const form = await readForm(UpdateEventDto, { narrativeQuestion: body.narrativeQuestion || null });
    if (!form.ok) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'narrativeQuestion must be a question key');
    await this.events.update(actor, id, { narrativeQuestion: form.value.narrativeQuestion ?? null });
    res.redirect(303, `/console/events/${id}/summary?narrative=saved#questions-h`);
  }

  @Get('summary.md')
  async markdown(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<StreamableFile> {
    return download(await this.downloads.markdown(actor, id), 'text/markdown; charset=utf-8', `summary-${id}.md`);
  }

  @Get('summary.xlsx')
  async xlsx(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<StreamableFile> {
    return download(await this.downloads.xlsx(actor, id), XLSX_TYPE, `summary-${id}.xlsx`);
  }

  @Get('summary.html')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
  async html(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<StreamableFile> {
    return download(await this.downloads.html(actor, id), 'text/html; charset=utf-8', `summary-${id}.html`);
  }
}

/** The headline figures of the summary's basis (attended once anyone attended, else registered). */
function headline(s: EventSummary) {
  const attended = s.basis === 'attended';
  return {
    headline: {
      people: attended ? s.people.attended : s.people.registered,
      organizations: attended ? s.organizations.attended : s.organizations.registered,
      regions: s.regions.filter((r) => (attended ? r.attended : r.registered) > 0).length,
      registered: s.people.registered,
      ratePercent: Math.round(s.attendance.attendanceRate * 1000) / 10,
      attended,
    },
  };
}
