import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import {
  decodeTimeCursor,
  DomainError,
  encodeCursor,
  ErrorCode,
  hashToken,
  isWellFormedToken,
  newToken,
  normalizeEmail,
  normalizeName,
  Page,
  timeKey,
  toPage,
} from '@tongxin/common';
import { EDITORS, requireEventRole } from '@tongxin/events';
import { LinkLifetime, OutboxService, oweMessages } from '@tongxin/outbox';
import { timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Locale, OrganizationRef, RegistrationStatus } from './registration.types';
import { cancelRegistration, openEventForRegistration, resolveOrganization } from './registration-steps';
import { claimSeat, insertAndClaim } from './seats';


export interface RegistrationInput {
  name: string;
  email: string;
  phone?: string | null;
  jobTitle?: string | null;
  organization: OrganizationRef;
  locale?: Locale;
}

export interface RegistrationRow {
  id: string;
  event_id: string;
  organization_id: string;
  organization_name: string;
  region_code: string;
  name: string;
  email_normalized: string;
  phone: string | null;
  job_title: string | null;
  locale: Locale;
  status: RegistrationStatus;
  source: string;
  created_at: Date;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
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
}

/** A page of registrations as the caller's role may see them. */
export type RegistrationListing =
  | ({ view: 'full' } & Page<RegistrationRow>)
  | ({ view: 'door' } & Page<DoorRegistration>);

export function toDoorRegistration(r: RegistrationRow): DoorRegistration {
  return {
    id: r.id,
    name: r.name,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    regionCode: r.region_code,
    status: r.status,
    phoneLast4: r.phone && r.phone.length >= 4 ? r.phone.slice(-4) : null,
  };
}

export interface RegistrationQuery {
  status?: RegistrationStatus;
  organizationId?: string;
  regionCode?: string;
  q?: string;
  cursor?: string;
  limit: number;
}

export const SELECT_REGISTRATION = `
  SELECT r.id, r.event_id, r.organization_id, o.name AS organization_name, o.region_code, r.name, r.email_normalized,
         r.phone, r.job_title, r.locale, r.status, r.source, r.created_at, r.confirmed_at, r.cancelled_at
    FROM registration r JOIN organization o ON o.id = r.organization_id`;

