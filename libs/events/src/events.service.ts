import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import {
  decodeCursor,
  DomainError,
  encodeCursor,
  ErrorCode,
  Page,
  PG_CHECK_VIOLATION,
  pgConstraint,
  pgErrorCode,
  rejectNullFields,
  toPage,
} from '@tongxin/common';
import { OutboxService, oweMessages, ReminderTimer, scheduleReminders } from '@tongxin/outbox';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { EDITORS, requireEventRole } from './event-access';
import { assertEventRules } from './event-rules';
import {
  AgendaItemEntity,
  EventEntity,
  EventHostEntity,
  EventKind,
  EventLanguage,
  EventMemberEntity,
  HostRole,
  TeamRole,
} from './event.entity';

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
  seriesId?: string | null;
  sequenceNo?: number | null;
  hosts?: HostInput[];
  agenda?: AgendaInput[];
}

export type EventPatch = Partial<Omit<EventInput, 'seriesId' | 'sequenceNo'>>;

export interface EventWithRole {
  event: EventEntity;
  role: TeamRole;
}

const DEFAULT_REMINDERS = ['P1D', 'PT1H'];
const SLUG_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** What a change to an event owes: messages to send and reminder timers to arm, once it has committed. */
interface Owed {
  messages: string[];
  timers: ReminderTimer[];
}

/** Registrations that hear about changes to the event. */
const INFORMED = ['confirmed', 'waitlisted', 'pending'];

