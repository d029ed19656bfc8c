import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import { derivedToken, DomainError, ErrorCode, hashToken, newToken, normalizeEmail, Page } from '@tongxin/common';
import {
  Answer,
  Answers,
  AnswerScope,
  changeAnswers,
  countedOptions,
  EDITORS,
  eventById,
  EventView,
  isCountable,
  Question,
  readAnswers,
  requireEventRole,
} from '@tongxin/events';
import { findManageLink, issueJoinLink, LinkLifetime, OutboxService, oweMessages } from '@tongxin/outbox';
import { DataSource, EntityManager } from 'typeorm';
import {
  acceptedAnswers,
  assertQuestionsUnchanged,
  cancelRegistration,
  confirmIfSeat,
  followLink,
  resolveOrganization,
} from './registration-steps';
import { RecentWindows } from './registration-window';
import {
  lockRegistration,
  registerAndClaim,
  registrationByEmail,
  StaleEventError,
  registrationById,
  registrationByIdempotencyKey,
  RegisteredOrganization,
  registeredOrganizations,
  registrationPage,
  registrationStatusCounts,
  setRegistrationStatus,
  updateOwnDetails,
} from './registration.queries';
import { registrationClosed, registrationClosedReason } from './registration-window';
import type { Locale, OrganizationRef, RegistrationStatus, RegistrationView } from './registration.types';
import { inTransaction } from '@tongxin/database';

export interface RegistrationInput {
  name: string;
  email: string;
  phone?: string | null;
  jobTitle?: string | null;
  organization: OrganizationRef;
  locale?: Locale;
  /** Answers to the event's questions by key, as sent (checked here against the event's definitions). */
  answers?: unknown;
}

/**
 * What the checkin role sees of a registration: what the door needs to find and admit a person, and at most the
 * last four digits of a phone to tell two people of the same name apart. No email, full phone or job title.
 */
export interface DoorRegistration {
  id: string;
  name: string;
  organizationId: string;
  organizationName: string;
  regionCode: string;
  status: RegistrationStatus;
  phoneLast4: string | null;
  /** Answers to the questions the organizers show at the door (visibleToCheckin) only. */
  answers: Answers;
}

/** A page of registrations as the caller's role may see them. */
export type RegistrationListing =
  ({ view: 'full' } & Page<RegistrationView>) | ({ view: 'door' } & Page<DoorRegistration>);

export function toDoorRegistration(r: RegistrationView, atTheDoor: ReadonlySet<string> = new Set()): DoorRegistration {
  return {
    answers: Object.fromEntries(Object.entries(r.answers).filter(([key]) => atTheDoor.has(key))),
    id: r.id,
    name: r.name,
    organizationId: r.organization.id,
    organizationName: r.organization.name,
    regionCode: r.organization.regionCode,
    status: r.status,
    phoneLast4: r.phone && r.phone.length >= 4 ? r.phone.slice(-4) : null,
  };
}

/**
 * The questions an attendee answers for themselves (on their manage page): all of them, or, someone in a group, those
 * asked of each person (the group's are the delegate's).
 */
export function ownAnswerScope(registration: Pick<RegistrationView, 'source'>): AnswerScope {
  return registration.source === 'group' ? 'person' : 'single';
}

/** An attendee's own registration through their manage link, with what they bring to the event. */
export interface ManageView {
  registration: RegistrationView;
  /** While confirmed: the code the door scans or types. */
  checkInCode: string | null;
  /**
   * While confirmed for an event with a join URL: the token of their personal join link. Derived from the manage
   * token (derivedToken), so every reading of one manage link shows the same join link and issues at most one row.
   */
  joinToken: string | null;
}

export interface RegistrationQuery {
  status?: RegistrationStatus;
  organizationId?: string;
  regionCode?: string;
  q?: string;
  /** `<question key>:<option key>` (yes_no: yes or no), or `<question key>:-` for no answer; owners and managers. */
  answer?: string;
  cursor?: string;
  limit: number;
}