@Injectable()
export class RegistrationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly links: LinkLifetime,
  ) {}

  /**
   * Registers one person for a published event. The checks (event open, already registered, organization) are
   * reads; the write is one atomic call that claims a seat (or waitlists, or holds for approval) and inserts.
   * The same email, or the same Idempotency-Key, returns the existing registration and claims nothing. The manage
   * token is returned only when the registration is created.
   */
  async register(
    slug: string,
    input: RegistrationInput,
    idempotencyKey?: string,
  ): Promise<{ registration: { id: string; status: RegistrationStatus }; created: boolean; token?: string }> {
    const db = this.dataSource.manager;
    const email = normalizeEmail(input.email);
    const event = await openEventForRegistration(db, slug, email);
    if (event.email_registered || idempotencyKey) {
      const existing = await this.findExisting(db, event.id, email, idempotencyKey);
      if (existing) return { registration: existing, created: false };
    }
    // An organization given by id is checked by the foreign key inside the atomic call.
    const organizationId = 'id' in input.organization && input.organization.id
      ? input.organization.id
      : await resolveOrganization(db, input.organization);
    const { token, hash } = newToken();
    const inserted = await insertAndClaim(
      db,
      event.id,
      organizationId,
      {
        name: input.name.trim(),
        email,
        phone: input.phone ?? null,
        jobTitle: input.jobTitle?.trim() || null,
        locale: input.locale ?? event.language,
        tokenHash: hash,
        idempotencyKey: idempotencyKey ?? null,
      },
      event.requires_approval,
    );
    if (inserted) {
      await this.outbox.dispatch([inserted.messageId]);
      return { registration: { id: inserted.id, status: inserted.status }, created: true, token };
    }
    // A concurrent request with the same email (or key) won; this one's claim was aborted with its insert.
    return { registration: (await this.findExisting(db, event.id, email, idempotencyKey))!, created: false };
  }

  async getByToken(token: string): Promise<RegistrationRow> {
    return this.byToken(this.dataSource.manager, token);
  }

  async updateByToken(token: string, patch: { name?: string; phone?: string | null; jobTitle?: string | null; locale?: Locale }) {
    const registration = await this.byToken(this.dataSource.manager, token);
    await this.dataSource.query(
      `UPDATE registration
          SET name = coalesce($2, name), phone = CASE WHEN $3::boolean THEN $4 ELSE phone END,
              job_title = CASE WHEN $5::boolean THEN $6 ELSE job_title END, locale = coalesce($7, locale), updated_at = now()
        WHERE id = $1`,
      [registration.id, patch.name?.trim() ?? null, patch.phone !== undefined, patch.phone ?? null,
        patch.jobTitle !== undefined, patch.jobTitle?.trim() || null, patch.locale ?? null],
    );
    return this.byToken(this.dataSource.manager, token);
  }

  /** The attendee cancels: the seat is freed and, in the same transaction, the waitlist moves up. Idempotent. */
  async cancelByToken(token: string): Promise<RegistrationRow> {
    const registration = await this.byToken(this.dataSource.manager, token);
    const messages = await this.dataSource.transaction((db) => cancelRegistration(db, registration.id));
    await this.outbox.dispatch(messages);
    return this.byToken(this.dataSource.manager, token);
  }

  /** Owners and managers see every field; the checkin role sees door views and cannot search by email. */
  async list(actor: Actor, eventId: string, query: RegistrationQuery): Promise<RegistrationListing> {
    const role = await requireEventRole(this.dataSource.manager, actor, eventId);
    const door = !EDITORS.includes(role);
    const where = ['r.event_id = $1'];
    const params: unknown[] = [eventId];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (query.status) add('r.status = ?', query.status);
    if (query.organizationId) add('r.organization_id = ?', query.organizationId);
    if (query.regionCode) add('o.region_code = ?', query.regionCode);
    if (query.q) {
      params.push(`%${normalizeName(query.q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const email = door ? '' : ` OR r.email_normalized LIKE $${params.length}`;
      where.push(`(lower(r.name) LIKE $${params.length}${email} OR o.name_normalized LIKE $${params.length})`);
    }
    if (query.cursor) {
      const { key, id } = decodeTimeCursor(query.cursor);
      params.push(key, id);
      where.push(`(r.created_at, r.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(query.limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT s.*, ${timeKey('s.created_at')} AS cursor_key
         FROM (${SELECT_REGISTRATION} WHERE ${where.join(' AND ')} ORDER BY r.created_at, r.id LIMIT $${params.length}) s
        ORDER BY s.created_at, s.id`,
      params,
    )) as (RegistrationRow & { cursor_key: string })[];
    const page = toPage(rows, query.limit, (r) => encodeCursor(r.cursor_key, r.id), ({ cursor_key: _key, ...r }) => r);
    return door ? { view: 'door', items: page.items.map(toDoorRegistration), nextCursor: page.nextCursor } : { view: 'full', ...page };
  }

  /** Approves a pending registration: confirmed when a seat is free, otherwise waitlisted. */
  async approve(actor: Actor, eventId: string, registrationId: string): Promise<RegistrationRow> {
    return this.organizerAction(actor, eventId, registrationId, async (db, r) => {
      if (r.status !== 'pending') throw notActionable(r.status, 'approved');
      await db.query(`UPDATE registration SET status = 'waitlisted', updated_at = now() WHERE id = $1`, [r.id]);
      await claimSeat(db, eventId, r.organization_id, r.id);
      return oweMessages(db, 'approved', { registrationIds: [r.id] });
    });
  }

  async reject(actor: Actor, eventId: string, registrationId: string): Promise<RegistrationRow> {
    return this.organizerAction(actor, eventId, registrationId, async (db, r) => {
      if (r.status !== 'pending' && r.status !== 'waitlisted') throw notActionable(r.status, 'rejected');
      await db.query(`UPDATE registration SET status = 'rejected', updated_at = now() WHERE id = $1`, [r.id]);
      return oweMessages(db, 'rejected', { registrationIds: [r.id] });
    });
  }

  async cancelByOrganizer(actor: Actor, eventId: string, registrationId: string): Promise<RegistrationRow> {
    return this.organizerAction(actor, eventId, registrationId, (db, r) => cancelRegistration(db, r.id));
  }

  private async organizerAction(
    actor: Actor,
    eventId: string,
    registrationId: string,
    /** Changes the locked registration and returns the ids of the messages the change owes. */
    action: (db: EntityManager, registration: RegistrationRow) => Promise<string[]>,
  ): Promise<RegistrationRow> {
    await requireEventRole(this.dataSource.manager, actor, eventId, EDITORS);
    const messages = await this.dataSource.transaction(async (db) => {
      const [locked] = (await db.query(
        'SELECT id FROM registration WHERE id = $1 AND event_id = $2 FOR UPDATE',
        [registrationId, eventId],
      )) as { id: string }[];
      if (!locked) throw new DomainError(ErrorCode.REGISTRATION_NOT_FOUND, 'Registration not found');
      return action(db, (await this.byId(db, registrationId))!);
    });
    await this.outbox.dispatch(messages);
    return (await this.byId(this.dataSource.manager, registrationId))!;
  }

  /** The registration a retry should get back: by Idempotency-Key when one is sent, else by email. */
  private async findExisting(db: EntityManager, eventId: string, email: string, key?: string) {
    if (key) {
      const [byKey] = (await db.query(`${SELECT_REGISTRATION} WHERE r.event_id = $1 AND r.idempotency_key = $2`, [eventId, key])) as RegistrationRow[];
      if (byKey && byKey.email_normalized !== email) {
        throw new DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used for a different registration');
      }
      if (byKey) return byKey;
    }
    return this.findByEmail(db, eventId, email);
  }

  private async findByEmail(db: EntityManager, eventId: string, email: string) {
    const [row] = (await db.query(`${SELECT_REGISTRATION} WHERE r.event_id = $1 AND r.email_normalized = $2`, [eventId, email])) as RegistrationRow[];
    return row;
  }

  private async byId(db: EntityManager, id: string) {
    const [row] = (await db.query(`${SELECT_REGISTRATION} WHERE r.id = $1`, [id])) as RegistrationRow[];
    return row;
  }

  /**
   * The registration behind a manage link: the one given when registering, or one issued in a message since (of the
   * registration's current generation: links of a person the place was handed away from never match). 404 for a
   * link that never was or no longer is; 410 LINK_EXPIRED for one past its lifetime after the event.
   */
  private async byToken(db: EntityManager, token: string): Promise<RegistrationRow> {
    const notFound = () => new DomainError(ErrorCode.REGISTRATION_NOT_FOUND, 'This link is not valid');
    if (!isWellFormedToken(token)) throw notFound();
    const hash = hashToken(token);
    const [found] = (await db.query(
      `SELECT x.id, x.hash, e.ends_at
         FROM (SELECT id, manage_token_hash AS hash FROM registration WHERE manage_token_hash = $1
               UNION ALL
               SELECT l.registration_id, l.token_hash
                 FROM registration_link l JOIN registration r ON r.id = l.registration_id
                WHERE l.token_hash = $1 AND l.purpose = 'manage' AND l.generation = r.link_generation
               LIMIT 1) x
         JOIN registration r ON r.id = x.id JOIN event e ON e.id = r.event_id`,
      [hash],
    )) as { id: string; hash: Buffer; ends_at: Date }[];
    if (!found || !timingSafeEqual(found.hash, hash)) throw notFound();
    this.links.assertAlive(found.ends_at);
    return (await this.byId(db, found.id))!;
  }
}

function notActionable(status: string, action: string): DomainError {
  return new DomainError(ErrorCode.REGISTRATION_NOT_ACTIONABLE, `A ${status} registration cannot be ${action}`);
}
