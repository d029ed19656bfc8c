import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { newToken } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import { LINK_MESSAGE_KINDS, LinkLifetime, type MessageKind } from '@tongxin/outbox';
import { DataSource } from 'typeorm';
import type { Locale } from './copy';
import type { GroupSection, MessageView } from './render';

/** A claimed group_link or link_request row, with the event it is about. */
export interface ClaimedLinkMessage {
  id: string;
  kind: MessageKind;
  event_id: string;
  group_id: string | null;
  payload: { email?: string };
  attempts: number;
  resend_of: string | null;
  title: string;
  title_en: string | null;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  venue: string | null;
  ics_sequence: number;
  event_status: string;
}

/** What became of a claimed row before sending: a view to send, or why nothing goes out. */
export type PreparedLinkMessage = { view: MessageView } | { outcome: 'dropped' | 'cancelled' };

interface GroupRow {
  id: string;
  delegate_name: string;
  delegate_email: string;
  locale: Locale;
  organization_name: string;
}

interface RegistrationHit {
  id: string;
  name: string;
  locale: Locale;
  status: string;
  organization_name: string;
  purposes: string[];
}

const CLAIM = `
  WITH claimed AS (
    UPDATE outbox_message SET status = 'sending', attempts = attempts + 1, claimed_at = now()
     WHERE id = ANY($1::uuid[]) AND status = 'queued' AND kind = ANY($2::text[]) AND next_attempt_at <= now() + interval '1 second'
     RETURNING id, kind, event_id, group_id, payload, attempts, resend_of)
  SELECT c.*, e.title, e.title_en, e.starts_at, e.ends_at, e.timezone, e.venue, e.ics_sequence, e.status AS event_status
    FROM claimed c JOIN event e ON e.id = c.event_id
   ORDER BY array_position($1::uuid[], c.id)`;

/**
 * Finds the address's registration for the event and, in the same statement (one snapshot), issues its fresh manage
 * link and, when it is confirmed for an event with a join URL, its join link, stamped with the registration's link
 * generation: should the place be handed to someone else meanwhile, the links die with the hand-over.
 */
const ISSUE_REGISTRATION_LINKS = `
  WITH found AS (
    SELECT r.id, r.name, r.locale, r.status, r.link_generation, o.name AS organization_name, e.join_url IS NOT NULL AS online
      FROM registration r JOIN organization o ON o.id = r.organization_id JOIN event e ON e.id = r.event_id
     WHERE r.event_id = $1 AND r.email_normalized = $2
  ), issued AS (
    INSERT INTO registration_link (token_hash, registration_id, purpose, generation)
    SELECT t.hash, f.id, t.purpose, f.link_generation
      FROM found f, unnest($3::text[], $4::bytea[]) AS t(purpose, hash)
     WHERE t.purpose = 'manage' OR (t.purpose = 'join' AND f.online AND f.status = 'confirmed')
    RETURNING purpose
  )
  SELECT f.id, f.name, f.locale, f.status, f.organization_name, array(SELECT purpose FROM issued) AS purposes FROM found f`;

/**
 * The worker's side of the two messages addressed to a person rather than a registration: a group's link to its
 * delegate (group_link) and "your links again" (link_request). Each is resolved when it is sent: the address's
 * registration and the groups it is the delegate of, read now; fresh tokens issued for each link it carries (only
 * hashes are kept). A link request for an address with nothing for this event is dropped (the row is deleted: no
 * message was owed, and the address is not kept); links past their lifetime are not sent.
 */
