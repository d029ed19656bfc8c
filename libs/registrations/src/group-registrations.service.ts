import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import { DomainError, ErrorCode, newToken, normalizeEmail } from '@tongxin/common';
import {
  Answers,
  claimSeat,
  claimSeatsBulk,
  EDITORS,
  eventById,
  EventView,
  Question,
  readAnswers,
  requireEventRole,
  withGroupAnswers,
} from '@tongxin/events';
import {
  deleteRegistrationLinks,
  findGroupLink,
  LinkLifetime,
  OutboxService,
  oweGroupLink,
  oweMessages,
} from '@tongxin/outbox';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { GroupRecord, groupById, groupsOfEvent, insertGroup } from './registration-group.queries';
import {
  acceptedAnswers,
  assertQuestionsUnchanged,
  cancelRegistration,
  followLink,
  newPerson,
  openEventForRegistration,
  resolveOrganization,
} from './registration-steps';
import {
  groupMember,
  groupMembers,
  insertRegistrations,
  peopleOfGroups,
  registeredEmails,
  replacePerson,
} from './registration.queries';
import type {
  InitialStatus,
  Locale,
  OrganizationRef,
  RegistrationStatus,
  RegistrationView,
} from './registration.types';
import { inTransaction } from '@tongxin/database';

export interface Person {
  name: string;
  email: string;
  phone?: string | null;
  jobTitle?: string | null;
}

/** A person of a group, with their answers to the questions asked of each person (as sent: checked here). */
export interface GroupPerson extends Person {
  answers?: unknown;
}

export interface GroupInput {
  delegate: Person;
  organization: OrganizationRef;
  attendees: GroupPerson[];
  /** Answers to the questions asked once for the whole group (as sent: checked here). */
  answers?: unknown;
  allowWaitlist?: boolean;
  locale?: Locale;
}

export interface GroupView extends GroupRecord {
  attendees: RegistrationView[];
}

/** A group as the event's organizers list it: the delegate, the organization, and each person's status. */
export interface EventGroup extends GroupRecord {
  createdAt: Date;
  people: { id: string; name: string; status: RegistrationStatus }[];
}

