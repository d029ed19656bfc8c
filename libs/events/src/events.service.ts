import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import { DomainError, ErrorCode, Page, rejectNullFields } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import { existingOrganizationIds } from '@tongxin/organizations';
import {
  FollowupTimer,
  OutboxService,
  oweMessages,
  ReminderTimer,
  scheduleFollowup,
  scheduleReminders,
} from '@tongxin/outbox';
import { DataSource, EntityManager } from 'typeorm';
import { EDITORS, requireEventRole } from './event-access';
import { putMember } from './event-member.queries';
import {
  eventById,
  eventDetail,
  eventsOfMember,
  insertEvent,
  markEventCancelled,
  markEventPublished,
  publicEventBySlug,
  replaceAgenda,
  replaceHosts,
  updateEvent,
} from './event.queries';
import { assertEventRules, capacityBelowConfirmed } from './event-rules';
import { changeQuestions } from './questions/question-changes';
import { deleteAnswers, saveQuestions } from './questions/question.queries';
import { isActive, type QuestionInput } from './questions/question.types';
import type {
  AgendaItemView,
  EventDetail,
  EventFields,
  EventKind,
  EventLanguage,
  EventView,
  HostRole,
  TeamRole,
} from './event.types';
import { copyOrganizationLimit, lockSeatCounters } from './seat.queries';
import { claimSequence, makeSlug } from './event-identity';
import { inTransaction } from '@tongxin/database';

export interface HostInput {
  organizationId: string;
  role: HostRole;
}

export interface AgendaInput {
  startsAt: string;
  title: string;
  speaker?: string | null;
  speakerAffiliation?: string | null;
}

export interface EventInput {
  title: string;
  titleEn?: string | null;
  description?: string | null;
  kind: EventKind;
  startsAt: string;
  endsAt: string;
  timezone?: string;
  venue?: string | null;
  joinUrl?: string | null;
  capacity?: number | null;
  perOrganizationLimit?: number | null;
  registrationOpensAt?: string | null;
  registrationClosesAt?: string | null;
  requiresApproval?: boolean;
  language: EventLanguage;
  reminderOffsets?: string[];
  attendedMinMinutes?: number;
  seriesId?: string | null;
  sequenceNo?: number | null;
  hosts?: HostInput[];
  agenda?: AgendaInput[];
  /** The whole list of registration questions (questions/question-rules.ts). */
  questions?: QuestionInput[];
  narrativeQuestion?: string | null;
}

export type EventPatch = Partial<Omit<EventInput, 'seriesId' | 'sequenceNo'>>;

export interface EventWithRole {
  event: EventDetail;
  role: TeamRole;
}

const DEFAULT_REMINDERS = ['P1D', 'PT1H'];
const DEFAULT_ATTENDED_MIN_MINUTES = 30;

/** What a change to an event owes: messages to send, reminder and post-event timers to arm, once it has committed. */
interface Owed {
  messages: string[];
  timers: ReminderTimer[];
  followup?: FollowupTimer;
}

/** Registrations that hear about changes to the event. */
const INFORMED = ['confirmed', 'waitlisted', 'pending'];