@Injectable()
export class LinkMessages {
  private readonly publicUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifetime: LinkLifetime,
    config: ConfigService<Env, true>,
  ) {
    this.publicUrl = config.get('PUBLIC_URL', { infer: true });
  }

  /** Claims the link messages among these ids that are still queued (queued -> sending, attempts + 1). */
  async claim(ids: string[]): Promise<ClaimedLinkMessage[]> {
    return (await this.dataSource.query(CLAIM, [ids, [...LINK_MESSAGE_KINDS]])) as ClaimedLinkMessage[];
  }

  async prepare(row: ClaimedLinkMessage): Promise<PreparedLinkMessage> {
    const email = row.kind === 'group_link' ? undefined : row.payload.email;
    const groups = await this.groups(row, email);
    const registration = email ? await this.issueRegistrationLinks(row.event_id, email) : undefined;
    if (!registration && groups.length === 0) {
      await this.dataSource.query(`DELETE FROM outbox_message WHERE id = $1 AND status = 'sending' AND attempts = $2`, [row.id, row.attempts]);
      return { outcome: 'dropped' };
    }
    // The organizer's log lists a link request under the registration it was for (MessagesService.log).
    if (registration) await this.dataSource.query('UPDATE outbox_message SET registration_id = $2 WHERE id = $1', [row.id, registration.id]);
    if (this.lifetime.isExpired(row.ends_at)) {
      // (The links just issued for the registration are dead on arrival: every lookup checks the lifetime.)
      await this.dataSource.query(`UPDATE outbox_message SET status = 'cancelled', last_error = 'links expired' WHERE id = $1`, [row.id]);
      return { outcome: 'cancelled' };
    }
    const sections = await this.issueGroupLinks(groups);
    const route = (path: string, token: string) => `${this.publicUrl}/api/public/${path}/${token}`;
    const tokens = registration?.tokens;
    const delegate = groups[0];
    return {
      view: {
        messageId: row.id,
        resendOf: row.resend_of,
        kind: row.kind,
        status: registration?.status ?? 'default',
        locale: registration?.locale ?? delegate!.locale,
        recipient: {
          name: registration?.name ?? delegate!.delegate_name,
          email: email ?? delegate!.delegate_email,
          organizationName: registration?.organization_name ?? null,
        },
        event: {
          id: row.event_id,
          title: row.title,
          titleEn: row.title_en,
          startsAt: row.starts_at,
          endsAt: row.ends_at,
          timezone: row.timezone,
          venue: row.venue,
          icsSequence: row.ics_sequence,
          cancelled: row.event_status === 'cancelled',
        },
        links: {
          manage: tokens?.manage ? route('registrations', tokens.manage) : null,
          join: tokens?.join ? route('join', tokens.join) : null,
          unsubscribe: null,
        },
        announcement: null,
        groups: sections,
      },
    };
  }

  /** The group a group_link is for, or every group the address is the delegate of for this event. */
  private async groups(row: ClaimedLinkMessage, email: string | undefined): Promise<GroupRow[]> {
    return (await this.dataSource.query(
      `SELECT g.id, g.delegate_name, g.delegate_email, g.locale, o.name AS organization_name
         FROM registration_group g JOIN organization o ON o.id = g.organization_id
        WHERE CASE WHEN $1::uuid IS NOT NULL THEN g.id = $1 ELSE g.event_id = $2 AND g.delegate_email = $3 END
        ORDER BY g.created_at, g.id`,
      [row.kind === 'group_link' ? row.group_id : null, row.event_id, email ?? null],
    )) as GroupRow[];
  }

  private async issueRegistrationLinks(eventId: string, email: string) {
    const manage = newToken();
    const join = newToken();
    const [found] = (await this.dataSource.query(ISSUE_REGISTRATION_LINKS, [
      eventId,
      email,
      ['manage', 'join'],
      [manage.hash, join.hash],
    ])) as RegistrationHit[];
    if (!found) return undefined;
    const has = (purpose: string) => found.purposes.includes(purpose);
    return { ...found, tokens: { manage: has('manage') ? manage.token : null, join: has('join') ? join.token : null } };
  }

  /** A fresh link for each group, and its people with their current status. */
  private async issueGroupLinks(groups: GroupRow[]): Promise<GroupSection[]> {
    if (groups.length === 0) return [];
    const tokens = groups.map(() => newToken());
    await this.dataSource.query(
      `INSERT INTO registration_group_link (token_hash, group_id) SELECT * FROM unnest($1::bytea[], $2::uuid[])`,
      [tokens.map((t) => t.hash), groups.map((g) => g.id)],
    );
    const people = (await this.dataSource.query(
      `SELECT group_id, name, status FROM registration WHERE group_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [groups.map((g) => g.id)],
    )) as { group_id: string; name: string; status: string }[];
    return groups.map((g, i) => ({
      organizationName: g.organization_name,
      link: `${this.publicUrl}/api/public/group-registrations/${tokens[i]!.token}`,
      people: people.filter((p) => p.group_id === g.id).map(({ name, status }) => ({ name, status })),
    }));
  }
}