@Injectable()
export class RegistrationsService {
  /** Published events by slug, as registration reads them, for a moment (register_and_claim checks what counts). */
  private readonly windows = new RecentWindows();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly links: LinkLifetime,
  ) {}

  /**
   * Registers one person for a published event. The event is read (from a cache of a second at most: the atomic
   * call checks under the event's lock that it is still open and as read), the answers checked; the write is one
   * atomic call that claims a seat (or waitlists, or holds for approval) and inserts. The same email, or the same
   * Idempotency-Key, returns the existing registration and claims nothing. The manage token is returned only when
   * the registration is created.
   */
  async register(
    slug: string,
    input: RegistrationInput,
    idempotencyKey?: string,
  ): Promise<{ registration: { id: string; status: RegistrationStatus }; created: boolean; token?: string }> {
    const db = this.dataSource.manager;
    const email = normalizeEmail(input.email);
    for (let attempt = 1; ; attempt++) {
      const event = await this.windows.open(db, slug, attempt > 1);
      if (idempotencyKey) {
        const existing = await this.findExisting(db, event.id, email, idempotencyKey);
        if (existing) return { registration: existing, created: false };
      }
      const answers = acceptedAnswers(readAnswers(event.questions, input.answers, 'single'));
      // An organization given by id is checked by the foreign key inside the atomic call.
      const organizationId =
        'id' in input.organization && input.organization.id
          ? input.organization.id
          : await resolveOrganization(db, input.organization);
      const { token, hash } = newToken();
      let inserted: Awaited<ReturnType<typeof registerAndClaim>>;
      try {
        inserted = await registerAndClaim(
          db,
          event,
          organizationId,
          {
            name: input.name.trim(),
            email,
            phone: input.phone ?? null,
            jobTitle: input.jobTitle?.trim() || null,
            locale: input.locale ?? event.language,
            tokenHash: hash,
            idempotencyKey: idempotencyKey ?? null,
            answers,
          },
          event.requiresApproval,
        );
      } catch (error) {
        // The event changed between the read and the call (closed, questions, approval): read it again, from the
        // database, and check the answers against it.
        if (!(error instanceof StaleEventError)) throw error;
        if (attempt < 3) continue;
        throw new DomainError(ErrorCode.QUESTIONS_CHANGED, 'The event changed while registering: send the form again');
      }
      if (inserted) {
        await this.outbox.dispatch([inserted.messageId]);
        return { registration: { id: inserted.id, status: inserted.status }, created: true, token };
      }
      // Already registered (by this email or key; perhaps a concurrent request won): this call's claim was aborted
      // with its insert, and the registration that stands is the answer.
      return { registration: (await this.findExisting(db, event.id, email, idempotencyKey))!, created: false };
    }
  }

  async getByToken(token: string): Promise<ManageView> {
    return this.manageView(token, await this.byToken(token));
  }

  /**
   * The manage page's read: the registration as getByToken gives it, with the event it is for (the page shows the
   * title, time and place; the event's own join URL stays behind the personal join link).
   */
  async getWithEventByToken(token: string): Promise<ManageView & { event: EventView }> {
    const view = await this.getByToken(token);
    return { ...view, event: (await eventById(this.dataSource.manager, view.registration.eventId))! };
  }

  /** The check-in code behind a manage link, while the registration is confirmed. */
  async checkInCodeByToken(token: string): Promise<string | null> {
    const registration = await this.byToken(token);
    return registration.status === 'confirmed' ? registration.checkInCode : null;
  }

  /**
   * The attendee's own corrections; answers only to questions the organizer left editable, and only until
   * registration closes (409 REGISTRATION_CLOSED says why).
   */
  async updateByToken(
    token: string,
    patch: { name?: string; phone?: string | null; jobTitle?: string | null; locale?: Locale; answers?: unknown },
  ): Promise<ManageView> {
    const registration = await this.byToken(token);
    await inTransaction(this.dataSource, async (db) => {
      let answers: Answers | undefined;
      if (patch.answers !== undefined) {
        const event = (await eventById(db, registration.eventId))!;
        const closed = registrationClosedReason(event);
        if (closed) throw registrationClosed(event, closed);
        answers = acceptedAnswers(
          changeAnswers(event.questions, registration.answers, patch.answers, ownAnswerScope(registration)),
        );
        await assertQuestionsUnchanged(db, event.id, event.questionsVersion);
      }
      await updateOwnDetails(db, registration.id, {
        name: patch.name?.trim(),
        phone: patch.phone,
        jobTitle: patch.jobTitle === undefined ? undefined : patch.jobTitle?.trim() || null,
        locale: patch.locale,
        answers,
      });
    });
    return this.getByToken(token);
  }

  /** The attendee cancels: the seat is freed and, in the same transaction, the waitlist moves up. Idempotent. */
  async cancelByToken(token: string): Promise<ManageView> {
    const registration = await this.byToken(token);
    const messages = await inTransaction(this.dataSource, (db) => cancelRegistration(db, registration.id));
    await this.outbox.dispatch(messages);
    return this.getByToken(token);
  }

  /** Owners and managers see every field; the checkin role sees door views and cannot search by email. */
  async list(actor: Actor, eventId: string, query: RegistrationQuery): Promise<RegistrationListing> {
    const db = this.dataSource.manager;
    const role = await requireEventRole(db, actor, eventId);
    const door = !EDITORS.includes(role);
    const { questions } = (await eventById(db, eventId))!;
    const { answer, ...rest } = query;
    const page = await registrationPage(db, eventId, {
      ...rest,
      answer: answer === undefined ? undefined : answerFilter(questions, answer, door),
      searchEmail: !door,
    });
    if (!door) return { view: 'full', ...page };
    const atTheDoor = new Set(questions.filter((q) => q.visibleToCheckin).map((q) => q.key));
    return {
      view: 'door',
      items: page.items.map((r) => toDoorRegistration(r, atTheDoor)),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * What the organizers' registration list shows above its rows: how many registrations are in each status (and in
   * all), and the organizations they count against (to filter by). Owners and managers.
   */
  async overview(
    actor: Actor,
    eventId: string,
  ): Promise<{ counts: Record<RegistrationStatus | 'total', number>; organizations: RegisteredOrganization[] }> {
    const db = this.dataSource.manager;
    await requireEventRole(db, actor, eventId, EDITORS);
    const [counts, organizations] = await Promise.all([
      registrationStatusCounts(db, eventId),
      registeredOrganizations(db, eventId),
    ]);
    return { counts, organizations };
  }

  /** Approves a pending registration: confirmed when a seat is free, otherwise waitlisted. */
  async approve(actor: Actor, eventId: string, registrationId: string): Promise<RegistrationView> {
    return this.organizerAction(actor, eventId, registrationId, async (db, r) => {
      if (r.status !== 'pending') throw notActionable(r.status, 'approved');
      await setRegistrationStatus(db, r.id, 'waitlisted');
      await confirmIfSeat(db, eventId, r);
      return oweMessages(db, 'approved', { registrationIds: [r.id] });
    });
  }

  async reject(actor: Actor, eventId: string, registrationId: string): Promise<RegistrationView> {
    return this.organizerAction(actor, eventId, registrationId, async (db, r) => {
      if (r.status !== 'pending' && r.status !== 'waitlisted') throw notActionable(r.status, 'rejected');
      await setRegistrationStatus(db, r.id, 'rejected');
      return oweMessages(db, 'rejected', { registrationIds: [r.id] });
    });
  }

  async cancelByOrganizer(actor: Actor, eventId: string, registrationId: string): Promise<RegistrationView> {
    return this.organizerAction(actor, eventId, registrationId, (db, r) => cancelRegistration(db, r.id));
  }

  private async organizerAction(
    actor: Actor,
    eventId: string,
    registrationId: string,
    /** Changes the locked registration and returns the ids of the messages the change owes. */
    action: (
      db: EntityManager,
      registration: { id: string; organizationId: string; status: RegistrationStatus },
    ) => Promise<string[]>,
  ): Promise<RegistrationView> {
    await requireEventRole(this.dataSource.manager, actor, eventId, EDITORS);
    const messages = await inTransaction(this.dataSource, async (db) => {
      const locked = await lockRegistration(db, registrationId, eventId);
      if (!locked) throw new DomainError(ErrorCode.REGISTRATION_NOT_FOUND, 'Registration not found');
      return action(db, locked);
    });
    await this.outbox.dispatch(messages);
    return (await registrationById(this.dataSource.manager, registrationId))!;
  }

  /** The registration a retry should get back: by Idempotency-Key when one is sent, else by email. */
  private async findExisting(db: EntityManager, eventId: string, email: string, key?: string) {
    if (key) {
      const byKey = await registrationByIdempotencyKey(db, eventId, key);
      if (byKey && byKey.email !== email) {
        throw new DomainError(
          ErrorCode.IDEMPOTENCY_KEY_REUSED,
          'This Idempotency-Key was used for a different registration',
        );
      }
      if (byKey) return byKey;
    }
    return registrationByEmail(db, eventId, email);
  }

  /** What the manage view adds to the registration: the check-in code and the join link, for confirmed people. */
  private async manageView(token: string, registration: RegistrationView): Promise<ManageView> {
    if (registration.status !== 'confirmed') return { registration, checkInCode: null, joinToken: null };
    const joinToken = derivedToken(token, 'join');
    const online = await issueJoinLink(this.dataSource.manager, registration.id, hashToken(joinToken));
    return { registration, checkInCode: registration.checkInCode, joinToken: online ? joinToken : null };
  }

  /**
   * The registration behind a manage link: the one given when registering, or one issued in a message since (of the
   * registration's current generation: links of a person the place was handed away from never match).
   */
  private async byToken(token: string): Promise<RegistrationView> {
    const db = this.dataSource.manager;
    const id = await followLink(token, (hash) => findManageLink(db, hash), this.links);
    return (await registrationById(db, id))!;
  }
}