/** A delegate registers several people of one organization at once and manages them with one link. */
@Injectable()
export class GroupRegistrationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly links: LinkLifetime,
  ) {}

  /** Runs a change in a transaction, then queues the messages it owed (the change returns them). */
  private async owing<T>(change: (db: EntityManager) => Promise<{ result: T; messages: string[] }>): Promise<T> {
    const { result, messages } = await inTransaction(this.dataSource, change);
    await this.outbox.dispatch(messages);
    return result;
  }

  /**
   * All or nothing: without allowWaitlist, when the seats or the organization's quota cannot take everyone, nothing
   * is written (409 GROUP_DOES_NOT_FIT). With it, the people past the limit are waitlisted, in the order given. Owes
   * each person their confirmation and the delegate the group's link, in the same transaction.
   */
  async create(slug: string, input: GroupInput): Promise<{ group: GroupView; token: string }> {
    const emails = input.attendees.map((a) => normalizeEmail(a.email));
    const repeated = emails
      .map((email, i) => ({ email, i }))
      .filter(({ email, i }) => emails.indexOf(email) !== i)
      .map(({ i }) => ({ field: `attendees.${i}.email`, errors: ['this email is listed twice in the group'] }));
    if (repeated.length > 0)
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'An email is listed twice', { fields: repeated });

    return this.owing(async (db) => {
      const event = await openEventForRegistration(db, slug);
      const answers = groupAnswers(event.questions, input);
      await this.assertNotRegistered(db, event.id, emails);
      const organizationId = await resolveOrganization(db, input.organization);
      const statuses = await this.claim(db, event, organizationId, emails.length, input.allowWaitlist ?? false);
      await assertQuestionsUnchanged(db, event.id, event.questionsVersion);
      const { token, hash } = newToken();
      const locale = input.locale ?? event.language;
      const groupId = await insertGroup(db, {
        eventId: event.id,
        organizationId,
        delegate: {
          name: input.delegate.name.trim(),
          email: normalizeEmail(input.delegate.email),
          phone: input.delegate.phone ?? null,
        },
        tokenHash: hash,
        locale,
        answers: answers.group,
      });
      const rows = input.attendees.map((a, i) => ({
        ...newPerson(a, locale, withGroupAnswers(answers.people[i]!, answers.group)),
        organizationId,
        groupId,
        status: statuses[i]!,
        source: 'group' as const,
      }));
      const inserted = await insertRegistrations(db, event.id, rows);
      // Someone in the group registered on their own meanwhile: roll everything back.
      if (inserted.length < emails.length) await this.assertNotRegistered(db, event.id, emails, true);
      const messages = await oweMessages(db, 'confirmation', { registrationIds: inserted.map((r) => r.id) });
      messages.push(...(await oweGroupLink(db, groupId)));
      return { result: { group: await this.view(db, groupId), token }, messages };
    });
  }

  /** The event's groups, oldest first, with their people; owners and managers. */
  async listForEvent(actor: Actor, eventId: string): Promise<EventGroup[]> {
    const db = this.dataSource.manager;
    await requireEventRole(db, actor, eventId, EDITORS);
    const groups = await groupsOfEvent(db, eventId);
    const people = await peopleOfGroups(
      db,
      groups.map((g) => g.id),
    );
    return groups.map((g) => ({
      ...g,
      people: people.filter((p) => p.groupId === g.id).map(({ groupId: _group, ...p }) => p),
    }));
  }

  async get(token: string): Promise<GroupView> {
    return this.view(this.dataSource.manager, (await this.byToken(this.dataSource.manager, token)).id);
  }

  /** The group page's read: the group as get gives it, with the event it is for. */
  async getWithEvent(token: string): Promise<GroupView & { event: EventView }> {
    const group = await this.get(token);
    return { ...group, event: (await eventById(this.dataSource.manager, group.eventId))! };
  }

  /** Adds a person to the group: confirmed within the quota and capacity, otherwise waitlisted. */
  async add(token: string, person: GroupPerson): Promise<RegistrationView> {
    return this.owing(async (db) => {
      const group = await this.byToken(db, token);
      const event = await openEventForRegistration(db, (await eventById(db, group.eventId))!.slug);
      const own = acceptedAnswers(readAnswers(event.questions, person.answers, 'person'));
      const row = {
        ...newPerson(person, event.language, withGroupAnswers(own, group.answers)),
        organizationId: group.organization.id,
        groupId: group.id,
        source: 'group' as const,
      };
      await this.assertNotRegistered(db, event.id, [row.email]);
      const status: InitialStatus = event.requiresApproval
        ? 'pending'
        : (await claimSeat(db, event.id, group.organization.id))
          ? 'confirmed'
          : 'waitlisted';
      await assertQuestionsUnchanged(db, event.id, event.questionsVersion);
      const [inserted] = await insertRegistrations(db, event.id, [{ ...row, status }]);
      if (!inserted) await this.assertNotRegistered(db, event.id, [row.email], true);
      const messages = await oweMessages(db, 'confirmation', { registrationIds: [inserted!.id] });
      return { result: await this.member(db, group.id, inserted!.id), messages };
    });
  }

  /**
   * Puts another person on an attendee's place, keeping its status; the old person's links stop working at once: the
   * registration's own manage link is replaced, and its link generation moves on, so every link mailed before (manage,
   * join, unsubscribe), even one a send was issuing while this ran, no longer matches. With the same email it only
   * corrects the person's details.
   */
  async swap(token: string, registrationId: string, person: Person): Promise<RegistrationView> {
    return this.owing(async (db) => {
      const group = await this.byToken(db, token);
      const current = await this.member(db, group.id, registrationId);
      if (current.status === 'cancelled' || current.status === 'rejected') {
        throw new DomainError(ErrorCode.REGISTRATION_NOT_ACTIONABLE, `A ${current.status} place cannot be handed on`);
      }
      const next = newPerson(person, current.locale);
      const handedOn = next.email !== current.email;
      if (handedOn) await this.assertNotRegistered(db, group.eventId, [next.email]);
      await replacePerson(db, registrationId, next, handedOn);
      if (!handedOn) return { result: await this.member(db, group.id, registrationId), messages: [] };
      // Handed to someone else: the links mailed to the previous person go (the generation already retired them), and
      // the new person gets a confirmation of their own (keyed by this hand-over, so handing it back confirms again).
      await deleteRegistrationLinks(db, registrationId);
      const messages = await oweMessages(
        db,
        'confirmation',
        { registrationIds: [registrationId] },
        { keySuffix: `:handover:${randomUUID()}` },
      );
      return { result: await this.member(db, group.id, registrationId), messages };
    });
  }

  /** Cancels one attendee; the freed seat goes to the waitlist, as for any cancellation. */
  async cancel(token: string, registrationId: string): Promise<RegistrationView> {
    return this.owing(async (db) => {
      const group = await this.byToken(db, token);
      await this.member(db, group.id, registrationId);
      const messages = await cancelRegistration(db, registrationId);
      return { result: await this.member(db, group.id, registrationId), messages };
    });
  }

  private async claim(
    db: EntityManager,
    event: { id: string; requiresApproval: boolean },
    organizationId: string,
    count: number,
    allowWaitlist: boolean,
  ): Promise<InitialStatus[]> {
    if (event.requiresApproval) return Array<InitialStatus>(count).fill('pending');
    const granted = (await claimSeatsBulk(db, event.id, [{ organizationId, count }])).get(organizationId) ?? 0;
    if (granted < count && !allowWaitlist) {
      throw new DomainError(
        ErrorCode.GROUP_DOES_NOT_FIT,
        `Only ${granted} of the ${count} people can be confirmed (seats or the organization's quota); nothing was registered`,
        { requested: count, available: granted },
      );
    }
    return Array.from({ length: count }, (_, i) => (i < granted ? 'confirmed' : 'waitlisted'));
  }

  /**
   * 409 ALREADY_REGISTERED naming the emails already registered for the event. With after = true the caller already
   * knows an insert lost a race, so it throws whatever the query sees (the transaction then rolls back).
   */
  private async assertNotRegistered(
    db: EntityManager,
    eventId: string,
    emails: string[],
    after = false,
  ): Promise<void> {
    const taken = await registeredEmails(db, eventId, emails);
    if (taken.length > 0 || after) {
      throw new DomainError(
        ErrorCode.ALREADY_REGISTERED,
        'Some of these people are already registered for this event',
        {
          emails: taken,
        },
      );
    }
  }

  /** The group behind a group link: the one given when the group was made, or one issued in a mail since. */
  private async byToken(db: EntityManager, token: string): Promise<GroupRecord> {
    return (await groupById(db, await followLink(token, (hash) => findGroupLink(db, hash), this.links)))!;
  }

  private async member(db: EntityManager, groupId: string, registrationId: string): Promise<RegistrationView> {
    const row = await groupMember(db, groupId, registrationId);
    if (!row) throw new DomainError(ErrorCode.REGISTRATION_NOT_FOUND, 'This person is not in the group');
    return row;
  }

  private async view(db: EntityManager, groupId: string): Promise<GroupView> {
    return { ...(await groupById(db, groupId))!, attendees: await groupMembers(db, groupId) };
  }
}

/**
 * A group's answers, all checked before anything is written: the group's own (the questions asked once, of the
 * delegate) and each person's (`attendees.<i>.answers`); one 400 lists every wrong answer of every row.
 */
function groupAnswers(questions: Question[], input: GroupInput): { group: Answers; people: Answers[] } {
  const group = readAnswers(questions, input.answers, 'group');
  const people = input.attendees.map((a, i) => readAnswers(questions, a.answers, 'person', `attendees.${i}.answers`));
  const errors = [group, ...people].flatMap((r) => (r.ok ? [] : r.errors));
  if (errors.length > 0) acceptedAnswers({ ok: false, errors });
  return { group: acceptedAnswers(group), people: people.map(acceptedAnswers) };
}
