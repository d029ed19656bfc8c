import { Body, Get, Param, Post, Query, Res, StreamableFile, UploadedFile, UseFilters } from '@nestjs/common';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { uuidPipe } from '@tongxin/common';
import { EventsService, isActive } from '@tongxin/events';
import { OrganizationsService, RegionView } from '@tongxin/organizations';
import {
  GroupRegistrationsService,
  REGISTRATION_STATUSES,
  RegistrationExportService,
  RegistrationImportService,
  RegistrationsService,
} from '@tongxin/registrations';
import type { Response } from 'express';
import { download, XLSX_TYPE } from '../../common/download';
import { SpreadsheetUpload } from '../../common/spreadsheet-upload.interceptor';
import { ListRegistrationsQuery } from '../../registrations/dto/registration.dto';
import { compact, readForm, ticked } from '../forms';
import { translate } from '../i18n';
import { localsOf } from '../page-context';
import { ConsoleController } from '../page-controller';
import type { PageLocals } from '../view-engine';
import { eventHeading } from './event-heading';
import { RegistrationImportPageFilter } from './registrations-import.filter';
import {
  actionErrorOf,
  answerFilterChoices,
  answersColumn,
  renderImportPage,
  reportView,
} from './registrations-page-parts';

/** The query parameters of the list: its filters and its page (ListRegistrationsQuery's fields). */
const LIST_PARAMS = ['status', 'organizationId', 'regionCode', 'q', 'answer', 'cursor', 'limit'] as const;
type ListParams = Partial<Record<(typeof LIST_PARAMS)[number], string>>;

/** Only the list's own parameters, as strings (a query string or a form's `back` field). */
export function listParams(source: Record<string, unknown> | URLSearchParams): ListParams {
  const get = (key: string) => (source instanceof URLSearchParams ? source.get(key) : source[key]);
  const params: ListParams = {};
  for (const key of LIST_PARAMS) {
    const value = get(key);
    if (typeof value === 'string' && value.trim() !== '') params[key] = value;
  }
  return params;
}

export function registrationsUrl(eventId: string, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams(compact(params) as Record<string, string>).toString();
  return `/console/events/${eventId}/registrations${query ? `?${query}` : ''}`;
}

/**
 * An event's registrations in the console: the list with its filters and pages (the JSON list's query and paging),
 * counts by status, approve and reject, exports, the import with its row report, and the group registrations.
 * Owners and managers; the services answer the checkin role 403 (FORBIDDEN_ROLE) and anyone off the team 404.
 */
@ConsoleController('console/events/:id')
export class RegistrationsPagesController {
  constructor(
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly groups: GroupRegistrationsService,
    private readonly exports: RegistrationExportService,
    private readonly imports: RegistrationImportService,
    private readonly organizations: OrganizationsService,
  ) {}

  @Get('registrations')
  async list(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const notice = query.done === 'approved' || query.done === 'rejected' ? `registrations.done.${query.done}` : null;
    await this.renderList(res, actor, id, listParams(query), { notice });
  }

  @Post('registrations/:rid/approve')
  approve(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('rid', uuidPipe('rid')) rid: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    return this.act(res, actor, id, body, 'approved', () => this.registrations.approve(actor, id, rid));
  }

  @Post('registrations/:rid/reject')
  reject(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('rid', uuidPipe('rid')) rid: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    return this.act(res, actor, id, body, 'rejected', () => this.registrations.reject(actor, id, rid));
  }

