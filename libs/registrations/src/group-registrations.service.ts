import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ErrorCode, hashToken, isWellFormedToken, newToken, normalizeEmail } from '@tongxin/common';
import { LinkLifetime, OutboxService, oweGroupLink, oweMessages } from '@tongxin/outbox';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { cancelRegistration, openEventForRegistration, resolveOrganization } from './registration-steps';
import type { Locale, OrganizationRef, RegistrationStatus } from './registration.types';
import { RegistrationRow, SELECT_REGISTRATION } from './registrations.service';
import { claimSeat, claimSeatsBulk } from './seats';


export interface Person {
  name: string;
  email: string;
  phone?: string | null;
  jobTitle?: string | null;
}

export interface GroupInput {
  delegate: Person;
  organization: OrganizationRef;
  attendees: Person[];
  allowWaitlist?: boolean;
  locale?: Locale;
}

export interface GroupView {
  id: string;
  eventId: string;
  organization: { id: string; name: string };
  delegate: { name: string; email: string; phone: string | null };
  attendees: RegistrationRow[];
}

interface GroupRow {
  id: string;
  event_id: string;
  organization_id: string;
  organization_name: string;
  delegate_name: string;
  delegate_email: string;
  delegate_phone: string | null;
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
    const { result, messages } = await this.dataSource.transaction(change);
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
    if (repeated.length > 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'An email is listed twice', { fields: repeated });