@Injectable()
export class EventsService {
  /** How long after an event's end its post-event timer is due. */
  private readonly followupDelayMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    config: ConfigService<Env, true>,
  ) {
    this.followupDelayMs = config.get('POST_EVENT_DELAY_MINUTES', { infer: true }) * 60_000;
  }

  async create(actor: Actor, input: EventInput): Promise<EventWithRole> {
    const id = await inTransaction(this.dataSource, async (db) => {
      const sequenceNo = input.seriesId ? await claimSequence(db, actor, input.seriesId, input.sequenceNo) : null;
      const fields = newEventFields(input);
      assertEventRules(
        fields,
        (input.agenda ?? []).map((a) => ({ startsAt: new Date(a.startsAt) })),
      );
      const eventId = await insertEvent(db, {
        ...fields,
        slug: makeSlug(input.titleEn),
        seriesId: input.seriesId ?? null,
        sequenceNo,
      });
      await putMember(db, eventId, actor.organizerId, 'owner');
      await this.replaceHosts(db, eventId, input.hosts ?? []);
      await replaceAgenda(db, eventId, toAgenda(input.agenda ?? []));
      if (input.questions || input.narrativeQuestion) {
        await changeQuestions(db, { id: eventId, questions: [], narrativeQuestion: null }, input);
      }
      return eventId;
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, eventId: string): Promise<EventWithRole> {
    const db = this.dataSource.manager;
    const role = await requireEventRole(db, actor, eventId);
    return { event: (await eventDetail(db, eventId))!, role };
  }

  /** The event as its editors see it (owners and managers): 403 FORBIDDEN_ROLE for the check-in role. */
  async getForEditing(actor: Actor, eventId: string): Promise<EventWithRole> {
    const db = this.dataSource.manager;
    const role = await requireEventRole(db, actor, eventId, EDITORS);
    return { event: (await eventDetail(db, eventId))!, role };
  }

  list(actor: Actor, query: { cursor?: string; limit: number }): Promise<Page<{ event: EventView; role: TeamRole }>> {
    return eventsOfMember(this.dataSource.manager, actor.organizerId, query);
  }

  async update(actor: Actor, eventId: string, patch: EventPatch): Promise<EventWithRole> {
    rejectNullFields(patch, [
      'title',
      'kind',
      'startsAt',
      'endsAt',
      'timezone',
      'language',
      'requiresApproval',
      'reminderOffsets',
      'attendedMinMinutes',
      'hosts',
      'agenda',
      'questions',
    ]);
    const owed = await inTransaction(this.dataSource, async (db): Promise<Owed> => {
      // Seat claims lock an organization's counter row before the event row; take locks in the same order.
      if (patch.perOrganizationLimit !== undefined) await lockSeatCounters(db, eventId);
      await requireEventRole(db, actor, eventId, EDITORS, true);
      const { hosts: _hosts, agenda: currentAgenda, series: _series, ...event } = (await eventDetail(db, eventId))!;
      if (event.status === 'cancelled') {
        throw new DomainError(ErrorCode.EVENT_NOT_EDITABLE, 'A cancelled event cannot be changed');
      }
      const before = calendarFacts(event);
      applyPatch(event, patch);
      const after = calendarFacts(event);
      const agenda = patch.agenda ? toAgenda(patch.agenda) : currentAgenda;
      assertEventRules(event, agenda);
      if (event.capacity !== null && event.capacity < event.confirmedCount) {
        throw capacityBelowConfirmed(event.confirmedCount);
      }
      // A new schedule version retires every reminder timer of the old one (they fire into nothing).
      const rescheduled = after.startsAt !== before.startsAt || after.reminders !== before.reminders;
      if (rescheduled) event.scheduleVersion += 1;
      const informed =
        after.startsAt !== before.startsAt || after.endsAt !== before.endsAt || after.place !== before.place;
      if (informed || after.title !== before.title) event.icsSequence += 1;
      await updateEvent(db, event);
      if (patch.perOrganizationLimit !== undefined)
        await copyOrganizationLimit(db, eventId, event.perOrganizationLimit);
      if (patch.hosts) await this.replaceHosts(db, eventId, patch.hosts);
      if (patch.agenda) await replaceAgenda(db, eventId, agenda);
      if (patch.questions !== undefined || patch.narrativeQuestion !== undefined) {
        await changeQuestions(db, event, patch);
      }
      if (event.status !== 'published') return { messages: [], timers: [] };
      return {
        messages: informed
          ? await oweMessages(
              db,
              'event_updated',
              { eventId, statuses: INFORMED },
              { keySuffix: `:s${event.icsSequence}` },
            )
          : [],
        timers: rescheduled ? await scheduleReminders(db, eventId) : [],
        followup:
          after.endsAt !== before.endsAt ? await scheduleFollowup(db, eventId, this.followupDelayMs) : undefined,
      };
    });
    await this.afterCommit(owed);
    return this.get(actor, eventId);
  }

  /**
   * Deletes, on purpose, the answers to a question taken off the form (until then exports keep them, marked
   * removed), and the question with them. Returns how many answers were deleted.
   */
  async deleteRemovedAnswers(actor: Actor, eventId: string, key: string): Promise<number> {
    return inTransaction(this.dataSource, async (db) => {
      await requireEventRole(db, actor, eventId, EDITORS, true);
      const event = (await eventById(db, eventId))!;
      const question = event.questions.find((q) => q.key === key);
      if (!question) throw new DomainError(ErrorCode.NOT_FOUND, `The event has no question ${key}`);
      if (isActive(question)) {
        throw new DomainError(
          ErrorCode.CONFLICT,
          `Question ${key} is still on the form: take it off the form first (its answers are then kept until deleted)`,
        );
      }
      const deleted = await deleteAnswers(db, eventId, key);
      const questions = event.questions.filter((q) => q.key !== key);
      await saveQuestions(db, eventId, questions, event.narrativeQuestion);
      return deleted;
    });
  }

  /** Publishing opens the public page (and, once registration is open, registration). Idempotent. */
  async publish(actor: Actor, eventId: string): Promise<EventWithRole> {
    await this.transition(actor, eventId, async (db, event) => {
      if (event.status === 'cancelled') {
        throw new DomainError(ErrorCode.EVENT_NOT_EDITABLE, 'A cancelled event cannot be published');
      }
      if (event.status !== 'draft') return { messages: [], timers: [] };
      await markEventPublished(db, eventId);
      return {
        messages: [],
        timers: await scheduleReminders(db, eventId),
        followup: await scheduleFollowup(db, eventId, this.followupDelayMs),
      };
    });
    return this.get(actor, eventId);
  }

  /** Cancelling is final: everyone registered is told (with a calendar cancellation); no reminder goes out. Idempotent. */
  async cancel(actor: Actor, eventId: string): Promise<EventWithRole> {
    await this.transition(actor, eventId, async (db, event) => {
      if (event.status === 'cancelled') return { messages: [], timers: [] };
      await markEventCancelled(db, eventId);
      const messages =
        event.status === 'published' ? await oweMessages(db, 'event_cancelled', { eventId, statuses: INFORMED }) : [];
      return { messages, timers: [] };
    });
    return this.get(actor, eventId);
  }

  /** A published (or published, then cancelled) event by its slug, for anyone. */
  async getPublic(slug: string): Promise<EventDetail> {
    const event = await publicEventBySlug(this.dataSource.manager, slug);
    if (!event) throw new DomainError(ErrorCode.EVENT_NOT_FOUND, 'Event not found');
    return event;
  }

  private async transition(
    actor: Actor,
    eventId: string,
    change: (db: EntityManager, event: EventView) => Promise<Owed>,
  ): Promise<void> {
    const owed = await inTransaction(this.dataSource, async (db) => {
      await requireEventRole(db, actor, eventId, EDITORS, true);
      return change(db, (await eventById(db, eventId))!);
    });
    await this.afterCommit(owed);
  }

  private async afterCommit(owed: Owed): Promise<void> {
    await this.outbox.dispatch(owed.messages);
    await this.outbox.arm(owed.timers);
    if (owed.followup) await this.outbox.armFollowups([owed.followup]);
  }

  private async replaceHosts(db: EntityManager, eventId: string, hosts: HostInput[]): Promise<void> {
    const known = await existingOrganizationIds(db, [...new Set(hosts.map((h) => h.organizationId))]);
    const problems = hosts
      .map((h, i) => ({ h, i }))
      .filter(({ h }) => !known.has(h.organizationId))
      .map(({ i }) => ({ field: `hosts.${i}.organizationId`, errors: ['organization not found'] }));
    const pairs = hosts.map((h) => `${h.organizationId}/${h.role}`);
    pairs.forEach((pair, i) => {
      if (pairs.indexOf(pair) !== i)
        problems.push({ field: `hosts.${i}`, errors: ['listed twice with the same role'] });
    });
    if (problems.length > 0) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Some hosts are not valid', { fields: problems });
    }
    await replaceHosts(db, eventId, hosts);
  }
}