  @Get('registrations.csv')
  async exportCsv(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<StreamableFile> {
    const csv = this.exports.toCsv(await this.exports.rows(actor, id));
    return download(csv, 'text/csv; charset=utf-8', `registrations-${id}.csv`);
  }

  @Get('registrations.xlsx')
  async exportXlsx(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<StreamableFile> {
    const xlsx = await this.exports.toXlsx(await this.exports.rows(actor, id));
    return download(xlsx, XLSX_TYPE, `registrations-${id}.xlsx`);
  }

  @Get('registrations/import')
  importForm(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Res() res: Response): Promise<void> {
    return renderImportPage(res, this.pageServices(), actor, id);
  }

  /**
   * The upload (multipart: the form token rides in the action URL, as the guard runs before multer reads the body).
   * Errors of the file (too large, unreadable, no header) come back as this page with the message: the filter
   * renders them, those raised before this method runs included.
   */
  @Post('registrations/import')
  @SpreadsheetUpload()
  @UseFilters(RegistrationImportPageFilter)
  async import(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @UploadedFile() file: Express.Multer.File,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const notify = ticked(body, 'notify');
    const dryRun = ticked(body, 'dryRun');
    const report = await this.imports.import(actor, id, file.buffer, dryRun, notify);
    await renderImportPage(res, this.pageServices(), actor, id, {
      report: reportView(report),
      values: { notify, dryRun },
    });
  }

  private pageServices() {
    return { events: this.events, registrations: this.registrations };
  }

  /** Approve or reject, then back to the list as it was (POST-redirect-GET); a refusal is shown on the list. */
  private async act(
    res: Response,
    actor: Actor,
    id: string,
    body: Record<string, unknown>,
    done: 'approved' | 'rejected',
    action: () => Promise<unknown>,
  ): Promise<void> {
    const params = listParams(new URLSearchParams(typeof body.back === 'string' ? body.back : ''));
    try {
      await action();
    } catch (error) {
      await this.renderList(res, actor, id, params, actionErrorOf(error));
      return;
    }
    res.redirect(303, `${registrationsUrl(id, { ...params, done })}#list`);
  }

  private async renderList(
    res: Response,
    actor: Actor,
    id: string,
    params: ListParams,
    extra: { status?: number; notice?: string | null; actionError?: PageLocals['formError'] },
  ): Promise<void> {
    // Owners and managers only: the overview says so before anything is read (the list itself would give the
    // checkin role its door view).
    const { counts, organizations } = await this.registrations.overview(actor, id);
    const [{ event }, regions, groups] = await Promise.all([
      this.events.get(actor, id),
      this.organizations.listRegions(),
      this.groups.listForEvent(actor, id),
    ]);
    const form = await readForm(ListRegistrationsQuery, params);
    // Filters the API would refuse are shown beside their fields, over the unfiltered first page.
    const page = await this.registrations.list(actor, id, form.ok ? form.value : { limit: 20 });
    const regionOf = new Map<string, RegionView>(regions.map((r) => [r.code, r]));
    const filters = form.ok ? params : {};
    const { cursor: _cursor, ...withoutCursor } = filters;
    const { lang } = localsOf(res);
    res.status(extra.status ?? (form.ok ? 200 : 400)).render('console/registrations/list', {
      pageTitle: `${translate(lang, 'registrations.title')} · ${event.title}`,
      wide: true,
      event: eventHeading(event),
      counts: [
        { key: 'registrations.count.total', n: counts.total, url: registrationsUrl(id), current: !filters.status },
        ...REGISTRATION_STATUSES.map((status) => ({
          key: `registrations.status.${status}`,
          status,
          n: counts[status],
          url: registrationsUrl(id, { status }),
          current: filters.status === status,
        })),
      ],
      statusOptions: REGISTRATION_STATUSES.map((code) => ({ code, key: `registrations.status.${code}` })),
      organizations,
      regions,
      answerFilters: answerFilterChoices(event.questions, lang),
      hasQuestions: event.questions.some(isActive),
      values: filters,
      fieldErrors: form.ok ? undefined : form.fieldErrors,
      filtered: Object.keys(withoutCursor).some((k) => k !== 'limit'),
      items:
        page.view === 'full'
          ? page.items.map((r) => ({
              ...r,
              region: regionOf.get(r.organization.regionCode),
              statusKey: `registrations.status.${r.status}`,
              sourceKey: `registrations.source.${r.source}`,
              actionable: r.status === 'pending',
              answers: answersColumn(event.questions, r.answers, lang),
            }))
          : [],
      back: new URLSearchParams(filters as Record<string, string>).toString(),
      nextUrl: page.nextCursor ? registrationsUrl(id, { ...filters, cursor: page.nextCursor }) : null,
      firstUrl: filters.cursor ? registrationsUrl(id, withoutCursor) : null,
      clearUrl: registrationsUrl(id),
      groups: groups.map((g) => ({
        ...g,
        size: g.people.length,
        people: g.people.map((p) => ({ ...p, statusKey: `registrations.status.${p.status}` })),
      })),
      notice: extra.notice,
      actionError: extra.actionError,
    });
  }
}
