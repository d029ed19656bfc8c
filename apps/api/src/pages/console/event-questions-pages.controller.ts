import { Body, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { DomainError, ErrorCode, uuidPipe } from '@tongxin/common';
import { EventCopyService, EventDetail, EventsService, isActive } from '@tongxin/events';
import type { Response } from 'express';
import { CopyEventDto, QuestionKeyPipe } from '../../events/dto/event-input.dto';
import { FieldErrors, readForm } from '../forms';
import { translate } from '../i18n';
import { localsOf } from '../page-context';
import { ConsoleController } from '../page-controller';
import { eventHeading } from './event-heading';
import { copyFormOf, copyInput } from './event-questions';

/**
 * What an event's editors do beside its form: delete the kept answers of a question taken off the form (asked first:
 * it cannot be undone), and copy the event into a new draft (its next session). Owners and managers (the services say
 * so); the same service calls as DELETE …/questions/:key/answers and POST …/copy.
 */
@ConsoleController('console/events/:id')
export class EventQuestionsPagesController {
  constructor(
    private readonly events: EventsService,
    private readonly copies: EventCopyService,
  ) {}

  /** The confirmation step before deleting a removed question's answers. */
  @Get('questions/:key/delete-answers')
  async confirmDelete(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('key', QuestionKeyPipe) key: string,
    @Res() res: Response,
  ): Promise<void> {
    const { event } = await this.events.getForEditing(actor, id);
    const question = event.questions.find((q) => q.key === key && !isActive(q));
    if (!question) throw new DomainError(ErrorCode.NOT_FOUND, `The event has no removed question ${key}`);
    res.render('console/question-delete', {
      pageTitle: `${translate(localsOf(res).lang, 'questions.delete.title')} · ${event.title}`,
      event: eventHeading(event),
      question,
    });
  }

  @Post('questions/:key/delete-answers')
  async deleteAnswers(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('key', QuestionKeyPipe) key: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.events.deleteRemovedAnswers(actor, id, key);
    res.redirect(303, `/console/events/${id}?answersDeleted=1`);
  }

  /** The copy form on a page of its own (the event page has it too); where a refused copy comes back. */
  @Get('copy')
  async copyPage(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Res() res: Response) {
    const { event } = await this.events.getForEditing(actor, id);
    this.renderCopy(res, event);
  }

  /** A new draft from this event, then its page (to check the times and publish). */
  @Post('copy')
  @HttpCode(200)
  async copy(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const { event } = await this.events.getForEditing(actor, id);
    const form = await readForm(CopyEventDto, copyInput(event, body));
    if (!form.ok) {
      // Named apart from the event form's own fields (the event page shows both forms).
      const fieldErrors: FieldErrors = {};
      if (form.fieldErrors.startsAt) fieldErrors['copy.startsAt'] = ['validation.isDateString'];
      if (form.fieldErrors.title) fieldErrors['copy.title'] = form.fieldErrors.title;
      return this.renderCopy(res.status(400), event, body, fieldErrors);
    }
    const copied = await this.copies.copy(actor, id, form.value);
    res.redirect(303, `/console/events/${copied.event.id}?copied=1`);
  }

  private renderCopy(res: Response, event: EventDetail, posted?: Record<string, unknown>, fieldErrors?: FieldErrors) {
    res.render('console/event-copy', {
      pageTitle: `${translate(localsOf(res).lang, 'copy.title')} · ${event.title}`,
      event: eventHeading(event),
      copy: copyFormOf(event, posted),
      fieldErrors,
      formError: fieldErrors ? { key: 'errors.VALIDATION_FAILED' } : undefined,
    });
  }
}