function toAgenda(agenda: AgendaInput[]): AgendaItemView[] {
  return agenda.map((a) => ({
    startsAt: new Date(a.startsAt),
    title: a.title.trim(),
    speaker: a.speaker?.trim() || null,
    speakerAffiliation: a.speakerAffiliation?.trim() || null,
  }));
}

/** What a calendar entry and a reminder depend on, in comparable form. */
function calendarFacts(event: EventFields) {
  return {
    startsAt: event.startsAt.getTime(),
    endsAt: event.endsAt.getTime(),
    place: `${event.venue ?? ''}\n${event.joinUrl ?? ''}`,
    title: `${event.title}\n${event.titleEn ?? ''}`,
    reminders: [...event.reminderOffsets].sort().join(','),
  };
}

/** A new event's fields: what the input gives, read as a patch is, and the defaults for the rest. */
function newEventFields(input: EventInput): EventFields {
  const fields: EventFields = {
    title: input.title,
    titleEn: null,
    description: null,
    kind: input.kind,
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    timezone: 'Asia/Shanghai',
    venue: null,
    joinUrl: null,
    capacity: null,
    perOrganizationLimit: null,
    registrationOpensAt: null,
    registrationClosesAt: null,
    requiresApproval: false,
    language: input.language,
    reminderOffsets: DEFAULT_REMINDERS,
    attendedMinMinutes: DEFAULT_ATTENDED_MIN_MINUTES,
  };
  applyPatch(fields, {
    ...input,
    timezone: input.timezone ?? fields.timezone,
    reminderOffsets: input.reminderOffsets ?? fields.reminderOffsets,
  });
  return fields;
}