/**
 * The list's filter by an answer (`key:option`, yes_no `key:yes|no`, `key:-` for no answer) as a JSONB containment;
 * 400 for a question that is not countable or an option it does not have. The checkin role filters only by the
 * questions shown at the door.
 */
function answerFilter(questions: Question[], filter: string, door: boolean): { key: string; value: Answer | null } {
  const [key = '', option = ''] = filter.split(':', 2);
  const q = questions.find((x) => x.key === key && isCountable(x) && (!door || x.visibleToCheckin));
  const invalid = (message: string) =>
    new DomainError(ErrorCode.VALIDATION_FAILED, message, { fields: [{ field: 'answer', errors: [message] }] });
  if (!q) throw invalid(`answer: ${key} is not a choice, multi_choice, yes_no or organization_field question here`);
  if (option === '-') return { key, value: null };
  if (!countedOptions(q).some((o) => o.key === option)) throw invalid(`answer: ${key} has no option ${option}`);
  if (q.type === 'yes_no') return { key, value: option === 'yes' };
  return { key, value: q.type === 'multi_choice' ? [option] : option };
}

function notActionable(status: string, action: string): DomainError {
  return new DomainError(ErrorCode.REGISTRATION_NOT_ACTIONABLE, `A ${status} registration cannot be ${action}`);
}