@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async create(actor: Actor, input: EventInput): Promise<EventWithRole> {
    const id = await this.dataSource.transaction(async (db) => {
      const sequenceNo = input.seriesId ? await this.claimSequence(db, actor, input.seriesId, input.sequenceNo) : null;
      const event = db.create(EventEntity, {
        slug: makeSlug(input.titleEn),
        seriesId: input.seriesId ?? null,
        sequenceNo,
        status: 'draft',
        confirmedCount: 0,
        scheduleVersion: 1,
      });
      applyPatch(event, { ...input, timezone: input.timezone ?? 'Asia/Shanghai', reminderOffsets: input.reminderOffsets ?? DEFAULT_REMINDERS });
      assertEventRules(event, (input.agenda ?? []).map((a) => ({ startsAt: new Date(a.startsAt) })));
      const saved = await this.saveEvent(db, event);
      await db.insert(EventMemberEntity, { eventId: saved.id, organizerId: actor.organizerId, role: 'owner' });
      await this.replaceHosts(db, saved.id, input.hosts ?? []);
      await this.replaceAgenda(db, saved.id, input.agenda ?? []);
      return saved.id;
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, eventId: string): Promise<EventWithRole> {
    const role = await requireEventRole(this.dataSource.manager, actor, eventId);
    return { event: await this.load(this.dataSource.manager, eventId), role };
  }

  async list(actor: Actor, query: { cursor?: string; limit: number }): Promise<Page<EventWithRole>> {
    const qb = this.dataSource
      .createQueryBuilder(EventEntity, 'e')
      .innerJoin(EventMemberEntity, 'm', 'm.event_id = e.id AND m.organizer_id = :me', { me: actor.organizerId })
      .addSelect('m.role', 'member_role')
      .orderBy('e.starts_at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(query.limit + 1);
    if (query.cursor) {
      const { key, id } = decodeCursor(query.cursor);
      qb.andWhere('(e.starts_at, e.id) < (:key::timestamptz, :id::uuid)', { key, id });
    }
    const { entities, raw } = await qb.getRawAndEntities<{ member_role: TeamRole }>();
    const rows = entities.map((event, i) => ({ event, role: raw[i]!.member_role }));
    return toPage(rows, query.limit, (r) => encodeCursor(r.event.startsAt.toISOString(), r.event.id), (r) => r);
  }

  async update(actor: Actor, eventId: string, patch: EventPatch): Promise<EventWithRole> {
    rejectNullFields(patch, ['title', 'kind', 'startsAt', 'endsAt', 'timezone', 'language', 'requiresApproval', 'reminderOffsets', 'hosts', 'agenda']);
    const owed = await this.dataSource.transaction(async (db): Promise<Owed> => {
      if (patch.perOrganizationLimit !== undefined) {
        // Seat claims lock an organization's counter row before the event row; take locks in the same order.
        await db.query('SELECT 1 FROM event_organization WHERE event_id = $1 ORDER BY organization_id FOR UPDATE', [eventId]);
      }
      await requireEventRole(db, actor, eventId, EDITORS, true);
      const event = await this.load(db, eventId);
      if (event.status === 'cancelled') {
        throw new DomainError(ErrorCode.EVENT_NOT_EDITABLE, 'A cancelled event cannot be changed');
      }
      const before = calendarFacts(event);
      applyPatch(event, patch);
      const after = calendarFacts(event);
      const agenda = patch.agenda
        ? patch.agenda.map((a) => ({ startsAt: new Date(a.startsAt) }))
        : event.agenda.map((a) => ({ startsAt: a.startsAt }));
      assertEventRules(event, agenda);
      if (event.capacity !== null && event.capacity < event.confirmedCount) {
        throw capacityBelowConfirmed(event.confirmedCount);
      }
      // A new schedule version retires every reminder timer of the old one (they fire into nothing).
      const rescheduled = after.startsAt !== before.startsAt || after.reminders !== before.reminders;
      if (rescheduled) event.scheduleVersion += 1;
      const informed = after.startsAt !== before.startsAt || after.endsAt !== before.endsAt || after.place !== before.place;
      if (informed || after.title !== before.title) event.icsSequence += 1;
      const { hosts: _hosts, agenda: _agenda, series: _series, ...columns } = event;
      await this.saveEvent(db, db.create(EventEntity, columns));
      if (patch.perOrganizationLimit !== undefined) await this.copyOrganizationLimit(db, eventId, event.perOrganizationLimit);
      if (patch.hosts) await this.replaceHosts(db, eventId, patch.hosts);
      if (patch.agenda) await this.replaceAgenda(db, eventId, patch.agenda);
      if (event.status !== 'published') return { messages: [], timers: [] };
      return {
        messages: informed
          ? await oweMessages(db, 'event_updated', { eventId, statuses: INFORMED }, { keySuffix: `:s${event.icsSequence}` })
          : [],
        timers: rescheduled ? await scheduleReminders(db, eventId) : [],
      };
    });
    await this.afterCommit(owed);
    return this.get(actor, eventId);
  }

  /** Publishing opens the public page (and, once registration is open, registration). Idempotent. */
  async publish(actor: Actor, eventId: string): Promise<EventWithRole> {
    await this.transition(actor, eventId, async (db, event) => {
      if (event.status === 'cancelled') {
        throw new DomainError(ErrorCode.EVENT_NOT_EDITABLE, 'A cancelled event cannot be published');
      }
      if (event.status !== 'draft') return { messages: [], timers: [] };
      event.status = 'published';
      event.publishedAt = new Date();
      await db.save(event);
      return { messages: [], timers: await scheduleReminders(db, eventId) };
    });
    return this.get(actor, eventId);
  }

  /** Cancelling is final: everyone registered is told (with a calendar cancellation); no reminder goes out. Idempotent. */
  async cancel(actor: Actor, eventId: string): Promise<EventWithRole> {
    await this.transition(actor, eventId, async (db, event) => {
      if (event.status === 'cancelled') return { messages: [], timers: [] };
      const wasPublished = event.status === 'published';
      event.status = 'cancelled';
      event.cancelledAt = new Date();
      event.icsSequence += 1;
      await db.save(event);
      const messages = wasPublished ? await oweMessages(db, 'event_cancelled', { eventId, statuses: INFORMED }) : [];
      return { messages, timers: [] };
    });
    return this.get(actor, eventId);
  }

  /** A published (or published, then cancelled) event by its slug, for anyone. */
  async getPublic(slug: string): Promise<EventEntity> {
    const event = await this.dataSource.getRepository(EventEntity).findOne({
      where: { slug, status: In(['published', 'cancelled']) },
      relations: { hosts: { organization: true }, agenda: true, series: true },
      order: { hosts: { position: 'ASC' }, agenda: { position: 'ASC' } },
    });
    if (!event || !event.publishedAt) throw new DomainError(ErrorCode.EVENT_NOT_FOUND, 'Event not found');
    return event;
  }

  private async transition(actor: Actor, eventId: string, change: (db: EntityManager, event: EventEntity) => Promise<Owed>): Promise<void> {
    const owed = await this.dataSource.transaction(async (db) => {
      await requireEventRole(db, actor, eventId, EDITORS, true);
      return change(db, await db.findOneByOrFail(EventEntity, { id: eventId }));
    });
    await this.afterCommit(owed);
  }

  private async afterCommit(owed: Owed): Promise<void> {
    await this.outbox.dispatch(owed.messages);
    await this.outbox.arm(owed.timers);
  }

  private load(db: EntityManager, eventId: string): Promise<EventEntity> {
    return db.findOneOrFail(EventEntity, {
      where: { id: eventId },
      relations: { hosts: { organization: true }, agenda: true, series: true },
      order: { hosts: { position: 'ASC' }, agenda: { position: 'ASC' } },
    });
  }

  private async saveEvent(db: EntityManager, event: EventEntity): Promise<EventEntity> {
    try {
      return await db.save(EventEntity, event);
    } catch (error) {
      if (pgErrorCode(error) === PG_CHECK_VIOLATION && pgConstraint(error) === 'event_confirmed_within_capacity') {
        throw capacityBelowConfirmed(event.confirmedCount);
      }
      throw error;
    }
  }

  /** Each organization's counter row carries the event's quota, so its CHECK can back it. */
  private async copyOrganizationLimit(db: EntityManager, eventId: string, limit: number | null): Promise<void> {
    try {
      await db.query('UPDATE event_organization SET org_limit = $2 WHERE event_id = $1', [eventId, limit]);
    } catch (error) {
      if (pgErrorCode(error) === PG_CHECK_VIOLATION && pgConstraint(error) === 'event_organization_within_limit') {
        throw new DomainError(
          ErrorCode.CAPACITY_BELOW_CONFIRMED,
          'perOrganizationLimit cannot be lower than the confirmed registrations an organization already has',
        );
      }
      throw error;
    }
  }

  /**
   * Locks the series (so two events created at once cannot take the same number) and returns the sequence number:
   * the one asked for, or the next after the highest. Series are reachable by their creator and by the owners and
   * managers of their events.
   */
  private async claimSequence(db: EntityManager, actor: Actor, seriesId: string, wanted?: number | null) {
    const found: unknown[] = await db.query(
      `SELECT s.id FROM series s
        WHERE s.id = $1
          AND (s.created_by = $2 OR EXISTS (
                SELECT 1 FROM event e JOIN event_member m ON m.event_id = e.id
                 WHERE e.series_id = s.id AND m.organizer_id = $2 AND m.role IN ('owner', 'manager')))
        FOR UPDATE OF s`,
      [seriesId, actor.organizerId],
    );
    if (found.length === 0) throw new DomainError(ErrorCode.SERIES_NOT_FOUND, 'Series not found');
    const [{ taken, next }] = (await db.query(
      `SELECT coalesce(max(sequence_no), 0) + 1 AS next, bool_or(sequence_no = $2) AS taken
         FROM event WHERE series_id = $1`,
      [seriesId, wanted ?? null],
    )) as { taken: boolean | null; next: number }[];
    if (taken) throw new DomainError(ErrorCode.SEQUENCE_TAKEN, `Session ${wanted} of this series already exists`);
    return wanted ?? Number(next);
  }

  private async replaceHosts(db: EntityManager, eventId: string, hosts: HostInput[]): Promise<void> {
    const ids = [...new Set(hosts.map((h) => h.organizationId))];
    const found: { id: string }[] = ids.length
      ? await db.query('SELECT id FROM organization WHERE id = ANY($1::uuid[])', [ids])
      : [];
    const known = new Set(found.map((r) => r.id));
    const problems = hosts
      .map((h, i) => ({ h, i }))
      .filter(({ h }) => !known.has(h.organizationId))
      .map(({ i }) => ({ field: `hosts.${i}.organizationId`, errors: ['organization not found'] }));
    const pairs = hosts.map((h) => `${h.organizationId}/${h.role}`);
    pairs.forEach((pair, i) => {
      if (pairs.indexOf(pair) !== i) problems.push({ field: `hosts.${i}`, errors: ['listed twice with the same role'] });
    });
    if (problems.length > 0) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Some hosts are not valid', { fields: problems });
    }
    await db.delete(EventHostEntity, { eventId });
    if (hosts.length > 0) {
      await db.insert(
        EventHostEntity,
        hosts.map((h, position) => ({ eventId, organizationId: h.organizationId, role: h.role, position })),
      );
    }
  }

  private async replaceAgenda(db: EntityManager, eventId: string, agenda: AgendaInput[]): Promise<void> {
    await db.delete(AgendaItemEntity, { eventId });
    if (agenda.length > 0) {
      await db.insert(
        AgendaItemEntity,
        agenda.map((a, position) => ({
          eventId,
          position,
          startsAt: new Date(a.startsAt),
          title: a.title.trim(),
          speaker: a.speaker?.trim() || null,
          speakerAffiliation: a.speakerAffiliation?.trim() || null,
        })),
      );
    }
  }
}

function capacityBelowConfirmed(confirmed: number): DomainError {
  return new DomainError(
    ErrorCode.CAPACITY_BELOW_CONFIRMED,
    `Capacity cannot be lower than the ${confirmed} registrations already confirmed`,
    { confirmedCount: confirmed },
  );
}

/** What a calendar entry and a reminder depend on, in comparable form. */
function calendarFacts(event: EventEntity) {
  return {
    startsAt: event.startsAt.getTime(),
    endsAt: event.endsAt.getTime(),
    place: `${event.venue ?? ''}\n${event.joinUrl ?? ''}`,
    title: `${event.title}\n${event.titleEn ?? ''}`,
    reminders: [...event.reminderOffsets].sort().join(','),
  };
}

/** Copies the fields present in the patch onto the entity; null clears an optional field. */
function applyPatch(event: EventEntity, patch: EventPatch): void {
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
}

/** A readable slug from the English title when there is one, always with a random tail. */
function makeSlug(titleEn: string | null | undefined): string {
  const tail = [...randomBytes(8)].map((b) => SLUG_ALPHABET[b % SLUG_ALPHABET.length]).join('');
  const words = (titleEn ?? '')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '');
  return words ? `${words}-${tail}` : tail;
}