/** Copies the fields present in the patch onto the event; null clears an optional field. */
function applyPatch(event: EventFields, patch: EventPatch): void {
  const date = (value: string | null | undefined) => (value ? new Date(value) : null);
  const text = (value: string | null | undefined) => value?.trim() || null;
  if (patch.title !== undefined) event.title = patch.title.trim();
  if (patch.titleEn !== undefined) event.titleEn = text(patch.titleEn);
  if (patch.description !== undefined) event.description = text(patch.description);
  if (patch.kind !== undefined) event.kind = patch.kind;
  if (patch.startsAt !== undefined) event.startsAt = new Date(patch.startsAt);
  if (patch.endsAt !== undefined) event.endsAt = new Date(patch.endsAt);
  if (patch.timezone !== undefined) event.timezone = patch.timezone;
  if (patch.venue !== undefined) event.venue = text(patch.venue);
  if (patch.joinUrl !== undefined) event.joinUrl = text(patch.joinUrl);
  if (patch.capacity !== undefined) event.capacity = patch.capacity ?? null;
  if (patch.perOrganizationLimit !== undefined) event.perOrganizationLimit = patch.perOrganizationLimit ?? null;
  if (patch.registrationOpensAt !== undefined) event.registrationOpensAt = date(patch.registrationOpensAt);
  if (patch.registrationClosesAt !== undefined) event.registrationClosesAt = date(patch.registrationClosesAt);
  if (patch.requiresApproval !== undefined) event.requiresApproval = patch.requiresApproval;
  if (patch.language !== undefined) event.language = patch.language;
  if (patch.reminderOffsets !== undefined) event.reminderOffsets = patch.reminderOffsets;
  if (patch.attendedMinMinutes !== undefined) event.attendedMinMinutes = patch.attendedMinMinutes;
}