    return this.owing(async (db) => {
      const event = await openEventForRegistration(db, slug);
      await this.assertNotRegistered(db, event.id, emails);
      const organizationId = await resolveOrganization(db, input.organization);
      const statuses = await this.claim(db, event, organizationId, emails.length, input.allowWaitlist ?? false);
      const { token, hash } = newToken();
      const locale = input.locale ?? event.language;
      const [group] = (await db.query(
        `INSERT INTO registration_group (event_id, organization_id, delegate_name, delegate_email, delegate_phone, manage_token_hash, locale)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [event.id, organizationId, input.delegate.name.trim(), normalizeEmail(input.delegate.email), input.delegate.phone ?? null, hash, locale],
      )) as { id: string }[];
      const inserted = (await db.query(
        `INSERT INTO registration (event_id, organization_id, group_id, name, email_normalized, phone, job_title, locale,
                                   status, source, manage_token_hash, confirmed_at)
         SELECT $1, $2, $3, t.name, t.email, t.phone, t.job, $4, t.status, 'group', t.hash,
                CASE WHEN t.status = 'confirmed' THEN now() END
           FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bytea[])
                AS t(name, email, phone, job, status, hash)
         ON CONFLICT DO NOTHING RETURNING id`,
        [event.id, organizationId, group!.id, locale,
          input.attendees.map((a) => a.name.trim()), emails, input.attendees.map((a) => a.phone ?? null),
          input.attendees.map((a) => a.jobTitle?.trim() || null), statuses, emails.map(() => newToken().hash)],
      )) as { id: string }[];
      // Someone in the group registered on their own meanwhile: roll everything back.
      if (inserted.length < emails.length) await this.assertNotRegistered(db, event.id, emails, true);
      const messages = await oweMessages(db, 'confirmation', { registrationIds: inserted.map((r) => r.id) });
      messages.push(...(await oweGroupLink(db, group!.id)));
      return { result: { group: await this.view(db, group!.id), token }, messages };
    });
  }

  async get(token: string): Promise<GroupView> {
    return this.view(this.dataSource.manager, (await this.byToken(this.dataSource.manager, token)).id);
  }

  /** Adds a person to the group: confirmed within the quota and capacity, otherwise waitlisted. */
  async add(token: string, person: Person): Promise<RegistrationRow> {
    return this.owing(async (db) => {
      const group = await this.byToken(db, token);
      const [{ slug }] = (await db.query('SELECT slug FROM event WHERE id = $1', [group.event_id])) as { slug: string }[];
      const event = await openEventForRegistration(db, slug);
      const email = normalizeEmail(person.email);
      await this.assertNotRegistered(db, event.id, [email]);
      const status: RegistrationStatus = event.requires_approval
        ? 'pending'
        : (await claimSeat(db, event.id, group.organization_id)) ? 'confirmed' : 'waitlisted';
      const [row] = (await db.query(
        `INSERT INTO registration (event_id, organization_id, group_id, name, email_normalized, phone, job_title, locale,
                                   status, source, manage_token_hash, confirmed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'group', $10, CASE WHEN $9 = 'confirmed' THEN now() END)
         ON CONFLICT DO NOTHING RETURNING id`,
        [event.id, group.organization_id, group.id, person.name.trim(), email, person.phone ?? null,
          person.jobTitle?.trim() || null, event.language, status, newToken().hash],
      )) as { id: string }[];
      if (!row) await this.assertNotRegistered(db, event.id, [email], true);
      const messages = await oweMessages(db, 'confirmation', { registrationIds: [row!.id] });
      return { result: await this.member(db, group.id, row!.id), messages };
    });
  }

  /**
   * Puts another person on an attendee's place, keeping its status; the old person's links stop working at once: the
   * registration's own manage link is replaced, and its link generation moves on, so every link mailed before (manage,
   * join, unsubscribe), even one a send was issuing while this ran, no longer matches. With the same email it only
   * corrects the person's details.
   */
  async swap(token: string, registrationId: string, person: Person): Promise<RegistrationRow> {
    return this.owing(async (db) => {
      const group = await this.byToken(db, token);
      const email = normalizeEmail(person.email);
      const current = await this.member(db, group.id, registrationId);
      if (current.status === 'cancelled' || current.status === 'rejected') {
        throw new DomainError(ErrorCode.REGISTRATION_NOT_ACTIONABLE, `A ${current.status} place cannot be handed on`);
      }
      const handedOn = email !== current.email_normalized;
      if (handedOn) await this.assertNotRegistered(db, group.event_id, [email]);
      await db.query(
        `UPDATE registration SET name = $2, email_normalized = $3, phone = $4, job_title = $5,
                                 manage_token_hash = CASE WHEN $6 THEN $7 ELSE manage_token_hash END,
                                 link_generation = link_generation + CASE WHEN $6 THEN 1 ELSE 0 END, updated_at = now()
          WHERE id = $1`,
        [registrationId, person.name.trim(), email, person.phone ?? null, person.jobTitle?.trim() || null, handedOn, newToken().hash],
      );
      if (!handedOn) return { result: await this.member(db, group.id, registrationId), messages: [] };
      // Handed to someone else: the links mailed to the previous person go (the generation already retired them), and
      // the new person gets a confirmation of their own (keyed by this hand-over, so handing it back confirms again).
      await db.query('DELETE FROM registration_link WHERE registration_id = $1', [registrationId]);
      const messages = await oweMessages(db, 'confirmation', { registrationIds: [registrationId] }, { keySuffix: `:handover:${randomUUID()}` });
      return { result: await this.member(db, group.id, registrationId), messages };
    });
  }

  /** Cancels one attendee; the freed seat goes to the waitlist, as for any cancellation. */
  async cancel(token: string, registrationId: string): Promise<RegistrationRow> {
    return this.owing(async (db) => {
      const group = await this.byToken(db, token);
      await this.member(db, group.id, registrationId);
      const messages = await cancelRegistration(db, registrationId);
      return { result: await this.member(db, group.id, registrationId), messages };
    });
  }

  private async claim(
    db: EntityManager,
    event: { id: string; requires_approval: boolean },
    organizationId: string,
    count: number,
    allowWaitlist: boolean,
  ): Promise<RegistrationStatus[]> {
    if (event.requires_approval) return Array<RegistrationStatus>(count).fill('pending');
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
  private async assertNotRegistered(db: EntityManager, eventId: string, emails: string[], after = false): Promise<void> {
    const taken = ((await db.query(
      'SELECT email_normalized FROM registration WHERE event_id = $1 AND email_normalized = ANY($2::text[])',
      [eventId, emails],
    )) as { email_normalized: string }[]).map((r) => r.email_normalized);
    if (taken.length > 0 || after) {
      throw new DomainError(ErrorCode.ALREADY_REGISTERED, 'Some of these people are already registered for this event', {
        emails: taken,
      });
    }
  }

  /**
   * The group behind a group link: the one given when the group was made, or one issued in a mail since. 404 for a
   * link that never was; 410 LINK_EXPIRED for one past its lifetime after the event.
   */
  private async byToken(db: EntityManager, token: string): Promise<GroupRow> {
    const notFound = () => new DomainError(ErrorCode.REGISTRATION_NOT_FOUND, 'This link is not valid');
    if (!isWellFormedToken(token)) throw notFound();
    const hash = hashToken(token);
    const [group] = (await db.query(
      `SELECT x.hash, g.id, g.event_id, g.organization_id, o.name AS organization_name, g.delegate_name, g.delegate_email,
              g.delegate_phone, e.ends_at
         FROM (SELECT id AS group_id, manage_token_hash AS hash FROM registration_group WHERE manage_token_hash = $1
               UNION ALL
               SELECT group_id, token_hash FROM registration_group_link WHERE token_hash = $1
               LIMIT 1) x
         JOIN registration_group g ON g.id = x.group_id
         JOIN organization o ON o.id = g.organization_id
         JOIN event e ON e.id = g.event_id`,
      [hash],
    )) as (GroupRow & { hash: Buffer; ends_at: Date })[];
    if (!group || !timingSafeEqual(group.hash, hash)) throw notFound();
    this.links.assertAlive(group.ends_at);
    const { hash: _hash, ends_at: _endsAt, ...row } = group;
    return row;
  }

  private async member(db: EntityManager, groupId: string, registrationId: string): Promise<RegistrationRow> {
    const [row] = (await db.query(`${SELECT_REGISTRATION} WHERE r.id = $1 AND r.group_id = $2`, [registrationId, groupId])) as RegistrationRow[];
    if (!row) throw new DomainError(ErrorCode.REGISTRATION_NOT_FOUND, 'This person is not in the group');
    return row;
  }

  private async view(db: EntityManager, groupId: string): Promise<GroupView> {
    const [group] = (await db.query(
      `SELECT g.id, g.event_id, g.organization_id, o.name AS organization_name, g.delegate_name, g.delegate_email, g.delegate_phone
         FROM registration_group g JOIN organization o ON o.id = g.organization_id WHERE g.id = $1`,
      [groupId],
    )) as GroupRow[];
    const attendees = (await db.query(`${SELECT_REGISTRATION} WHERE r.group_id = $1 ORDER BY r.created_at, r.id`, [groupId])) as RegistrationRow[];
    return {
      id: group!.id,
      eventId: group!.event_id,
      organization: { id: group!.organization_id, name: group!.organization_name },
      delegate: { name: group!.delegate_name, email: group!.delegate_email, phone: group!.delegate_phone },
      attendees,
    };
  }
}
